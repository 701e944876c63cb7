package org.edgeai.enhance.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RealFftTest {

    /** Forward against a direct DFT in double precision, and inverse(forward(x)) == x, for awkward sizes. */
    @Test
    void matchesTheDirectDftAndInvertsExactly() {
        for (int n : new int[] {2, 6, 10, 30, 64, 96, 320, 512, 960}) {
            RealFft f = new RealFft(n);
            SplittableRandom r = new SplittableRandom(n);
            float[] x = new float[n + 3];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            float[] re = new float[n / 2 + 1];
            float[] im = new float[n / 2 + 1];
            f.forward(x, 3, re, im);
            double tol = 2e-5 * Math.sqrt(n) * Math.log(n + 1);
            for (int k = 0; k <= n / 2; k++) {
                double sr = 0;
                double si = 0;
                for (int t = 0; t < n; t++) {
                    double a = -2 * Math.PI * k * (double) t / n;
                    sr += x[3 + t] * Math.cos(a);
                    si += x[3 + t] * Math.sin(a);
                }
                assertEquals(sr, re[k], tol, "n=" + n + " Re bin " + k);
                assertEquals(si, im[k], tol, "n=" + n + " Im bin " + k);
            }
            float[] y = new float[n + 1];
            f.inverse(re, im, y, 1);
            for (int t = 0; t < n; t++) {
                assertEquals(x[3 + t], y[1 + t], 1e-5, "n=" + n + " sample " + t);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new RealFft(7));
    }

    @Test
    void allocatesNothingPerCall() {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int n : new int[] {320, 512, 960}) {
            RealFft f = new RealFft(n);
            float[] x = new float[n];
            float[] re = new float[n / 2 + 1];
            float[] im = new float[n / 2 + 1];
            for (int i = 0; i < 3000; i++) {
                f.forward(x, 0, re, im);
                f.inverse(re, im, x, 0);
            }
            long tid = Thread.currentThread().threadId();
            // a per-call allocation shows in every window; a one-off JVM event (JIT, deoptimisation) in one at most
            long fewest = Long.MAX_VALUE;
            for (int window = 0; window < 5; window++) {
                long before = bean.getThreadAllocatedBytes(tid);
                for (int i = 0; i < 100; i++) {
                    f.forward(x, 0, re, im);
                    f.inverse(re, im, x, 0);
                }
                fewest = Math.min(fewest, bean.getThreadAllocatedBytes(tid) - before);
            }
            assertEquals(0, fewest, "n=" + n);
        }
    }
}
