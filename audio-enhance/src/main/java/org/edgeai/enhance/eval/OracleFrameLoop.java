package org.edgeai.enhance.eval;

import java.util.Arrays;
import org.edgeai.enhance.dsp.OracleTargets;
import org.edgeai.enhance.dsp.PercepNetDsp;

/**
 * A noisy signal and its clean reference through two {@link PercepNetDsp}s in lock-step, as the
 * oracle experiments need them: per frame the noisy analysis, the clean analysis at the noisy
 * synthesis lag, the oracle band gains and strengths ({@link OracleTargets}) once the synthesis is
 * ready, and the synthesis of the noisy frame with the gains a {@link FrameGains} picks. Shared by
 * {@link Oracles#bandGains} and {@link GainDiagnostics}.
 *
 * @implNote One per signal pair (owns both DSP states); not thread-safe.
 */
final class OracleFrameLoop {
    /** Picks, frame by frame, the band gains and strengths the synthesis applies. */
    interface FrameGains {
        /**
         * Called on every frame after the noisy analysis (before the synthesis is ready too).
         *
         * @param features the noisy frame's network features. Not modified.
         */
        void analyzed(float[] features);

        /**
         * Called on frames whose synthesis is ready. {@code gains}/{@code strengths} keep their
         * previous values unless written (zeros before the first call).
         *
         * @param noisy     the noisy DSP (synthesis energies). Not modified.
         * @param clean     the clean DSP. Not modified.
         * @param gOracle   {@code [bands]} oracle band gains. Not modified.
         * @param rOracle   {@code [bands]} oracle comb-filter strengths. Not modified.
         * @param gains     {@code [bands]} band gains to apply. Modified.
         * @param strengths {@code [bands]} strengths to apply (ignored without the comb filter). Modified.
         */
        void choose(PercepNetDsp noisy, PercepNetDsp clean, float[] gOracle, float[] rOracle, float[] gains, float[] strengths);
    }

    /** The oracle gains and strengths themselves. */
    static final FrameGains ORACLE = new FrameGains() {
        @Override
        public void analyzed(float[] features) {
        }

        @Override
        public void choose(PercepNetDsp noisy, PercepNetDsp clean, float[] gOracle, float[] rOracle, float[] gains,
                           float[] strengths) {
            System.arraycopy(gOracle, 0, gains, 0, gains.length);
            System.arraycopy(rOracle, 0, strengths, 0, strengths.length);
        }
    };

    private final PercepNetDsp noisyDsp;
    private final PercepNetDsp cleanDsp;

    /** @param sampleRateHz rate of both signals (one PercepNet supports) */
    OracleFrameLoop(int sampleRateHz) {
        noisyDsp = new PercepNetDsp(sampleRateHz);
        cleanDsp = new PercepNetDsp(sampleRateHz);
    }

    /** @return the number of bands of the gains and strengths */
    int bands() {
        return noisyDsp.bands().count();
    }

    /**
     * @param noisy      noisy PCM. Not modified.
     * @param clean      clean PCM, at least as long as {@code noisy}. Not modified.
     * @param comb       whether the comb filter runs (with the picked strengths)
     * @param postFilter whether the envelope post-filter runs
     * @param gains      the per-frame choice
     * @return {@code [noisy.length]} samples, aligned with the input (the DSP delay removed)
     */
    float[] run(float[] noisy, float[] clean, boolean comb, boolean postFilter, FrameGains gains) {
        int hop = noisyDsp.hopSamples();
        int d = noisyDsp.delaySamples();
        int frames = (noisy.length + d + hop - 1) / hop;
        float[] x = Arrays.copyOf(noisy, frames * hop);
        float[] c = Arrays.copyOf(clean, frames * hop);
        float[] y = new float[frames * hop];
        int nb = bands();
        float[] gOracle = new float[nb];
        float[] rOracle = new float[nb];
        float[] g = new float[nb];
        float[] r = new float[nb];
        for (int t = 0; t < frames; t++) {
            gains.analyzed(noisyDsp.analyze(x, t * hop));
            cleanDsp.analyze(c, t * hop, noisyDsp.synthesisLag());
            if (noisyDsp.synthesisReady()) {
                OracleTargets.compute(noisyDsp, cleanDsp, gOracle, rOracle, null);
                gains.choose(noisyDsp, cleanDsp, gOracle, rOracle, g, r);
            }
            noisyDsp.synthesize(g, comb ? r : null, postFilter, y, t * hop);
        }
        return Arrays.copyOfRange(y, d, d + noisy.length);
    }
}
