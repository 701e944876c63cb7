package org.edgeai.enhance.dsp;

/**
 * Ideal band gains and filter strengths of PercepNet (Valin et al. 2020, Sec. 3.3 and 5), computed
 * from the clean and the noisy signal for the synthesis frame of two {@link PercepNetDsp} instances
 * (the clean one analysed with the noisy signal's pitch periods, see
 * {@link PercepNetDsp#analyze(float[], int, int)}).
 *
 * <ul>
 * <li>Gain: {@code g_b = min(1, sqrt(E_clean,b / E_noisy,b))}.</li>
 * <li>Strength: with the pitch coherences {@code q_y} of the noisy and {@code q_x} of the clean band,
 *     the coherence the comb filter can reach is {@code q_p = q_y / sqrt((1 - eps) q_y^2 + eps)}
 *     (harmonic power passes, noise power is scaled by {@code eps = sum w_k^2}). The mix
 *     {@code Y + alpha P} reaches the clean coherence when
 *     {@code a alpha^2 + 2 b alpha + (q_y^2 - q_x^2) = 0}, {@code a = q_p^2 - q_x^2},
 *     {@code b = q_p q_y (1 - q_x^2)}, i.e. {@code alpha = (sqrt(b^2 + a (q_x^2 - q_y^2)) - b) / a} and
 *     {@code r = alpha / (1 + alpha)} (paper eq. for r_b; derivation in the module README). When
 *     {@code q_x <= q_y} no filtering is needed (r = 0); when even full filtering cannot reach the
 *     clean coherence ({@code q_p <= q_x}), r = 1 and the gain is lowered by
 *     {@code sqrt((1 + n0 - q_x^2) / (1 + n0 - q_p^2))}, {@code n0 = 0.03} (the paper's noise-masking
 *     floor).</li>
 * <li>Mask: 1 where the noisy band holds energy above {@link #SILENCE_ENERGY}, else 0 (the target is
 *     meaningless in digital silence).</li>
 * </ul>
 *
 * @implNote Stateless; thread-safe.
 */
public final class OracleTargets {
    /** Noise-masking floor n0 of the gain correction. */
    public static final float N0 = 0.03f;
    /** Band energy (full scale, 20 ms Vorbis window) below which a band is treated as silent. */
    public static final float SILENCE_ENERGY = 1e-9f;

    private OracleTargets() {
    }

    /**
     * @param noisy   DSP of the noisy signal, after {@code analyze}. Not modified.
     * @param clean   DSP of the clean signal, after {@code analyze} with the noisy pitch. Not modified.
     * @param gains   {@code [B]} receives g_b. Modified.
     * @param strength {@code [B]} receives r_b. Modified.
     * @param mask    {@code [B]} receives 1 or 0. Modified; may be null.
     */
    public static void compute(PercepNetDsp noisy, PercepNetDsp clean, float[] gains, float[] strength, float[] mask) {
        float[] en = noisy.synthesisEnergy();
        float[] ec = clean.synthesisEnergy();
        float[] qn = noisy.pitchCoherence();
        float[] qc = clean.pitchCoherence();
        int nb = en.length;
        float eps = PercepNetDsp.COMB_NOISE_GAIN;
        for (int b = 0; b < nb; b++) {
            double g = Math.min(1.0, Math.sqrt(ec[b] / (en[b] + 1e-20)));
            double qy = clamp(qn[b]);
            double qx = clamp(qc[b]);
            double qp = qy / Math.sqrt((1 - eps) * qy * qy + eps);
            double r;
            if (qx <= qy) {
                r = 0;
            } else if (qp <= qx) {
                r = 1;
                g *= Math.sqrt((1 + N0 - qx * qx) / (1 + N0 - qp * qp));
            } else {
                double a = qp * qp - qx * qx;
                double bb = qp * qy * (1 - qx * qx);
                double alpha = (Math.sqrt(bb * bb + a * (qx * qx - qy * qy)) - bb) / a;
                r = alpha / (1 + alpha);
            }
            gains[b] = (float) Math.max(0, Math.min(1, g));
            strength[b] = (float) Math.max(0, Math.min(1, r));
            if (mask != null) {
                mask[b] = en[b] > SILENCE_ENERGY ? 1f : 0f;
            }
        }
    }

    private static double clamp(float q) {
        return Math.max(0.0, Math.min(0.999, q));
    }
}
