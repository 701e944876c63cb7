package org.edgeai.asr.features;

/**
 * Band-limited resampling by windowed-sinc interpolation (Smith, "Digital Audio Resampling Home
 * Page", CCRMA, 2002): {@code y[n] = sum_k x[k] c h(c (n r - k))} with ratio {@code r = inRate /
 * outRate}, cutoff {@code c = min(1, 1/r)} (low-pass at the lower Nyquist), {@code h} a sinc with
 * {@value #ZERO_CROSSINGS} zero crossings per side under a Hann window, read from a table with
 * linear interpolation. Used for wrong-rate input and for speed perturbation (Ko et al., "Audio
 * augmentation for speech recognition", Interspeech 2015: resampling changes tempo and pitch).
 *
 * @implNote Stateless after construction of its static table; thread-safe.
 */
public final class Resampler {
    /** Sinc zero crossings on each side of the kernel centre: ~90 dB stop band for this Hann window family. */
    static final int ZERO_CROSSINGS = 16;
    private static final int TABLE_PER_ZERO = 512;
    private static final float[] TABLE = buildTable();

    private Resampler() {
    }

    private static float[] buildTable() {
        int n = ZERO_CROSSINGS * TABLE_PER_ZERO + 2;
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            double x = i / (double) TABLE_PER_ZERO;
            double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
            double w = x >= ZERO_CROSSINGS ? 0 : 0.5 + 0.5 * Math.cos(Math.PI * x / ZERO_CROSSINGS);
            t[i] = (float) (sinc * w);
        }
        return t;
    }

    private static float kernel(double x) {
        double a = Math.abs(x) * TABLE_PER_ZERO;
        int i = (int) a;
        if (i >= TABLE.length - 1) {
            return 0f;
        }
        float f = (float) (a - i);
        return TABLE[i] + f * (TABLE[i + 1] - TABLE[i]);
    }

    /**
     * Resamples from {@code inRateHz} to {@code outRateHz}.
     *
     * @param x samples. Not modified.
     * @return {@code floor(x.length * outRate / inRate)} samples (a new array)
     * @throws IllegalArgumentException if a rate is not positive
     */
    public static float[] resample(float[] x, double inRateHz, double outRateHz) {
        if (!(inRateHz > 0) || !(outRateHz > 0)) {
            throw new IllegalArgumentException("rates must be positive, got " + inRateHz + " -> " + outRateHz);
        }
        double r = inRateHz / outRateHz;
        int outLen = (int) Math.floor(x.length / r);
        float[] y = new float[outLen];
        double c = Math.min(1.0, 1.0 / r);
        double half = ZERO_CROSSINGS / c;
        for (int n = 0; n < outLen; n++) {
            double p = n * r;
            int k0 = Math.max(0, (int) Math.ceil(p - half));
            int k1 = Math.min(x.length - 1, (int) Math.floor(p + half));
            double acc = 0;
            for (int k = k0; k <= k1; k++) {
                acc += x[k] * kernel(c * (p - k));
            }
            y[n] = (float) (acc * c);
        }
        return y;
    }

    /**
     * Speed perturbation: plays {@code x} {@code factor} times faster (tempo and pitch scale by
     * {@code factor}; duration by {@code 1/factor}), keeping the sample rate.
     *
     * @throws IllegalArgumentException if factor is not in (0.5, 2]
     */
    public static float[] speed(float[] x, double factor) {
        if (!(factor > 0.5 && factor <= 2.0)) {
            throw new IllegalArgumentException("speed factor must be in (0.5, 2], got " + factor);
        }
        if (factor == 1.0) {
            return x.clone();
        }
        return resample(x, factor, 1.0);
    }
}
