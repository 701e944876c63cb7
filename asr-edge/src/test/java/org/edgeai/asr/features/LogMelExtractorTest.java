package org.edgeai.asr.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogMelExtractorTest {
    private final LogMelConfig cfg = LogMelConfig.asr16k();

    @Test
    void chunkedStreamingEqualsWholeSignalForAwkwardChunkSizes() {
        Random r = new Random(345);
        float[] x = new float[16000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.1 * r.nextGaussian());
        }
        float[][] whole = LogMelExtractor.compute(cfg, x);
        assertEquals(cfg.framesFor(x.length), whole.length);
        for (int chunk : new int[] {1, 7, 160, 401, 1009, 16000}) {
            LogMelExtractor ex = new LogMelExtractor(cfg);
            List<float[]> got = new ArrayList<>();
            for (int off = 0; off < x.length; off += chunk) {
                ex.accept(x, off, Math.min(chunk, x.length - off), (f, o, idx) -> got.add(java.util.Arrays.copyOfRange(f, o, o + 80)));
            }
            assertEquals(whole.length, got.size(), "chunk " + chunk);
            for (int t = 0; t < whole.length; t++) {
                assertArrayEquals(whole[t], got.get(t), 0f, "chunk " + chunk + " frame " + t);
            }
        }
    }

    @Test
    void sinePeaksInTheMelBandHoldingItsFrequencyAndMatchesParseval() {
        double f0 = 1000;
        float[] x = new float[4000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * f0 * i / 16000));
        }
        float[] frame = LogMelExtractor.compute(cfg, x)[5];
        int best = 0;
        for (int j = 1; j < frame.length; j++) {
            if (frame[j] > frame[best]) {
                best = j;
            }
        }
        // centre of filter j: mel^-1(melLow + (j+1)(melHigh-melLow)/(M+1)); the peak filter's centre is near 1 kHz
        double lo = LogMelExtractor.hzToMel(20);
        double hi = LogMelExtractor.hzToMel(8000);
        double centre = LogMelExtractor.melToHz(lo + (best + 1) * (hi - lo) / 81);
        assertTrue(Math.abs(centre - f0) < 60, "peak filter centre " + centre + " Hz");
        // total power of a Hann-windowed sine: |X(f0)|^2 ~ (A N / 4)^2 at the peak bin (N = 400 samples)
        double peakPower = Math.pow(0.5 * 400 / 4, 2);
        assertTrue(frame[best] > Math.log(peakPower) - 2 && frame[best] < Math.log(2 * peakPower), "log energy " + frame[best]);
    }

    @Test
    void silenceHitsTheFloorAndConfigIsValidated() {
        float[] f = LogMelExtractor.compute(cfg, new float[800])[0];
        for (float v : f) {
            assertEquals(Math.log(1e-10), v, 1e-5);
        }
        assertEquals(0, LogMelExtractor.compute(cfg, new float[399]).length);
        assertThrows(IllegalArgumentException.class, () -> new LogMelConfig(16000, 400, 160, 300, 80, 20, 8000, 1e-10));
        assertThrows(IllegalArgumentException.class, () -> new LogMelConfig(16000, 400, 160, 512, 80, 20, 9000, 1e-10));
    }
}
