package org.edgeai.kernel.nn;

import java.util.List;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.graph.Activation;
import org.edgeai.kernel.graph.OpKind;
import org.edgeai.kernel.graph.OpNode;
import org.edgeai.kernel.graph.OpSpec;
import org.edgeai.kernel.ops.Kernels;

/**
 * Standard 2-D convolution (groups 1) on a single {@code [Cin, H, W]} feature map, PyTorch
 * {@code nn.Conv2d} semantics with symmetric zero padding: output {@code [Cout, OH, OW]},
 * {@code OH = (H + 2*padH - KH) / strideH + 1}. Computed as im2col followed by one GEMM
 * {@code [Cout, Cin*KH*KW] x [Cin*KH*KW, OH*OW]} in the layer's precision; a 1x1 kernel with
 * stride 1 and no padding skips im2col (see {@link #pointwise}).
 *
 * @implNote Owns its im2col buffer: not thread-safe; allocation-free per call after construction.
 */
public final class Conv2d implements Layer {
    private final Linear w;
    private final float[] bias;
    private final OpSpec.Conv2d spec;
    private final Activation act;
    private final Kernels k;
    private final float[] col;
    private final boolean direct;

    /**
     * @param w    weights {@code [Cout, Cin*KH*KW]} (PyTorch {@code [Cout, Cin, KH, KW]} flattened)
     * @param bias {@code [Cout]} or null; shared
     * @param spec geometry; {@code groups} must be 1 and padding symmetric (even totals)
     * @throws IllegalArgumentException if the shapes are inconsistent
     */
    public Conv2d(Linear w, float[] bias, OpSpec.Conv2d spec, Activation act, Kernels kernels) {
        if (spec.groups() != 1 || w.rows() != spec.outChannels()
                || w.cols() != spec.inChannels() * spec.kernelH() * spec.kernelW()
                || (bias != null && bias.length != spec.outChannels()) || spec.padH() % 2 != 0 || spec.padW() % 2 != 0
                || spec.outHeight() != outSize(spec.inHeight(), spec.kernelH(), spec.strideH(), spec.padH())
                || spec.outWidth() != outSize(spec.inWidth(), spec.kernelW(), spec.strideW(), spec.padW())) {
            throw new IllegalArgumentException("Conv2d weights " + w.rows() + "x" + w.cols() + " do not match " + spec);
        }
        this.w = w;
        this.bias = bias;
        this.spec = spec;
        this.act = act;
        this.k = kernels;
        this.direct = spec.kernelH() == 1 && spec.kernelW() == 1 && spec.strideH() == 1 && spec.strideW() == 1
                && spec.padH() == 0 && spec.padW() == 0;
        this.col = direct ? new float[0] : new float[w.cols() * spec.outHeight() * spec.outWidth()];
    }

    /**
     * Builds a convolution from PyTorch parameters.
     *
     * @param weight {@code [Cout, Cin, KH, KW]}. Not modified.
     * @param pad    symmetric padding per side (PyTorch {@code padding=pad})
     */
    public static Conv2d of(DType type, int inChannels, int inHeight, int inWidth, int outChannels, int kernel,
                            int stride, int pad, float[] weight, float[] bias, Activation act) {
        OpSpec.Conv2d spec = new OpSpec.Conv2d(inChannels, inHeight, inWidth, outChannels,
                outSize(inHeight, kernel, stride, 2 * pad), outSize(inWidth, kernel, stride, 2 * pad),
                kernel, kernel, stride, stride, 2 * pad, 2 * pad, 1, bias != null);
        Kernels k = Kernels.best();
        return new Conv2d(Linear.of(type, weight, outChannels, inChannels * kernel * kernel, k),
                bias == null ? null : bias.clone(), spec, act, k);
    }

    /** Builds a 1x1 (pointwise) convolution, PyTorch weight {@code [Cout, Cin, 1, 1]}. */
    public static Conv2d pointwise(DType type, int inChannels, int height, int width, int outChannels,
                                   float[] weight, float[] bias, Activation act) {
        return of(type, inChannels, height, width, outChannels, 1, 1, 0, weight, bias, act);
    }

    /**
     * @return {@code floor((in + padTotal - kernel) / stride) + 1}: at most 0 when the kernel does not fit the padded
     *         input (Java's division truncates toward zero, so a plain {@code /} would give 1 for {@code -1 / 2})
     * @throws IllegalArgumentException if {@code stride < 1}
     */
    static int outSize(int in, int kernel, int stride, int padTotal) {
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be >= 1, got " + stride);
        }
        return Math.floorDiv(in + padTotal - kernel, stride) + 1;
    }

    /** @return the geometry */
    public OpSpec.Conv2d spec() {
        return spec;
    }

    @Override
    public int inputSize() {
        return spec.inChannels() * spec.inHeight() * spec.inWidth();
    }

    @Override
    public int outputSize() {
        return spec.outChannels() * spec.outHeight() * spec.outWidth();
    }

    @Override
    public void forward(float[] in, int inOff, float[] out, int outOff) {
        int pixels = spec.outHeight() * spec.outWidth();
        if (direct) {
            w.applyBatch(pixels, in, inOff, pixels, out, outOff, pixels);
        } else {
            im2col(in, inOff);
            w.applyBatch(pixels, col, 0, pixels, out, outOff, pixels);
        }
        if (bias != null) {
            for (int o = 0; o < spec.outChannels(); o++) {
                float b = bias[o];
                int base = outOff + o * pixels;
                for (int p = 0; p < pixels; p++) {
                    out[base + p] += b;
                }
            }
        }
        act.applyInPlace(k, out, outOff, outputSize());
    }

    private void im2col(float[] in, int inOff) {
        int kh = spec.kernelH();
        int kw = spec.kernelW();
        int oh = spec.outHeight();
        int ow = spec.outWidth();
        int h = spec.inHeight();
        int wd = spec.inWidth();
        int ph = spec.padH() / 2;
        int pw = spec.padW() / 2;
        int pixels = oh * ow;
        for (int c = 0; c < spec.inChannels(); c++) {
            for (int dy = 0; dy < kh; dy++) {
                for (int dx = 0; dx < kw; dx++) {
                    int row = ((c * kh + dy) * kw + dx) * pixels;
                    for (int y = 0; y < oh; y++) {
                        int iy = y * spec.strideH() - ph + dy;
                        for (int x = 0; x < ow; x++) {
                            int ix = x * spec.strideW() - pw + dx;
                            col[row + y * ow + x] = iy >= 0 && iy < h && ix >= 0 && ix < wd
                                    ? in[inOff + (c * h + iy) * wd + ix] : 0f;
                        }
                    }
                }
            }
        }
    }

    @Override
    public List<OpNode> describe(String name) {
        OpKind kind = direct ? OpKind.POINTWISE_CONV2D : OpKind.CONV2D;
        return List.of(new OpNode(name, kind, spec, w.weightType(), w.weightType() == DType.I8 ? DType.I8 : DType.F32, act, null));
    }
}
