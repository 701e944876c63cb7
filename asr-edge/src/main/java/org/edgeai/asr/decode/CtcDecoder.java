package org.edgeai.asr.decode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.edgeai.asr.data.CharVocabulary;

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
    private static final double NEG_INF = Double.NEGATIVE_INFINITY;
    private final DecoderConfig config;
    private final WordNgramLm lm;
    private final Lexicon lexicon;
    private final double secondsPerStep;
    private Map<Prefix, double[]> beam = new HashMap<>();
    private Map<Prefix, double[]> next = new HashMap<>();
    private Prefix root;
    private long steps;
    private long offsetSteps;

    /** An output prefix: a character appended to its parent; children are cached so equal strings share one node. */
    static final class Prefix {
        final Prefix parent;
        final int token;          // -1 for the root
        final long step;          // encoder step of the emission
        final Lexicon.Node node;  // trie node of the current partial word (root after a space); null without lexicon
        final int lmState;        // LM state after the completed words
        final double lmScore;     // alpha * ln P_lm + beta * words, of the completed words
        final int words;
        private Map<Integer, Prefix> children;

        Prefix(Prefix parent, int token, long step, Lexicon.Node node, int lmState, double lmScore, int words) {
            this.parent = parent;
            this.token = token;
            this.step = step;
            this.node = node;
            this.lmState = lmState;
            this.lmScore = lmScore;
            this.words = words;
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
        this.lm = lm;
        this.lexicon = lm == null ? null : lm.lexicon();
        this.secondsPerStep = secondsPerStep;
        reset(0);
    }

    /** Clears the beam; the next segment starts at absolute step {@code startStep}. */
    public void reset(long startStep) {
        root = new Prefix(null, -1, -1, config.useLexicon() ? lexicon.root() : null, lm == null ? 0 : lm.startState(), 0, 0);
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
                Prefix child = extend(p, c, t);
                if (child == null) {
                    continue;
                }
                double from = c == p.token ? pb : total;
                add(child, NEG_INF, from + lp);
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

    private Prefix extend(Prefix p, int c, long t) {
        if (p.children != null) {
            Prefix cached = p.children.get(c);
            if (cached != null) {
                return cached;
            }
        }
        Prefix child;
        if (c == CharVocabulary.SPACE) {
            if (p.token < 0 || p.token == CharVocabulary.SPACE) {
                return null; // no leading or double space
            }
            int word = completedWord(p);
            if (config.useLexicon() && word < 0) {
                return null;
            }
            boolean scored = lm != null && config.lmWeight() > 0 && word >= 0;
            double lmAdd = config.wordBonus() + (scored ? config.lmWeight() * lm.logProb(p.lmState, word) : 0);
            int state = lm != null && word >= 0 ? lm.next(p.lmState, word) : p.lmState;
            child = new Prefix(p, c, t, config.useLexicon() ? lexicon.root() : null, state, p.lmScore + lmAdd, p.words + 1);
        } else {
            Lexicon.Node n = null;
            if (config.useLexicon()) {
                n = p.node.child(c);
                if (n == null) {
                    return null;
                }
            }
            child = new Prefix(p, c, t, n, p.lmState, p.lmScore, p.words);
        }
        if (p.children == null) {
            p.children = new HashMap<>(4);
        }
        p.children.put(c, child);
        return child;
    }

    /** @return the lexicon id of the word ending at {@code p} (no trailing space), or -1 */
    private int completedWord(Prefix p) {
        if (config.useLexicon()) {
            return p.node.wordId();
        }
        if (lexicon == null) {
            return -1;
        }
        return lexicon.id(lastWordText(p));
    }

    private static String lastWordText(Prefix p) {
        StringBuilder b = new StringBuilder();
        for (Prefix q = p; q != null && q.token >= 0 && q.token != CharVocabulary.SPACE; q = q.parent) {
            b.append(CharVocabulary.symbol(q.token));
        }
        return b.reverse().toString();
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
        Prefix best = bestPrefix(false);
        return best == null ? "" : text(best);
    }

    /**
     * Ends the segment: scores the last word and the sentence end, and returns the best complete
     * hypothesis. The beam is not reset (call {@link #reset(long)}).
     *
     * @return the words with timings (possibly empty)
     */
    public List<WordTiming> finish() {
        Prefix best = bestPrefix(true);
        return best == null ? List.of() : timings(best);
    }

    private Prefix bestPrefix(boolean complete) {
        Prefix best = null;
        double bestScore = NEG_INF;
        Prefix fallback = null;
        double fallbackScore = NEG_INF;
        for (Map.Entry<Prefix, double[]> e : beam.entrySet()) {
            Prefix p = e.getKey();
            double s = score(p, e.getValue());
            if (s > fallbackScore) {
                fallbackScore = s;
                fallback = p;
            }
            if (complete) {
                boolean endsInWord = p.token >= 0 && p.token != CharVocabulary.SPACE;
                int word = endsInWord ? completedWord(p) : -1;
                if (endsInWord && config.useLexicon() && word < 0) {
                    continue; // partial word: not a valid final
                }
                int state = p.lmState;
                if (endsInWord) {
                    s += config.wordBonus();
                    if (lm != null && config.lmWeight() > 0 && word >= 0) {
                        s += config.lmWeight() * lm.logProb(state, word);
                        state = lm.next(state, word);
                    }
                }
                if (lm != null && config.lmWeight() > 0) {
                    s += config.lmWeight() * lm.logProb(state, WordNgramLm.BOUNDARY); // the empty output pays P(</s>|<s>)
                }
            }
            if (s > bestScore) {
                bestScore = s;
                best = p;
            }
        }
        return best != null ? best : fallback;
    }

    private static String text(Prefix p) {
        StringBuilder b = new StringBuilder();
        for (Prefix q = p; q != null && q.token >= 0; q = q.parent) {
            b.append(CharVocabulary.symbol(q.token));
        }
        return b.reverse().toString().trim();
    }

    private List<WordTiming> timings(Prefix p) {
        List<Prefix> chain = new ArrayList<>();
        for (Prefix q = p; q != null && q.token >= 0; q = q.parent) {
            chain.add(q);
        }
        java.util.Collections.reverse(chain);
        List<WordTiming> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        long start = -1;
        long end = -1;
        for (Prefix q : chain) {
            if (q.token == CharVocabulary.SPACE) {
                if (w.length() > 0) {
                    out.add(new WordTiming(w.toString(), start * secondsPerStep, (end + 1) * secondsPerStep));
                    w.setLength(0);
                }
                continue;
            }
            if (w.length() == 0) {
                start = q.step;
            }
            w.append(CharVocabulary.symbol(q.token));
            end = q.step;
        }
        if (w.length() > 0) {
            out.add(new WordTiming(w.toString(), start * secondsPerStep, (end + 1) * secondsPerStep));
        }
        return out;
    }

    private static double logAdd(double a, double b) {
        if (a == NEG_INF) {
            return b;
        }
        if (b == NEG_INF) {
            return a;
        }
        return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
    }
}
