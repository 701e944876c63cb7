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
 * Streaming causal 1-D convolution over time: one input frame {@code x_t [Cin]} in, one output
 * frame {@code y_t [Cout]} out, equal to PyTorch {@code nn.Conv1d(Cin, Cout, K, dilation=d)} applied
 * to the sequence left-padded with {@code (K-1)*d} zero frames:
 * {@code y_t[o] = b[o] + sum_{c,k} W[o, c, k] * x_{t-(K-1-k)*d}[c]}.
 *
 * <p>Internally the weights are stored as a {@link Linear} over the stacked window
 * {@code [x_{t-(K-1)d}, ..., x_{t-d}, x_t]} (tap-major, {@code K * Cin} columns), so each step is one
 * GEMV in the layer's precision. A ring buffer holds the last {@code (K-1)*d} frames.
 *
 * @implNote Owns its history: not thread-safe; allocation-free per step.
 */
public final class CausalConv1d implements Layer {
    private final Linear w;
    private final float[] bias;
    private final int inChannels;
    private final int kernel;
    private final int dilation;
    private final Activation act;
    private final Kernels k;
    private final float[] history; // ring of (K-1)*d + 1 frames
    private final int historyFrames;
    private final float[] window;
    private int head; // index of the frame slot that receives x_t

    /**
     * @param w        weights over the stacked window, {@code [Cout, K * Cin]} tap-major
     * @param bias     {@code [Cout]} or null; shared
     * @throws IllegalArgumentException if the shapes are inconsistent
     */
    public CausalConv1d(Linear w, float[] bias, int inChannels, int kernel, int dilation, Activation act, Kernels kernels) {
        if (kernel <= 0 || dilation <= 0 || inChannels <= 0 || w.cols() != kernel * inChannels
                || (bias != null && bias.length != w.rows())) {
            throw new IllegalArgumentException("CausalConv1d shapes inconsistent: weight " + w.rows() + "x" + w.cols()
                    + " for Cin=" + inChannels + " K=" + kernel + " d=" + dilation);
        }
        this.w = w;
        this.bias = bias;
        this.inChannels = inChannels;
        this.kernel = kernel;
        this.dilation = dilation;
        this.act = act;
        this.k = kernels;
        this.historyFrames = (kernel - 1) * dilation + 1;
        this.history = new float[historyFrames * inChannels];
        this.window = new float[kernel * inChannels];
    }

    /**
     * Builds the layer from PyTorch {@code Conv1d} parameters.
     *
     * @param weight {@code [Cout, Cin, K]} row-major. Not modified.
     * @param bias   {@code [Cout]} or null
     * @param type   weight precision
     */
    public static CausalConv1d of(DType type, int inChannels, int outChannels, int kernel, int dilation,
                                  float[] weight, float[] bias, Activation act) {
        if (weight.length != outChannels * inChannels * kernel) {
            throw new IllegalArgumentException("Conv1d weight length " + weight.length + " != " + outChannels + "x"
                    + inChannels + "x" + kernel);
        }
        float[] tapMajor = new float[weight.length];
        for (int o = 0; o < outChannels; o++) {
            for (int c = 0; c < inChannels; c++) {
                for (int t = 0; t < kernel; t++) {
                    tapMajor[o * kernel * inChannels + t * inChannels + c] = weight[(o * inChannels + c) * kernel + t];
                }
            }
        }
        Kernels k = Kernels.best();
        return new CausalConv1d(Linear.of(type, tapMajor, outChannels, kernel * inChannels, k),
                bias == null ? null : bias.clone(), inChannels, kernel, dilation, act, k);
    }

    /** @return the algorithmic look-back in frames, {@code (K-1) * d} */
    public int receptiveFieldFrames() {
        return historyFrames - 1;
    }

    @Override
    public int inputSize() {
        return inChannels;
    }

    @Override
    public int outputSize() {
        return w.rows();
    }

    @Override
    public void forward(float[] in, int inOff, float[] out, int outOff) {
        System.arraycopy(in, inOff, history, head * inChannels, inChannels);
        for (int t = 0; t < kernel; t++) {
            int lag = (kernel - 1 - t) * dilation;
            int slot = Math.floorMod(head - lag, historyFrames);
            System.arraycopy(history, slot * inChannels, window, t * inChannels, inChannels);
        }
        head = (head + 1) % historyFrames;
        w.apply(window, 0, out, outOff);
        if (bias != null) {
            k.add(w.rows(), out, outOff, bias, 0, out, outOff);
        }
        act.applyInPlace(k, out, outOff, w.rows());
    }

    @Override
    public void reset() {
        Arrays.fill(history, 0f);
        head = 0;
    }

    @Override
    public List<OpNode> describe(String name) {
        return List.of(new OpNode(name, OpKind.CONV1D, new OpSpec.Conv1d(inChannels, w.rows(), kernel, dilation, 1, bias != null),
                w.weightType(), w.weightType() == DType.I8 ? DType.I8 : DType.F32, act, null));
    }
}
