package org.edgeai.asr.decode;

import static org.edgeai.asr.internal.LogMath.logAdd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.edgeai.asr.data.CharVocabulary;
import org.edgeai.asr.internal.LogMath;
import org.edgeai.asr.model.Transducer;

/**
 * Streaming RNN-T beam search, one encoder step at a time: time-synchronous decoding (Saon, Tüske
 * and Audhkhasi, "Alignment-length synchronous decoding for RNN transducer", ICASSP 2020, alg. 1;
 * the same search as k2/icefall's "modified beam search" when {@code maxSymbolsPerStep} is 1)
 * with hypotheses that reach the same output prefix merged by adding their probabilities, an
 * optional closed-vocabulary lexicon constraint (a character may only extend a prefix of a lexicon
 * word; a space only follows a complete word) and shallow fusion of a word n-gram LM (Gulcehre et
 * al. 2015; Kannan et al., ICASSP 2018) scored when a word completes:
 * {@code score = ln p_rnnt(y|x) + alpha ln P_lm(words) + beta |words|}.
 *
 * <p>Per encoder step, the beam's hypotheses are expanded up to {@code maxSymbolsPerStep} times:
 * each expansion evaluates the joiner once per hypothesis; the blank ends the hypothesis' step (it
 * enters the next beam), a non-blank symbol extends it (and is expanded again; after the cap only
 * the blank may follow); the
 * {@code beamWidth} best hypotheses that ended the step form the next beam. Non-blank symbols whose
 * log-probability is below {@link DecoderConfig#pruneLogProb()} are not expanded, nor more than
 * {@code beamWidth} per hypothesis.
 *
 * <p>Each output prefix is one node of a prefix tree holding the prediction-network state after
 * it (computed once, when the prefix first needs the joiner) and the encoder step at which each
 * character was emitted, which gives word timings.
 *
 * @implNote Owns the beam and the prediction-network scratch: not thread-safe; one per stream,
 * {@link #reset(long)} between segments. Allocates prefix nodes and beam bookkeeping per step
 * (bounded by beam width x vocabulary x symbols per step); state buffers are pooled.
 */
public final class TransducerBeamSearch {
    private static final double NEG_INF = LogMath.NEG_INF;
    private final Transducer transducer;
    private final DecoderConfig config;
    private final PrefixTree<Node> tree;
    private final int maxSymbolsPerStep;
    private final double secondsPerStep;
    private final int bufferSize;
    private final ArrayDeque<float[]> pool = new ArrayDeque<>();
    private final List<Node> buffered = new ArrayList<>();
    private final float[] logProbs = new float[CharVocabulary.SIZE];
    private final int[] order = new int[CharVocabulary.SIZE];
    private Map<Node, double[]> beam = new HashMap<>();
    private Node root;
    private long steps;
    private long offsetSteps;
    private long lastEmissionStep;
    private Node lastBest;

    /** An output prefix of the shared tree, with the prediction-network state after it. */
    static final class Node extends PrefixTree.Node<Node> {
        long touched = -1;        // last step at which the prefix was a hypothesis
        float[] buffer;           // [J pred | 2P state], null until needed / after release

        Node(Node parent, int token, long step, Lexicon.Node lex, int lmState, double lmScore, int words) {
            super(parent, token, step, lex, lmState, lmScore, words);
        }
    }

    /**
     * @param transducer the model's prediction network and joiner (this search owns it from now on)
     * @param config beam width, LM weight, word bonus, lexicon use, expansion threshold
     * @param lm word LM and lexicon; may be null only when the config uses neither
     * @param maxSymbolsPerStep symbols one hypothesis may emit per encoder step, 1 to 8
     * @param secondsPerStep encoder step duration (0.04 s for x4 stacking at 10 ms)
     * @throws IllegalArgumentException if the config needs an LM/lexicon and none is given, or the cap is out of range
     */
    public TransducerBeamSearch(Transducer transducer, DecoderConfig config, WordNgramLm lm, int maxSymbolsPerStep,
                                double secondsPerStep) {
        if ((config.useLexicon() || config.lmWeight() > 0) && lm == null) {
            throw new IllegalArgumentException("decoder config uses a lexicon or LM, but none was given");
        }
        if (maxSymbolsPerStep < 1 || maxSymbolsPerStep > 8) {
            throw new IllegalArgumentException("maxSymbolsPerStep must be in [1, 8], got " + maxSymbolsPerStep);
        }
        this.transducer = transducer;
        this.config = config;
        this.tree = new PrefixTree<>(config, lm, Node::new);
        this.maxSymbolsPerStep = maxSymbolsPerStep;
        this.secondsPerStep = secondsPerStep;
        this.bufferSize = transducer.jointSize() + transducer.stateSize();
        reset(0);
    }

    /** Clears the beam; the next segment starts at absolute step {@code startStep}. */
    public void reset(long startStep) {
        for (Node n : buffered) {
            release(n);
        }
        buffered.clear();
        root = tree.newRoot();
        beam.clear();
        beam.put(root, new double[] {0});
        steps = 0;
        offsetSteps = startStep;
        lastEmissionStep = -1;
        lastBest = null;
    }

    /** @return encoder steps consumed since the last reset */
    public long steps() {
        return steps;
    }

    /**
     * @return the last absolute encoder step at which the best hypothesis changed (for endpointing:
     *         a beam's best prefix stays the same through silence), or -1 while it is empty
     */
    public long lastEmissionStep() {
        return lastEmissionStep;
    }

    /**
     * Consumes one encoder step.
     *
     * @param encoderProjection {@code [J]} joint-space encoder output. Not modified.
     */
    public void step(float[] encoderProjection) {
        long t = offsetSteps + steps;
        steps++;
        Map<Node, double[]> ended = new HashMap<>();
        PrefixTree.markLive(beam.keySet(), t);
        Map<Node, double[]> active = beam;
        for (int s = 0; s <= maxSymbolsPerStep && !active.isEmpty(); s++) {
            Map<Node, double[]> grown = new HashMap<>();
            boolean last = s == maxSymbolsPerStep;
            for (Map.Entry<Node, double[]> e : active.entrySet()) {
                Node n = e.getKey();
                double ac = e.getValue()[0];
                transducer.jointLogProbs(encoderProjection, buffer(n), 0, logProbs);
                add(ended, n, ac + logProbs[CharVocabulary.BLANK]);
                if (last) {
                    continue;
                }
                int candidates = topTokens(logProbs);
                for (int i = 0; i < candidates; i++) {
                    int c = order[i];
                    Node child = extend(n, c, t);
                    if (child != null) {
                        add(grown, child, ac + logProbs[c]);
                    }
                }
            }
            active = prune(dropHopeless(grown, ended), config.beamWidth());
        }
        beam = prune(ended, config.beamWidth());
        Node best = best();
        if (best == null || best == root) {
            lastEmissionStep = -1;
        } else if (best != lastBest) {
            lastEmissionStep = t;
        }
        lastBest = best;
        // keep the state buffers of the beam only
        List<Node> keep = new ArrayList<>();
        for (Node n : buffered) {
            if (beam.containsKey(n)) {
                keep.add(n);
            } else {
                release(n);
            }
        }
        buffered.clear();
        buffered.addAll(keep);
    }

    /** @return how many non-blank tokens to expand; their ids in {@code order[0..n)}, best first */
    private int topTokens(float[] lp) {
        int n = 0;
        for (int c = 0; c < lp.length; c++) {
            if (c != CharVocabulary.BLANK && lp[c] >= config.pruneLogProb()) {
                order[n++] = c;
            }
        }
        // partial selection sort: the beamWidth best first
        int keep = Math.min(n, config.beamWidth());
        for (int i = 0; i < keep; i++) {
            int bi = i;
            for (int j = i + 1; j < n; j++) {
                if (lp[order[j]] > lp[order[bi]]) {
                    bi = j;
                }
            }
            int tmp = order[i];
            order[i] = order[bi];
            order[bi] = tmp;
        }
        return keep;
    }

    private float[] buffer(Node n) {
        if (n.buffer == null) {
            float[] b = pool.isEmpty() ? new float[bufferSize] : pool.pop();
            int j = transducer.jointSize();
            if (n.parent == null) {
                java.util.Arrays.fill(b, j, bufferSize, 0f);
                transducer.predict(CharVocabulary.BLANK, b, j, b, j, b, 0);
            } else {
                float[] pb = buffer(n.parent);
                transducer.predict(n.token, pb, j, b, j, b, 0);
            }
            n.buffer = b;
            buffered.add(n);
        }
        return n.buffer;
    }

    private void release(Node n) {
        if (n.buffer != null) {
            pool.push(n.buffer);
            n.buffer = null;
        }
    }

    private void add(Map<Node, double[]> m, Node n, double logP) {
        n.touched = offsetSteps + steps - 1;
        double[] v = m.get(n);
        if (v == null) {
            m.put(n, new double[] {logP});
        } else {
            v[0] = logAdd(v[0], logP);
        }
    }

    private Node extend(Node p, int c, long t) {
        Node child = tree.extend(p, c, t);
        if (child != null && child.step != t && child.touched < t && child.liveStep != t) {
            // a pruned prefix emitted anew (a new child already has step t); a child that is an ancestor of a surviving
            // hypothesis is not re-stamped, or its word would start after it ends
            child.step = t;
        }
        return child;
    }

    /**
     * Removes from {@code grown} the hypotheses that can no longer enter the next beam: once
     * {@code ended} holds a full beam, a grown prefix scoring below its weakest member only loses
     * probability by emitting more (every symbol and the closing blank multiply by probabilities
     * at most 1), so expanding it (one prediction-network step each) is wasted; its only remaining
     * effect would be merging into an equal prefix that ends later in this step, which is neglected.
     * Only with a word bonus {@code beta <= 0}: a positive bonus can raise a prefix's score when a
     * word completes, and then nothing is dropped.
     */
    private Map<Node, double[]> dropHopeless(Map<Node, double[]> grown, Map<Node, double[]> ended) {
        int width = config.beamWidth();
        if (ended.size() < width || grown.isEmpty() || config.wordBonus() > 0) {
            return grown;
        }
        double[] scores = new double[ended.size()];
        int i = 0;
        for (Map.Entry<Node, double[]> e : ended.entrySet()) {
            scores[i++] = score(e.getKey(), e.getValue());
        }
        java.util.Arrays.sort(scores);
        double floor = scores[scores.length - width];
        grown.entrySet().removeIf(e -> score(e.getKey(), e.getValue()) < floor && !ended.containsKey(e.getKey()));
        return grown;
    }

    private static Map<Node, double[]> prune(Map<Node, double[]> m, int width) {
        if (m.size() <= width) {
            return m;
        }
        List<Map.Entry<Node, double[]>> all = new ArrayList<>(m.entrySet());
        all.sort((a, b) -> Double.compare(score(b.getKey(), b.getValue()), score(a.getKey(), a.getValue())));
        Map<Node, double[]> kept = new HashMap<>();
        for (int i = 0; i < width; i++) {
            kept.put(all.get(i).getKey(), all.get(i).getValue());
        }
        return kept;
    }

    private static double score(Node n, double[] v) {
        return v[0] + n.lmScore;
    }

    private Node best() {
        Node best = null;
        double s = NEG_INF;
        for (Map.Entry<Node, double[]> e : beam.entrySet()) {
            double v = score(e.getKey(), e.getValue());
            if (v > s) {
                s = v;
                best = e.getKey();
            }
        }
        return best;
    }

    /**
     * A hypothesis of the beam.
     *
     * @param text the output prefix (partial last word included)
     * @param logScore {@code ln p_rnnt} summed over the prefix's alignments so far, plus the LM and
     *                 word-bonus terms of its completed words
     */
    public record Hypothesis(String text, double logScore) {
    }

    /** @return the beam's hypotheses, best first (an n-best list) */
    public List<Hypothesis> hypotheses() {
        List<Hypothesis> out = new ArrayList<>();
        for (Map.Entry<Node, double[]> e : beam.entrySet()) {
            out.add(new Hypothesis(PrefixTree.text(e.getKey()), score(e.getKey(), e.getValue())));
        }
        out.sort((a, b) -> Double.compare(b.logScore(), a.logScore()));
        return out;
    }

    /** @return the best current hypothesis (partial words included), without ending the segment */
    public String partial() {
        Node best = best();
        return best == null ? "" : PrefixTree.text(best);
    }

    /**
     * Ends the segment: scores the last word and the sentence end, and returns the best complete
     * hypothesis (one ending inside a word that is not in the lexicon is not complete; if no
     * hypothesis is complete, the best one is returned). The beam is not reset (call {@link #reset(long)}).
     *
     * @return the words with timings (possibly empty)
     */
    public List<WordTiming> finish() {
        List<Candidate> c = finishNBest();
        return c.isEmpty() ? List.of() : c.get(0).words();
    }

    /**
     * Ends the segment like {@link #finish()} but returns the whole final n-best list: every beam
     * hypothesis that is a valid final, best first by its final score (at most the beam width).
     *
     * @return the candidates; if no hypothesis is complete, the best partial one; empty for an empty beam
     */
    public List<Candidate> finishNBest() {
        return tree.finals(beam, TransducerBeamSearch::score, secondsPerStep);
    }
}
