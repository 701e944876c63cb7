package org.edgeai.enhance.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.edgeai.enhance.model.PercepNetModel;
import org.edgeai.kernel.Tensor;

/** Synthetic models for tests. */
public final class Models {
    private Models() {
    }

    /**
     * @return a 16 kHz model with random hidden weights whose output layer is constant: every band gain
     *         sigmoid(gainLogit), every strength sigmoid(strengthLogit)
     */
    public static PercepNetModel constant(float gainLogit, float strengthLogit) {
        PercepNetModel.Architecture a = PercepNetModel.Architecture.defaults(25);
        SplittableRandom r = new SplittableRandom(42);
        Map<String, float[]> w = new HashMap<>();
        a.shapes().forEach((n, s) -> {
            float[] v = new float[Tensor.numel(s)];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (r.nextGaussian() * 0.1);
            }
            w.put(n, v);
        });
        w.put("out.weight", new float[2 * a.bands() * (a.gru1() + a.gru2())]);
        float[] bias = new float[2 * a.bands()];
        for (int b = 0; b < a.bands(); b++) {
            bias[b] = gainLogit;
            bias[a.bands() + b] = strengthLogit;
        }
        w.put("out.bias", bias);
        return PercepNetModel.of(a, 16000, w, Map.of("note", "synthetic test model"));
    }
}
