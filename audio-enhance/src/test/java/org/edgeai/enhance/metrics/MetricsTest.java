package org.edgeai.enhance.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MetricsTest {
    private static float[] speechLike(int n, long seed) {
        // amplitude-modulated harmonic complex with pauses: non-stationary, like speech envelopes
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double t = i / 16000.0;
            double env = Math.max(0, Math.sin(2 * Math.PI * 3 * t)) * (0.5 + 0.5 * Math.sin(2 * Math.PI * 0.7 * t));
            double v = 0;
            for (int h = 1; h <= 12; h++) {
                v += Math.sin(2 * Math.PI * 140 * h * t + h) / h;
            }
            x[i] = (float) (0.2 * env * v + 0.002 * r.nextGaussian());
        }
        return x;
    }

    @Test
    void siSdrMatchesTheClosedFormForAScaledReferencePlusOrthogonalError() {
        SplittableRandom r = new SplittableRandom(1);
        int n = 4000;
        double[] s = new double[n];
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = r.nextGaussian();
            e[i] = r.nextGaussian();
        }
        double se = 0;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            se += s[i] * e[i];
            ss += s[i] * s[i];
        }
        double ee = 0;
        for (int i = 0; i < n; i++) {
            e[i] -= se / ss * s[i]; // make e orthogonal to s
            ee += e[i] * e[i];
        }
        double a = 0.37;
        double k = 0.25;
        float[] ref = new float[n];
        float[] est = new float[n];
        for (int i = 0; i < n; i++) {
            ref[i] = (float) s[i];
            est[i] = (float) (a * s[i] + k * e[i]);
        }
        double expected = 10 * Math.log10(a * a * ss / (k * k * ee));
        assertEquals(expected, SiSdr.compute(ref, est), 1e-3);
        // scale invariance
        float[] est2 = est.clone();
        for (int i = 0; i < n; i++) {
            est2[i] *= -3.1f;
        }
        assertEquals(SiSdr.compute(ref, est), SiSdr.compute(ref, est2), 1e-6);
        assertEquals(Double.POSITIVE_INFINITY, SiSdr.compute(ref, ref.clone()));
        assertThrows(IllegalArgumentException.class, () -> SiSdr.compute(ref, new float[3]));
    }

    @Test
    void segmentalSnrOfAScaledCopyIsTheScaleErrorInEveryFrameAndClamped() {
        float[] s = new float[16000];
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) r.nextGaussian();
        }
        float[] y = new float[s.length];
        for (int i = 0; i < s.length; i++) {
            y[i] = 1.1f * s[i]; // error 0.1 s: 20 dB in every frame
        }
        assertEquals(20.0, SegmentalSnr.compute(s, y, 16000), 1e-4);
        assertEquals(SegmentalSnr.MAX_DB, SegmentalSnr.compute(s, s.clone(), 16000), 1e-9);
        assertEquals(0.0, SegmentalSnr.compute(s, new float[s.length], 16000), 1e-9);
        float[] far = new float[s.length];
        for (int i = 0; i < s.length; i++) {
            far[i] = 5 * s[i]; // error 4 s: -12 dB, clamped to -10
        }
        assertEquals(SegmentalSnr.MIN_DB, SegmentalSnr.compute(s, far, 16000), 1e-9);
    }

    @Test
    void stoiAndEstoiAreOneForIdenticalAndScaledSignals() {
        float[] x = speechLike(3 * 16000, 3);
        assertEquals(1.0, Stoi.stoi(x, x.clone(), 16000), 1e-9);
        assertEquals(1.0, Stoi.estoi(x, x.clone(), 16000), 1e-9);
        float[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] *= 0.3f;
        }
        assertEquals(1.0, Stoi.stoi(x, y, 16000), 1e-9);
        assertEquals(1.0, Stoi.estoi(x, y, 16000), 1e-9);
    }

    @Test
    void stoiAndEstoiFallMonotonicallyWithNoise() {
        float[] x = speechLike(3 * 16000, 4);
        SplittableRandom r = new SplittableRandom(5);
        float[] noise = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            noise[i] = (float) r.nextGaussian() * 0.05f;
        }
        double prevS = 1.0001;
        double prevE = 1.0001;
        for (double k : new double[] {0.1, 0.5, 1, 2, 4}) {
            float[] y = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                y[i] = x[i] + (float) k * noise[i];
            }
            double s = Stoi.stoi(x, y, 16000);
            double e = Stoi.estoi(x, y, 16000);
            assertTrue(s < prevS && e < prevE, "k=" + k + " stoi " + s + " estoi " + e);
            assertTrue(e <= s + 0.05, "ESTOI is the stricter measure for stationary noise: " + e + " vs " + s);
            prevS = s;
            prevE = e;
        }
        assertTrue(prevS < 0.85);
    }

    @Test
    void thirdOctaveBandsMatchTheReferenceBinEdges() {
        // pystoi thirdoct(10000, 512, 15, 150): edges snapped to 19.53125 Hz bins, computed by hand:
        // band 0: 133.6 Hz -> bin 7 (136.7), 168.4 Hz -> bin 9 (175.8); band 14: 3394.1 -> 174, 4276.3 -> 219
        int[][] e = Stoi.bandEdges();
        assertEquals(7, e[0][0]);
        assertEquals(9, e[0][1]);
        assertEquals(174, e[14][0]);
        assertEquals(219, e[14][1]);
        for (int k = 1; k < Stoi.BANDS; k++) {
            assertEquals(e[k - 1][1], e[k][0], "bands tile the spectrum");
        }
    }

    @Test
    void tooShortInputsGiveThePystoiSentinel() {
        float[] x = speechLike(2000, 6);
        assertEquals(1e-5, Stoi.stoi(x, x.clone(), 16000), 0);
    }
}
