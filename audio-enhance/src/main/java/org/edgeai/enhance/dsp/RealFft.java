package org.edgeai.enhance.dsp;

import org.jtransforms.fft.FloatFFT_1D;

/**
 * Real FFT of a fixed length N with split real/imaginary outputs of {@code N/2 + 1} bins, over
 * JTransforms ({@code FloatFFT_1D.realForward}: packed layout {@code a[2k] = Re[k], a[2k+1] = Im[k]},
 * {@code a[1] = Re[N/2]}). The plan and the scratch buffer are built once here.
 *
 * @implNote Owns a scratch buffer: not thread-safe; allocation-free per call for N with factors
 * 2, 3, 5 (JTransforms' mixed-radix path; other sizes use Bluestein, which allocates).
 */
public final class RealFft {
    private final int n;
    private final FloatFFT_1D fft;
    private final float[] work;

    /**
     * @param n transform length (even)
     * @throws IllegalArgumentException if n is odd or smaller than 2
     */
    public RealFft(int n) {
        if (n < 2 || (n & 1) != 0) {
            throw new IllegalArgumentException("FFT length must be even and >= 2, got " + n);
        }
        this.n = n;
        this.fft = new FloatFFT_1D(n);
        this.work = new float[n];
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
        System.arraycopy(x, off, work, 0, n);
        fft.realForward(work);
        int half = n / 2;
        re[0] = work[0];
        im[0] = 0f;
        re[half] = work[1];
        im[half] = 0f;
        for (int k = 1; k < half; k++) {
            re[k] = work[2 * k];
            im[k] = work[2 * k + 1];
        }
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
        work[0] = re[0];
        work[1] = re[half];
        for (int k = 1; k < half; k++) {
            work[2 * k] = re[k];
            work[2 * k + 1] = im[k];
        }
        fft.realInverse(work, true);
        System.arraycopy(work, 0, out, off, n);
    }
}
