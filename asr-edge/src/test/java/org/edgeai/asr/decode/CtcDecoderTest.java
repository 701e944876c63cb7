package org.edgeai.asr.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.edgeai.asr.data.CharVocabulary;
import org.junit.jupiter.api.Test;

class CtcDecoderTest {
    private static final int V = CharVocabulary.SIZE;
    private static final int A = 3;
    private static final int B = 4;
    private static final int[] LIVE = {CharVocabulary.BLANK, A, B};

    /** Log-probs over {blank, a, b} only; every other symbol far below the pruning threshold. */
    private static float[][] randomFrames(Random r, int frames) {
        float[][] lp = new float[frames][V];
        for (float[] row : lp) {
            java.util.Arrays.fill(row, -60f);
            double[] p = {r.nextDouble(), r.nextDouble(), r.nextDouble()};
            double s = p[0] + p[1] + p[2];
            for (int i = 0; i < 3; i++) {
                row[LIVE[i]] = (float) Math.log(p[i] / s);
            }
        }
        return lp;
    }

    /** The most probable labeling by summing all 3^T paths per collapsed string. */
    private static String bruteForceBest(float[][] lp) {
        int t = lp.length;
        Map<String, Double> prob = new HashMap<>();
        int n = (int) Math.pow(3, t);
        for (int code = 0; code < n; code++) {
            int c = code;
            double logp = 0;
            StringBuilder s = new StringBuilder();
            int prev = -1;
            for (int i = 0; i < t; i++) {
                int k = LIVE[c % 3];
                c /= 3;
                logp += lp[i][k];
                if (k != prev && k != CharVocabulary.BLANK) {
                    s.append(CharVocabulary.symbol(k));
                }
                prev = k;
            }
            prob.merge(s.toString(), Math.exp(logp), Double::sum);
        }
        return prob.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    @Test
    void wideBeamFindsTheMostProbableLabelingLikeBruteForce() {
        Random r = new Random(345);
        for (int trial = 0; trial < 40; trial++) {
            float[][] lp = randomFrames(r, 6);
            CtcDecoder d = new CtcDecoder(new DecoderConfig(1024, 0, 0, false, -12, 0.6), null, 0.04);
            for (float[] row : lp) {
                d.step(row);
            }
            List<WordTiming> w = d.finish();
            String got = w.isEmpty() ? "" : w.get(0).word();
            assertEquals(bruteForceBest(lp), got, "trial " + trial);
        }
    }

    @Test
    void lexiconForcesInVocabularyWordsAndLmPicksLikelySequences() {
        // frames favour "ab" (not a word) slightly over "a" and "b" alone
        Lexicon lex = new Lexicon(List.of("a", "b", "ba"));
        WordNgramLm lm = WordNgramLm.bigram(lex, List.of("a b", "a b", "ba"));
        float[][] lp = new float[4][V];
        for (float[] row : lp) {
            java.util.Arrays.fill(row, -60f);
        }
        set(lp[0], A, 0.9, 0.1);
        set(lp[1], B, 0.55, 0.45);
        set(lp[2], CharVocabulary.SPACE, 0.3, 0.7);
        set(lp[3], B, 0.3, 0.7);
        CtcDecoder greedy = new CtcDecoder(new DecoderConfig(64, 0, 0, false, -12, 0.6), null, 0.04);
        CtcDecoder lexical = new CtcDecoder(new DecoderConfig(64, 1.0, 1.0, true, -12, 0.6), lm, 0.04);
        for (float[] row : lp) {
            greedy.step(row);
            lexical.step(row);
        }
        assertEquals("ab", String.join(" ", greedy.finish().stream().map(WordTiming::word).toList()));
        List<WordTiming> words = lexical.finish();
        // "ab" is no word; with the lexicon the space path "a b" wins (LM: b follows a, then the sentence ends)
        assertEquals("a b", String.join(" ", words.stream().map(WordTiming::word).toList()));
        for (WordTiming w : words) {
            assertEquals(true, lex.id(w.word()) >= 0, "in lexicon: " + w.word());
        }
        assertEquals(0.0, words.get(0).startS(), 1e-9, "first word starts at step 0");
    }

    /**
     * A word spoken after a silence during which its first letter was a (pruned) candidate starts when it is spoken:
     * before, the cached prefix kept the step of its first, pruned creation (here 0 instead of 20).
     */
    @Test
    void aWordAfterSilenceStartsWhenItIsSpoken() {
        float[][] lp = new float[30][V];
        for (int t = 0; t < lp.length; t++) {
            java.util.Arrays.fill(lp[t], -60f);
            if (t < 20) {
                set(lp[t], A, 0.001, 0.999); // silence: 'a' is a candidate (above the pruning threshold) but loses
            } else if (t < 23) {
                set(lp[t], A, 0.95, 0.05);
            } else if (t < 26) {
                set(lp[t], B, 0.95, 0.05);
            } else {
                set(lp[t], B, 0.001, 0.999);
            }
        }
        CtcDecoder d = new CtcDecoder(new DecoderConfig(2, 0, 0, false, -12, 0.6), null, 0.04);
        for (float[] row : lp) {
            d.step(row);
        }
        List<WordTiming> w = d.finish();
        assertEquals("ab", w.get(0).word());
        assertEquals(20 * 0.04, w.get(0).startS(), 1e-9, "the word starts at its first frame");
        assertEquals(true, w.get(0).endS() > w.get(0).startS());
    }

    private static void set(float[] row, int sym, double p, double blank) {
        row[sym] = (float) Math.log(p);
        row[CharVocabulary.BLANK] = (float) Math.log(blank);
    }

    @Test
    void ngramIsNormalizedForEveryHistoryAndOrder() {
        Lexicon lex = new Lexicon(List.of("one", "two", "three"));
        List<String> text = List.of("one two", "two two three", "three", "one one two three");
        for (int order = 1; order <= 4; order++) {
            WordNgramLm lm = new WordNgramLm(lex, text, order);
            int[][] histories = {{}, {0}, {1}, {0, 1}, {1, 1, 2}, {2, 0}};
            for (int[] h : histories) {
                int st = lm.startState();
                for (int w : h) {
                    st = lm.next(st, w);
                }
                double s = Math.exp(lm.logProb(st, WordNgramLm.BOUNDARY));
                for (int w = 0; w < 3; w++) {
                    s += Math.exp(lm.logProb(st, w));
                }
                assertEquals(1.0, s, 1e-9, "order " + order + " history " + java.util.Arrays.toString(h));
            }
        }
        // seen trigram "two two three": P(three | two two) exceeds the bigram estimate P(three | two)
        WordNgramLm tri = new WordNgramLm(lex, text, 3);
        WordNgramLm bi = new WordNgramLm(lex, text, 2);
        int t2 = tri.next(tri.next(tri.startState(), 1), 1);
        int b2 = bi.next(bi.next(bi.startState(), 1), 1);
        assertEquals(true, tri.logProb(t2, 2) > bi.logProb(b2, 2));
        assertThrows(IllegalArgumentException.class, () -> new Lexicon(List.of("two words")));
        assertThrows(IllegalArgumentException.class, () -> new CtcDecoder(DecoderConfig.beamWithLm(), null, 0.04));
        // an LM weight without the lexicon: unknown spellings would escape the LM and beat real words
        assertThrows(IllegalArgumentException.class, () -> new DecoderConfig(16, 0.3, 0.5, false, -12, 0.6));
    }
}
