package org.edgeai.kernel.nn;

import java.util.List;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.graph.Activation;
import org.edgeai.kernel.graph.OpKind;
import org.edgeai.kernel.graph.OpNode;
import org.edgeai.kernel.graph.OpSpec;
import org.edgeai.kernel.ops.Kernels;
import org.edgeai.kernel.quant.QuantizedMatrix;
import org.edgeai.kernel.quant.Quantization;

/**
 * Depthwise 2-D convolution: PyTorch {@code nn.Conv2d(C, C, K, stride, padding, groups=C)} on a
 * {@code [C, H, W]} map, weights {@code [C, 1, KH, KW]}. In f32 the taps are summed directly; in
 * int8 the weights are quantized symmetrically per channel, the input per tensor (dynamic
 * symmetric scale), products accumulate in int32 and are dequantized per channel.
 *
 * @implNote Owns an int8 input buffer (int8 only): not thread-safe; allocation-free per call.
 */
public final class DepthwiseConv2d implements Layer {
    private final OpSpec.Conv2d spec;
    private final float[] weightF32;     // F32 storage, or null
    private final QuantizedMatrix weightI8; // I8 storage [C, KH*KW], or null
    private final float[] bias;
    private final Activation act;
    private final Kernels k;
    private final byte[] inQ;

    private DepthwiseConv2d(OpSpec.Conv2d spec, float[] weightF32, QuantizedMatrix weightI8, float[] bias,
                            Activation act, Kernels kernels) {
        this.spec = spec;
        this.weightF32 = weightF32;
        this.weightI8 = weightI8;
        this.bias = bias;
        this.act = act;
        this.k = kernels;
        this.inQ = weightI8 == null ? new byte[0] : new byte[(int) spec.inputElements()];
    }

    /**
     * @param type   F32 or I8
     * @param weight {@code [C, 1, K, K]}. Not modified.
     * @param bias   {@code [C]} or null
     * @param pad    symmetric padding per side
     * @throws IllegalArgumentException if sizes are inconsistent or the type is not F32/I8
     */
    public static DepthwiseConv2d of(DType type, int channels, int inHeight, int inWidth, int kernel, int stride, int pad,
                                     float[] weight, float[] bias, Activation act) {
        if (weight.length != channels * kernel * kernel || (bias != null && bias.length != channels)) {
            throw new IllegalArgumentException("depthwise weight length " + weight.length + " != " + channels + "x" + kernel + "x" + kernel);
        }
        OpSpec.Conv2d spec = new OpSpec.Conv2d(channels, inHeight, inWidth, channels,
                Conv2d.outSize(inHeight, kernel, stride, 2 * pad), Conv2d.outSize(inWidth, kernel, stride, 2 * pad),
                kernel, kernel, stride, stride, 2 * pad, 2 * pad, channels, bias != null);
        float[] b = bias == null ? null : bias.clone();
        return switch (type) {
            case F32 -> new DepthwiseConv2d(spec, weight.clone(), null, b, act, Kernels.best());
            case I8 -> new DepthwiseConv2d(spec, null, Quantization.quantizePerRow(weight, channels, kernel * kernel), b, act,
                    Kernels.best());
            default -> throw new IllegalArgumentException("depthwise convolution supports F32 and I8, not " + type);
        };
    }

    /** @return the geometry */
    public OpSpec.Conv2d spec() {
        return spec;
    }

    @Override
    public int inputSize() {
        return (int) spec.inputElements();
    }

    @Override
    public int outputSize() {
        return (int) spec.outputElements();
    }

    @Override
    public void forward(float[] in, int inOff, float[] out, int outOff) {
        int c = spec.inChannels();
        int h = spec.inHeight();
        int wd = spec.inWidth();
        int oh = spec.outHeight();
        int ow = spec.outWidth();
        int kh = spec.kernelH();
        int kw = spec.kernelW();
        int ph = spec.padH() / 2;
        int pw = spec.padW() / 2;
        int sh = spec.strideH();
        int sw = spec.strideW();
        float sx = 1f;
        if (weightI8 != null) {
            sx = Quantization.symmetricScale(in, inOff, inputSize());
            Quantization.quantize(in, inOff, inputSize(), sx, 0, inQ, 0);
        }
        for (int ch = 0; ch < c; ch++) {
            int wBase = ch * kh * kw;
            int inBase = ch * h * wd;
            float b = bias == null ? 0f : bias[ch];
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    float v;
                    if (weightI8 == null) {
                        float s = 0f;
                        for (int dy = 0; dy < kh; dy++) {
                            int iy = y * sh - ph + dy;
                            if (iy < 0 || iy >= h) {
                                continue;
                            }
                            for (int dx = 0; dx < kw; dx++) {
                                int ix = x * sw - pw + dx;
                                if (ix >= 0 && ix < wd) {
                                    s += weightF32[wBase + dy * kw + dx] * in[inOff + inBase + iy * wd + ix];
                                }
                            }
                        }
                        v = s;
                    } else {
                        int acc = 0;
                        byte[] wq = weightI8.data();
                        for (int dy = 0; dy < kh; dy++) {
                            int iy = y * sh - ph + dy;
                            if (iy < 0 || iy >= h) {
                                continue;
                            }
                            for (int dx = 0; dx < kw; dx++) {
                                int ix = x * sw - pw + dx;
                                if (ix >= 0 && ix < wd) {
                                    acc += wq[wBase + dy * kw + dx] * inQ[inBase + iy * wd + ix];
                                }
                            }
                        }
                        v = acc * sx * weightI8.scales()[ch];
                    }
                    out[outOff + (ch * oh + y) * ow + x] = v + b;
                }
            }
        }
        act.applyInPlace(k, out, outOff, outputSize());
    }

    @Override
    public List<OpNode> describe(String name) {
        DType t = weightI8 == null ? DType.F32 : DType.I8;
        return List.of(new OpNode(name, OpKind.DEPTHWISE_CONV2D, spec, t, t, act, null));
    }
}
