package org.edgeai.enhance.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MixtureSynthesizerTest {
    private static final int RATE = 16000;

    /** Steady-state amplitude of a unit sinusoid at {@code hz} after the filter (second half of 2 s). */
    private static double gainAt(double hz, double[] biquad) {
        float[] x = new float[2 * RATE];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(2 * Math.PI * hz * i / RATE);
        }
        MixtureSynthesizer.biquadInPlace(x, biquad);
        return Math.sqrt(2 * MixtureSynthesizer.power(x, RATE, RATE));
    }

    @Test
    void lowPassMatchesTheButterworthMagnitude() {
        for (double fc : new double[] {40, 120, 400}) {
            double[] c = MixtureSynthesizer.lowPass(fc, RATE);
            for (double ratio : new double[] {0.25, 1, 4}) {
                // second-order Butterworth through the bilinear transform: |H| = 1 / sqrt(1 + (tan(pi f/fs) / tan(pi fc/fs))^4)
                double warped = Math.tan(Math.PI * ratio * fc / RATE) / Math.tan(Math.PI * fc / RATE);
                double expected = 1 / Math.sqrt(1 + Math.pow(warped, 4));
                assertEquals(expected, gainAt(ratio * fc, c), 0.02 * expected, "fc " + fc + " f/fc " + ratio);
            }
        }
    }

    @Test
    void tiltFilterIsTheDirectRecursion() {
        double[] c = {0.3, -0.2, -0.1, 0.25};
        float[] x = new float[500];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] expected = new float[x.length];
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] + (i > 0 ? c[0] * x[i - 1] - c[2] * y[i - 1] : 0) + (i > 1 ? c[1] * x[i - 2] - c[3] * y[i - 2] : 0);
            expected[i] = (float) y[i];
        }
        MixtureSynthesizer.filterInPlace(x, c);
        assertArrayEquals(expected, x, 1e-5f);
    }

    @Test
    void rumbleKeepsItsEnergyBelowFourTimesTheHighestCorner() {
        for (int seed = 0; seed < 20; seed++) {
            float[] r = MixtureSynthesizer.rumble(RATE / 4, RATE, new SplittableRandom(seed));
            double below = bandShare(r, 4 * MixtureSynthesizer.RUMBLE_MAX_HZ);
            assertTrue(below > 0.98, "seed " + seed + ": share below 1600 Hz " + below);
        }
    }

    @Test
    void rumbleMovesTheNoiseEnergyToLowFrequencies() {
        List<float[]> speech = List.of(tone(1000, 3 * RATE, 0.1));
        float[] white = new float[3 * RATE];
        SplittableRandom g = new SplittableRandom(11);
        for (int i = 0; i < white.length; i++) {
            white[i] = (float) (0.1 * g.nextGaussian());
        }
        List<float[]> noise = List.of(white);
        double[] without = noiseLowShares(new MixtureSynthesizer(speech, noise, RATE, 0, 0));
        double[] with = noiseLowShares(new MixtureSynthesizer(speech, noise, RATE, 0, 1));
        // white noise: ~400/8000 = 5% of its energy below 400 Hz, whatever the random tilt does to it at most ~x7
        assertTrue(median(without) < 0.2, "without rumble " + median(without));
        assertTrue(median(with) > 0.5, "with rumble " + median(with));
    }

    @Test
    void theFourArgumentConstructorIsTheRumbleFreeRecipeAndBadProbabilitiesAreRefused() {
        List<float[]> speech = List.of(tone(300, RATE, 0.2));
        List<float[]> noise = List.of(tone(3000, RATE, 0.05));
        MixtureSynthesizer.Mixture a = new MixtureSynthesizer(speech, noise, RATE, 0.5).next(8000, new SplittableRandom(5));
        MixtureSynthesizer.Mixture b = new MixtureSynthesizer(speech, noise, RATE, 0.5, 0).next(8000, new SplittableRandom(5));
        assertArrayEquals(a.noisy(), b.noisy());
        assertArrayEquals(a.clean(), b.clean());
        assertThrows(IllegalArgumentException.class, () -> new MixtureSynthesizer(speech, noise, RATE, 0, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new MixtureSynthesizer(speech, noise, RATE, 0, Double.NaN));
    }

    @Test
    void noiseLowPassRemovesTheHighBandsOfTheNoise() {
        List<float[]> speech = List.of(tone(1000, 3 * RATE, 0.1));
        float[] white = new float[3 * RATE];
        SplittableRandom g = new SplittableRandom(12);
        for (int i = 0; i < white.length; i++) {
            white[i] = (float) (0.1 * g.nextGaussian());
        }
        List<float[]> noise = List.of(white);
        double[] without = noiseLowShares(new MixtureSynthesizer(speech, noise, RATE, 0, 0, 0), 5000, RATE / 16);
        double[] with = noiseLowShares(new MixtureSynthesizer(speech, noise, RATE, 0, 0, 1), 5000, RATE / 16);
        // white noise has 3/8 of its energy above 5 kHz; the Butterworth low-pass with the highest corner (2.5 kHz)
        // attenuates it by at least 1 + (tan(pi 5000/16000) / tan(pi 2500/16000))^4 = 62x (the random tilt changes it
        // by less than 10x either way)
        assertTrue(1 - median(without) > 0.1, "without low-pass " + (1 - median(without)));
        assertTrue(1 - median(with) < 0.03, "with low-pass " + (1 - median(with)));
        for (int k = 0; k < with.length; k++) {
            assertTrue(1 - with[k] < 0.1, "mixture " + k + ": share above 5 kHz " + (1 - with[k]));
        }
    }

    @Test
    void theFiveArgumentConstructorIsTheLowPassFreeRecipe() {
        List<float[]> speech = List.of(tone(300, RATE, 0.2));
        List<float[]> noise = List.of(tone(3000, RATE, 0.05));
        MixtureSynthesizer.Mixture a = new MixtureSynthesizer(speech, noise, RATE, 0.5, 0.5).next(8000, new SplittableRandom(6));
        MixtureSynthesizer.Mixture b = new MixtureSynthesizer(speech, noise, RATE, 0.5, 0.5, 0).next(8000, new SplittableRandom(6));
        assertArrayEquals(a.noisy(), b.noisy());
        assertArrayEquals(a.clean(), b.clean());
        assertThrows(IllegalArgumentException.class, () -> new MixtureSynthesizer(speech, noise, RATE, 0, 0, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new MixtureSynthesizer(speech, noise, RATE, 0, 0, Double.NaN));
    }

    private static double[] noiseLowShares(MixtureSynthesizer s) {
        return noiseLowShares(s, 400, RATE / 4);
    }

    /** Per mixture (40, seeds 100..139, {@code samples} long), the share of the noise's energy below {@code cutoffHz}. */
    private static double[] noiseLowShares(MixtureSynthesizer s, double cutoffHz, int samples) {
        double[] shares = new double[40];
        for (int k = 0; k < shares.length; k++) {
            MixtureSynthesizer.Mixture m = s.next(samples, new SplittableRandom(100 + k));
            float[] n = new float[samples];
            for (int i = 0; i < n.length; i++) {
                n[i] = m.noisy()[i] - m.clean()[i];
            }
            shares[k] = bandShare(n, cutoffHz);
        }
        return shares;
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    private static float[] tone(double hz, int n, double amp) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amp * Math.sin(2 * Math.PI * hz * i / RATE));
        }
        return x;
    }

    /** Share of the energy below {@code hz}, by a direct DFT of the whole signal (brute force, no FFT library). */
    private static double bandShare(float[] x, double hz) {
        int n = x.length;
        double below = 0;
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += x[i] * (double) x[i];
        }
        int kMax = (int) Math.floor(hz * n / RATE);
        for (int k = 0; k <= kMax; k++) {
            double re = 0;
            double im = 0;
            for (int i = 0; i < n; i++) {
                double a = 2 * Math.PI * k * (double) i / n;
                re += x[i] * Math.cos(a);
                im -= x[i] * Math.sin(a);
            }
            // Parseval: sum |X_k|^2 over all k = n * sum x^2; bins 1..n/2-1 count twice (real signal)
            below += (k == 0 ? 1 : 2) * (re * re + im * im) / n;
        }
        return below / total;
    }
}
