package org.edgeai.enhance.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.edgeai.enhance.Enhancement;
import org.edgeai.enhance.metrics.SegmentalSnr;
import org.junit.jupiter.api.Test;

class MmseLsaEnhancerTest {

    @Test
    void exponentialIntegralMatchesTabulatedValues() {
        // Abramowitz and Stegun, table 5.1 / mpmath e1()
        assertEquals(1.8229239584193906, MmseLsaEnhancer.expint1(0.1), 1e-12);
        assertEquals(0.21938393439552029, MmseLsaEnhancer.expint1(1.0), 1e-12);
        assertEquals(0.04890051070806112, MmseLsaEnhancer.expint1(2.0), 1e-12);
        assertEquals(0.0011482955912753257, MmseLsaEnhancer.expint1(5.0), 1e-14);
    }

    @Test
    void suppressesStationaryNoiseAroundASteadyTone() {
        int rate = 16000;
        SplittableRandom r = new SplittableRandom(9);
        float[] clean = new float[rate * 3];
        float[] noisy = new float[clean.length];
        for (int i = 0; i < clean.length; i++) {
            clean[i] = i < rate / 2 ? 0f : (float) (0.1 * Math.sin(2 * Math.PI * 500 * i / rate));
            noisy[i] = clean[i] + (float) (0.02 * r.nextGaussian());
        }
        float[] y = Enhancement.enhanceAligned(new MmseLsaEnhancer(rate), noisy);
        double before = SegmentalSnr.compute(clean, noisy, rate);
        double after = SegmentalSnr.compute(clean, y, rate);
        assertTrue(after > before + 5, "segSNR " + before + " -> " + after);
    }
}
