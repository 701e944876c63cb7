package org.edgeai.enhance.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NoiseSpectraTest {
    private static final int RATE = 16000;

    @Test
    void aToneFallsInItsBand() {
        float[] x = new float[RATE];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(2 * Math.PI * 1000 * i / RATE);
        }
        double[] s = NoiseSpectra.bandShares(x, RATE);
        // 1000 Hz lies in 800-1600 Hz (band 4); the Hann window's leakage stays within a few bins of 31.25 Hz
        assertEquals(1.0, s[4], 1e-3);
        double sum = 0;
        for (double v : s) {
            sum += v;
        }
        assertEquals(1.0, sum, 1e-12);
    }

    @Test
    void whiteNoiseSharesAreProportionalToBandwidth() {
        float[] x = new float[10 * RATE];
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        double[] s = NoiseSpectra.bandShares(x, RATE);
        double[] e = NoiseSpectra.edgesHz();
        for (int b = 0; b < s.length; b++) {
            double expected = (e[b + 1] - e[b]) / (RATE / 2.0);
            assertEquals(expected, s[b], 0.1 * expected + 0.002, "band " + b);
        }
    }

    @Test
    void lowFrequencyNoiseIsCountedAsLowDominated() {
        float[] x = new float[4 * RATE];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (Math.sin(2 * Math.PI * 60 * i / RATE) + 0.3 * Math.sin(2 * Math.PI * 2000 * i / RATE));
        }
        double[] s = NoiseSpectra.bandShares(x, RATE);
        // powers 1/2 and 0.09/2: share below 100 Hz = 1 / 1.09
        assertEquals(1 / 1.09, s[0], 5e-3);
        assertEquals(0.09 / 1.09, s[5], 5e-3);
        assertTrue(s[0] + s[1] >= NoiseSpectra.LOW_SHARE);
    }
}
