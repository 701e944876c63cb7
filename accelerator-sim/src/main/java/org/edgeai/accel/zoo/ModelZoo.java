package org.edgeai.accel.zoo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.graph.Activation;
import org.edgeai.kernel.graph.ModelGraph;
import org.edgeai.kernel.graph.OpKind;
import org.edgeai.kernel.graph.OpNode;
import org.edgeai.kernel.graph.OpSpec;

/**
 * Reference networks for pricing. Each op is what the corresponding kernel layer's
 * {@code describe(name)} returns ({@code Conv2d}, {@code DepthwiseConv2d}, {@code Dense},
 * {@code GruCell}, {@code LstmCell}, {@code GlobalAvgPool2d}, {@code Residual}, nested in
 * {@code Sequential}s, which name ops {@code prefix.index}); the test suite checks that building the
 * networks from real kernel layers gives the same graph. ResNet-18's projection shortcuts, which
 * the kernel's identity-only {@code Residual} cannot express, are written as an extra
 * {@code X.shortcut} convolution before the block body.
 *
 * <p>Weight types: {@code I8} (int8 on the accelerator), {@code F16} (fp16 on the accelerator) or
 * {@code F32} (host fallback). Convolutions carry a bias (folded batch norm).
 */
public final class ModelZoo {
    private ModelZoo() {
    }

    /** @return the model names {@link #build} accepts */
    public static List<String> names() {
        return List.of("mobilenetv1", "mobilenetv2", "resnet18", "gru-kws", "lstm-asr", "pgo-pcg-intel");
    }

    /**
     * @param name    a name from {@link #names()} (case-insensitive)
     * @param weights weight type
     * @return the graph, at 224x224 for the image networks
     * @throws IllegalArgumentException naming the known models if {@code name} is unknown
     */
    public static ModelGraph build(String name, DType weights) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "mobilenetv1" -> mobileNetV1(weights, 224);
            case "mobilenetv2" -> mobileNetV2(weights, 224);
            case "resnet18" -> resNet18(weights, 224);
            case "gru-kws" -> gruKeywordSpotter(weights);
            case "lstm-asr" -> lstmAcousticModel(weights);
            case "pgo-pcg-intel" -> poseGraphPcgIteration(weights, 1728, 2512);
            default -> throw new IllegalArgumentException("unknown model '" + name + "'; known: " + String.join(", ", names()));
        };
    }

    /**
     * MobileNetV2, width 1.0 (Sandler et al., CVPR 2018, Table 2): 3x3/2 stem, 17 inverted
     * bottlenecks (expand 1x1 ReLU6, depthwise 3x3 ReLU6, linear project 1x1; a residual add when
     * the stride is 1 and the channels match), 1x1 to 1280, global average pool, 1000-way dense.
     *
     * @param resolution input height and width, a multiple of 32
     */
    public static ModelGraph mobileNetV2(DType weights, int resolution) {
        checkResolution(resolution);
        String m = "mobilenetv2";
        List<OpNode> ops = new ArrayList<>();
        int h = resolution;
        ops.add(conv(m + ".0", weights, 3, h, h, 32, 3, 2, 1, Activation.RELU6));
        h /= 2;
        int c = 32;
        int[][] settings = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2},
                {6, 320, 1, 1}};
        int index = 1;
        for (int[] s : settings) {
            for (int r = 0; r < s[2]; r++) {
                int stride = r == 0 ? s[3] : 1;
                int hidden = c * s[0];
                boolean residual = stride == 1 && c == s[1];
                String b = m + "." + index + (residual ? ".body" : "");
                int layer = 0;
                if (s[0] != 1) {
                    ops.add(conv(b + "." + layer++, weights, c, h, h, hidden, 1, 1, 0, Activation.RELU6));
                }
                ops.add(depthwise(b + "." + layer++, weights, hidden, h, h, 3, stride, 1, Activation.RELU6));
                int oh = (h + 2 - 3) / stride + 1;
                ops.add(conv(b + "." + layer, weights, hidden, oh, oh, s[1], 1, 1, 0, Activation.NONE));
                if (residual) {
                    ops.add(residualAdd(m + "." + index + ".add", (long) s[1] * oh * oh, activation(weights)));
                }
                h = oh;
                c = s[1];
                index++;
            }
        }
        ops.add(conv(m + "." + index++, weights, c, h, h, 1280, 1, 1, 0, Activation.RELU6));
        ops.add(globalAvgPool(m + "." + index++, 1280, h, h));
        ops.add(dense(m + "." + index, weights, 1280, 1000, Activation.NONE));
        return new ModelGraph(m, ops);
    }

    /**
     * MobileNetV1, width 1.0 (Howard et al., 2017, Table 1): 3x3/2 stem, 13 depthwise-separable
     * blocks (depthwise 3x3 ReLU, pointwise 1x1 ReLU), global average pool, 1000-way dense.
     *
     * @param resolution input height and width, a multiple of 32
     */
    public static ModelGraph mobileNetV1(DType weights, int resolution) {
        checkResolution(resolution);
        String m = "mobilenetv1";
        List<OpNode> ops = new ArrayList<>();
        int h = resolution;
        ops.add(conv(m + ".0", weights, 3, h, h, 32, 3, 2, 1, Activation.RELU));
        h /= 2;
        int c = 32;
        int[][] blocks = {{64, 1}, {128, 2}, {128, 1}, {256, 2}, {256, 1}, {512, 2}, {512, 1}, {512, 1}, {512, 1}, {512, 1},
                {512, 1}, {1024, 2}, {1024, 1}};
        int index = 1;
        for (int[] b : blocks) {
            String p = m + "." + index++;
            ops.add(depthwise(p + ".0", weights, c, h, h, 3, b[1], 1, Activation.RELU));
            h = (h + 2 - 3) / b[1] + 1;
            ops.add(conv(p + ".1", weights, c, h, h, b[0], 1, 1, 0, Activation.RELU));
            c = b[0];
        }
        ops.add(globalAvgPool(m + "." + index++, c, h, h));
        ops.add(dense(m + "." + index, weights, c, 1000, Activation.NONE));
        return new ModelGraph(m, ops);
    }

    /**
     * ResNet-18 (He et al., CVPR 2016, Table 1): 7x7/2 stem, 3x3/2 max pool, four stages of two
     * basic blocks (3x3, 3x3, residual add; a 1x1/2 projection shortcut where the stage
     * downsamples), global average pool, 1000-way dense.
     *
     * @param resolution input height and width, a multiple of 32
     */
    public static ModelGraph resNet18(DType weights, int resolution) {
        checkResolution(resolution);
        String m = "resnet18";
        List<OpNode> ops = new ArrayList<>();
        int h = resolution;
        ops.add(conv(m + ".0", weights, 3, h, h, 64, 7, 2, 3, Activation.RELU));
        h /= 2;
        int ph = (h + 2 - 3) / 2 + 1;
        ops.add(new OpNode(m + ".1", OpKind.POOL, new OpSpec.Pool(64, h, h, ph, ph, 3, 3, 2, true), DType.F32,
                activation(weights)));
        h = ph;
        int c = 64;
        int index = 2;
        for (int stage = 0; stage < 4; stage++) {
            int out = 64 << stage;
            for (int block = 0; block < 2; block++) {
                int stride = stage > 0 && block == 0 ? 2 : 1;
                String b = m + "." + index++;
                int oh = (h + 2 - 3) / stride + 1;
                if (stride != 1 || c != out) {
                    ops.add(conv(b + ".shortcut", weights, c, h, h, out, 1, stride, 0, Activation.NONE));
                }
                ops.add(conv(b + ".body.0", weights, c, h, h, out, 3, stride, 1, Activation.RELU));
                ops.add(conv(b + ".body.1", weights, out, oh, oh, out, 3, 1, 1, Activation.NONE));
                ops.add(new OpNode(b + ".add", OpKind.ELEMENTWISE, new OpSpec.Elementwise((long) out * oh * oh, 2), DType.F32,
                        activation(weights), Activation.RELU, null));
                h = oh;
                c = out;
            }
        }
        ops.add(globalAvgPool(m + "." + index++, c, h, h));
        ops.add(dense(m + "." + index, weights, c, 1000, Activation.NONE));
        return new ModelGraph(m, ops);
    }

    /**
     * A streaming keyword spotter, one 10 ms frame per execution: 40 log-mel features, dense 40->128
     * ReLU, two GRU cells of 128, dense 128->12 (per-step graph, as the kernel's cells describe
     * themselves).
     */
    public static ModelGraph gruKeywordSpotter(DType weights) {
        String m = "gru-kws";
        List<OpNode> ops = new ArrayList<>();
        ops.add(dense(m + ".0", weights, 40, 128, Activation.RELU));
        ops.add(recurrent(m + ".1", OpKind.GRU, weights, 128, 128));
        ops.add(recurrent(m + ".2", OpKind.GRU, weights, 128, 128));
        ops.add(dense(m + ".3", weights, 128, 12, Activation.NONE));
        return new ModelGraph(m, ops);
    }

    /**
     * A streaming acoustic model, one frame per execution: 80 features, three LSTM cells of 320,
     * dense 320->512 ReLU, dense 512->4096 output vocabulary (per-step graph).
     */
    public static ModelGraph lstmAcousticModel(DType weights) {
        String m = "lstm-asr";
        List<OpNode> ops = new ArrayList<>();
        ops.add(recurrent(m + ".0", OpKind.LSTM, weights, 80, 320));
        ops.add(recurrent(m + ".1", OpKind.LSTM, weights, 320, 320));
        ops.add(recurrent(m + ".2", OpKind.LSTM, weights, 320, 320));
        ops.add(dense(m + ".3", weights, 320, 512, Activation.RELU));
        ops.add(dense(m + ".4", weights, 512, 4096, Activation.NONE));
        return new ModelGraph(m, ops);
    }

    /**
     * One preconditioned conjugate-gradient iteration on the normal equations of a 2-D pose graph
     * (3 unknowns per pose): the Hessian SpMV (a 3x3 block per pose and two per edge), the forward
     * and backward triangular solves of an incomplete-Cholesky preconditioner with the pattern of the
     * Hessian's lower triangle, and the vector updates (two dot products, three axpys). The matrix
     * values are stored in {@code values} (F16 runs on the vector unit, F32 on the host): the fp16
     * saving of the SLAM solver. {@code pgo-pcg-intel} uses the Intel Research Lab data set's size
     * (1728 poses, 2512 edges in {@code slam/pgo2d/intel.g2o}).
     *
     * @param poses pose count, positive
     * @param edges edge count (odometry and loop closures), non-negative
     */
    public static ModelGraph poseGraphPcgIteration(DType values, int poses, int edges) {
        if (poses <= 0 || edges < 0) {
            throw new IllegalArgumentException("need poses > 0 and edges >= 0, got " + poses + ", " + edges);
        }
        String m = "pgo-pcg";
        int n = 3 * poses;
        long hessianNonZeros = 9L * (poses + 2L * edges);
        long factorNonZeros = 6L * poses + 9L * edges;
        DType act = values == DType.I8 ? DType.I8 : values;
        List<OpNode> ops = new ArrayList<>();
        ops.add(new OpNode(m + ".spmv", OpKind.SPMV, new OpSpec.Sparse(n, n, hessianNonZeros, 1), values, act));
        ops.add(new OpNode(m + ".dot_pAp", OpKind.ELEMENTWISE, new OpSpec.Elementwise(n, 2), DType.F32, act));
        ops.add(new OpNode(m + ".axpy_x", OpKind.ELEMENTWISE, new OpSpec.Elementwise(n, 2), DType.F32, act));
        ops.add(new OpNode(m + ".axpy_r", OpKind.ELEMENTWISE, new OpSpec.Elementwise(n, 2), DType.F32, act));
        ops.add(new OpNode(m + ".forward", OpKind.TRIANGULAR_SOLVE, new OpSpec.Sparse(n, n, factorNonZeros, 1), values, act));
        ops.add(new OpNode(m + ".backward", OpKind.TRIANGULAR_SOLVE, new OpSpec.Sparse(n, n, factorNonZeros, 1), values, act));
        ops.add(new OpNode(m + ".dot_rz", OpKind.ELEMENTWISE, new OpSpec.Elementwise(n, 2), DType.F32, act));
        ops.add(new OpNode(m + ".axpy_p", OpKind.ELEMENTWISE, new OpSpec.Elementwise(n, 2), DType.F32, act));
        return new ModelGraph(m, ops);
    }

    /** @return what {@code Conv2d.of(type, cin, h, w, cout, k, stride, pad, weight, bias, act).describe(name)} returns */
    public static OpNode conv(String name, DType type, int cin, int h, int w, int cout, int k, int stride, int pad,
                              Activation act) {
        int oh = (h + 2 * pad - k) / stride + 1;
        int ow = (w + 2 * pad - k) / stride + 1;
        OpSpec.Conv2d spec = new OpSpec.Conv2d(cin, h, w, cout, oh, ow, k, k, stride, stride, 2 * pad, 2 * pad, 1, true);
        boolean direct = k == 1 && stride == 1 && pad == 0;
        return new OpNode(name, direct ? OpKind.POINTWISE_CONV2D : OpKind.CONV2D, spec, type, activation(type), act, null);
    }

    /** @return what {@code DepthwiseConv2d.of(type, c, h, w, k, stride, pad, weight, bias, act).describe(name)} returns */
    public static OpNode depthwise(String name, DType type, int c, int h, int w, int k, int stride, int pad, Activation act) {
        int oh = (h + 2 * pad - k) / stride + 1;
        int ow = (w + 2 * pad - k) / stride + 1;
        OpSpec.Conv2d spec = new OpSpec.Conv2d(c, h, w, c, oh, ow, k, k, stride, stride, 2 * pad, 2 * pad, c, true);
        // the kernel's depthwise layer stores F32 or I8 and reports the same type for activations
        DType t = type == DType.I8 ? DType.I8 : type;
        return new OpNode(name, OpKind.DEPTHWISE_CONV2D, spec, t, t, act, null);
    }

    /** @return what {@code Dense.of(type, in, out, weight, bias, act).describe(name)} returns */
    public static OpNode dense(String name, DType type, int in, int out, Activation act) {
        return new OpNode(name, OpKind.GEMM, new OpSpec.Gemm(1, out, in, true), type, activation(type), act, null);
    }

    /** @return what {@code GruCell.of(...)} ({@code kind GRU}) or {@code LstmCell.of(...)} describes */
    public static OpNode recurrent(String name, OpKind kind, DType type, int input, int hidden) {
        return new OpNode(name, kind, new OpSpec.Recurrent(input, hidden, kind == OpKind.GRU ? 3 : 4, 1), type,
                activation(type), Activation.NONE, null);
    }

    /** @return what {@code new GlobalAvgPool2d(c, h, w).describe(name)} returns */
    public static OpNode globalAvgPool(String name, int c, int h, int w) {
        return new OpNode(name, OpKind.POOL, new OpSpec.Pool(c, h, w, 1, 1, h, w, 1, false), DType.F32, DType.F32);
    }

    /** @return the add {@code Residual.describe(name)} appends ({@code name} ends in {@code .add}) */
    public static OpNode residualAdd(String name, long elements, DType activationType) {
        return new OpNode(name, OpKind.ELEMENTWISE, new OpSpec.Elementwise(elements, 2), DType.F32, activationType);
    }

    /** Kernel layers keep int8 activations for int8 weights and fp32 otherwise. */
    private static DType activation(DType weights) {
        return weights == DType.I8 ? DType.I8 : DType.F32;
    }

    private static void checkResolution(int resolution) {
        if (resolution < 32 || resolution % 32 != 0) {
            throw new IllegalArgumentException("resolution must be a positive multiple of 32, got " + resolution);
        }
    }
}
