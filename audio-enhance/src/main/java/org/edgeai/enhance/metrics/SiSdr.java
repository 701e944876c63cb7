package org.edgeai.enhance.metrics;

/**
 * Scale-invariant signal-to-distortion ratio (Le Roux, Wisdom, Erdogan, Hershey, "SDR - half-baked or
 * well done?", ICASSP 2019, eqs. 1-2): with the optimal scaling {@code a = <s_hat, s> / <s, s>} of the
 * reference s, {@code SI-SDR = 10 log10(|a s|^2 / |a s - s_hat|^2)} dB. Neither signal is mean-removed
 * (the paper's definition; both are zero-mean audio in practice).
 *
 * @implNote Stateless; thread-safe.
 */
public final class SiSdr {
    private SiSdr() {
    }

    /**
     * @param reference clean signal s. Not modified.
     * @param estimate  enhanced signal s_hat, same length. Not modified.
     * @return SI-SDR in dB ({@code +Infinity} for an exact scaled copy, {@code -Infinity}/NaN never:
     *         a silent reference or estimate gives {@code -Infinity})
     * @throws IllegalArgumentException if the lengths differ or are zero
     */
    public static double compute(float[] reference, float[] estimate) {
        if (reference.length != estimate.length || reference.length == 0) {
            throw new IllegalArgumentException("SI-SDR needs equal, non-zero lengths: " + reference.length + " vs " + estimate.length);
        }
        double ss = 0;
        double se = 0;
        for (int i = 0; i < reference.length; i++) {
            ss += (double) reference[i] * reference[i];
            se += (double) reference[i] * estimate[i];
        }
        if (ss == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        double a = se / ss;
        double target = 0;
        double noise = 0;
        for (int i = 0; i < reference.length; i++) {
            double t = a * reference[i];
            double e = t - estimate[i];
            target += t * t;
            noise += e * e;
        }
        if (target == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        return noise == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(target / noise);
    }
}
