package org.edgeai.nas.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.util.List;
import java.util.SplittableRandom;
import org.edgeai.nas.internal.Ranking;
import org.edgeai.nas.space.BlockKind;
import org.edgeai.nas.space.BlockSpec;
import org.edgeai.nas.space.NetworkSpec;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * The zero-shot proxies against independent computations: synflow's gradient sum against a finite
 * difference of the forward pass, NASWOT's kernel against a hand count of the network's ReLU units,
 * jacob_cov's Jacobians against finite differences and its score against a determinant and an inverse
 * instead of eigenvalues.
 */
class ZeroShotProxiesTest {
    private static final long SEED = 11;

    /**
     * 1x8x8 input; stem 4 channels (3x3, stride 1); block 1 of {@code kind} (3x3, expansion 2, stride 1,
     * 4 out, residual); block 2 IBN (3x3, expansion 2, stride 2, 6 out); head 8; 2 classes.
     */
    private static NetworkSpec tiny(BlockKind kind) {
        return new NetworkSpec("t", 1, 8, 8, 4, 3, 1,
                List.of(new BlockSpec(kind, 3, 2, 1, 4), new BlockSpec(BlockKind.IBN, 3, 2, 2, 6)), 8, 2);
    }

    private static float[] images(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * 64];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
        }
        return x;
    }

    /** ReLU6 units per input, counted by hand from the layer shapes. */
    @Test
    void naswotKernelCountsAgreeingReluUnits() {
        // stem 4x8x8 = 256; IBN block 1: expansion 8x8x8 = 512 + depthwise 8x8x8 = 512 (fused: one 3x3 conv, 512);
        // block 2: expansion 8x8x8 = 512 + depthwise stride 2 8x4x4 = 128; head 8x4x4 = 128.
        int[] units = {256 + 512 + 512 + 512 + 128 + 128, 256 + 512 + 512 + 128 + 128};
        BlockKind[] kinds = {BlockKind.IBN, BlockKind.FUSED_IBN};
        for (int c = 0; c < 2; c++) {
            float[] x = images(4, 3);
            System.arraycopy(x, 0, x, 64, 64); // input 1 = input 0
            double[][] k = ZeroShotProxies.naswotKernel(tiny(kinds[c]), x, new Shape(4, 1, 8, 8), SEED);
            for (int i = 0; i < 4; i++) {
                assertEquals(units[c], k[i][i], 0, kinds[c] + " diagonal = N_A");
                for (int j = 0; j < 4; j++) {
                    assertEquals(k[i][j], k[j][i], 0);
                    assertTrue(k[i][j] >= 0 && k[i][j] <= units[c]);
                }
            }
            assertEquals(units[c], k[0][1], 0, "identical inputs agree on every unit");
            assertTrue(k[0][2] < units[c], "distinct inputs differ somewhere");
            assertEquals(Double.NEGATIVE_INFINITY, ZeroShotProxies.logDet(k), "two equal rows: singular kernel");
        }
    }

    /**
     * NASWOT runs batch norm on the minibatch's statistics, as the published implementations do on a freshly
     * built (training-mode) network: every convolution is bias-free and followed by batch norm, so scaling the
     * input by 100 leaves every normalised activation, and so the kernel, unchanged. Batch norm at its initial
     * running statistics would pass the 100x larger values on and saturate the ReLU6 units.
     */
    @Test
    void naswotKernelIsInvariantToTheInputScaleThroughBatchStatistics() {
        int n = 6;
        float[] x = images(n, 9);
        float[] big = x.clone();
        for (int i = 0; i < big.length; i++) {
            big[i] *= 100;
        }
        Shape shape = new Shape(n, 1, 8, 8);
        double[][] k = ZeroShotProxies.naswotKernel(tiny(BlockKind.IBN), x, shape, SEED);
        double[][] kBig = ZeroShotProxies.naswotKernel(tiny(BlockKind.IBN), big, shape, SEED);
        double diff = 0;
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                diff += Math.abs(k[i][j] - kBig[i][j]);
                total += k[i][j];
            }
        }
        assertTrue(diff <= 1e-3 * total, "kernel changed by " + diff + " of " + total);
    }

    /**
     * synflow is defined on the linearised network, R = 1' prod |W| 1 (Tanaka et al. 2020). Without residual
     * connections every input-to-output path crosses the same number L of weight layers, so R minus the classifier
     * bias is homogeneous of degree L in the weights and Euler's identity gives the closed form
     * sum |theta * dR/dtheta| = L * (R - sum |b|): checked on chains of L = 9 (IBN: stem, 3 + 3 block convolutions,
     * head, classifier) and L = 8 (first block fused) weight layers. ReLU6 clipping the all-ones signal would zero the
     * early layers' gradients and break the identity.
     */
    @Test
    void synflowIsDegreeTimesTheLinearisedOutput() {
        BlockKind[] kinds = {BlockKind.IBN, BlockKind.FUSED_IBN};
        int[] layers = {9, 8};
        for (int c = 0; c < 2; c++) {
            NetworkSpec chain = new NetworkSpec("c", 1, 8, 8, 4, 3, 1,
                    List.of(new BlockSpec(kinds[c], 3, 2, 1, 6), new BlockSpec(BlockKind.IBN, 3, 2, 2, 6)), 8, 2);
            double[] rAndBias = sumOnes(chain, 1);
            double synflow = Math.exp(ZeroShotProxies.synflow(chain, new Shape(4, 1, 8, 8), SEED));
            double expected = layers[c] * (rAndBias[0] - rAndBias[1]);
            assertTrue(expected > 0);
            assertEquals(expected, synflow, 1e-9 * expected, kinds[c].toString());
        }
    }

    /**
     * With residual connections the paths differ in length; still every term is non-negative, so
     * sum over the weights of |theta * dR/dtheta| = d/dt R((1 + t) theta_w) at t = 0 (Euler; only the convolution and
     * linear weights scaled), a derivative of the forward pass alone.
     */
    @Test
    void synflowEqualsTheDirectionalDerivativeOfTheForwardPass() {
        for (BlockKind kind : new BlockKind[] {BlockKind.IBN, BlockKind.FUSED_IBN}) {
            NetworkSpec spec = tiny(kind);
            double h = 1e-5;
            double fd = (sumOnes(spec, 1 + h)[0] - sumOnes(spec, 1 - h)[0]) / (2 * h);
            double synflow = Math.exp(ZeroShotProxies.synflow(spec, new Shape(4, 1, 8, 8), SEED));
            assertEquals(fd, synflow, 1e-6 * fd, kind.toString());
        }
    }

    /**
     * @return {R, sum |b|}: R = sum of the logits of the linearised network for an all-ones input (double precision),
     *         every parameter |theta|, the weights scaled by {@code scale}; b = the classifier bias
     */
    private static double[] sumOnes(NetworkSpec spec, double scale) {
        Engine.getInstance().setRandomSeed((int) SEED);
        Shape one = new Shape(1, 1, 8, 8);
        try (Model model = Model.newInstance("fd")) {
            model.setDataType(ai.djl.ndarray.types.DataType.FLOAT64);
            model.setBlock(DjlNetworks.build(spec, null, true));
            try (Trainer t = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
                t.initialize(one);
                double bias = 0;
                for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                    NDArray a = p.getValue().getArray();
                    double f = p.getValue().getType() == Parameter.Type.WEIGHT ? scale : 1;
                    a.set(a.abs().mul(f).toDoubleArray());
                    if (p.getValue().getType() == Parameter.Type.BIAS) {
                        bias += a.sum().getDouble();
                    }
                }
                try (NDManager m = t.getManager().newSubManager()) {
                    double r = t.evaluate(new NDList(m.ones(one, ai.djl.ndarray.types.DataType.FLOAT64))).singletonOrThrow()
                            .sum().getDouble();
                    return new double[] {r, bias};
                }
            }
        }
    }

    @Test
    void jacobiansMatchFiniteDifferencesAndTheScoreMatchesDeterminantAndInverse() {
        int n = 4;
        NetworkSpec spec = tiny(BlockKind.IBN);
        float[] x = images(n, 5);
        Shape shape = new Shape(n, 1, 8, 8);
        double[][] jac = ZeroShotProxies.jacobians(spec, x, shape, SEED);
        double[][] fd = finiteDifferenceJacobians(spec, x, shape, 1e-4);
        double scale = 0;
        for (double[] row : fd) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        assertTrue(scale > 1e-4, "non-trivial Jacobians");
        // h = 1e-4: ReLU6 kinks inside larger steps made 3 of 256 differences disagree at h = 1e-3 (none at <= 3e-4)
        for (int i = 0; i < n; i++) {
            for (int j = i % 3; j < 64; j += 3) {
                assertEquals(fd[i][j], jac[i][j], 0.02 * scale, "input " + i + " pixel " + j);
            }
        }
        // score = -sum(log(v + k) + 1/(v + k)) over the correlation matrix's eigenvalues v
        //       = -(log det(C + kI) + trace((C + kI)^-1))
        double k = 1e-5;
        DMatrixRMaj c = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                c.set(i, j, Ranking.pearson(jac[i], jac[j]) + (i == j ? k : 0));
            }
        }
        double logDet = Math.log(CommonOps_DDRM.det(c));
        DMatrixRMaj inv = new DMatrixRMaj(n, n);
        assertTrue(CommonOps_DDRM.invert(c, inv));
        double expected = -(logDet + CommonOps_DDRM.trace(inv));
        assertEquals(expected, ZeroShotProxies.jacobCovScore(jac), 1e-9 * Math.abs(expected));
    }

    /** Central differences of the summed logits (batch norm on batch statistics, as the proxy's forward pass), every third pixel. */
    private static double[][] finiteDifferenceJacobians(NetworkSpec spec, float[] x, Shape shape, double h) {
        int n = (int) shape.get(0);
        int d = x.length / n;
        double[][] out = new double[n][d];
        Engine.getInstance().setRandomSeed((int) SEED);
        try (Model model = Model.newInstance("fdj")) {
            model.setBlock(DjlNetworks.build(spec));
            try (Trainer t = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
                t.initialize(shape);
                for (int i = 0; i < n; i++) {
                    for (int j = i % 3; j < d; j += 3) {
                        float[] up = x.clone();
                        float[] down = x.clone();
                        up[i * d + j] += (float) h;
                        down[i * d + j] -= (float) h;
                        out[i][j] = (sum(t, up, shape) - sum(t, down, shape)) / (2 * h);
                    }
                }
            }
        }
        return out;
    }

    private static double sum(Trainer t, float[] x, Shape shape) {
        try (NDManager m = t.getManager().newSubManager()) {
            NDArray y = t.forward(new NDList(m.create(x, shape))).singletonOrThrow();
            return y.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).sum().getDouble();
        }
    }
}
