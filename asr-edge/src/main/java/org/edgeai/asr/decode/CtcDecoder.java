package org.edgeai.asr.decode;

import static org.edgeai.asr.internal.LogMath.logAdd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.edgeai.asr.data.CharVocabulary;
import org.edgeai.asr.internal.LogMath;

/**
 * Streaming CTC decoding, one encoder step at a time: best path (beam width 1) or prefix beam
 * search (Graves and Jaitly, ICML 2014, sec. 4; Hannun et al., "First-Pass Large Vocabulary
 * Continuous Speech Recognition using Bi-Directional Recurrent DNNs", arXiv:1408.2873, alg. 1)
 * with an optional lexicon constraint (a character may only extend a prefix of a lexicon word; a
 * space only follows a complete word) and word n-gram LM scored when a word completes:
 * {@code score = ln p_ctc + alpha ln P_lm + beta |words|}.
 *
 * <p>Each prefix keeps the step of every character's first emission, which gives word timings.
 *
 * @implNote Owns the beam: not thread-safe; one per stream, {@link #reset()} between segments.
 * Allocates beam bookkeeping per step (prefix nodes, score pairs); cost is bounded by beam x vocabulary.
 */
public final class CtcDecoder {
    private static final double NEG_INF = LogMath.NEG_INF;
    private final DecoderConfig config;
    private final PrefixTree<Prefix> tree;
    private final double secondsPerStep;
    private Map<Prefix, double[]> beam = new HashMap<>();
    private Map<Prefix, double[]> next = new HashMap<>();
    private final Map<Prefix, Double> emitted = new HashMap<>(); // per step: best score of a path emitting the token now
    private Prefix root;
    private long steps;
    private long offsetSteps;

    /** An output prefix of the shared tree; CTC keeps no per-prefix state of its own. */
    static final class Prefix extends PrefixTree.Node<Prefix> {
        Prefix(Prefix parent, int token, long step, Lexicon.Node lex, int lmState, double lmScore, int words) {
            super(parent, token, step, lex, lmState, lmScore, words);
        }
    }

    /**
     * @param config beam, LM weight, lexicon use
     * @param lm word LM and lexicon; may be null only when the config uses neither
     * @param secondsPerStep encoder step duration (0.04 s for x4 stacking at 10 ms)
     * @throws IllegalArgumentException if the config needs an LM/lexicon and none is given
     */
    public CtcDecoder(DecoderConfig config, WordNgramLm lm, double secondsPerStep) {
        if ((config.useLexicon() || config.lmWeight() > 0) && lm == null) {
            throw new IllegalArgumentException("decoder config uses a lexicon or LM, but none was given");
        }
        this.config = config;
        this.tree = new PrefixTree<>(config, lm, Prefix::new);
        this.secondsPerStep = secondsPerStep;
        reset(0);
    }

    /** Clears the beam; the next segment starts at absolute step {@code startStep}. */
    public void reset(long startStep) {
        root = tree.newRoot();
        beam.clear();
        beam.put(root, new double[] {0, NEG_INF});
        steps = 0;
        offsetSteps = startStep;
    }

    /** @return encoder steps consumed since the last reset */
    public long steps() {
        return steps;
    }

    /**
     * Consumes one step of CTC log-probabilities.
     *
     * @param logProbs {@code [V]} log-probabilities. Not modified.
     */
    public void step(float[] logProbs) {
        long t = offsetSteps + steps;
        steps++;
        next.clear();
        PrefixTree.markLive(beam.keySet(), t);
        emitted.clear();
        double blank = logProbs[CharVocabulary.BLANK];
        for (Map.Entry<Prefix, double[]> e : beam.entrySet()) {
            Prefix p = e.getKey();
            double pb = e.getValue()[0];
            double pnb = e.getValue()[1];
            double total = logAdd(pb, pnb);
            add(p, total + blank, NEG_INF);
            if (p.token >= 0) {
                add(p, NEG_INF, pnb + logProbs[p.token]);
            }
            for (int c = 1; c < logProbs.length; c++) {
                double lp = logProbs[c];
                if (lp < config.pruneLogProb()) {
                    continue;
                }
                Prefix child = tree.extend(p, c, t);
                if (child == null) {
                    continue;
                }
                if (child.liveStep != t) {
                    child.step = t; // emitted anew: its cached step was from an emission that was pruned
                }
                double from = c == p.token ? pb : total;
                add(child, NEG_INF, from + lp);
                emitted.merge(child, from + lp, Math::max);
            }
        }
        // A hypothesis kept alive at low probability (e.g. a first letter during silence) and then really spoken:
        // its timing follows the best path, so when emitting now beats continuing the old emission, the token is
        // stamped with this step, unless a longer hypothesis in the beam continues it (its timings would invert).
        for (Map.Entry<Prefix, Double> e : emitted.entrySet()) {
            Prefix child = e.getKey();
            double[] old = beam.get(child);
            if (old != null && child.ancestorStep != t && child.step != t && e.getValue() > old[1] + logProbs[child.token]) {
                child.step = t;
            }
        }
        prune();
        Map<Prefix, double[]> s = beam;
        beam = next;
        next = s;
    }

    private void add(Prefix p, double b, double nb) {
        double[] v = next.get(p);
        if (v == null) {
            next.put(p, new double[] {b, nb});
        } else {
            v[0] = logAdd(v[0], b);
            v[1] = logAdd(v[1], nb);
        }
    }

    private void prune() {
        if (next.size() <= config.beamWidth()) {
            return;
        }
        List<Map.Entry<Prefix, double[]>> all = new ArrayList<>(next.entrySet());
        all.sort((a, b) -> Double.compare(score(b.getKey(), b.getValue()), score(a.getKey(), a.getValue())));
        Map<Prefix, double[]> kept = new HashMap<>();
        for (int i = 0; i < config.beamWidth(); i++) {
            kept.put(all.get(i).getKey(), all.get(i).getValue());
        }
        next.clear();
        next.putAll(kept);
    }

    private static double score(Prefix p, double[] v) {
        return logAdd(v[0], v[1]) + p.lmScore;
    }

    /** @return the best current hypothesis (partial words included), without ending the segment */
    public String partial() {
        Prefix best = bestPrefix();
        return best == null ? "" : PrefixTree.text(best);
    }

    /**
     * Ends the segment: scores the last word and the sentence end, and returns the best complete
     * hypothesis. The beam is not reset (call {@link #reset(long)}).
     *
     * @return the words with timings (possibly empty)
     */
    public List<WordTiming> finish() {
        List<Candidate> c = finishNBest();
        return c.isEmpty() ? List.of() : c.get(0).words();
    }

    /**
     * Ends the segment like {@link #finish()} but returns the whole final n-best list: every beam
     * prefix that is a valid final, best first by its final score (at most the beam width).
     *
     * @return the candidates; if no prefix is complete, the best partial one; empty for an empty beam
     */
    public List<Candidate> finishNBest() {
        return tree.finals(beam, CtcDecoder::score, secondsPerStep);
    }

    private Prefix bestPrefix() {
        Prefix best = null;
        double bestScore = NEG_INF;
        for (Map.Entry<Prefix, double[]> e : beam.entrySet()) {
            double s = score(e.getKey(), e.getValue());
            if (s > bestScore) {
                bestScore = s;
                best = e.getKey();
            }
        }
        return best;
    }
}
