package org.edgeai.kernel.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.random.RandomGenerator;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.graph.Activation;
import org.edgeai.kernel.graph.ModelGraph;
import org.edgeai.kernel.graph.OpKind;
import org.edgeai.kernel.graph.OpNode;
import org.edgeai.kernel.graph.OpSpec;
import org.edgeai.kernel.testing.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Every layer against an independent double-precision implementation of its defining equations
 * (PyTorch's documented formulas), in each weight precision with a tolerance that reflects it.
 */
class LayersTest {
    private static double sig(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** Tolerance per precision: f32 summation order; f16 weight rounding; int8 weight+activation steps. */
    private static double tol(DType t) {
        return switch (t) {
            case F32 -> 2e-5;
            case F16 -> 5e-3;
            default -> 6e-2;
        };
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "I8"})
    void gruFollowsPytorchEquationsOver100Steps(DType type) {
        int in = 13;
        int hs = 21;
        RandomGenerator r = Rng.of(3);
        float[] wih = Rng.floats(r, 3 * hs * in, 0.4f);
        float[] whh = Rng.floats(r, 3 * hs * hs, 0.4f);
        float[] bih = Rng.floats(r, 3 * hs, 0.2f);
        float[] bhh = Rng.floats(r, 3 * hs, 0.2f);
        GruCell gru = GruCell.of(type, in, hs, wih, whh, bih, bhh);
        double[] h = new double[hs];
        float[] out = new float[hs];
        for (int t = 0; t < 100; t++) {
            float[] x = Rng.floats(r, in, 1f);
            gru.forward(x, 0, out, 0);
            double[] nh = new double[hs];
            for (int j = 0; j < hs; j++) {
                double[] gi = new double[3];
                double[] gh = new double[3];
                for (int g = 0; g < 3; g++) {
                    int row = g * hs + j;
                    gi[g] = bih[row];
                    gh[g] = bhh[row];
                    for (int c = 0; c < in; c++) {
                        gi[g] += wih[row * in + c] * (double) x[c];
                    }
                    for (int c = 0; c < hs; c++) {
                        gh[g] += whh[row * hs + c] * h[c];
                    }
                }
                double rr = sig(gi[0] + gh[0]);
                double z = sig(gi[1] + gh[1]);
                double n = Math.tanh(gi[2] + rr * gh[2]);
                nh[j] = (1 - z) * n + z * h[j];
            }
            h = nh;
            for (int j = 0; j < hs; j++) {
                assertEquals(h[j], out[j], tol(type), type + " step " + t + " unit " + j);
            }
        }
        gru.reset();
        float[] zero = new float[in];
        gru.forward(zero, 0, out, 0);
        for (int j = 0; j < hs; j++) { // from h = 0 with x = 0 the output depends only on the biases
            double z = sig(bih[hs + j] + bhh[hs + j]);
            double n = Math.tanh(bih[2 * hs + j] + sig(bih[j] + bhh[j]) * bhh[2 * hs + j]);
            assertEquals((1 - z) * n, out[j], 1e-6);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "I8"})
    void lstmFollowsPytorchEquationsOver100Steps(DType type) {
        int in = 9;
        int hs = 17;
        RandomGenerator r = Rng.of(4);
        float[] wih = Rng.floats(r, 4 * hs * in, 0.4f);
        float[] whh = Rng.floats(r, 4 * hs * hs, 0.4f);
        float[] bih = Rng.floats(r, 4 * hs, 0.2f);
        float[] bhh = Rng.floats(r, 4 * hs, 0.2f);
        LstmCell lstm = LstmCell.of(type, in, hs, wih, whh, bih, bhh);
        double[] h = new double[hs];
        double[] c = new double[hs];
        float[] out = new float[hs];
        for (int t = 0; t < 100; t++) {
            float[] x = Rng.floats(r, in, 1f);
            lstm.forward(x, 0, out, 0);
            double[] g = new double[4 * hs];
            for (int row = 0; row < 4 * hs; row++) {
                g[row] = bih[row] + bhh[row];
                for (int k = 0; k < in; k++) {
                    g[row] += wih[row * in + k] * (double) x[k];
                }
                for (int k = 0; k < hs; k++) {
                    g[row] += whh[row * hs + k] * h[k];
                }
            }
            for (int j = 0; j < hs; j++) {
                double i = sig(g[j]);
                double f = sig(g[hs + j]);
                double gg = Math.tanh(g[2 * hs + j]);
                double o = sig(g[3 * hs + j]);
                c[j] = f * c[j] + i * gg;
                h[j] = o * Math.tanh(c[j]);
                assertEquals(h[j], out[j], tol(type), type + " step " + t + " unit " + j);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "I8"})
    void causalConv1dEqualsLeftPaddedConvolution(DType type) {
        int cin = 5;
        int cout = 7;
        int k = 3;
        int d = 2;
        int steps = 40;
        RandomGenerator r = Rng.of(5);
        float[] w = Rng.floats(r, cout * cin * k, 0.5f);
        float[] b = Rng.floats(r, cout, 0.5f);
        float[][] x = new float[steps][];
        for (int t = 0; t < steps; t++) {
            x[t] = Rng.floats(r, cin, 1f);
        }
        CausalConv1d conv = CausalConv1d.of(type, cin, cout, k, d, w, b, Activation.NONE);
        assertEquals((k - 1) * d, conv.receptiveFieldFrames());
        float[] out = new float[cout];
        for (int pass = 0; pass < 2; pass++) { // second pass after reset must repeat the first
            for (int t = 0; t < steps; t++) {
                conv.forward(x[t], 0, out, 0);
                for (int o = 0; o < cout; o++) {
                    double e = b[o];
                    for (int c = 0; c < cin; c++) {
                        for (int tap = 0; tap < k; tap++) {
                            int src = t - (k - 1 - tap) * d;
                            if (src >= 0) {
                                e += w[(o * cin + c) * k + tap] * (double) x[src][c];
                            }
                        }
                    }
                    assertEquals(e, out[o], 10 * tol(type), "t=" + t + " o=" + o);
                }
            }
            conv.reset();
        }
    }

    private static double[] directConv(float[] in, int cin, int h, int w, float[] wt, float[] b, int cout, int kk, int s,
                                       int p, int groups) {
        int oh = (h + 2 * p - kk) / s + 1;
        int ow = (w + 2 * p - kk) / s + 1;
        int cpg = cin / groups;
        int opg = cout / groups;
        double[] out = new double[cout * oh * ow];
        for (int o = 0; o < cout; o++) {
            int g = o / opg;
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    double acc = b == null ? 0 : b[o];
                    for (int ci = 0; ci < cpg; ci++) {
                        int c = g * cpg + ci;
                        for (int dy = 0; dy < kk; dy++) {
                            for (int dx = 0; dx < kk; dx++) {
                                int iy = y * s - p + dy;
                                int ix = x * s - p + dx;
                                if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                    acc += wt[((o * cpg + ci) * kk + dy) * kk + dx] * (double) in[(c * h + iy) * w + ix];
                                }
                            }
                        }
                    }
                    out[(o * oh + y) * ow + x] = acc;
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "I8"})
    void conv2dMatchesDirectConvolution(DType type) {
        RandomGenerator r = Rng.of(6);
        int cin = 3;
        int h = 11;
        int w = 9;
        int cout = 5;
        for (int[] ksp : new int[][] {{3, 1, 1}, {3, 2, 1}, {5, 2, 2}, {1, 1, 0}, {2, 2, 0}}) {
            int kk = ksp[0];
            int s = ksp[1];
            int p = ksp[2];
            float[] in = Rng.floats(r, cin * h * w, 1f);
            float[] wt = Rng.floats(r, cout * cin * kk * kk, 0.5f);
            float[] b = Rng.floats(r, cout, 0.5f);
            Conv2d conv = Conv2d.of(type, cin, h, w, cout, kk, s, p, wt, b, Activation.NONE);
            float[] out = new float[conv.outputSize()];
            conv.forward(in, 0, out, 0);
            double[] e = directConv(in, cin, h, w, wt, b, cout, kk, s, p, 1);
            assertEquals(e.length, out.length);
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i], out[i], 5 * tol(type), "k" + kk + " s" + s + " p" + p + " at " + i);
            }
            assertEquals(kk == 1 && s == 1 && p == 0 ? OpKind.POINTWISE_CONV2D : OpKind.CONV2D, conv.describe("c").getFirst().kind());
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "I8"})
    void depthwiseMatchesGroupedDirectConvolution(DType type) {
        RandomGenerator r = Rng.of(7);
        int c = 6;
        int h = 10;
        int w = 7;
        for (int[] ksp : new int[][] {{3, 1, 1}, {3, 2, 1}, {5, 1, 2}}) {
            float[] in = Rng.floats(r, c * h * w, 1f);
            float[] wt = Rng.floats(r, c * ksp[0] * ksp[0], 0.5f);
            float[] b = Rng.floats(r, c, 0.5f);
            DepthwiseConv2d dw = DepthwiseConv2d.of(type, c, h, w, ksp[0], ksp[1], ksp[2], wt, b, Activation.RELU);
            float[] out = new float[dw.outputSize()];
            dw.forward(in, 0, out, 0);
            double[] e = directConv(in, c, h, w, wt, b, c, ksp[0], ksp[1], ksp[2], c);
            for (int i = 0; i < e.length; i++) {
                assertEquals(Math.max(0, e[i]), out[i], 5 * tol(type), "at " + i);
            }
            OpNode op = dw.describe("dw").getFirst();
            assertTrue(((OpSpec.Conv2d) op.spec()).depthwise());
        }
        assertThrows(IllegalArgumentException.class,
                () -> DepthwiseConv2d.of(DType.F16, 2, 4, 4, 3, 1, 1, new float[18], null, Activation.NONE));
    }

    @Test
    void sequentialGraphCountsMacsAndParameters() {
        RandomGenerator r = Rng.of(8);
        int c = 8;
        int hw = 6;
        Conv2d stem = Conv2d.of(DType.I8, 3, hw, hw, c, 3, 1, 1, Rng.floats(r, c * 3 * 9, 0.3f), Rng.floats(r, c, 0.1f), Activation.RELU6);
        Sequential ibn = new Sequential(List.of(
                Conv2d.pointwise(DType.I8, c, hw, hw, 4 * c, Rng.floats(r, 4 * c * c, 0.3f), null, Activation.RELU6),
                DepthwiseConv2d.of(DType.I8, 4 * c, hw, hw, 3, 1, 1, Rng.floats(r, 4 * c * 9, 0.3f), null, Activation.RELU6),
                Conv2d.pointwise(DType.I8, 4 * c, hw, hw, c, Rng.floats(r, c * 4 * c, 0.3f), null, Activation.NONE)));
        Sequential net = new Sequential(List.of(stem, new Residual(ibn), new GlobalAvgPool2d(c, hw, hw),
                Dense.of(DType.I8, c, 10, Rng.floats(r, 10 * c, 0.3f), new float[10], Activation.NONE)));
        ModelGraph g = net.toGraph("tiny");
        assertEquals(List.of(OpKind.CONV2D, OpKind.POINTWISE_CONV2D, OpKind.DEPTHWISE_CONV2D, OpKind.POINTWISE_CONV2D,
                OpKind.ELEMENTWISE, OpKind.POOL, OpKind.GEMM), g.ops().stream().map(OpNode::kind).toList());
        long pixels = (long) hw * hw;
        long macs = pixels * c * 3 * 9 + pixels * 4 * c * c + pixels * 4 * c * 9 + pixels * c * 4 * c + 10L * c;
        assertEquals(macs, g.totalMacs());
        long params = (c * 27 + c * 4 * c + 4 * c * 9 + 4 * c * c + 10 * c)   // int8 weights
                + 4L * (c + 10)                                                  // f32 biases
                + 4L * (c + 4 * c + 4 * c + c + 10);                              // one f32 scale per output channel
        assertEquals(params, g.parameterBytes());
        float[] out = new float[10];
        net.forward(Rng.floats(r, net.inputSize(), 1f), 0, out, 0);
        for (float v : out) {
            assertTrue(Float.isFinite(v));
        }
        assertThrows(IllegalArgumentException.class, () -> new Sequential(List.of(stem, new GlobalAvgPool2d(3, 2, 2))));
    }
}
