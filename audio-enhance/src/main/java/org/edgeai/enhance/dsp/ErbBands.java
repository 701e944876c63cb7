package org.edgeai.enhance.dsp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ERB-spaced, 50%-overlapping triangular bands over the bins of a real FFT (PercepNet, Valin et al.
 * 2020, Sec. 2: "34 bands ... following the ERB scale ... triangular, 50% overlap").
 *
 * <h2>Layout</h2>
 * Band centres {@code c_0 < c_1 < ... < c_{B-1}} are FFT bins. {@code c_0 = 0} (DC) and
 * {@code c_{B-1} = N/2} (Nyquist). Each next centre is one {@link #ERB_STEP} further on the ERB-number
 * scale of Glasberg and Moore (1990), {@code E(f) = 21.4 log10(1 + 0.00437 f)}, rounded to the nearest
 * bin, but at least {@link #MIN_SPACING_BINS} bins (100 Hz with 20 ms windows) further, because the
 * 50 Hz bin spacing cannot resolve narrower bands. When the last step would leave less than the
 * minimum spacing before Nyquist, the last centre is moved to Nyquist.
 * Band {@code b} rises linearly from {@code c_{b-1}} to 1 at {@code c_b} and falls to 0 at
 * {@code c_{b+1}}; the weights of neighbouring bands sum to exactly 1 at every bin (partition of unity),
 * so interpolating band gains back to bins with the same weights is exact for constant gains.
 * With 20 ms windows (50 Hz bins) this gives 25 bands at 16 kHz and 34 at 48 kHz; the 16 kHz
 * centres in Hz are 0, 100, 200, ..., see {@link #centreBins()}.
 *
 * @implNote Immutable; thread-safe. Per-frame methods allocate nothing.
 */
public final class ErbBands {
    /** Centre spacing in ERB numbers; 1.2 gives PercepNet's 34 bands at 48 kHz (full band). */
    public static final double ERB_STEP = 1.2;
    /** Minimum centre spacing in bins (100 Hz at 50 Hz per bin). */
    public static final int MIN_SPACING_BINS = 2;

    private final int fftSize;
    private final int bins;
    private final int[] centres;
    private final double binHz;

    /**
     * @param sampleRateHz sample rate
     * @param fftSize      FFT length (even)
     * @throws IllegalArgumentException if the FFT size is odd or too small for two bands
     */
    public ErbBands(int sampleRateHz, int fftSize) {
        if (fftSize < 8 || (fftSize & 1) != 0) {
            throw new IllegalArgumentException("FFT size must be even and >= 8, got " + fftSize);
        }
        this.fftSize = fftSize;
        this.bins = fftSize / 2 + 1;
        this.binHz = sampleRateHz / (double) fftSize;
        int top = fftSize / 2;
        List<Integer> c = new ArrayList<>();
        c.add(0);
        while (true) {
            int cur = c.get(c.size() - 1);
            int erbNext = (int) Math.round(hzForErb(erbForHz(cur * binHz) + ERB_STEP) / binHz);
            int next = Math.max(cur + MIN_SPACING_BINS, erbNext);
            if (next >= top) {
                if (top - cur < MIN_SPACING_BINS && c.size() > 1) {
                    c.set(c.size() - 1, top);
                } else {
                    c.add(top);
                }
                break;
            }
            c.add(next);
        }
        this.centres = c.stream().mapToInt(Integer::intValue).toArray();
    }

    /** @return ERB number (Glasberg and Moore 1990) of a frequency in Hz */
    public static double erbForHz(double hz) {
        return 21.4 * Math.log10(1 + 0.00437 * hz);
    }

    /** @return frequency in Hz of an ERB number */
    public static double hzForErb(double erb) {
        return (Math.pow(10, erb / 21.4) - 1) / 0.00437;
    }

    /** @return number of bands B */
    public int count() {
        return centres.length;
    }

    /** @return number of bins {@code N/2 + 1} */
    public int bins() {
        return bins;
    }

    /** @return FFT size N */
    public int fftSize() {
        return fftSize;
    }

    /** @return band centres in bins (a copy) */
    public int[] centreBins() {
        return centres.clone();
    }

    /** @return band centres in Hz (a new array) */
    public double[] centreHz() {
        return Arrays.stream(centres).mapToDouble(k -> k * binHz).toArray();
    }

    /**
     * Weighted band energies {@code E_b = sum_k w_b(k) (re_k^2 + im_k^2)}.
     *
     * @param re  real parts {@code [bins]}. Not modified.
     * @param im  imaginary parts {@code [bins]}. Not modified.
     * @param out {@code [B]}. Modified.
     */
    public void energy(float[] re, float[] im, float[] out) {
        correlation(re, im, re, im, out);
    }

    /**
     * Weighted band cross-correlations {@code C_b = sum_k w_b(k) Re(X_k conj(P_k))}.
     *
     * @param out {@code [B]}. Modified. Inputs are {@code [bins]}, not modified.
     */
    public void correlation(float[] xr, float[] xi, float[] pr, float[] pi, float[] out) {
        int nb = centres.length;
        Arrays.fill(out, 0, nb, 0f);
        for (int b = 0; b < nb - 1; b++) {
            int lo = centres[b];
            int width = centres[b + 1] - lo;
            float inv = 1f / width;
            for (int j = 0; j < width; j++) {
                int k = lo + j;
                float v = xr[k] * pr[k] + xi[k] * pi[k];
                float frac = j * inv;
                out[b] += (1f - frac) * v;
                out[b + 1] += frac * v;
            }
        }
        int last = centres[nb - 1];
        out[nb - 1] += xr[last] * pr[last] + xi[last] * pi[last];
    }

    /**
     * Interpolates band values to bins with the triangular weights: {@code v(k) = sum_b w_b(k) v_b}.
     *
     * @param bandValues {@code [B]}. Not modified.
     * @param out        {@code [bins]}. Modified.
     */
    public void interpolate(float[] bandValues, float[] out) {
        int nb = centres.length;
        for (int b = 0; b < nb - 1; b++) {
            int lo = centres[b];
            int width = centres[b + 1] - lo;
            float inv = 1f / width;
            float a = bandValues[b];
            float d = bandValues[b + 1] - a;
            for (int j = 0; j < width; j++) {
                out[lo + j] = a + d * (j * inv);
            }
        }
        out[centres[nb - 1]] = bandValues[nb - 1];
    }

    /** @return the weight of band {@code b} at bin {@code k} (reference, for tests) */
    public double weight(int b, int k) {
        int c = centres[b];
        if (k == c) {
            return 1;
        }
        if (k < c) {
            if (b == 0) {
                return 0;
            }
            int lo = centres[b - 1];
            return k <= lo ? 0 : (k - lo) / (double) (c - lo);
        }
        if (b == centres.length - 1) {
            return 0;
        }
        int hi = centres[b + 1];
        return k >= hi ? 0 : (hi - k) / (double) (hi - c);
    }
}
