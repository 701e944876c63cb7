package org.edgeai.asr.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A word n-gram language model with interpolated Witten-Bell smoothing (Witten and Bell 1991; Chen
 * and Goodman, "An Empirical Study of Smoothing Techniques for Language Modeling", 1998, eq. 9):
 * {@code P(w|h) = (c(h,w) + N1+(h .) P(w|h')) / (c(h) + N1+(h .))}, with {@code h'} the history
 * without its oldest word, {@code P(w|h) = P(w|h')} for unseen histories, and the add-one unigram
 * {@code P(w) = (c(w) + 1) / (N + |V|)} over the lexicon plus the end symbol at the bottom. On AN4,
 * where spelled letters are words, the higher orders act as a letter n-gram over spellings.
 *
 * <p>Decoders carry an integer {@linkplain #startState() state} (the last {@code order - 1} words)
 * and advance it with {@link #next}.
 *
 * @implNote Thread-safe for concurrent readers after construction except for its memo tables,
 * which are synchronized; states are interned on first use.
 */
public final class WordNgramLm {
    /** Id of the sentence boundary (start context and end token). */
    public static final int BOUNDARY = -1;
    private final Lexicon lexicon;
    private final int order;
    private final int vocab;
    private final double[] unigram;
    private final Map<List<Integer>, Map<Integer, Integer>> counts = new HashMap<>(); // history -> word -> count
    private final Map<List<Integer>, int[]> totals = new HashMap<>();                 // history -> {c(h), N1+(h .)}
    private final List<List<Integer>> states = new ArrayList<>();
    private final Map<List<Integer>, Integer> stateIds = new HashMap<>();
    private final Map<Long, Integer> nextMemo = new HashMap<>();
    private final Map<Long, Double> probMemo = new HashMap<>();

    /**
     * @param lexicon word ids
     * @param transcripts training sentences; out-of-lexicon words are dropped from them (their neighbours then count
     *                    as adjacent; {@code LanguageResources} builds the lexicon from the same transcripts, so
     *                    none are dropped there)
     * @param order n-gram order, 1 to 6
     * @throws IllegalArgumentException if the order is out of range
     */
    public WordNgramLm(Lexicon lexicon, Collection<String> transcripts, int order) {
        if (order < 1 || order > 6) {
            throw new IllegalArgumentException("n-gram order must be in [1, 6], got " + order);
        }
        this.lexicon = lexicon;
        this.order = order;
        this.vocab = lexicon.size() + 1;
        long[] uni = new long[vocab];
        long total = 0;
        for (String t : transcripts) {
            List<Integer> sentence = new ArrayList<>();
            sentence.add(BOUNDARY);
            for (String w : t.trim().split("\\s+")) {
                if (!w.isEmpty() && lexicon.id(w) >= 0) {
                    sentence.add(lexicon.id(w));
                }
            }
            sentence.add(BOUNDARY);
            for (int i = 1; i < sentence.size(); i++) {
                int w = sentence.get(i);
                uni[index(w)]++;
                total++;
                for (int n = 1; n < order && i - n >= 0; n++) {
                    List<Integer> h = List.copyOf(sentence.subList(i - n, i));
                    Map<Integer, Integer> m = counts.computeIfAbsent(h, k -> new HashMap<>());
                    Integer c = m.get(w);
                    m.put(w, c == null ? 1 : c + 1);
                    int[] tot = totals.computeIfAbsent(h, k -> new int[2]);
                    tot[0]++;
                    if (c == null) {
                        tot[1]++;
                    }
                }
            }
        }
        unigram = new double[vocab];
        for (int i = 0; i < vocab; i++) {
            unigram[i] = (uni[i] + 1.0) / (total + vocab);
        }
        intern(order > 1 ? List.of(BOUNDARY) : List.of());
    }

    /** A bigram model (order 2). */
    public static WordNgramLm bigram(Lexicon lexicon, Collection<String> transcripts) {
        return new WordNgramLm(lexicon, transcripts, 2);
    }

    private int index(int w) {
        return w == BOUNDARY ? vocab - 1 : w;
    }

    private synchronized int intern(List<Integer> h) {
        Integer id = stateIds.get(h);
        if (id == null) {
            id = states.size();
            states.add(h);
            stateIds.put(h, id);
        }
        return id;
    }

    /** @return the state at the start of a sentence */
    public int startState() {
        return 0;
    }

    /** @return the n-gram order */
    public int order() {
        return order;
    }

    /** @return the state after {@code word} follows {@code state} */
    public synchronized int next(int state, int word) {
        long key = ((long) state << 32) ^ (word & 0xFFFFFFFFL);
        Integer n = nextMemo.get(key);
        if (n != null) {
            return n;
        }
        List<Integer> h = new ArrayList<>(states.get(state));
        h.add(word);
        while (h.size() > order - 1) {
            h.remove(0);
        }
        int id = intern(List.copyOf(h));
        nextMemo.put(key, id);
        return id;
    }

    /**
     * @param state a state from {@link #startState()} / {@link #next}
     * @param word word id or {@link #BOUNDARY} (end of sentence)
     * @return {@code ln P(word | state)}
     */
    public synchronized double logProb(int state, int word) {
        long key = ((long) state << 32) ^ (word & 0xFFFFFFFFL);
        Double p = probMemo.get(key);
        if (p == null) {
            p = Math.log(prob(states.get(state), word));
            probMemo.put(key, p);
        }
        return p;
    }

    private double prob(List<Integer> h, int w) {
        if (h.isEmpty()) {
            return unigram[index(w)];
        }
        double lower = prob(h.subList(1, h.size()), w);
        int[] tot = totals.get(h);
        if (tot == null) {
            return lower;
        }
        Integer c = counts.get(h).get(w);
        return ((c == null ? 0 : c) + tot[1] * lower) / (tot[0] + tot[1]);
    }

    /** @return the lexicon */
    public Lexicon lexicon() {
        return lexicon;
    }

    @Override
    public String toString() {
        return order + "-gram Witten-Bell over " + lexicon.size() + " words (" + Arrays.toString(new int[] {totals.size()}) + " histories)";
    }
}
