package org.edgeai.asr.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.edgeai.asr.data.CharVocabulary;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.Tensor;
import org.edgeai.kernel.io.ModelFile;
import org.edgeai.kernel.io.ModelFormatException;
import org.junit.jupiter.api.Test;

/** A model file with a wrong bias, a zero CMVN deviation or bad metadata fails at load, naming what is wrong. */
class AsrModelValidationTest {
    private static ModelFile good() {
        return RandomTransducerModels.of(3, 6, 5, new float[CharVocabulary.SIZE], 1, 2).file();
    }

    private static ModelFormatException load(ModelFile base, String tensor, Tensor replacement, String metaKey, String metaValue) {
        Map<String, Tensor> t = new LinkedHashMap<>(base.tensors());
        if (tensor != null) {
            t.put(tensor, replacement);
        }
        Map<String, String> m = new LinkedHashMap<>(base.metadata());
        if (metaKey != null) {
            m.put(metaKey, metaValue);
        }
        ModelFile f = new ModelFile(base.name(), m, t);
        return assertThrows(ModelFormatException.class, () -> AsrModel.of(f, DType.F32));
    }

    @Test
    void badFilesFailAtLoadNotMidStream() {
        ModelFile ok = good();
        assertEquals(AsrModel.Arch.RNNT, AsrModel.of(ok, DType.F32).arch(), "the untouched file loads");
        // a prediction-network bias one short (was: an index error in the first stream's decoder)
        ModelFormatException e = load(ok, "pred.lstm.0.bias_ih", Tensor.ofF32(new float[4 * 6 - 1], 4 * 6 - 1), null, null);
        assertTrue(e.getMessage().contains("pred.lstm.0.bias_ih") && e.getMessage().contains("expected [24]"), e.getMessage());
        e = load(ok, "joint.out.bias", Tensor.ofF32(new float[3], 3), null, null);
        assertTrue(e.getMessage().contains("joint.out.bias"), e.getMessage());
        // a zero CMVN deviation (was: every new encoder failing without the file's name)
        e = load(ok, "cmvn.std", Tensor.ofF32(new float[80], 80), null, null);
        assertTrue(e.getMessage().contains("cmvn.std[0] = 0.0") && e.getMessage().contains("random-rnnt"), e.getMessage());
        // metadata that is not a positive integer (was: a bare NumberFormatException)
        e = load(ok, null, null, "joint_dim", "five");
        assertTrue(e.getMessage().contains("joint_dim = 'five'"), e.getMessage());
        e = load(ok, null, null, "prediction_hidden", "0");
        assertTrue(e.getMessage().contains("prediction_hidden = '0'"), e.getMessage());
    }
}
