package org.edgeai.kernel.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.edgeai.kernel.testing.Rng;
import org.junit.jupiter.api.Test;

class ResamplerTest {
    private static final int[][] RATES = {{16000, 10000}, {16000, 48000}, {48000, 16000}, {44100, 16000}, {22050, 16000},
            {16000, 8000}, {8000, 16000}, {16000, 44100}};

    private static float[] sine(double freqHz, int rateHz, int n, double amplitude, double phaseRad) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * freqHz * i / rateHz + phaseRad));
        }
        return x;
    }

    /** Amplitude of the middle half of y, from its RMS (a sine's amplitude is sqrt(2) RMS). */
    private static double middleAmplitude(float[] y) {
        double e = 0;
        int c = 0;
        for (int i = y.length / 4; i < 3 * y.length / 4; i++) {
            e += (double) y[i] * y[i];
            c++;
        }
        return Math.sqrt(2 * e / c);
    }

    @Test
    void aResampledSineIsTheSameSineSampledAtTheNewRate() {
        for (int[] r : RATES) {
            Resampler rs = new Resampler(r[0], r[1]);
            double f = 1000;
            double a = 0.7;
            float[] y = rs.process(sine(f, r[0], r[0], a, 0.3));
            assertEquals(rs.outputLength(r[0]), y.length);
            assertEquals(r[1], y.length, "one second in, one second out");
            double err = 0;
            for (int i = y.length / 4; i < 3 * y.length / 4; i++) {
                err = Math.max(err, Math.abs(y[i] - a * Math.sin(2 * Math.PI * f * i / r[1] + 0.3)));
            }
            assertTrue(err < 1e-3 * a, r[0] + "->" + r[1] + " max error " + err);
        }
    }

    @Test
    void passBandIsFlatBelowTheDocumentedEdge() {
        for (int[] r : RATES) {
            double nyquist = Math.min(r[0], r[1]) / 2.0;
            for (double fraction : new double[] {0.05, 0.3, 0.6, 0.85}) {
                double gain = middleAmplitude(new Resampler(r[0], r[1]).process(sine(fraction * nyquist, r[0], r[0], 1, 0.1)));
                // 0.01 dB
                assertEquals(1.0, gain, 1.2e-3, r[0] + "->" + r[1] + " at " + fraction + " of Nyquist");
            }
        }
    }

    @Test
    void dcGainIsOne() {
        for (int[] r : RATES) {
            float[] x = new float[r[0] / 4];
            Arrays.fill(x, 0.5f);
            float[] y = new Resampler(r[0], r[1]).process(x);
            int edge = 2 * Resampler.ZERO_CROSSINGS * Math.max(1, r[1] / r[0] + 1); // past the partial filters at the ends
            for (int i = edge; i < y.length - edge; i++) {
                assertEquals(0.5, y[i], 0.5 * 5e-5, r[0] + "->" + r[1] + " sample " + i);
            }
        }
    }

    @Test
    void downsamplingRejectsTonesAboveTheNewNyquist() {
        // 12 kHz at 48 kHz and 6 kHz at 16 kHz are far above the new Nyquist (8 and 4 kHz);
        // 4.2 kHz is 1.05 times the new Nyquist at 16 -> 8 kHz, past the transition band.
        double[][] cases = {{48000, 16000, 12000}, {16000, 8000, 6000}, {16000, 8000, 4200}, {44100, 16000, 9000}};
        for (double[] c : cases) {
            float[] y = new Resampler((int) c[0], (int) c[1]).process(sine(c[2], (int) c[0], (int) c[0], 1, 0));
            double peak = 0;
            for (int i = 500; i < y.length - 500; i++) {
                peak = Math.max(peak, Math.abs(y[i]));
            }
            assertTrue(peak < 1e-4, c[2] + " Hz tone at " + c[0] + "->" + c[1] + ": alias peak " + peak); // below -80 dB
        }
    }

    @Test
    void upsamplingAddsNothingAboveTheOldNyquist() {
        // energy of 16->48 kHz output above 8 kHz (by a DFT of the middle) is the imaging the filter must remove
        int n = 2400;
        float[] y = new Resampler(16000, 48000).process(sine(1234, 16000, 16000, 1, 0));
        float[] mid = Arrays.copyOfRange(y, 24000 - n / 2, 24000 + n / 2);
        double total = 0;
        double image = 0;
        for (int k = 0; k <= n / 2; k++) {
            double re = 0;
            double im = 0;
            for (int i = 0; i < n; i++) {
                double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n); // Hann, to keep leakage low
                re += w * mid[i] * Math.cos(2 * Math.PI * k * i / n);
                im -= w * mid[i] * Math.sin(2 * Math.PI * k * i / n);
            }
            double p = re * re + im * im;
            total += p;
            if (k * 48000.0 / n > 8000) {
                image += p;
            }
        }
        assertTrue(image / total < 1e-8, "image energy fraction " + image / total);
    }

    @Test
    void outputLengthIsTheCeilingOfTheScaledLength() {
        for (int[] r : RATES) {
            Resampler rs = new Resampler(r[0], r[1]);
            for (int n : new int[] {0, 1, 2, 3, 7, 13, 160, 997, 10007}) {
                long expected = (long) Math.ceil(n * (double) r[1] / r[0] - 1e-9);
                assertEquals(expected, rs.outputLength(n), r[0] + "->" + r[1] + " n=" + n);
                assertEquals(expected, rs.process(new float[n]).length);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new Resampler(16000, 8000).outputLength(-1));
    }

    @Test
    void equalRatesCopyTheInput() {
        Resampler rs = new Resampler(16000, 16000);
        assertTrue(rs.identity());
        float[] x = Rng.floats(Rng.of(5), 101, 1f);
        float[] y = rs.process(x);
        assertArrayEquals(x, y);
        assertNotSame(x, y);
        assertEquals(16000, rs.inRateHz());
        assertEquals(16000, rs.outRateHz());
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Resampler(0, 16000));
        assertTrue(e.getMessage().contains("0 Hz"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Resampler(16000, -8000));
        assertThrows(IllegalArgumentException.class, () -> new StreamingResampler(-1, 16000));
        // 1000003 and 1000033 are coprime: a filter of millions of taps
        e = assertThrows(IllegalArgumentException.class, () -> new Resampler(1000003, 1000033));
        assertTrue(e.getMessage().contains("taps"), e.getMessage());
        float[] x = new float[100];
        x[42] = Float.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> new Resampler(48000, 16000).process(x));
        assertTrue(e.getMessage().contains("sample 42"), e.getMessage());
        x[42] = Float.POSITIVE_INFINITY;
        assertThrows(IllegalArgumentException.class, () -> new Resampler(16000, 16000).process(x));
        assertThrows(NullPointerException.class, () -> new Resampler(16000, 8000).process(null));
    }

    @Test
    void besselI0MatchesPublishedValues() {
        // Abramowitz and Stegun table 9.8: exp(-5) I0(5) = 0.1835408126; I0(9) from the series in 40-digit decimal arithmetic
        assertEquals(1.0, Resampler.besselI0(0), 0);
        assertEquals(0.1835408126 * Math.exp(5), Resampler.besselI0(5), 2e-8);
        assertEquals(1093.588354511375, Resampler.besselI0(9), 1e-9);
    }

    @Test
    void streamingOutputEqualsTheWholeSignalResamplerForAnyChunking() {
        RandomGenerator r = Rng.of(2);
        float[] x = new float[12345];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (int[] rates : new int[][] {{48000, 16000}, {16000, 48000}, {44100, 16000}, {16000, 44100}, {16000, 10000}, {16000, 16000}}) {
            float[] ref = new Resampler(rates[0], rates[1]).process(x);
            StreamingResampler s = new StreamingResampler(rates[0], rates[1]);
            for (int chunk : new int[] {1, 7, 160, 4000, 12345}) {
                s.reset();
                float[] out = new float[0];
                for (int p = 0; p < x.length; p += chunk) {
                    out = concat(out, s.push(Arrays.copyOfRange(x, p, Math.min(x.length, p + chunk))));
                }
                out = concat(out, s.finish());
                assertArrayEquals(ref, out, rates[0] + "->" + rates[1] + " chunk " + chunk);
                assertThrows(IllegalStateException.class, s::finish);
                assertThrows(IllegalStateException.class, () -> s.push(new float[1]));
            }
        }
    }

    @Test
    void streamingLagsByTheFilterHalfLength() {
        StreamingResampler s = new StreamingResampler(48000, 16000);
        // L/M = 1/3: half = ceil(ZERO_CROSSINGS * 3 / ROLLOFF) = ceil(102.1) = 103 input samples, so output 0
        // (at input instant 0) needs inputs 0..103
        assertEquals(0, s.push(new float[103]).length);
        assertEquals(1, s.push(new float[1]).length);
        assertEquals(0, s.push(new float[0]).length);
        assertEquals(48000, s.inRateHz());
        assertEquals(16000, s.outRateHz());
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
