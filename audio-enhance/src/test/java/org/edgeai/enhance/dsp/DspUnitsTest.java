package org.edgeai.enhance.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DspUnitsTest {

    @Test
    void erbBandsArePartitionOfUnityWithDocumentedCounts() {
        ErbBands b16 = new ErbBands(16000, 320);
        ErbBands b48 = new ErbBands(48000, 960);
        assertEquals(25, b16.count());
        assertEquals(34, b48.count());
        // independent computation of the documented rule (Python, ERB step 1.2, min 2 bins)
        assertArrayEquals(new int[] {0, 2, 4, 6, 8, 10, 12, 14, 17, 20, 23, 27, 31, 36, 42, 48, 55, 63, 72, 83, 95, 109, 125, 143, 160},
                b16.centreBins());
        for (ErbBands b : new ErbBands[] {b16, b48}) {
            for (int k = 0; k < b.bins(); k++) {
                double s = 0;
                for (int j = 0; j < b.count(); j++) {
                    s += b.weight(j, k);
                }
                assertEquals(1.0, s, 1e-12, "bin " + k);
            }
            // energy() and interpolate() use the same weights as weight()
            float[] re = new float[b.bins()];
            float[] im = new float[b.bins()];
            for (int k = 0; k < re.length; k++) {
                re[k] = (float) Math.sin(k * 0.37);
                im[k] = (float) Math.cos(k * 0.11);
            }
            float[] e = new float[b.count()];
            b.energy(re, im, e);
            float[] g = new float[b.count()];
            for (int j = 0; j < g.length; j++) {
                double ref = 0;
                for (int k = 0; k < re.length; k++) {
                    ref += b.weight(j, k) * (re[k] * re[k] + im[k] * im[k]);
                }
                assertEquals(ref, e[j], 1e-4);
                g[j] = (float) Math.cos(j);
            }
            float[] gi = new float[b.bins()];
            b.interpolate(g, gi);
            for (int k = 0; k < gi.length; k++) {
                double ref = 0;
                for (int j = 0; j < g.length; j++) {
                    ref += b.weight(j, k) * g[j];
                }
                assertEquals(ref, gi[k], 1e-5);
            }
        }
        // ERB scale closed forms: E(1000 Hz) = 21.4 log10(5.37)
        assertEquals(21.4 * Math.log10(5.37), ErbBands.erbForHz(1000), 1e-12);
        assertEquals(1000, ErbBands.hzForErb(ErbBands.erbForHz(1000)), 1e-9);
    }

    @Test
    void pitchTrackerFindsTheFundamentalOfAHarmonicSignalWithoutOctaveErrors() {
        for (int rate : new int[] {16000, 48000}) {
            for (double f0 : new double[] {90, 150, 230}) {
                PitchTracker p = new PitchTracker(rate, rate / 100, 2);
                int hop = rate / 100;
                float[] x = new float[hop * 60];
                for (int i = 0; i < x.length; i++) {
                    double t = i / (double) rate;
                    double v = 0;
                    for (int h = 1; h * f0 < 3500; h++) {
                        v += Math.cos(2 * Math.PI * f0 * h * t) / Math.sqrt(h);
                    }
                    x[i] = (float) (0.1 * v);
                }
                for (int t = 0; t < 60; t++) {
                    p.push(x, t * hop);
                    if (t > 10) {
                        double expected = rate / f0;
                        assertEquals(expected, p.decidedLag(), p.decimation() + 0.5, rate + " Hz, f0 " + f0 + ", frame " + t);
                        assertTrue(p.rawCorrelation() > 0.8);
                    }
                }
            }
        }
    }

    @Test
    void viterbiIgnoresAShortSpuriousOctaveJump() {
        int rate = 16000;
        int hop = 160;
        PitchTracker p = new PitchTracker(rate, hop, 2);
        float[] x = new float[hop * 40];
        for (int i = 0; i < x.length; i++) {
            double t = i / (double) rate;
            int frame = i / hop;
            // frames 20..21: the odd harmonics vanish, so period 1/200 s correlates as well as 1/100 s
            boolean glitch = frame == 20 || frame == 21;
            double v = 0;
            for (int h = 1; h <= 20; h++) {
                if (glitch && (h % 2 == 1)) {
                    continue;
                }
                v += Math.cos(2 * Math.PI * 100 * h * t) / h;
            }
            x[i] = (float) (0.1 * v);
        }
        for (int t = 0; t < 40; t++) {
            p.push(x, t * hop);
            if (t >= 24) {
                assertEquals(160, p.decidedLag(), 2.5, "frame " + t);
            }
        }
    }
}
