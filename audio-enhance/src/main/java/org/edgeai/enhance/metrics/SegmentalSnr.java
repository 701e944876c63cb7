package org.edgeai.enhance.metrics;

/**
 * Segmental SNR as in Loizou's {@code comp_snr.m} ("Speech Enhancement: Theory and Practice", CRC
 * 2007; Hansen and Pellom 1998): 30 ms Hann-windowed frames with 75% overlap (hop 7.5 ms), per frame
 * {@code 10 log10(sum s^2 / (sum (s - s_hat)^2 + eps) + eps)} clamped to [-10, 35] dB, averaged over
 * all frames.
 *
 * @implNote Stateless; thread-safe.
 */
public final class SegmentalSnr {
    /** Lower clamp in dB. */
    public static final double MIN_DB = -10;
    /** Upper clamp in dB. */
    public static final double MAX_DB = 35;
    private static final double EPS = Math.ulp(1.0);

    private SegmentalSnr() {
    }

    /**
     * @param clean     reference. Not modified.
     * @param processed estimate, same length. Not modified.
     * @return mean segmental SNR in dB
     * @throws IllegalArgumentException if the lengths differ or are shorter than one frame
     */
    public static double compute(float[] clean, float[] processed, int sampleRateHz) {
        if (clean.length != processed.length) {
            throw new IllegalArgumentException("clean and processed lengths differ: " + clean.length + " vs " + processed.length);
        }
        int win = (int) Math.round(30e-3 * sampleRateHz);
        int hop = win / 4;
        if (clean.length < win) {
            throw new IllegalArgumentException("signal of " + clean.length + " samples is shorter than one " + win + "-sample frame");
        }
        double[] w = new double[win];
        for (int n = 0; n < win; n++) {
            w[n] = 0.5 * (1 - Math.cos(2 * Math.PI * (n + 1) / (win + 1))); // MATLAB hanning(win)
        }
        int frames = (clean.length - win) / hop + 1;
        double sum = 0;
        for (int f = 0; f < frames; f++) {
            double s = 0;
            double e = 0;
            for (int n = 0; n < win; n++) {
                double c = w[n] * clean[f * hop + n];
                double p = w[n] * processed[f * hop + n];
                s += c * c;
                e += (c - p) * (c - p);
            }
            double snr = 10 * Math.log10(s / (e + EPS) + EPS);
            sum += Math.max(MIN_DB, Math.min(MAX_DB, snr));
        }
        return sum / frames;
    }
}
