package org.edgeai.asr.decode;

/**
 * Decoding settings.
 *
 * @param beamWidth prefixes kept per step (1 = greedy best path)
 * @param lmWeight weight alpha of the word LM log-probability (0 = no LM)
 * @param wordBonus beta, added per completed word (compensates the LM's bias toward short outputs)
 * @param useLexicon restrict output to lexicon words
 * @param pruneLogProb symbols whose log-probability at a step is below this are not expanded
 * @param endpointSilenceS trailing blank time (seconds) after speech that ends a segment with a final result
 */
public record DecoderConfig(int beamWidth, double lmWeight, double wordBonus, boolean useLexicon, double pruneLogProb,
                            double endpointSilenceS) {
    /** @throws IllegalArgumentException if a value is out of range, or an LM weight is given without the lexicon */
    public DecoderConfig {
        if (beamWidth < 1 || beamWidth > 1024) {
            throw new IllegalArgumentException("beamWidth must be in [1, 1024], got " + beamWidth);
        }
        if (!(lmWeight >= 0) || !Double.isFinite(wordBonus) || !(pruneLogProb < 0) || !(endpointSilenceS > 0)) {
            throw new IllegalArgumentException("need lmWeight >= 0, finite wordBonus, pruneLogProb < 0, endpointSilenceS > 0; got "
                    + lmWeight + ", " + wordBonus + ", " + pruneLogProb + ", " + endpointSilenceS);
        }
        if (!useLexicon && lmWeight > 0) {
            // the word LM scores lexicon words only: without the lexicon, unknown spellings would escape its (negative)
            // log-probabilities and be preferred to real words
            throw new IllegalArgumentException("an LM weight needs the lexicon (useLexicon), got lmWeight " + lmWeight);
        }
    }

    /** Greedy best path, no lexicon, 0.6 s endpoint. */
    public static DecoderConfig greedy() {
        return new DecoderConfig(1, 0, 0, false, -12, 0.6);
    }

    /** CTC: lexicon-constrained prefix beam search (width 16) with the word LM (alpha 0.3, beta 0.5, chosen on AN4 dev), 0.6 s endpoint. */
    public static DecoderConfig beamWithLm() {
        return new DecoderConfig(16, 0.3, 0.5, true, -12, 0.6);
    }

    /**
     * RNN-T: lexicon-constrained beam search of width 4 without LM fusion (on AN4 dev the word LM
     * did not help the transducer, whose prediction network already models the transcripts), 0.6 s
     * endpoint.
     */
    public static DecoderConfig transducerBeam() {
        return new DecoderConfig(4, 0, 0, true, -12, 0.6);
    }

    /** @return this setting with another endpoint silence (seconds, > 0) */
    public DecoderConfig withEndpointSilenceS(double seconds) {
        return new DecoderConfig(beamWidth, lmWeight, wordBonus, useLexicon, pruneLogProb, seconds);
    }
}
