package org.edgeai.asr.decode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleBiFunction;
import org.edgeai.asr.data.CharVocabulary;

/**
 * The output-prefix tree shared by the beam searches ({@link CtcDecoder}, {@link TransducerBeamSearch}):
 * each node is a character appended to its parent, with the encoder step of the emission, the
 * lexicon-trie node of the current partial word and the word-LM state and score of the completed
 * words. Extension applies the rules both searches share: no leading or double space; with a
 * lexicon, a character may only extend a prefix of a lexicon word and a space only follows a
 * complete word (lexicon-constrained decoding, Hannun et al., arXiv:1408.2873, alg. 1); a space
 * that completes a word adds {@code beta + alpha ln P_lm(word | history)} (shallow fusion, Gulcehre
 * et al. 2015), so a prefix's LM part is {@code alpha ln P_lm(words) + beta |words|}.
 *
 * <p>Children are cached, so an output string is one node however often the search reaches it.
 *
 * @param <N> the searches' node type (each adds its own per-prefix state)
 * @implNote Not thread-safe (nodes cache children); one per search instance.
 */
final class PrefixTree<N extends PrefixTree.Node<N>> {
    /**
     * Marks, at the start of step {@code t}, every beam member and all its ancestors as live. An extension that lands
     * on a cached child that is not live is a new emission of that token (its earlier one was pruned with every prefix
     * that continued it), so the search stamps it with {@code t}; a live child keeps the step of its emission, which
     * surviving hypotheses still carry.
     *
     * @param beam the hypotheses the step extends
     * @param t    the step
     */
    static <N extends Node<N>> void markLive(Iterable<N> beam, long t) {
        for (N n : beam) {
            n.liveStep = t;
            for (N a = n.parent; a != null && a.ancestorStep != t; a = a.parent) {
                a.ancestorStep = t;
                a.liveStep = t;
            }
        }
    }

    /** A prefix: a token appended to its parent; subclassed by each search for its own state. */
    abstract static class Node<N extends Node<N>> {
        final N parent;
        final int token;          // -1 for the root
        long step;                // encoder step of the emission (a search may refresh it)
        final Lexicon.Node lex;   // trie node of the current partial word (root after a space); null without lexicon
        final int lmState;        // LM state after the completed words
        final double lmScore;     // alpha ln P_lm + beta words, of the completed words
        final int words;
        long liveStep = -1;       // last step at whose start the prefix or one of its descendants was in the beam
        long ancestorStep = -1;   // last step at whose start one of its strict descendants was in the beam
        private Map<Integer, N> children;

        Node(N parent, int token, long step, Lexicon.Node lex, int lmState, double lmScore, int words) {
            this.parent = parent;
            this.token = token;
            this.step = step;
            this.lex = lex;
            this.lmState = lmState;
            this.lmScore = lmScore;
            this.words = words;
        }

        /** @return the cached child for {@code token}, or null */
        final N child(int token) {
            return children == null ? null : children.get(token);
        }

        final void cacheChild(int token, N child) {
            if (children == null) {
                children = new HashMap<>(4);
            }
            children.put(token, child);
        }

        /** @return whether the prefix ends inside a word (its last token is a character, not a space) */
        final boolean endsInWord() {
            return token >= 0 && token != CharVocabulary.SPACE;
        }
    }

    /** Creates a search's node; the arguments are those of {@link Node}'s constructor. */
    @FunctionalInterface
    interface NodeFactory<N> {
        N create(N parent, int token, long step, Lexicon.Node lex, int lmState, double lmScore, int words);
    }

    private final DecoderConfig config;
    private final WordNgramLm lm;
    private final Lexicon lexicon;
    private final NodeFactory<N> factory;

    /**
     * @param config LM weight, word bonus, lexicon use
     * @param lm word LM and lexicon; null only when the config uses neither (checked by the searches)
     * @param factory makes the search's nodes
     */
    PrefixTree(DecoderConfig config, WordNgramLm lm, NodeFactory<N> factory) {
        this.config = config;
        this.lm = lm;
        this.lexicon = lm == null ? null : lm.lexicon();
        this.factory = factory;
    }

    /** @return a new, empty root (step -1, LM start state, no words) */
    N newRoot() {
        return factory.create(null, -1, -1, config.useLexicon() ? lexicon.root() : null,
                lm == null ? 0 : lm.startState(), 0, 0);
    }

    /**
     * The prefix {@code p} followed by token {@code c}: the cached child, else a new one emitted at
     * step {@code t}.
     *
     * @return the child, or null if the extension is not allowed (leading or double space, not a
     *         lexicon prefix, or a space after a word not in the lexicon)
     */
    N extend(N p, int c, long t) {
        N cached = p.child(c);
        if (cached != null) {
            return cached;
        }
        N child;
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
            child = factory.create(p, c, t, config.useLexicon() ? lexicon.root() : null, state, p.lmScore + lmAdd,
                    p.words + 1);
        } else {
            Lexicon.Node n = null;
            if (config.useLexicon()) {
                n = p.lex.child(c);
                if (n == null) {
                    return null;
                }
            }
            child = factory.create(p, c, t, n, p.lmState, p.lmScore, p.words);
        }
        p.cacheChild(c, child);
        return child;
    }

    /**
     * Ends the segment after {@code p}: adds to {@code score} the last word's bonus and LM term (if
     * the prefix ends inside a word) and the sentence end {@code alpha ln P_lm(</s> | history)}.
     *
     * @param score the prefix's search score (acoustic part plus {@link Node#lmScore})
     * @return the final score, or -inf if {@code p} ends in a partial word that is not in the
     *         lexicon while the lexicon constrains the search (not a valid final)
     */
    double endScore(N p, double score) {
        boolean endsInWord = p.endsInWord();
        int word = endsInWord ? completedWord(p) : -1;
        if (endsInWord && config.useLexicon() && word < 0) {
            return Double.NEGATIVE_INFINITY; // partial word: not a valid final
        }
        double s = score;
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
        return s;
    }

    /** @return the lexicon id of the word ending at {@code p} (no trailing space), or -1 */
    private int completedWord(N p) {
        if (config.useLexicon()) {
            return p.lex.wordId();
        }
        if (lexicon == null) {
            return -1;
        }
        return lexicon.id(lastWordText(p));
    }

    private static String lastWordText(Node<?> p) {
        StringBuilder b = new StringBuilder();
        for (Node<?> q = p; q != null && q.endsInWord(); q = q.parent) {
            b.append(CharVocabulary.symbol(q.token));
        }
        return b.reverse().toString();
    }

    /** @return the prefix's text, without leading or trailing space */
    static String text(Node<?> p) {
        StringBuilder b = new StringBuilder();
        for (Node<?> q = p; q != null && q.token >= 0; q = q.parent) {
            b.append(CharVocabulary.symbol(q.token));
        }
        return b.reverse().toString().trim();
    }

    /**
     * @param secondsPerStep encoder step duration
     * @return the prefix's words, each from its first character's emission step to the end of its
     *         last character's step
     */
    static List<WordTiming> timings(Node<?> p, double secondsPerStep) {
        List<Node<?>> chain = new ArrayList<>();
        for (Node<?> q = p; q != null && q.token >= 0; q = q.parent) {
            chain.add(q);
        }
        Collections.reverse(chain);
        List<WordTiming> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        long start = -1;
        long end = -1;
        for (Node<?> q : chain) {
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

    /**
     * The final n-best list of a beam: every prefix that is a valid final ({@link #endScore} finite),
     * best first by its final score; if none is, the single best prefix by its search score (so a
     * segment always has an answer).
     *
     * @param beam prefixes with their search-specific score arrays
     * @param score a prefix's search score (acoustic part plus {@link Node#lmScore}) from its array
     * @param secondsPerStep encoder step duration, for word timings
     * @return the candidates (empty only for an empty beam)
     */
    <V> List<Candidate> finals(Map<N, V> beam, ToDoubleBiFunction<N, V> score, double secondsPerStep) {
        List<Map.Entry<N, Double>> complete = new ArrayList<>();
        N fallback = null;
        double fallbackScore = Double.NEGATIVE_INFINITY;
        for (Map.Entry<N, V> e : beam.entrySet()) {
            double s = score.applyAsDouble(e.getKey(), e.getValue());
            if (fallback == null || s > fallbackScore) {
                fallbackScore = s;
                fallback = e.getKey();
            }
            double f = endScore(e.getKey(), s); // -inf for a partial word that is not a valid final
            if (f > Double.NEGATIVE_INFINITY) {
                complete.add(Map.entry(e.getKey(), f));
            }
        }
        List<Candidate> out = new ArrayList<>();
        if (complete.isEmpty()) {
            if (fallback != null) {
                out.add(candidate(fallback, fallbackScore, secondsPerStep));
            }
            return out;
        }
        complete.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
        for (Map.Entry<N, Double> e : complete) {
            out.add(candidate(e.getKey(), e.getValue(), secondsPerStep));
        }
        return out;
    }

    private static Candidate candidate(Node<?> p, double score, double secondsPerStep) {
        List<WordTiming> w = timings(p, secondsPerStep);
        StringBuilder b = new StringBuilder();
        for (WordTiming t : w) {
            b.append(b.length() > 0 ? " " : "").append(t.word());
        }
        return new Candidate(b.toString(), w, score);
    }
}
