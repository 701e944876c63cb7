package org.edgeai.asr.decode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.edgeai.asr.data.CharVocabulary;

/**
 * System combination by n-best rescoring: the final n-best lists of several recognizers for the
 * same segment are pooled, every pooled hypothesis {@code y} is scored by every system's exact
 * sequence log-likelihood {@code ln p_m(y | x)} (all alignments summed: CTC forward, Graves et al.
 * 2006; RNN-T forward, Graves 2012) and the word LM, and the hypothesis maximising
 * <pre>
 *   S(y) = sum_m w_m ln p_m(y | x) + alpha ln P_lm(y) + beta |y|_words
 * </pre>
 * wins (log-linear model combination over an n-best list, Ostendorf et al., HLT 1991; Beyerlein,
 * ICASSP 1998; here with the transducer/CTC pairing of hybrid CTC rescoring, Watanabe et al.,
 * IEEE JSTSP 2017). {@code ln P_lm} includes the sentence end; a word outside the lexicon gives
 * {@code -Infinity} (only counted when {@code alpha > 0}).
 *
 * @implNote Stateless; thread-safe. The LM memoises internally (synchronized).
 */
public final class SystemCombination {
    private SystemCombination() {
    }

    /**
     * Combination weights.
     *
     * @param systems   {@code w_m} per system, in the order the systems are given (first = primary); each finite and >= 0
     * @param lmWeight  {@code alpha} >= 0
     * @param wordBonus {@code beta}, finite
     */
    public record Weights(List<Double> systems, double lmWeight, double wordBonus) {
        /** @throws IllegalArgumentException if a weight is negative or not finite, or there is no system */
        public Weights {
            systems = List.copyOf(systems);
            if (systems.isEmpty()) {
                throw new IllegalArgumentException("need at least one system weight");
            }
            for (double w : systems) {
                if (!(w >= 0) || !Double.isFinite(w)) {
                    throw new IllegalArgumentException("system weights must be finite and >= 0, got " + systems);
                }
            }
            if (!(lmWeight >= 0) || !Double.isFinite(lmWeight) || !Double.isFinite(wordBonus)) {
                throw new IllegalArgumentException("need finite lmWeight >= 0 and finite wordBonus, got " + lmWeight + ", " + wordBonus);
            }
        }
    }

    /** One system's exact sequence log-likelihoods for the current segment. */
    @FunctionalInterface
    public interface SequenceScorer {
        /**
         * @param hypotheses token ids per hypothesis (no blanks). Not modified.
         * @return per hypothesis {@code ln p(y | x)} in nats, {@code -Infinity} if no alignment exists
         */
        double[] logLikelihoods(List<int[]> hypotheses);
    }

    /**
     * A pooled hypothesis with the features of the combined score.
     *
     * @param candidate      the hypothesis as the first system that proposed it found it (its timings)
     * @param source         index of that system
     * @param logLikelihoods {@code ln p_m(y | x)} per system
     * @param lmLogProb      {@code ln P_lm(y)} with the sentence end ({@code -Infinity} for an out-of-lexicon word, 0 without LM)
     * @param words          word count
     */
    public record Scored(Candidate candidate, int source, double[] logLikelihoods, double lmLogProb, int words) {
        /** @throws NullPointerException if the candidate or the likelihoods are null */
        public Scored {
            Objects.requireNonNull(candidate, "candidate");
            logLikelihoods = logLikelihoods.clone();
        }

        /** @return a copy of the per-system log-likelihoods */
        @Override
        public double[] logLikelihoods() {
            return logLikelihoods.clone();
        }

        /**
         * @param w weights with one system weight per likelihood
         * @return {@code S(y)}
         * @throws IllegalArgumentException if the weight count differs from the system count
         */
        public double score(Weights w) {
            if (w.systems().size() != logLikelihoods.length) {
                throw new IllegalArgumentException(w.systems().size() + " system weights for " + logLikelihoods.length + " systems");
            }
            double s = 0;
            for (int m = 0; m < logLikelihoods.length; m++) {
                double wm = w.systems().get(m);
                if (wm > 0) {
                    s += wm * logLikelihoods[m];
                }
            }
            if (w.lmWeight() > 0) {
                s += w.lmWeight() * lmLogProb;
            }
            return s + w.wordBonus() * words;
        }
    }

    /**
     * Pools the systems' n-best lists (by text; the first system proposing a text gives its timings)
     * and scores every pooled hypothesis under every system.
     *
     * @param nBests  per system its final n-best list for the segment
     * @param scorers per system its sequence scorer on the same segment (same order)
     * @param lm      word LM for {@code ln P_lm}, or null (then 0)
     * @return the pooled hypotheses in order of first appearance
     * @throws IllegalArgumentException if the list sizes differ
     */
    public static List<Scored> pool(List<List<Candidate>> nBests, List<SequenceScorer> scorers, WordNgramLm lm) {
        if (nBests.size() != scorers.size()) {
            throw new IllegalArgumentException(nBests.size() + " n-best lists for " + scorers.size() + " scorers");
        }
        Map<String, Integer> sources = new LinkedHashMap<>();
        Map<String, Candidate> firsts = new LinkedHashMap<>();
        for (int m = 0; m < nBests.size(); m++) {
            for (Candidate c : nBests.get(m)) {
                if (!firsts.containsKey(c.text())) {
                    firsts.put(c.text(), c);
                    sources.put(c.text(), m);
                }
            }
        }
        List<int[]> labels = new ArrayList<>();
        for (String text : firsts.keySet()) {
            labels.add(CharVocabulary.encode(text));
        }
        double[][] ll = new double[scorers.size()][];
        for (int m = 0; m < ll.length; m++) {
            ll[m] = scorers.get(m).logLikelihoods(labels);
            if (ll[m].length != labels.size()) {
                throw new IllegalStateException("scorer " + m + " returned " + ll[m].length + " values for " + labels.size() + " hypotheses");
            }
        }
        List<Scored> out = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Candidate> e : firsts.entrySet()) {
            double[] per = new double[scorers.size()];
            for (int m = 0; m < per.length; m++) {
                per[m] = ll[m][i];
            }
            out.add(new Scored(e.getValue(), sources.get(e.getKey()), per, lmLogProb(lm, e.getKey()), e.getValue().words().size()));
            i++;
        }
        return out;
    }

    /**
     * @param pooled pooled hypotheses (non-empty)
     * @param w      weights
     * @return the hypothesis with the highest combined score (the first on ties)
     * @throws IllegalArgumentException if {@code pooled} is empty
     */
    public static Scored choose(List<Scored> pooled, Weights w) {
        if (pooled.isEmpty()) {
            throw new IllegalArgumentException("no hypotheses to choose from");
        }
        Scored best = pooled.get(0);
        double bestScore = best.score(w);
        for (int i = 1; i < pooled.size(); i++) {
            double s = pooled.get(i).score(w);
            if (s > bestScore) {
                bestScore = s;
                best = pooled.get(i);
            }
        }
        return best;
    }

    /**
     * @return {@code ln P_lm(words, </s>)} of a space-separated word sequence; {@code -Infinity} if a
     *         word is not in the LM's lexicon; 0 if {@code lm} is null
     */
    public static double lmLogProb(WordNgramLm lm, String text) {
        if (lm == null) {
            return 0;
        }
        double s = 0;
        int state = lm.startState();
        if (!text.isEmpty()) {
            for (String word : text.split(" ")) {
                int id = lm.lexicon().id(word);
                if (id < 0) {
                    return Double.NEGATIVE_INFINITY;
                }
                s += lm.logProb(state, id);
                state = lm.next(state, id);
            }
        }
        return s + lm.logProb(state, WordNgramLm.BOUNDARY);
    }
}
