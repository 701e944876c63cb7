package org.edgeai.asr.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.edgeai.asr.data.CharVocabulary;
import org.edgeai.asr.loss.RnntLoss;
import org.edgeai.asr.model.AsrModel;
import org.edgeai.asr.model.RandomTransducerModels;
import org.edgeai.asr.model.Transducer;
import org.edgeai.kernel.testing.Rng;
import org.junit.jupiter.api.Test;

/**
 * RNN-T beam search against brute force: on small random transducers whose joiner only gives
 * blank, 'a' and 'b' non-negligible probability, a beam wide enough to keep every prefix must
 * return the label sequence of highest probability, found by enumerating every sequence and every
 * split of it into frames (at most {@code CAP} symbols per frame, as the search allows).
 */
class TransducerBeamSearchTest {
    private static final int V = CharVocabulary.SIZE;
    private static final int A = CharVocabulary.encode("a")[0];
    private static final int B = CharVocabulary.encode("b")[0];
    private static final int CAP = 2;
    private static final int P = 6;
    private static final int J = 5;

    private static AsrModel model(long seed) {
        float[] bias = new float[V];
        Arrays.fill(bias, -40f);
        bias[CharVocabulary.BLANK] = 0.5f;
        bias[A] = 0f;
        bias[B] = 0f;
        return RandomTransducerModels.of(seed, P, J, bias, CharVocabulary.BLANK, A, B);
    }

    /** ln P(y | x) summed over every split of y into frames of at most CAP symbols, each frame ending in a blank. */
    private static double logProbCapped(Transducer t, float[][] enc, int[] y) {
        return logProbCapped(t, enc, y, CAP);
    }

    /** ln P(y | x) summed over every split of y into frames of at most {@code cap} symbols, each frame ending in a blank. */
    private static double logProbCapped(Transducer t, float[][] enc, int[] y, int cap) {
        float[][] pred = predictions(t, y);
        float[] lp = new float[V];
        // f[u] = ln P(first u labels emitted before the current frame)
        double[] f = new double[y.length + 1];
        Arrays.fill(f, Double.NEGATIVE_INFINITY);
        f[0] = 0;
        for (float[] e : enc) {
            double[] g = new double[y.length + 1];
            Arrays.fill(g, Double.NEGATIVE_INFINITY);
            for (int u0 = 0; u0 <= y.length; u0++) {
                if (f[u0] == Double.NEGATIVE_INFINITY) {
                    continue;
                }
                double s = f[u0];
                for (int u = u0; u <= Math.min(y.length, u0 + cap); u++) {
                    t.jointLogProbs(e, pred[u], 0, lp);
                    g[u] = logAdd(g[u], s + lp[CharVocabulary.BLANK]);
                    if (u < y.length) {
                        s += lp[y[u]];
                    }
                }
            }
            f = g;
        }
        return f[y.length];
    }

    /** ln P(y | x) by the training loss (RnntLoss) over the joiner's log-probabilities at every lattice node. */
    private static double trainingLossLogProb(Transducer t, float[][] enc, int[] y) {
        float[][] pred = predictions(t, y);
        int u1 = y.length + 1;
        float[] logits = new float[enc.length * u1 * V];
        for (int f = 0; f < enc.length; f++) {
            for (int u = 0; u < u1; u++) {
                float[] lp = new float[V];
                t.jointLogProbs(enc[f], pred[u], 0, lp);
                System.arraycopy(lp, 0, logits, (f * u1 + u) * V, V);
            }
        }
        return -new RnntLoss(CharVocabulary.BLANK).compute(logits, 0, enc.length, y.length, u1, V, y, null, 0).negLogLikelihood();
    }

    private static float[][] predictions(Transducer t, int[] y) {
        float[][] pred = new float[y.length + 1][t.jointSize()];
        float[] state = new float[t.stateSize()];
        t.predict(CharVocabulary.BLANK, state, 0, state, 0, pred[0], 0);
        for (int u = 0; u < y.length; u++) {
            t.predict(y[u], state, 0, state, 0, pred[u + 1], 0);
        }
        return pred;
    }

    private static double logAdd(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        double m = Math.max(a, b);
        return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
    }

    private static List<int[]> allSequences(int maxLength) {
        List<int[]> out = new ArrayList<>();
        for (int len = 0; len <= maxLength; len++) {
            for (int code = 0; code < 1 << len; code++) {
                int[] y = new int[len];
                for (int i = 0; i < len; i++) {
                    y[i] = ((code >> i) & 1) == 0 ? A : B;
                }
                out.add(y);
            }
        }
        return out;
    }

    private static float[][] encoderSteps(long seed, int frames) {
        RandomGenerator r = Rng.of(seed * 31 + 1);
        float[][] enc = new float[frames][];
        for (int i = 0; i < frames; i++) {
            enc[i] = Rng.floats(r, J, 2f);
        }
        return enc;
    }

    private static String text(int[] y) {
        return CharVocabulary.decode(y, y.length);
    }

    @Test
    void sequenceLogLikelihoodSumsEveryAlignment() {
        for (long seed = 1; seed <= 4; seed++) {
            Transducer t = model(seed).newTransducer();
            float[][] enc = encoderSteps(seed, 4);
            for (int[] y : allSequences(4)) {
                // an uncapped split (cap = |y|) enumerates every alignment of y to the 4 frames
                double expected = logProbCapped(t, enc, y, Math.max(1, y.length));
                assertEquals(expected, t.logLikelihood(List.of(enc), y), 1e-4, "seed " + seed + " y=" + text(y));
            }
            assertEquals(0.0, t.logLikelihood(List.of(), new int[0]));
            assertEquals(Double.NEGATIVE_INFINITY, t.logLikelihood(List.of(), new int[] {A}));
            assertThrows(IllegalArgumentException.class, () -> t.logLikelihood(List.of(enc), new int[] {CharVocabulary.BLANK}));
            assertThrows(IllegalArgumentException.class, () -> t.logLikelihood(List.of(new float[J + 1]), new int[] {A}));
        }
    }

    @Test
    void prefixSharingForwardAgreesWithTheTrainingLossOnEverySequence() {
        Transducer t = model(7).newTransducer();
        float[][] enc = encoderSteps(7, 6);
        List<int[]> all = allSequences(5); // 63 sequences sharing prefixes, scored in one call
        double[] ll = t.logLikelihoods(List.of(enc), all);
        for (int s = 0; s < all.size(); s++) {
            assertEquals(trainingLossLogProb(t, enc, all.get(s)), ll[s], 1e-4, text(all.get(s)));
        }
    }

    @Test
    void latticePruningOnlyDropsAlignmentsAndKeepsTheLikelyOnesExact() {
        for (long seed = 11; seed <= 14; seed++) {
            Transducer t = model(seed).newTransducer();
            float[][] enc = encoderSteps(seed, 12);
            List<int[]> all = allSequences(6);
            double[] exact = t.logLikelihoods(List.of(enc), all);
            double top = Arrays.stream(exact).max().orElseThrow();
            for (double beam : new double[] {2, 5, 10}) {
                double[] pruned = t.logLikelihoods(List.of(enc), all, beam);
                int dropped = 0;
                for (int s = 0; s < all.size(); s++) {
                    assertTrue(pruned[s] <= exact[s] + 1e-9, "pruning raised " + text(all.get(s)));
                    dropped += pruned[s] < exact[s] - 1e-6 ? 1 : 0;
                }
                // with a beam of several nats the most likely sequence keeps (almost) all of its probability
                int argmax = 0;
                for (int s = 1; s < all.size(); s++) {
                    argmax = exact[s] > exact[argmax] ? s : argmax;
                }
                if (beam >= 5) {
                    assertEquals(exact[argmax], pruned[argmax], 0.05, "beam " + beam);
                }
                if (beam == 2) {
                    assertTrue(dropped > 0, "a 2-nat beam pruned nothing: the test does not exercise pruning");
                }
            }
            assertEquals(top, Arrays.stream(t.logLikelihoods(List.of(enc), all, Double.POSITIVE_INFINITY)).max().orElseThrow(), 0);
        }
        Transducer t = model(1).newTransducer();
        assertThrows(IllegalArgumentException.class, () -> t.logLikelihoods(List.of(), List.of(new int[0]), 0));
    }

    @Test
    void finalNBestListIsSortedValidAndHeadedByTheFinalResult() {
        AsrModel m = model(5);
        float[][] enc = encoderSteps(5, 5);
        TransducerBeamSearch s = new TransducerBeamSearch(m.newTransducer(), new DecoderConfig(8, 0, 0, false, -30, 0.6), null, CAP, 0.04);
        for (float[] e : enc) {
            s.step(e);
        }
        List<Candidate> n = s.finishNBest();
        assertTrue(n.size() > 1 && n.size() <= 8, "n-best size " + n.size());
        for (int i = 1; i < n.size(); i++) {
            assertTrue(n.get(i - 1).score() >= n.get(i).score(), "n-best not sorted at " + i);
        }
        assertEquals(n.get(0).words(), s.finish());
        assertEquals(n.size(), n.stream().map(Candidate::text).distinct().count(), "duplicate texts in the n-best list");
        // without LM and lexicon, a candidate's score is the merged-alignment probability of its prefix, at most ln P(y|x)
        Transducer t = m.newTransducer();
        for (Candidate c : n) {
            int[] y = CharVocabulary.encode(c.text());
            assertTrue(c.score() <= t.logLikelihood(List.of(enc), y) + 1e-4, c.text() + ": beam score above the exact likelihood");
        }
    }

    @Test
    void cappedBruteForceAgreesWithTheTrainingLossWhenNoFrameNeedsMoreThanTheCap() {
        AsrModel m = model(3);
        Transducer t = m.newTransducer();
        float[][] enc = encoderSteps(3, 3);
        int[] y = {A, B}; // 2 labels <= CAP: every alignment is allowed
        assertEquals(trainingLossLogProb(t, enc, y), logProbCapped(t, enc, y), 1e-4);
    }

    @Test
    void wideBeamFindsTheMostProbableSequence() {
        for (long seed = 1; seed <= 6; seed++) {
            AsrModel m = model(seed);
            Transducer oracle = m.newTransducer();
            float[][] enc = encoderSteps(seed, 3);
            String best = null;
            double bestLp = Double.NEGATIVE_INFINITY;
            double second = Double.NEGATIVE_INFINITY;
            for (int[] y : allSequences(enc.length * CAP)) {
                double lp = logProbCapped(oracle, enc, y);
                if (lp > bestLp) {
                    second = bestLp;
                    bestLp = lp;
                    best = text(y);
                } else {
                    second = Math.max(second, lp);
                }
            }
            assertTrue(bestLp - second > 1e-6, "seed " + seed + ": brute-force optimum is not unique");
            TransducerBeamSearch search = new TransducerBeamSearch(m.newTransducer(), new DecoderConfig(1024, 0, 0, false, -20, 0.6),
                    null, CAP, 0.04);
            for (float[] e : enc) {
                search.step(e);
            }
            // every prefix in the beam carries the summed probability of its capped alignments
            List<TransducerBeamSearch.Hypothesis> nBest = search.hypotheses();
            assertTrue(nBest.size() > 10, "beam holds " + nBest.size());
            for (TransducerBeamSearch.Hypothesis h : nBest) {
                int[] y = CharVocabulary.encode(h.text());
                assertEquals(logProbCapped(oracle, enc, y), h.logScore(), 1e-4, "seed " + seed + " '" + h.text() + "'");
            }
            StringBuilder got = new StringBuilder();
            for (WordTiming w : search.finish()) {
                got.append(w.word());
            }
            assertEquals(best, got.toString(), "seed " + seed);
        }
    }

    @Test
    void lexiconRestrictsOutputToItsWordsAndLmNeedsALexicon() {
        AsrModel m = model(4);
        Lexicon lex = new Lexicon(List.of("ab", "b"));
        WordNgramLm lm = WordNgramLm.bigram(lex, List.of("ab b", "b ab"));
        TransducerBeamSearch search = new TransducerBeamSearch(m.newTransducer(), new DecoderConfig(64, 0.5, 0.5, true, -20, 0.6), lm,
                CAP, 0.04);
        for (float[] e : encoderSteps(4, 6)) {
            search.step(e);
        }
        for (WordTiming w : search.finish()) {
            assertTrue(lex.id(w.word()) >= 0, "word '" + w.word() + "' not in the lexicon");
            assertTrue(w.endS() > w.startS(), "timing of " + w);
        }
        assertThrows(IllegalArgumentException.class,
                () -> new TransducerBeamSearch(m.newTransducer(), DecoderConfig.beamWithLm(), null, CAP, 0.04));
        assertThrows(IllegalArgumentException.class,
                () -> new TransducerBeamSearch(m.newTransducer(), DecoderConfig.greedy(), null, 0, 0.04));
    }

    /**
     * Word timings from the beam search are well formed over long random streams: every word ends after it starts and
     * starts no earlier than the previous word. A property check, not a regression test: the re-stamping the fix
     * removed (a pruned prefix re-emitted while a longer hypothesis through it survived) is not reached by these
     * random models; this test passes on the code before the fix too.
     */
    @Test
    void beamTimingsAreOrderedOverLongStreams() {
        int words = 0;
        for (int seed = 1; seed <= 40; seed++) {
            AsrModel m = model(seed);
            TransducerBeamSearch search = new TransducerBeamSearch(m.newTransducer(), new DecoderConfig(2 + seed % 6, 0, 0, false, -8, 0.6),
                    null, 4, 0.04);
            for (float[] e : encoderSteps(seed, 120)) {
                search.step(e);
            }
            double prevStart = -1;
            for (WordTiming w : search.finish()) {
                assertTrue(w.endS() > w.startS(), "seed " + seed + ": " + w);
                assertTrue(w.startS() >= prevStart, "seed " + seed + ": " + w + " starts before the previous word");
                prevStart = w.startS();
                words++;
            }
        }
        assertTrue(words > 5, "the streams produced words: " + words);
    }
}
