package org.edgeai.enhance.dsp;

import org.jtransforms.fft.FloatFFT_1D;

/**
 * Real FFT of a fixed length {@code N = 2^p q} (q odd, e.g. 320 = 64 * 5, 960 = 64 * 15) with split
 * real/imaginary outputs of {@code N/2 + 1} bins.
 *
 * <p>JTransforms' own mixed-radix path allocates a work array on every call (see the style guide,
 * anti-pattern 2), so for {@code q > 1} this class splits the transform by decimation in time
 * (Cooley and Tukey 1965): the q interleaved sub-sequences {@code x[q j + r]} are transformed with
 * JTransforms' allocation-free power-of-two complex FFT of length {@code M = N / q}, then combined,
 * {@code X[k] = sum_r W_N^{r k} F_r[k mod M]} ({@code N/2 + 1} bins times q complex
 * multiply-adds). The inverse applies the same split to the conjugated Hermitian spectrum. For
 * {@code q = 1} JTransforms' {@code realForward}/{@code realInverse} are used directly.
 *
 * @implNote Owns its plan and scratch: not thread-safe; allocation-free per call.
 */
public final class RealFft {
    private final int n;
    private final int q;
    private final int m;
    private final FloatFFT_1D fft;
    private final float[] work;
    private final float[][] sub;
    private final float[] cos;
    private final float[] sin;

    /**
     * @param n transform length: even, and its odd factor at most 255
     * @throws IllegalArgumentException otherwise
     */
    public RealFft(int n) {
        if (n < 2 || (n & 1) != 0) {
            throw new IllegalArgumentException("FFT length must be even and >= 2, got " + n);
        }
        this.n = n;
        int p = Integer.numberOfTrailingZeros(n);
        this.q = n >> p;
        if (q > 255) {
            throw new IllegalArgumentException("FFT length " + n + " has the odd factor " + q + " (> 255)");
        }
        this.m = n / q;
        if (q == 1) {
            this.fft = new FloatFFT_1D(n);
            this.work = new float[n];
            this.sub = null;
            this.cos = null;
            this.sin = null;
        } else {
            this.fft = new FloatFFT_1D(m);
            this.work = null;
            this.sub = new float[q][2 * m];
            this.cos = new float[n];
            this.sin = new float[n];
            for (int i = 0; i < n; i++) {
                double a = 2 * Math.PI * i / n;
                cos[i] = (float) Math.cos(a);
                sin[i] = (float) Math.sin(a);
            }
        }
    }

    /** @return N */
    public int size() {
        return n;
    }

    /**
     * Forward transform {@code X_k = sum_n x_n e^{-2 pi i k n / N}}, k = 0..N/2.
     *
     * @param x  {@code [N]} from {@code off}. Not modified.
     * @param re {@code [N/2+1]}. Modified.
     * @param im {@code [N/2+1]}. Modified.
     */
    public void forward(float[] x, int off, float[] re, float[] im) {
        int half = n / 2;
        if (q == 1) {
            System.arraycopy(x, off, work, 0, n);
            fft.realForward(work);
            re[0] = work[0];
            im[0] = 0f;
            re[half] = work[1];
            im[half] = 0f;
            for (int k = 1; k < half; k++) {
                re[k] = work[2 * k];
                im[k] = work[2 * k + 1];
            }
            return;
        }
        for (int r = 0; r < q; r++) {
            float[] s = sub[r];
            for (int j = 0; j < m; j++) {
                s[2 * j] = x[off + q * j + r];
                s[2 * j + 1] = 0f;
            }
            fft.complexForward(s);
        }
        for (int k = 0; k <= half; k++) {
            int km = k % m;
            float sr = sub[0][2 * km];
            float si = sub[0][2 * km + 1];
            int idx = 0;
            for (int r = 1; r < q; r++) {
                idx += k;
                if (idx >= n) {
                    idx -= n;
                }
                float c = cos[idx];
                float sn = -sin[idx]; // W_N^{rk} = cos - i sin
                float fr = sub[r][2 * km];
                float fi = sub[r][2 * km + 1];
                sr += fr * c - fi * sn;
                si += fr * sn + fi * c;
            }
            re[k] = sr;
            im[k] = si;
        }
        im[0] = 0f;
        im[half] = 0f;
    }

    /**
     * Inverse of {@link #forward} (scaled by 1/N), for a Hermitian spectrum given by its first half.
     *
     * @param re  {@code [N/2+1]}. Not modified.
     * @param im  {@code [N/2+1]}. Not modified (imaginary parts of DC and Nyquist are ignored).
     * @param out {@code [N]} from {@code off}. Modified.
     */
    public void inverse(float[] re, float[] im, float[] out, int off) {
        int half = n / 2;
        if (q == 1) {
            work[0] = re[0];
            work[1] = re[half];
            for (int k = 1; k < half; k++) {
                work[2 * k] = re[k];
                work[2 * k + 1] = im[k];
            }
            fft.realInverse(work, true);
            System.arraycopy(work, 0, out, off, n);
            return;
        }
        // x[t] = (1/N) Re(DFT(conj(X))[t]); split the (full, Hermitian) spectrum index k = q j + r
        for (int r = 0; r < q; r++) {
            float[] s = sub[r];
            for (int j = 0; j < m; j++) {
                int k = q * j + r;
                float xr;
                float xi;
                if (k <= half) {
                    xr = re[k];
                    xi = (k == 0 || k == half) ? 0f : im[k];
                } else {
                    xr = re[n - k];
                    xi = -im[n - k];
                }
                s[2 * j] = xr;
                s[2 * j + 1] = -xi; // conjugate
            }
            fft.complexForward(s);
        }
        float scale = 1f / n;
        for (int t = 0; t < n; t++) {
            int tm = t % m;
            float acc = sub[0][2 * tm];
            int idx = 0;
            for (int r = 1; r < q; r++) {
                idx += t;
                if (idx >= n) {
                    idx -= n;
                }
                // Re(W_N^{r t} G_r) with W = cos - i sin
                acc += sub[r][2 * tm] * cos[idx] + sub[r][2 * tm + 1] * sin[idx];
            }
            out[off + t] = acc * scale;
        }
    }
}
