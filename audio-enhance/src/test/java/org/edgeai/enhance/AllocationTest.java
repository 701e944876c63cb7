package org.edgeai.enhance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.edgeai.enhance.dsp.OracleTargets;
import org.edgeai.enhance.dsp.PercepNetDsp;
import org.junit.jupiter.api.Test;

/**
 * The signal path allocates nothing per frame (HotSpot's per-thread allocation counter). The
 * network layers are the kernel's: their Vector API kernels stop allocating only once C2 has
 * compiled them with the vector intrinsics, which a unit test sharing a JVM with other tests cannot
 * force (run alone after warm-up, the whole {@code PercepNetEnhancer.process} measured 0 bytes per
 * frame; inside the full suite about 3.7 kB per frame of Vector boxing).
 */
class AllocationTest {

    @Test
    void signalPathAllocatesNothingPerFrame() {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int rate : new int[] {16000, 48000}) {
            PercepNetDsp noisy = new PercepNetDsp(rate);
            PercepNetDsp clean = new PercepNetDsp(rate);
            int hop = noisy.hopSamples();
            int nb = noisy.bands().count();
            float[] x = new float[hop * 50];
            SplittableRandom r = new SplittableRandom(1);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (0.1 * r.nextGaussian());
            }
            float[] y = new float[x.length];
            float[] g = new float[nb];
            float[] s = new float[nb];
            Arrays.fill(g, 0.7f);
            Arrays.fill(s, 0.3f);
            Runnable pass = () -> {
                for (int t = 0; t < 50; t++) {
                    noisy.analyze(x, t * hop);
                    clean.analyze(x, t * hop, noisy.synthesisLag());
                    OracleTargets.compute(noisy, clean, g, s, null);
                    noisy.synthesize(g, s, true, y, t * hop);
                }
            };
            for (int warm = 0; warm < 20; warm++) {
                pass.run();
            }
            long tid = Thread.currentThread().threadId();
            long before = bean.getThreadAllocatedBytes(tid);
            pass.run();
            assertEquals(0, bean.getThreadAllocatedBytes(tid) - before, rate + " Hz: bytes allocated over 50 frames");
        }
    }
}
