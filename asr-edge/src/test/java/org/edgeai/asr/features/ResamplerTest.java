package org.edgeai.asr.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ResamplerTest {
    @Test
    void resampledSineKeepsFrequencyAndAmplitude() {
        int in = 8000;
        int out = 16000;
        double f = 440;
        float[] x = new float[in];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(2 * Math.PI * f * i / in);
        }
        float[] y = Resampler.resample(x, in, out);
        assertEquals(2 * in, y.length);
        for (int n = 1000; n < y.length - 1000; n += 37) {
            assertEquals(Math.sin(2 * Math.PI * f * n / out), y[n], 2e-3, "sample " + n);
        }
    }

    @Test
    void downsamplingRemovesContentAboveTheNewNyquist() {
        float[] x = new float[16000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(2 * Math.PI * 6000 * i / 16000.0); // above 4 kHz
        }
        float[] y = Resampler.resample(x, 16000, 8000);
        double e = 0;
        for (int n = 500; n < y.length - 500; n++) {
            e += y[n] * y[n];
        }
        assertEquals(0, e / (y.length - 1000), 1e-4, "aliased energy");
    }

    @Test
    void speedChangesDurationAndRejectsSillyFactors() {
        assertEquals(10000, Resampler.speed(new float[11000], 1.1).length, 1);
        assertEquals(12222, Resampler.speed(new float[11000], 0.9).length, 1);
        assertThrows(IllegalArgumentException.class, () -> Resampler.speed(new float[10], 3));
        assertThrows(IllegalArgumentException.class, () -> Resampler.resample(new float[10], 0, 16000));
    }
}
