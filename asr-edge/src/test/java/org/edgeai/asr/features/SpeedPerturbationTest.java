package org.edgeai.asr.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SpeedPerturbationTest {
    @Test
    void aSineSpedUpIsTheSineAtTheScaledFrequency() {
        int rateHz = 16000;
        double f = 440;
        float[] x = new float[rateHz];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * f * i / rateHz));
        }
        for (double factor : new double[] {0.9, 1.1, 1.25, 0.6}) {
            float[] y = SpeedPerturbation.apply(x, factor);
            assertEquals(Math.ceil(x.length / factor - 1e-9), y.length, 0, "length at " + factor);
            for (int n = 1000; n < y.length - 1000; n += 37) {
                assertEquals(0.5 * Math.sin(2 * Math.PI * f * factor * n / rateHz), y[n], 1e-3, "factor " + factor + " sample " + n);
            }
        }
    }

    @Test
    void unitFactorCopiesAndSillyFactorsAreRejected() {
        float[] x = {0.1f, -0.2f, 0.3f};
        float[] y = SpeedPerturbation.apply(x, 1.0);
        assertArrayEquals(x, y);
        assertNotSame(x, y);
        assertEquals(10000, SpeedPerturbation.apply(new float[11000], 1.1).length);
        assertEquals(12223, SpeedPerturbation.apply(new float[11000], 0.9).length); // ceil(12222.2)
        assertThrows(IllegalArgumentException.class, () -> SpeedPerturbation.apply(new float[10], 3));
        assertThrows(IllegalArgumentException.class, () -> SpeedPerturbation.apply(new float[10], 0.5));
        assertThrows(IllegalArgumentException.class, () -> SpeedPerturbation.apply(new float[10], Double.NaN));
    }
}
