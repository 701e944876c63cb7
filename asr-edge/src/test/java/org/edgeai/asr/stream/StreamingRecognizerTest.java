package org.edgeai.asr.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.edgeai.asr.data.CharVocabulary;
import org.edgeai.asr.decode.DecoderConfig;
import org.edgeai.asr.eval.Evaluator;
import org.edgeai.asr.model.AsrModel;
import org.edgeai.asr.model.EncoderSpec;
import org.edgeai.asr.model.ModelExport;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.Tensor;
import org.edgeai.kernel.io.ModelFile;
import org.edgeai.kernel.io.ModelFormatException;
import org.edgeai.kernel.testing.TestData;
import org.junit.jupiter.api.Test;

class StreamingRecognizerTest {

    /** A small random CTC model whose blank bias makes it emit sparsely (enough to exercise decoding). */
    static ModelFile randomModel(long seed) {
        return randomModel(seed, new EncoderSpec(80, 4, 32, 24, 2, 100));
    }

    /** @param s the encoder geometry (e.g. another frame stacking) */
    static ModelFile randomModel(long seed, EncoderSpec s) {
        Random r = new Random(seed);
        Map<String, Tensor> t = new LinkedHashMap<>();
        float[] mean = new float[80];
        float[] std = new float[80];
        java.util.Arrays.fill(mean, -8f);
        java.util.Arrays.fill(std, 3f);
        t.put("cmvn.mean", Tensor.ofF32(mean, 80));
        t.put("cmvn.std", Tensor.ofF32(std, 80));
        t.put("frontend.weight", rnd(r, 0.1, s.frontendUnits(), s.stackedDim()));
        t.put("frontend.bias", rnd(r, 0.1, s.frontendUnits()));
        for (int l = 0; l < s.layers(); l++) {
            int in = l == 0 ? s.frontendUnits() : s.hidden();
            t.put("encoder.lstm." + l + ".weight_ih", rnd(r, 0.3, 4 * s.hidden(), in));
            t.put("encoder.lstm." + l + ".weight_hh", rnd(r, 0.3, 4 * s.hidden(), s.hidden()));
            t.put("encoder.lstm." + l + ".bias_ih", rnd(r, 0.1, 4 * s.hidden()));
            t.put("encoder.lstm." + l + ".bias_hh", rnd(r, 0.1, 4 * s.hidden()));
        }
        t.put("ctc.weight", rnd(r, 2.0, CharVocabulary.SIZE, s.hidden()));
        Tensor bias = rnd(r, 0.5, CharVocabulary.SIZE);
        bias.f32()[CharVocabulary.BLANK] += 2.5f;
        t.put("ctc.bias", bias);
        Map<String, String> meta = new LinkedHashMap<>(s.toMetadata());
        meta.put("arch", "ctc-lstm");
        return new ModelFile("random-ctc", meta, t);
    }

    private static Tensor rnd(Random r, double scale, int... shape) {
        float[] v = new float[Tensor.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (scale * r.nextGaussian());
        }
        return Tensor.ofF32(v, shape);
    }

    @Test
    void chunkingDoesNotChangeTheResultOnRealAudio() throws Exception {
        float[] pcm = Evaluator.read16k(TestData.require("asr/an4/wav/fcaw/cen5-fcaw-b.wav"));
        AsrModel m = AsrModel.of(randomModel(3), DType.F32);
        StreamingRecognizer rec = new StreamingRecognizer(m, DecoderConfig.greedy(), null);
        Evaluator.Transcript whole = Evaluator.transcribe(rec, pcm, 100.0);
        for (double chunkS : new double[] {0.0007, 0.01, 0.1, 0.37}) {
            Evaluator.Transcript t = Evaluator.transcribe(rec, pcm, chunkS);
            assertEquals(whole.text(), t.text(), "chunk " + chunkS);
            assertEquals(whole.words(), t.words(), "chunk " + chunkS);
        }
        assertFalse(whole.text().isEmpty(), "the random model emits something");
    }

    @Test
    void interimResultsThenFinalsWithOrderedWordTimings() throws Exception {
        float[] pcm = Evaluator.read16k(TestData.require("asr/an4/wav/fcaw/cen5-fcaw-b.wav"));
        StreamingRecognizer rec = new StreamingRecognizer(AsrModel.of(randomModel(3), DType.I8), DecoderConfig.greedy(), null);
        Evaluator.Transcript t = Evaluator.transcribe(rec, pcm, 0.1);
        assertTrue(t.events().stream().anyMatch(e -> !e.isFinal()), "interim results");
        assertTrue(t.events().get(t.events().size() - 1).isFinal(), "ends with a final");
        double prevEnd = 0;
        for (var w : t.words()) {
            assertTrue(w.startS() >= prevEnd - 1e-9 && w.endS() > w.startS(), "ordered timings " + t.words());
            assertTrue(w.endS() <= pcm.length / 16000.0 + 1e-9);
            prevEnd = w.endS();
        }
    }

    @Test
    void silenceAndEmptyStreamsGiveNoFinalAndResetIsClean() {
        StreamingRecognizer rec = new StreamingRecognizer(AsrModel.of(randomModel(5), DType.F32), DecoderConfig.greedy(), null);
        assertEquals(List.of(), rec.finish());
        rec.reset();
        assertEquals(List.of(), rec.accept(new float[100], 0, 100));
        assertThrows(IndexOutOfBoundsException.class, () -> rec.accept(new float[10], 5, 10));
    }

    @Test
    void modelFilesAreValidatedAtLoad() {
        ModelFile good = randomModel(1);
        Map<String, Tensor> t = new LinkedHashMap<>(good.tensors());
        t.remove("ctc.weight");
        assertThrows(ModelFormatException.class, () -> AsrModel.of(new ModelFile("x", good.metadata(), t), DType.F32));
        Map<String, String> meta = new LinkedHashMap<>(good.metadata());
        meta.put("arch", "conformer");
        assertThrows(ModelFormatException.class, () -> AsrModel.of(new ModelFile("x", meta, good.tensors()), DType.F32));
        byte[] bytes = ModelExport.quantize(good).toBytes();
        bytes[bytes.length - 3] ^= 0x55;
        assertThrows(ModelFormatException.class, () -> ModelFile.parse(bytes));
        assertEquals(DType.I8, AsrModel.storedType(ModelExport.quantize(good)));
    }
}
