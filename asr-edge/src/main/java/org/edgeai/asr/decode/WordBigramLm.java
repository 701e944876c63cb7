package org.edgeai.asr.decode;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * A word bigram language model with interpolated Witten-Bell smoothing (Witten and Bell 1991; Chen
 * and Goodman, "An Empirical Study of Smoothing Techniques for Language Modeling", 1998, sec. 2.5):
 * {@code P(w|v) = (c(v,w) + N1+(v .) P_uni(w)) / (c(v) + N1+(v .))}, with the add-one unigram
 * {@code P_uni(w) = (c(w) + 1) / (N + |V|)} over the lexicon plus the end symbol. Sentence start
 * and end are the context and token id {@link #BOUNDARY}.
 *
 * @implNote Immutable after construction; thread-safe.
 */
public final class WordBigramLm {
    /** Id of the sentence boundary (start context and end token). */
    public static final int BOUNDARY = -1;
    private final Lexicon lexicon;
    private final int vocab; // lexicon + end symbol
    private final double[] unigram;
    private final Map<Long, Integer> bigram = new HashMap<>();
    private final Map<Integer, int[]> context = new HashMap<>(); // v -> {c(v), N1+(v .)}

    /**
     * @param lexicon the word ids
     * @param transcripts training sentences; words outside the lexicon are skipped
     */
    public WordBigramLm(Lexicon lexicon, Collection<String> transcripts) {
        this.lexicon = lexicon;
        this.vocab = lexicon.size() + 1;
        long[] counts = new long[vocab];
        long total = 0;
        for (String t : transcripts) {
            int prev = BOUNDARY;
            String[] ws = t.trim().split("\\s+");
            for (int i = 0; i <= ws.length; i++) {
                int w = i < ws.length ? lexicon.id(ws[i]) : BOUNDARY;
                if (i < ws.length && (ws[i].isEmpty() || w < 0)) {
                    continue;
                }
                counts[index(w)]++;
                total++;
                long key = key(prev, w);
                Integer c = bigram.get(key);
                bigram.put(key, c == null ? 1 : c + 1);
                int[] ctx = context.computeIfAbsent(prev, k -> new int[2]);
                ctx[0]++;
                if (c == null) {
                    ctx[1]++;
                }
                prev = w;
            }
        }
        unigram = new double[vocab];
        for (int i = 0; i < vocab; i++) {
            unigram[i] = (counts[i] + 1.0) / (total + vocab);
        }
    }

    private int index(int w) {
        return w == BOUNDARY ? vocab - 1 : w;
    }

    private static long key(int v, int w) {
        return ((long) v << 32) ^ (w & 0xFFFFFFFFL);
    }

    /**
     * @param prev previous word id or {@link #BOUNDARY}
     * @param word word id or {@link #BOUNDARY} (end of sentence)
     * @return {@code ln P(word | prev)}
     */
    public double logProb(int prev, int word) {
        double pu = unigram[index(word)];
        int[] ctx = context.get(prev);
        if (ctx == null) {
            return Math.log(pu);
        }
        Integer c = bigram.get(key(prev, word));
        return Math.log(((c == null ? 0 : c) + ctx[1] * pu) / (ctx[0] + ctx[1]));
    }

    /** @return the lexicon */
    public Lexicon lexicon() {
        return lexicon;
    }
}
