package org.edgeai.kernel.nn;

import java.util.List;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.graph.Activation;
import org.edgeai.kernel.graph.OpKind;
import org.edgeai.kernel.graph.OpNode;
import org.edgeai.kernel.graph.OpSpec;
import org.edgeai.kernel.ops.Kernels;

/**
 * Fully connected layer {@code y = act(W x + b)}, PyTorch {@code nn.Linear} layout
 * ({@code weight [out, in]}, {@code bias [out]}). The precision is that of its {@link Linear}.
 *
 * @implNote Not thread-safe if the linear map is int8 or f16 (scratch); allocation-free per call.
 */
public final class Dense implements Layer {
    private final Linear w;
    private final float[] bias;
    private final Activation act;
    private final Kernels k;

    /**
     * @param w    the weight map {@code [out, in]}
     * @param bias length {@code out}, or null for none; shared, not copied
     * @throws IllegalArgumentException if the bias length differs from {@code w.rows()}
     */
    public Dense(Linear w, float[] bias, Activation act, Kernels kernels) {
        if (bias != null && bias.length != w.rows()) {
            throw new IllegalArgumentException("bias length " + bias.length + " != output size " + w.rows());
        }
        this.w = w;
        this.bias = bias;
        this.act = act;
        this.k = kernels;
    }

    /**
     * Builds a dense layer from PyTorch-layout f32 weights in the requested precision.
     *
     * @param type   F32, F16 or I8 weight storage
     * @param weight {@code [out, in]} row-major. Not modified.
     * @param bias   {@code [out]} or null. Not modified.
     */
    public static Dense of(DType type, int in, int out, float[] weight, float[] bias, Activation act) {
        return new Dense(Linear.of(type, weight, out, in, Kernels.best()), bias == null ? null : bias.clone(), act, Kernels.best());
    }

    /** @return the weight map */
    public Linear linear() {
        return w;
    }

    /** @return the bias (shared) or null */
    public float[] bias() {
        return bias;
    }

    /** @return the output activation */
    public Activation activation() {
        return act;
    }

    @Override
    public int inputSize() {
        return w.cols();
    }

    @Override
    public int outputSize() {
        return w.rows();
    }

    @Override
    public void forward(float[] in, int inOff, float[] out, int outOff) {
        w.apply(in, inOff, out, outOff);
        if (bias != null) {
            k.add(w.rows(), out, outOff, bias, 0, out, outOff);
        }
        act.applyInPlace(k, out, outOff, w.rows());
    }

    @Override
    public List<OpNode> describe(String name) {
        return List.of(new OpNode(name, OpKind.GEMM, new OpSpec.Gemm(1, w.rows(), w.cols(), bias != null),
                w.weightType(), w.weightType() == DType.I8 ? DType.I8 : DType.F32, act, null));
    }
}
