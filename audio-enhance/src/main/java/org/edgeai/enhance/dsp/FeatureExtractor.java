package org.edgeai.enhance.dsp;

/**
 * Offline extraction of network inputs and PercepNet targets from a (noisy, clean) pair, as used by
 * training and by the oracle experiments. Row t of the result holds the features of analysis frame
 * t and the targets of frame {@code t - 2} (the synthesis frame at that step), which is exactly what
 * the causal network must output at step t to realise the 2-frame look-ahead.
 *
 * @implNote Stateless; thread-safe (each call builds its own DSP instances).
 */
public final class FeatureExtractor {
    private FeatureExtractor() {
    }

    /**
     * Features and targets of a pair.
     *
     * @param frames   number of steps T
     * @param features {@code [T, F]} row-major
     * @param gains    {@code [T, B]} oracle g_b of the synthesis frame at each step
     * @param strength {@code [T, B]} oracle r_b
     * @param mask     {@code [T, B]}: 1 where the target counts in the loss (0 in the first two steps
     *                 and in silent bands)
     * @param noisyEnergy {@code [T, B]} band energies of the noisy synthesis frame at each step (the energies the
     *                 gains {@code gains} are ratios of; 0 in the first two steps)
     * @param cleanEnergy {@code [T, B]} band energies of the clean synthesis frame at each step (0 in the first two steps)
     */
    public record Sequence(int frames, int featureSize, int bands, float[] features, float[] gains, float[] strength,
                           float[] mask, float[] noisyEnergy, float[] cleanEnergy) {
    }

    /**
     * @param noisy        noisy samples. Not modified.
     * @param clean        clean samples aligned with {@code noisy} (same length). Not modified.
     * @param sampleRateHz rate of both
     * @return one row per full hop of input
     * @throws IllegalArgumentException if the lengths differ
     */
    public static Sequence extract(float[] noisy, float[] clean, int sampleRateHz) {
        if (noisy.length != clean.length) {
            throw new IllegalArgumentException("noisy and clean lengths differ: " + noisy.length + " vs " + clean.length);
        }
        PercepNetDsp dn = new PercepNetDsp(sampleRateHz);
        PercepNetDsp dc = new PercepNetDsp(sampleRateHz);
        int hop = dn.hopSamples();
        int frames = noisy.length / hop;
        int f = dn.featureSize();
        int nb = dn.bands().count();
        float[] feat = new float[frames * f];
        float[] g = new float[frames * nb];
        float[] r = new float[frames * nb];
        float[] m = new float[frames * nb];
        float[] en = new float[frames * nb];
        float[] ec = new float[frames * nb];
        float[] gb = new float[nb];
        float[] rb = new float[nb];
        float[] mb = new float[nb];
        for (int t = 0; t < frames; t++) {
            float[] x = dn.analyze(noisy, t * hop);
            System.arraycopy(x, 0, feat, t * f, f);
            dc.analyze(clean, t * hop, dn.synthesisLag());
            if (dn.synthesisReady()) {
                OracleTargets.compute(dn, dc, gb, rb, mb);
                System.arraycopy(gb, 0, g, t * nb, nb);
                System.arraycopy(rb, 0, r, t * nb, nb);
                System.arraycopy(mb, 0, m, t * nb, nb);
                System.arraycopy(dn.synthesisEnergy(), 0, en, t * nb, nb);
                System.arraycopy(dc.synthesisEnergy(), 0, ec, t * nb, nb);
            }
        }
        return new Sequence(frames, f, nb, feat, g, r, m, en, ec);
    }
}
