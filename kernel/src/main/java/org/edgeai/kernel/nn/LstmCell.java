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
 * A streaming LSTM layer with PyTorch's gate order and equations ({@code torch.nn.LSTM}):
 * <pre>
 *   i = sigmoid(W_ii x + b_ii + W_hi h + b_hi)
 *   f = sigmoid(W_if x + b_if + W_hf h + b_hf)
 *   g = tanh(W_ig x + b_ig + W_hg h + b_hg)
 *   o = sigmoid(W_io x + b_io + W_ho h + b_ho)
 *   c' = f * c + i * g
 *   h' = o * tanh(c')
 * </pre>
 * Weights: {@code weight_ih [4H, I]}, {@code weight_hh [4H, H]}, biases {@code [4H]}, rows in gate
 * order (i, f, g, o) (Hochreiter and Schmidhuber 1997; Gers et al. 2000 forget gate). Each
 * {@link #forward} consumes one time step and emits {@code h' [H]}.
 *
 * @implNote Owns its (h, c) state and gate scratch: not thread-safe; allocation-free per step.
 */
public final class LstmCell implements Layer {
    private final Linear wIh;
    private final Linear wHh;
    private final float[] bIh;
    private final float[] bHh;
    private final int hidden;
    private final Kernels k;
    private final float[] h;
    private final float[] c;
    private final float[] gi;
    private final float[] gh;

    /**
     * @param wIh input weights {@code [4H, I]}
     * @param wHh recurrent weights {@code [4H, H]}
     * @param bIh input bias {@code [4H]}; shared
     * @param bHh recurrent bias {@code [4H]}; shared
     * @throws IllegalArgumentException if the shapes are inconsistent
     */
    public LstmCell(Linear wIh, Linear wHh, float[] bIh, float[] bHh, Kernels kernels) {
        this.hidden = wHh.cols();
        if (wIh.rows() != 4 * hidden || wHh.rows() != 4 * hidden || bIh.length != 4 * hidden || bHh.length != 4 * hidden) {
            throw new IllegalArgumentException("LSTM shapes inconsistent: weight_ih " + wIh.rows() + "x" + wIh.cols()
                    + ", weight_hh " + wHh.rows() + "x" + wHh.cols() + ", biases " + bIh.length + "/" + bHh.length
                    + " (expected 4H rows with H = " + hidden + ")");
        }
        this.wIh = wIh;
        this.wHh = wHh;
        this.bIh = bIh;
        this.bHh = bHh;
        this.k = kernels;
        this.h = new float[hidden];
        this.c = new float[hidden];
        this.gi = new float[4 * hidden];
        this.gh = new float[4 * hidden];
    }

    /** Builds an LSTM layer from PyTorch-layout f32 parameters in the requested weight precision. */
    public static LstmCell of(DType type, int inputSize, int hiddenSize, float[] weightIh, float[] weightHh,
                              float[] biasIh, float[] biasHh) {
        Kernels k = Kernels.best();
        return new LstmCell(Linear.of(type, weightIh, 4 * hiddenSize, inputSize, k),
                Linear.of(type, weightHh, 4 * hiddenSize, hiddenSize, k), biasIh.clone(), biasHh.clone(), k);
    }

    /** @return hidden size H */
    public int hiddenSize() {
        return hidden;
    }

    /** @return copies of (h, c) */
    public float[][] state() {
        return new float[][] {h.clone(), c.clone()};
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
        wHh.apply(h, 0, gh, 0);
        k.add(4 * hs, gi, 0, gh, 0, gi, 0);
        k.add(4 * hs, gi, 0, bIh, 0, gi, 0);
        k.add(4 * hs, gi, 0, bHh, 0, gi, 0);
        k.sigmoid(2 * hs, gi, 0, gi, 0);          // i, f
        k.tanh(hs, gi, 2 * hs, gi, 2 * hs);        // g
        k.sigmoid(hs, gi, 3 * hs, gi, 3 * hs);     // o
        for (int j = 0; j < hs; j++) {
            c[j] = gi[hs + j] * c[j] + gi[j] * gi[2 * hs + j];
        }
        k.tanh(hs, c, 0, gh, 0);
        k.mul(hs, gi, 3 * hs, gh, 0, h, 0);
        System.arraycopy(h, 0, out, outOff, hs);
    }

    @Override
    public void reset() {
        Arrays.fill(h, 0f);
        Arrays.fill(c, 0f);
    }

    @Override
    public List<OpNode> describe(String name) {
        return List.of(new OpNode(name, OpKind.LSTM, new OpSpec.Recurrent(wIh.cols(), hidden, 4, 1), wIh.weightType(),
                wIh.weightType() == DType.I8 ? DType.I8 : DType.F32, Activation.NONE, null));
    }
}
