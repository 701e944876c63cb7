package org.edgeai.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.LayoutType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.recurrent.GRU;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.nn.recurrent.RecurrentBlock;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.nn.GruCell;
import org.edgeai.kernel.nn.Layer;
import org.edgeai.kernel.nn.LstmCell;
import org.edgeai.kernel.testing.Rng;
import org.junit.jupiter.api.Test;

/**
 * The kernel's GRU and LSTM against PyTorch (through DJL's PyTorch engine, offline, natives from
 * the pytorch-native-cpu jar): the same random weights loaded into both, 100 time steps, outputs
 * agree to 1e-5 (f32). This pins the gate order (GRU r,z,n; LSTM i,f,g,o) and the placement of
 * the GRU's recurrent bias inside the reset product.
 */
class DjlRecurrentParityIT {
    private static final int STEPS = 100;
    private static final int INPUT = 24;
    private static final int HIDDEN = 32;

    @Test
    void engineIsOfflinePyTorch() {
        assertEquals("PyTorch", Engine.getInstance().getEngineName());
        assertEquals("true", System.getProperty("ai.djl.offline"));
    }

    @Test
    void gruMatchesPytorchOver100Steps() {
        compare(3, GRU.builder().setStateSize(HIDDEN).setNumLayers(1).optBatchFirst(true).build(),
                (w) -> GruCell.of(DType.F32, INPUT, HIDDEN, w.get("ih"), w.get("hh"), w.get("bih"), w.get("bhh")));
    }

    @Test
    void lstmMatchesPytorchOver100Steps() {
        compare(4, LSTM.builder().setStateSize(HIDDEN).setNumLayers(1).optBatchFirst(true).build(),
                (w) -> LstmCell.of(DType.F32, INPUT, HIDDEN, w.get("ih"), w.get("hh"), w.get("bih"), w.get("bhh")));
    }

    private static void compare(int gates, RecurrentBlock block, java.util.function.Function<Map<String, float[]>, Layer> kernelLayer) {
        RandomGenerator r = Rng.of(gates);
        float scale = (float) (1 / Math.sqrt(HIDDEN)); // PyTorch's default init range
        Map<String, float[]> w = Map.of(
                "ih", Rng.floats(r, gates * HIDDEN * INPUT, scale),
                "hh", Rng.floats(r, gates * HIDDEN * HIDDEN, scale),
                "bih", Rng.floats(r, gates * HIDDEN, scale),
                "bhh", Rng.floats(r, gates * HIDDEN, scale));
        float[] x = Rng.floats(r, STEPS * INPUT, 1f);
        float[] expected;
        try (Model model = Model.newInstance("parity", "PyTorch"); NDManager m = model.getNDManager()) {
            model.setBlock(block);
            Shape in = new Shape(new long[] {1, STEPS, INPUT}, new LayoutType[] {LayoutType.BATCH, LayoutType.TIME, LayoutType.CHANNEL});
            block.initialize(m, DataType.FLOAT32, in);
            Map<String, Parameter> params = block.getParameters().stream()
                    .collect(Collectors.toMap(p -> p.getKey(), p -> p.getValue()));
            set(params, "l_0_i2h_WEIGHT", w.get("ih"));
            set(params, "l_0_h2h_WEIGHT", w.get("hh"));
            set(params, "l_0_i2h_BIAS", w.get("bih"));
            set(params, "l_0_h2h_BIAS", w.get("bhh"));
            NDArray input = m.create(x, new Shape(1, STEPS, INPUT));
            NDList out = block.forward(new ParameterStore(m, false), new NDList(input), false);
            assertArrayEquals(new long[] {1, STEPS, HIDDEN}, out.head().getShape().getShape());
            expected = out.head().toFloatArray();
        }
        Layer cell = kernelLayer.apply(w);
        float[] h = new float[HIDDEN];
        for (int t = 0; t < STEPS; t++) {
            cell.forward(x, t * INPUT, h, 0);
            for (int j = 0; j < HIDDEN; j++) {
                assertEquals(expected[t * HIDDEN + j], h[j], 1e-5, "step " + t + " unit " + j);
            }
        }
    }

    private static void set(Map<String, Parameter> params, String name, float[] values) {
        Parameter p = params.get(name);
        if (p == null) {
            throw new AssertionError("DJL parameter " + name + " not found; block has " + List.copyOf(params.keySet()));
        }
        NDArray a = p.getArray();
        assertEquals(values.length, a.size(), name);
        a.set(values);
    }
}
