package org.edgeai.asr.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.edgeai.kernel.Tensor;
import org.edgeai.kernel.io.ModelFile;
import org.edgeai.kernel.quant.QuantizedMatrix;
import org.edgeai.kernel.quant.Quantization;

/**
 * Writes trained parameters as kernel model files: an f32 file and its int8 twin, in which every
 * rank-2 weight matrix is stored as symmetric per-row int8 ({@link Quantization#quantizePerRow})
 * and biases and normalization statistics stay f32.
 *
 * @implNote Stateless; thread-safe.
 */
public final class ModelExport {
    private ModelExport() {
    }

    /** @return the int8 twin's path: {@code name.eaim} becomes {@code name-i8.eaim} */
    public static Path int8Path(Path f32) {
        String n = f32.getFileName().toString();
        int dot = n.lastIndexOf('.');
        String i8 = dot > 0 ? n.substring(0, dot) + "-i8" + n.substring(dot) : n + "-i8";
        return f32.resolveSibling(i8);
    }

    /**
     * Writes both files atomically.
     *
     * @param tensors f32 tensors by kernel name. Not modified.
     * @return the int8 model
     * @throws IOException if writing fails
     */
    public static ModelFile write(Path f32, String name, Map<String, String> metadata, Map<String, Tensor> tensors)
            throws IOException {
        Map<String, String> m32 = new LinkedHashMap<>(metadata);
        m32.put("weights", "f32");
        new ModelFile(name, m32, tensors).write(f32);
        ModelFile i8 = quantize(new ModelFile(name, metadata, tensors));
        i8.write(int8Path(f32));
        return i8;
    }

    /** @return a copy of {@code model} with rank-2 f32 tensors quantized per row to int8 */
    public static ModelFile quantize(ModelFile model) {
        Map<String, Tensor> q = new LinkedHashMap<>();
        model.tensors().forEach((k, t) -> {
            if (t.rank() == 2 && t.dtype() == org.edgeai.kernel.DType.F32) {
                QuantizedMatrix qm = Quantization.quantizePerRow(t.f32(), t.dim(0), t.dim(1));
                q.put(k, Tensor.ofI8(qm.data(), qm.params(), t.dim(0), t.dim(1)));
            } else {
                q.put(k, t);
            }
        });
        Map<String, String> meta = new LinkedHashMap<>(model.metadata());
        meta.put("weights", "int8 per-row symmetric");
        return new ModelFile(model.name(), meta, q);
    }
}
