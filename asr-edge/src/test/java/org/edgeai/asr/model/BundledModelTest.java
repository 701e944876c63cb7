package org.edgeai.asr.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.edgeai.asr.AsrModels;
import org.edgeai.asr.data.Manifest;
import org.edgeai.asr.data.Utterance;
import org.edgeai.asr.LanguageResources;
import org.edgeai.asr.decode.DecoderConfig;
import org.edgeai.asr.decode.Lexicon;
import org.edgeai.asr.decode.WordNgramLm;
import org.edgeai.asr.eval.EvaluationReport;
import org.edgeai.asr.eval.Evaluator;
import org.edgeai.asr.stream.StreamingRecognizer;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.Progress;
import org.edgeai.kernel.testing.TestData;
import org.junit.jupiter.api.Test;

/**
 * The shipped models on real held-out speech: one AN4 test speaker (fcaw, 13 utterances, 74 words).
 * Full test-set figures are in the README; this guards the inference path against regressions.
 */
class BundledModelTest {
    private static EvaluationReport run(String model, DType w, DecoderConfig dc) throws Exception {
        List<Utterance> utts = Manifest.read(TestData.require("asr/an4/test.tsv")).subList(0, 13);
        AsrModel m = AsrModels.load(model, w);
        WordNgramLm lm = dc.useLexicon() ? LanguageResources.fromManifest(TestData.require("asr/an4/train.tsv")) : null;
        StreamingRecognizer rec = new StreamingRecognizer(m, dc, lm);
        return Evaluator.evaluate(rec, utts, Map.of(), 0.1, 0, model, "greedy", Progress.NONE);
    }

    @Test
    void deployedModelRecognizesAnUnseenSpeakerAndInt8TracksF32() throws Exception {
        EvaluationReport i8 = run(AsrModels.DEFAULT, null, DecoderConfig.greedy());
        EvaluationReport f32 = run("asr-an4-rnnt.eaim", DType.F32, DecoderConfig.greedy());
        assertEquals(74, i8.corpus().referenceWords());
        assertTrue(i8.corpus().wer() < 0.35, "int8 WER " + i8.corpus().wer());
        assertTrue(Math.abs(i8.corpus().wordErrors() - f32.corpus().wordErrors()) <= 4,
                "int8 " + i8.corpus().wordErrors() + " vs f32 " + f32.corpus().wordErrors() + " word errors");
        EvaluationReport ctc = run("asr-an4-ctc-i8.eaim", null, DecoderConfig.greedy());
        assertTrue(ctc.corpus().wer() < 0.45, "CTC greedy WER " + ctc.corpus().wer());
    }

    @Test
    void shippedEnsembleMembersAreInt8WithOneEncoderStepAndTheEnsembleRecognizesAnUnseenSpeaker() throws Exception {
        double step = -1;
        for (String name : AsrModels.ENSEMBLE_MEMBERS) {
            AsrModel m = AsrModels.load(name, null);
            assertEquals(DType.I8, m.weightType(), name);
            assertTrue(step < 0 || step == m.stepsPerSecond(), name + " has another encoder step");
            step = m.stepsPerSecond();
        }
        List<Utterance> utts = Manifest.read(TestData.require("asr/an4/test.tsv")).subList(0, 13);
        WordNgramLm lm = LanguageResources.fromManifest(TestData.require("asr/an4/train.tsv"));
        EvaluationReport ens = Evaluator.evaluate(AsrModels.newEnsemble((DType) null, lm, 0.6), utts, Map.of(), 0.1, 0, AsrModels.ENSEMBLE,
                "combined", Progress.NONE);
        assertEquals(74, ens.corpus().referenceWords());
        assertTrue(ens.corpus().wer() < 0.30, "ensemble WER " + ens.corpus().wer());
    }

    @Test
    void beamSearchWithLexiconGivesOnlyLexiconWordsAndIsNotWorseThanGreedy() throws Exception {
        EvaluationReport greedy = run(AsrModels.DEFAULT, null, DecoderConfig.greedy());
        EvaluationReport beam = run(AsrModels.DEFAULT, null, DecoderConfig.transducerBeam());
        Lexicon lex = LanguageResources.fromManifest(TestData.require("asr/an4/train.tsv")).lexicon();
        for (var u : beam.utterances()) {
            for (String w : u.hypothesis().split(" ")) {
                assertTrue(w.isEmpty() || lex.id(w) >= 0, "'" + w + "' in '" + u.hypothesis() + "' is not a lexicon word");
            }
        }
        assertTrue(beam.corpus().wordErrors() <= greedy.corpus().wordErrors() + 2,
                "beam " + beam.corpus().wordErrors() + " vs greedy " + greedy.corpus().wordErrors() + " word errors");
    }
}
