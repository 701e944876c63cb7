package org.edgeai.kernel.nn;

import java.util.Arrays;
import java.util.List;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.graph.Activation;
import org.edgeai.kernel.graph.OpKind;
import org.edgeai.kernel.graph.OpNode;
import org.edgeai.kernel.graph.OpSpec;
import org.edgeai.kernel.ops.Kernels;

/**
 * A streaming GRU layer with PyTorch's gate order and equations ({@code torch.nn.GRU}):
 * <pre>
 *   r = sigmoid(W_ir x + b_ir + W_hr h + b_hr)
 *   z = sigmoid(W_iz x + b_iz + W_hz h + b_hz)
 *   n = tanh(W_in x + b_in + r * (W_hn h + b_hn))
 *   h' = (1 - z) * n + z * h
 * </pre>
 * Weights: {@code weight_ih [3H, I]}, {@code weight_hh [3H, H]}, biases {@code [3H]}, rows in gate
 * order (r, z, n). Cho et al. 2014 with PyTorch's placement of {@code b_hn} inside the reset product.
 * Each {@link #forward} consumes one time step {@code x [I]} and emits {@code h' [H]}; the hidden
 * state persists until {@link #reset()}.
 *
 * @implNote Owns its hidden state and gate scratch: not thread-safe; allocation-free per step.
 */
public final class GruCell implements Layer {
    private final Linear wIh;
    private final Linear wHh;
    private final float[] bIh;
    private final float[] bHh;
    private final int hidden;
    private final Kernels k;
    private final float[] h;
    private final float[] gi;
    private final float[] gh;

    /**
     * @param wIh input weights {@code [3H, I]}
     * @param wHh recurrent weights {@code [3H, H]}
     * @param bIh input bias {@code [3H]}; shared, not copied
     * @param bHh recurrent bias {@code [3H]}; shared, not copied
     * @throws IllegalArgumentException if the shapes are inconsistent
     */
    public GruCell(Linear wIh, Linear wHh, float[] bIh, float[] bHh, Kernels kernels) {
        this.hidden = wHh.cols();
        if (wIh.rows() != 3 * hidden || wHh.rows() != 3 * hidden || bIh.length != 3 * hidden || bHh.length != 3 * hidden) {
            throw new IllegalArgumentException("GRU shapes inconsistent: weight_ih " + wIh.rows() + "x" + wIh.cols()
                    + ", weight_hh " + wHh.rows() + "x" + wHh.cols() + ", biases " + bIh.length + "/" + bHh.length
                    + " (expected 3H rows with H = " + hidden + ")");
        }
        this.wIh = wIh;
        this.wHh = wHh;
        this.bIh = bIh;
        this.bHh = bHh;
        this.k = kernels;
        this.h = new float[hidden];
        this.gi = new float[3 * hidden];
        this.gh = new float[3 * hidden];
    }

    /**
     * Builds a GRU layer from PyTorch-layout f32 parameters in the requested weight precision.
     *
     * @param type F32, F16 or I8 (biases stay f32)
     */
    public static GruCell of(DType type, int inputSize, int hiddenSize, float[] weightIh, float[] weightHh,
                             float[] biasIh, float[] biasHh) {
        Kernels k = Kernels.best();
        return new GruCell(Linear.of(type, weightIh, 3 * hiddenSize, inputSize, k),
                Linear.of(type, weightHh, 3 * hiddenSize, hiddenSize, k), biasIh.clone(), biasHh.clone(), k);
    }

    /** @return hidden size H */
    public int hiddenSize() {
        return hidden;
    }

    /** @return the current hidden state (a copy) */
    public float[] hiddenState() {
        return h.clone();
    }

    /**
     * @param state new hidden state {@code [H]}. Not modified (copied).
     * @throws IllegalArgumentException if the length differs from H
     */
    public void setHiddenState(float[] state) {
        if (state.length != hidden) {
            throw new IllegalArgumentException("hidden state length " + state.length + " != " + hidden);
        }
        System.arraycopy(state, 0, h, 0, hidden);
    }

    /** @return input weight map */
    public Linear weightIh() {
        return wIh;
    }

    /** @return recurrent weight map */
    public Linear weightHh() {
        return wHh;
    }

    @Override
    public int inputSize() {
        return wIh.cols();
    }

    @Override
    public int outputSize() {
        return hidden;
    }

    @Override
    public void forward(float[] in, int inOff, float[] out, int outOff) {
        int hs = hidden;
        wIh.apply(in, inOff, gi, 0);
        k.add(3 * hs, gi, 0, bIh, 0, gi, 0);
        wHh.apply(h, 0, gh, 0);
        k.add(3 * hs, gh, 0, bHh, 0, gh, 0);
        // r, z = sigmoid(gi + gh) for the first 2H rows
        k.add(2 * hs, gi, 0, gh, 0, gi, 0);
        k.sigmoid(2 * hs, gi, 0, gi, 0);
        // n = tanh(gi_n + r * gh_n)
        k.mul(hs, gi, 0, gh, 2 * hs, gh, 2 * hs);
        k.add(hs, gi, 2 * hs, gh, 2 * hs, gi, 2 * hs);
        k.tanh(hs, gi, 2 * hs, gi, 2 * hs);
        for (int j = 0; j < hs; j++) {
            float z = gi[hs + j];
            float n = gi[2 * hs + j];
            h[j] = n + z * (h[j] - n);
        }
        System.arraycopy(h, 0, out, outOff, hs);
    }

    @Override
    public void reset() {
        Arrays.fill(h, 0f);
    }

    @Override
    public List<OpNode> describe(String name) {
        return List.of(new OpNode(name, OpKind.GRU, new OpSpec.Recurrent(wIh.cols(), hidden, 3, 1), wIh.weightType(),
                wIh.weightType() == DType.I8 ? DType.I8 : DType.F32, Activation.NONE, null));
    }
}
