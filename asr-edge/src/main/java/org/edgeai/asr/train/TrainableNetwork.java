package org.edgeai.asr.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.edgeai.asr.model.EncoderSpec;

/** A DJL network whose parameters export to kernel tensor names. */
interface TrainableNetwork {
    /** @return the root block given to the DJL model */
    Block block();

    /** @return encoder geometry */
    EncoderSpec spec();

    /** @return named parts: Linear parts export {@code name.weight/.bias}, LSTM parts {@code name.L.weight_ih ...} */
    Map<String, Block> parts();

    /**
     * @return every parameter under its kernel tensor name, PyTorch layout, as f32 copies
     */
    default Map<String, org.edgeai.kernel.Tensor> exportParameters() {
        Map<String, org.edgeai.kernel.Tensor> out = new LinkedHashMap<>();
        parts().forEach((prefix, b) -> {
            for (var pair : b.getParameters()) {
                ai.djl.ndarray.NDArray a = pair.getValue().getArray();
                long[] s = a.getShape().getShape();
                int[] shape = new int[s.length];
                for (int i = 0; i < s.length; i++) {
                    shape[i] = Math.toIntExact(s[i]);
                }
                out.put(prefix + "." + kernelName(pair.getKey()), org.edgeai.kernel.Tensor.ofF32(a.toFloatArray(), shape));
            }
        });
        return out;
    }

    /** @return every parameter by its kernel tensor name (for checkpoint restore) */
    default Map<String, Parameter> parametersByName() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        parts().forEach((prefix, b) -> {
            for (var pair : b.getParameters()) {
                out.put(prefix + "." + kernelName(pair.getKey()), pair.getValue());
            }
        });
        return out;
    }

    /** Maps DJL names ({@code weight}, {@code l_0_i2h_WEIGHT}) to kernel names ({@code weight}, {@code 0.weight_ih}). */
    static String kernelName(String djl) {
        if (!djl.startsWith("l_")) {
            return djl;
        }
        String[] p = djl.split("_");
        String kind = p[3].equals("WEIGHT") ? "weight" : "bias";
        String which = p[2].equals("i2h") ? "ih" : "hh";
        return p[1] + "." + kind + "_" + which;
    }
}
