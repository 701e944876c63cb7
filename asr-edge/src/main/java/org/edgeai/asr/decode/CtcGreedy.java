package org.edgeai.asr.decode;

import org.edgeai.asr.data.CharVocabulary;

/**
 * Best-path CTC decoding (Graves et al. 2006, sec. 3.2): the arg-max symbol per frame, repeats
 * merged, blanks removed.
 *
 * @implNote Stateless; thread-safe.
 */
public final class CtcGreedy {
    private CtcGreedy() {
    }

    /**
     * @param scores {@code [T, V]} row-major logits or log-probabilities from {@code off}. Not modified.
     * @return the decoded text
     */
    public static String decode(float[] scores, int off, int frames, int vocab) {
        StringBuilder b = new StringBuilder();
        int prev = CharVocabulary.BLANK;
        for (int t = 0; t < frames; t++) {
            int best = 0;
            float bv = scores[off + t * vocab];
            for (int k = 1; k < vocab; k++) {
                if (scores[off + t * vocab + k] > bv) {
                    bv = scores[off + t * vocab + k];
                    best = k;
                }
            }
            if (best != prev && best != CharVocabulary.BLANK) {
                b.append(CharVocabulary.symbol(best));
            }
            prev = best;
        }
        return b.toString().trim().replaceAll(" +", " ");
    }
}
