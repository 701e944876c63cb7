package org.edgeai.asr.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.edgeai.asr.data.CharVocabulary;
import org.junit.jupiter.api.Test;

/** N-best pooling and the log-linear combined score, checked against hand-computed values. */
class SystemCombinationTest {
    private static final List<String> TRANSCRIPTS = List.of("yes", "no", "yes no", "no no yes");

    private static Candidate cand(String text) {
        return new Candidate(text, Arrays.stream(text.split(" ")).filter(w -> !w.isEmpty()).map(w -> new WordTiming(w, 0, 1)).toList(), 0);
    }

    /** A scorer that looks the hypothesis up by its text. */
    private static SystemCombination.SequenceScorer table(Map<String, Double> ll) {
        return hyps -> hyps.stream().mapToDouble(y -> ll.get(CharVocabulary.decode(y, y.length))).toArray();
    }

    @Test
    void poolsByTextKeepsTheFirstSourceAndScoresEveryHypothesisUnderEverySystem() {
        WordNgramLm lm = new WordNgramLm(Lexicon.fromTranscripts(TRANSCRIPTS), TRANSCRIPTS, 2);
        var a = table(Map.of("yes", -1.0, "no", -2.0, "yes no", -4.0));
        var b = table(Map.of("yes", -3.0, "no", -0.5, "yes no", -1.0));
        List<SystemCombination.Scored> pool = SystemCombination.pool(
                List.of(List.of(cand("yes"), cand("no")), List.of(cand("no"), cand("yes no"))), List.of(a, b), lm);
        assertEquals(List.of("yes", "no", "yes no"), pool.stream().map(s -> s.candidate().text()).toList());
        assertEquals(List.of(0, 0, 1), pool.stream().map(SystemCombination.Scored::source).toList());
        assertEquals(-4.0, pool.get(2).logLikelihoods()[0]);
        assertEquals(-1.0, pool.get(2).logLikelihoods()[1]);
        assertEquals(2, pool.get(2).words());
        int yes = lm.lexicon().id("yes");
        int no = lm.lexicon().id("no");
        double lmYesNo = lm.logProb(lm.startState(), yes) + lm.logProb(lm.next(lm.startState(), yes), no)
                + lm.logProb(lm.next(lm.next(lm.startState(), yes), no), WordNgramLm.BOUNDARY);
        assertEquals(lmYesNo, pool.get(2).lmLogProb(), 1e-12);

        // S = w0 ll0 + w1 ll1 + alpha lm + beta words, by hand
        var w = new SystemCombination.Weights(List.of(1.0, 0.5), 0.3, 0.25);
        for (SystemCombination.Scored s : pool) {
            double[] ll = s.logLikelihoods();
            assertEquals(ll[0] + 0.5 * ll[1] + 0.3 * s.lmLogProb() + 0.25 * s.words(), s.score(w), 1e-12);
        }
        // system a alone prefers "yes"; system b alone prefers "no"; b with weight 1 and a with 0.2: "no" (-0.9 vs -3.2 vs -1.8)
        assertEquals("yes", SystemCombination.choose(pool, new SystemCombination.Weights(List.of(1.0, 0.0), 0, 0)).candidate().text());
        assertEquals("no", SystemCombination.choose(pool, new SystemCombination.Weights(List.of(0.0, 1.0), 0, 0)).candidate().text());
        assertEquals("no", SystemCombination.choose(pool, new SystemCombination.Weights(List.of(0.2, 1.0), 0, 0)).candidate().text());
        // a large word bonus favours the two-word hypothesis (-4 - 1 + 2 * 3 = 1 > -2.5 + 3 = 0.5 > -4 + 3 = -1)
        assertEquals("yes no", SystemCombination.choose(pool, new SystemCombination.Weights(List.of(1.0, 1.0), 0, 3)).candidate().text());
    }

    @Test
    void outOfLexiconWordsOnlyLoseWhenTheLmCounts() {
        WordNgramLm lm = new WordNgramLm(Lexicon.fromTranscripts(TRANSCRIPTS), TRANSCRIPTS, 2);
        assertEquals(Double.NEGATIVE_INFINITY, SystemCombination.lmLogProb(lm, "yes maybe"));
        assertEquals(lm.logProb(lm.startState(), WordNgramLm.BOUNDARY), SystemCombination.lmLogProb(lm, ""), 1e-12);
        assertEquals(0.0, SystemCombination.lmLogProb(null, "anything"));
        var s = table(Map.of("maybe", -0.1, "no", -5.0));
        List<SystemCombination.Scored> pool = SystemCombination.pool(List.of(List.of(cand("maybe"), cand("no"))), List.of(s), lm);
        assertEquals("maybe", SystemCombination.choose(pool, new SystemCombination.Weights(List.of(1.0), 0, 0)).candidate().text());
        assertEquals("no", SystemCombination.choose(pool, new SystemCombination.Weights(List.of(1.0), 0.1, 0)).candidate().text());
    }

    @Test
    void badWeightsAndMismatchedInputsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SystemCombination.Weights(List.of(), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new SystemCombination.Weights(List.of(1.0, -0.1), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new SystemCombination.Weights(List.of(Double.NaN), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new SystemCombination.Weights(List.of(1.0), -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SystemCombination.Weights(List.of(1.0), 0, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> SystemCombination.pool(List.of(List.of()), List.of(), null));
        assertThrows(IllegalArgumentException.class, () -> SystemCombination.choose(List.of(), new SystemCombination.Weights(List.of(1.0), 0, 0)));
        var one = SystemCombination.pool(List.of(List.of(cand("no"))), List.of(h -> new double[] {-1.0}), null);
        assertThrows(IllegalArgumentException.class, () -> one.get(0).score(new SystemCombination.Weights(List.of(1.0, 1.0), 0, 0)));
    }
}
