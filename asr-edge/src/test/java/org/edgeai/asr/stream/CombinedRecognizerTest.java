package org.edgeai.asr.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.edgeai.asr.AsrModels;
import org.edgeai.asr.LanguageResources;
import org.edgeai.asr.data.CharVocabulary;
import org.edgeai.asr.data.Manifest;
import org.edgeai.asr.data.Utterance;
import org.edgeai.asr.decode.DecoderConfig;
import org.edgeai.asr.decode.SystemCombination;
import org.edgeai.asr.decode.WordNgramLm;
import org.edgeai.asr.eval.CombinationSweep;
import org.edgeai.asr.eval.EvaluationReport;
import org.edgeai.asr.eval.Evaluator;
import org.edgeai.asr.model.AsrModel;
import org.edgeai.asr.model.EncoderSpec;
import org.edgeai.asr.model.RandomTransducerModels;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.Progress;
import org.edgeai.kernel.testing.TestData;
import org.junit.jupiter.api.Test;

/** System combination of the shipped RNN-T (primary) and CTC models on real AN4 dev speech. */
class CombinedRecognizerTest {
    private static final List<DecoderConfig> CONFIGS = List.of(DecoderConfig.transducerBeam(), DecoderConfig.beamWithLm());

    private static List<AsrModel> models() throws Exception {
        return List.of(AsrModels.load(AsrModels.DEFAULT, null), AsrModels.load("asr-an4-ctc-i8.eaim", null));
    }

    private static WordNgramLm lm() throws Exception {
        return LanguageResources.fromManifest(TestData.require("asr/an4/train.tsv"));
    }

    private static List<Utterance> dev(int n) throws Exception {
        return Manifest.read(TestData.require("asr/an4/dev.tsv")).subList(0, n);
    }

    @Test
    void eachFinalIsTheBestPooledHypothesisAndThePoolHoldsEverySystemsNBest() throws Exception {
        var w = new SystemCombination.Weights(List.of(1.0, 0.3), 0.5, 0);
        List<AsrModel> models = models();
        WordNgramLm lm = lm();
        CombinedRecognizer rec = new CombinedRecognizer(models, CONFIGS, lm, w);
        StreamingRecognizer alone = new StreamingRecognizer(models.get(0), CONFIGS.get(0), lm);
        for (Utterance u : dev(6)) {
            float[] pcm = Evaluator.read16k(u.audio());
            rec.reset();
            alone.reset();
            List<RecognitionResult> mine = new ArrayList<>();
            List<RecognitionResult> primary = new ArrayList<>();
            boolean interim = false;
            for (int off = 0; off < pcm.length; off += 1600) {
                int n = Math.min(1600, pcm.length - off);
                for (RecognitionResult r : rec.accept(pcm, off, n)) {
                    interim |= !r.isFinal();
                    if (r.isFinal()) {
                        mine.add(r);
                        check(rec.lastPools().get(0), r, w);
                    }
                }
                alone.accept(pcm, off, n).stream().filter(RecognitionResult::isFinal).forEach(primary::add);
            }
            for (RecognitionResult r : rec.finish()) {
                mine.add(r);
                check(rec.lastPools().get(0), r, w);
                // the primary's own final n-best is in the pool, attributed to it
                assertTrue(rec.lastPools().get(0).stream().anyMatch(s -> s.source() == 0), u.id() + ": no primary hypothesis pooled");
            }
            primary.addAll(alone.finish());
            assertTrue(interim, u.id() + ": no interim result");
            // the primary decides the endpoints: same number of finals at the same audio times
            assertEquals(primary.stream().map(RecognitionResult::audioTimeS).toList(), mine.stream().map(RecognitionResult::audioTimeS).toList(),
                    u.id());
        }
    }

    private static void check(List<SystemCombination.Scored> pool, RecognitionResult r, SystemCombination.Weights w) {
        assertFalse(pool.isEmpty());
        double best = pool.stream().mapToDouble(s -> s.score(w)).max().orElseThrow();
        var chosen = pool.stream().filter(s -> s.candidate().text().equals(r.text())).findFirst().orElseThrow();
        assertEquals(best, chosen.score(w), 1e-9, "final '" + r.text() + "' is not the best pooled hypothesis");
        assertEquals(chosen.candidate().words(), r.words());
        for (SystemCombination.Scored s : pool) {
            for (double ll : s.logLikelihoods()) {
                assertTrue(ll <= 1e-6, "log-likelihood " + ll + " above 0 for '" + s.candidate().text() + "'");
            }
        }
    }

    @Test
    void sweepScoresEqualWhatTheRecognizerOutputsWithEachSetting() throws Exception {
        List<AsrModel> models = models();
        WordNgramLm lm = lm();
        List<Utterance> utts = dev(12);
        List<SystemCombination.Weights> grid = List.of(new SystemCombination.Weights(List.of(1.0, 0.0), 0, 0),
                new SystemCombination.Weights(List.of(1.0, 0.3), 0.5, 0), new SystemCombination.Weights(List.of(0.0, 1.0), 0.3, 1.5));
        CombinationSweep.Result res = CombinationSweep.run(models, CONFIGS, lm, utts, grid, Progress.NONE);
        List<CombinationSweep.Point> pts = res.points();
        for (int i = 0; i < grid.size(); i++) {
            EvaluationReport rep = Evaluator.evaluate(new CombinedRecognizer(models, CONFIGS, lm, grid.get(i)), utts, Map.of(), 0.1, 0,
                    "combined", "combined", Progress.NONE);
            assertEquals(rep.corpus().wordErrors(), pts.get(i).words().errors(), "setting " + grid.get(i));
            assertEquals(rep.corpus().referenceWords(), pts.get(i).words().referenceLength());
            assertTrue(res.oracleWords().errors() <= pts.get(i).words().errors(), "the pool oracle is a lower bound");
        }
    }

    @Test
    void aSegmentTooLongToRescoreKeepsThePrimarysFinal() {
        float[] bias = new float[CharVocabulary.SIZE];
        java.util.Arrays.fill(bias, -40f);
        int a = CharVocabulary.encode("a")[0];
        bias[CharVocabulary.BLANK] = 0f;
        bias[a] = 0f;
        AsrModel rnnt = RandomTransducerModels.of(9, 6, 5, bias, CharVocabulary.BLANK, a);
        AsrModel ctc = AsrModel.of(StreamingRecognizerTest.randomModel(3), DType.F32);
        var w = new SystemCombination.Weights(List.of(1.0, 1.0), 0, 0);
        DecoderConfig beam = new DecoderConfig(4, 0, 0, false, -12, 0.6);
        CombinedRecognizer rec = new CombinedRecognizer(List.of(rnnt, ctc), List.of(beam, beam), null, w);
        StreamingRecognizer alone = new StreamingRecognizer(rnnt, beam, null);
        java.util.Random r = new java.util.Random(5);
        // random encoder outputs: the primary emits 'a' often enough that no endpoint fires (checked below)
        List<RecognitionResult> finals = new ArrayList<>();
        List<RecognitionResult> primary = new ArrayList<>();
        for (int t = 0; t <= CombinedRecognizer.MAX_RESCORE_STEPS; t++) {
            float[] enc = new float[5];
            for (int i = 0; i < 5; i++) {
                enc[i] = (float) (3 * r.nextGaussian());
            }
            float[] lp = new float[CharVocabulary.SIZE];
            java.util.Arrays.fill(lp, (float) Math.log(1.0 / CharVocabulary.SIZE));
            finals.addAll(rec.step(List.of(enc, lp)));
            primary.addAll(alone.acceptEncoderOutputs(new float[][] {enc}));
        }
        assertTrue(finals.isEmpty() && primary.isEmpty(), "an endpoint fired; the segment is not long");
        finals.addAll(rec.finish());
        primary.addAll(alone.finish());
        assertEquals(1, finals.size());
        assertEquals(List.of(List.of()), rec.lastPools(), "a segment over the limit is not rescored");
        assertEquals(primary.get(0).text(), finals.get(0).text());
        assertFalse(finals.get(0).text().isEmpty());
    }

    @Test
    void systemsMustShareTheEncoderStepAndCountsMustAgree() throws Exception {
        List<AsrModel> models = models();
        var w2 = new SystemCombination.Weights(List.of(1.0, 0.3), 0, 0);
        assertThrows(IllegalArgumentException.class, () -> new CombinedRecognizer(models.subList(0, 1), CONFIGS.subList(0, 1), null,
                new SystemCombination.Weights(List.of(1.0), 0, 0)));
        assertThrows(IllegalArgumentException.class, () -> new CombinedRecognizer(models, CONFIGS.subList(0, 1), lm(), w2));
        assertThrows(IllegalArgumentException.class, () -> new CombinedRecognizer(models, CONFIGS, lm(),
                new SystemCombination.Weights(List.of(1.0, 0.3, 0.3), 0, 0)));
        assertThrows(IllegalArgumentException.class, () -> new CombinedRecognizer(models, List.of(DecoderConfig.greedy(), DecoderConfig.greedy()),
                null, new SystemCombination.Weights(List.of(1.0, 0.3), 0.5, 0)));
        // a CTC model stacking 2 frames per step (20 ms) cannot be combined with the 40 ms primary
        EncoderSpec s = new EncoderSpec(80, 2, 32, 24, 2, 100);
        AsrModel twoFrame = AsrModel.of(StreamingRecognizerTest.randomModel(3, s), DType.F32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CombinedRecognizer(
                List.of(models.get(0), twoFrame), List.of(DecoderConfig.transducerBeam(), DecoderConfig.greedy()), lm(), w2));
        assertTrue(e.getMessage().contains("encoder step"), e.getMessage());
    }
}
