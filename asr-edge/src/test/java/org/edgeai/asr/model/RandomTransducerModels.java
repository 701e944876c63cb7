package org.edgeai.asr.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.edgeai.asr.data.CharVocabulary;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.Tensor;
import org.edgeai.kernel.io.ModelFile;
import org.edgeai.kernel.testing.Rng;

/** Small random RNN-T model files for decoder tests (encoder 1 x 8 LSTM, prediction network P, joiner J). */
public final class RandomTransducerModels {
    private RandomTransducerModels() {
    }

    /**
     * @param seed seed
     * @param p prediction network size
     * @param j joiner width
     * @param outBias {@code [V]} bias of the joiner's output layer (shapes which symbols are likely)
     * @param liveRows rows of the output layer with random weights; the others are zero
     * @return an f32 RNN-T model
     */
    public static AsrModel of(long seed, int p, int j, float[] outBias, int... liveRows) {
        RandomGenerator r = Rng.of(seed);
        int v = CharVocabulary.SIZE;
        int mel = 80;
        int f = 8;
        int h = 8;
        Map<String, Tensor> t = new LinkedHashMap<>();
        float[] std = new float[mel];
        java.util.Arrays.fill(std, 1f);
        t.put("cmvn.mean", Tensor.ofF32(new float[mel], mel));
        t.put("cmvn.std", Tensor.ofF32(std, mel));
        t.put("frontend.weight", Tensor.ofF32(Rng.floats(r, f * 4 * mel, 0.1f), f, 4 * mel));
        t.put("frontend.bias", Tensor.ofF32(new float[f], f));
        t.put("encoder.lstm.0.weight_ih", Tensor.ofF32(Rng.floats(r, 4 * h * f, 0.3f), 4 * h, f));
        t.put("encoder.lstm.0.weight_hh", Tensor.ofF32(Rng.floats(r, 4 * h * h, 0.3f), 4 * h, h));
        t.put("encoder.lstm.0.bias_ih", Tensor.ofF32(Rng.floats(r, 4 * h, 0.1f), 4 * h));
        t.put("encoder.lstm.0.bias_hh", Tensor.ofF32(Rng.floats(r, 4 * h, 0.1f), 4 * h));
        t.put("joint.enc.weight", Tensor.ofF32(Rng.floats(r, j * h, 0.5f), j, h));
        t.put("joint.enc.bias", Tensor.ofF32(new float[j], j));
        t.put("pred.embed.weight", Tensor.ofF32(Rng.floats(r, p * v, 1f), p, v));
        t.put("pred.embed.bias", Tensor.ofF32(Rng.floats(r, p, 0.1f), p));
        t.put("pred.lstm.0.weight_ih", Tensor.ofF32(Rng.floats(r, 4 * p * p, 0.5f), 4 * p, p));
        t.put("pred.lstm.0.weight_hh", Tensor.ofF32(Rng.floats(r, 4 * p * p, 0.5f), 4 * p, p));
        t.put("pred.lstm.0.bias_ih", Tensor.ofF32(Rng.floats(r, 4 * p, 0.2f), 4 * p));
        t.put("pred.lstm.0.bias_hh", Tensor.ofF32(Rng.floats(r, 4 * p, 0.2f), 4 * p));
        t.put("joint.pred.weight", Tensor.ofF32(Rng.floats(r, j * p, 0.8f), j, p));
        t.put("joint.pred.bias", Tensor.ofF32(Rng.floats(r, j, 0.1f), j));
        float[] out = new float[v * j];
        for (int row : liveRows) {
            float[] w = Rng.floats(r, j, 1.5f);
            System.arraycopy(w, 0, out, row * j, j);
        }
        t.put("joint.out.weight", Tensor.ofF32(out, v, j));
        t.put("joint.out.bias", Tensor.ofF32(outBias.clone(), v));
        Map<String, String> meta = new LinkedHashMap<>(new EncoderSpec(mel, 4, f, h, 1, 100).toMetadata());
        meta.put("arch", "rnnt-lstm");
        meta.put("prediction_hidden", Integer.toString(p));
        meta.put("joint_dim", Integer.toString(j));
        return AsrModel.of(new ModelFile("random-rnnt", meta, t), DType.F32);
    }
}
