package org.edgeai.asr.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import org.edgeai.asr.data.CharVocabulary;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.graph.Activation;
import org.edgeai.kernel.nn.Dense;
import org.edgeai.kernel.nn.LstmCell;
import org.junit.jupiter.api.Test;

/** The explicit-state prediction network against the kernel's stateful LSTM cell and dense layers. */
class TransducerTest {
    @Test
    void predictMatchesKernelLstmOnOneHotInputs() {
        int p = 12;
        int j = 10;
        float[] bias = new float[CharVocabulary.SIZE];
        AsrModel m = RandomTransducerModels.of(7, p, j, bias, 0, 3, 4, 5);
        Transducer t = m.newTransducer();
        var f = m.file();
        Dense embed = Dense.of(DType.F32, CharVocabulary.SIZE, p, f.floats("pred.embed.weight"), f.floats("pred.embed.bias"), Activation.NONE);
        LstmCell cell = LstmCell.of(DType.F32, p, p, f.floats("pred.lstm.0.weight_ih"), f.floats("pred.lstm.0.weight_hh"),
                f.floats("pred.lstm.0.bias_ih"), f.floats("pred.lstm.0.bias_hh"));
        Dense proj = Dense.of(DType.F32, p, j, f.floats("joint.pred.weight"), f.floats("joint.pred.bias"), Activation.NONE);
        float[] state = new float[t.stateSize()];
        float[] pred = new float[t.jointSize()];
        float[] oneHot = new float[CharVocabulary.SIZE];
        float[] emb = new float[p];
        float[] h = new float[p];
        float[] expected = new float[j];
        for (int token : new int[] {CharVocabulary.BLANK, 3, 4, CharVocabulary.SPACE, 5, 5, 28}) {
            t.predict(token, state, 0, state, 0, pred, 0);
            Arrays.fill(oneHot, 0f);
            oneHot[token] = 1f;
            embed.forward(oneHot, 0, emb, 0);
            cell.forward(emb, 0, h, 0);
            proj.forward(h, 0, expected, 0);
            assertArrayEquals(expected, pred, 1e-5f, "prediction after token " + token);
            assertArrayEquals(cell.state()[0], Arrays.copyOfRange(state, 0, p), 1e-5f, "h after token " + token);
            assertArrayEquals(cell.state()[1], Arrays.copyOfRange(state, p, 2 * p), 1e-5f, "c after token " + token);
        }
    }
}
