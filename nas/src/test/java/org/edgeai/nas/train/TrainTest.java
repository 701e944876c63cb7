package org.edgeai.nas.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.util.List;
import java.util.SplittableRandom;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.Progress;
import org.edgeai.kernel.nn.Sequential;
import org.edgeai.nas.data.IdxImages;
import org.edgeai.nas.space.BlockKind;
import org.edgeai.nas.space.BlockSpec;
import org.edgeai.nas.space.CandidateNetworks;
import org.edgeai.nas.space.NetworkSpec;
import org.junit.jupiter.api.Test;

class TrainTest {
    /** 8x8 images: class 1 has a bright left half, class 0 a bright right half, plus noise. */
    private static IdxImages toy(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][64];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int p = 0; p < 64; p++) {
                boolean left = p % 8 < 4;
                x[i][p] = (float) ((left == (y[i] == 1) ? 0.8 : 0.1) + 0.1 * r.nextDouble());
            }
        }
        return new IdxImages(x, y, 8, 8);
    }

    private static NetworkSpec tiny(BlockKind kind) {
        return new NetworkSpec("t", 1, 8, 8, 4, 3, 1,
                List.of(new BlockSpec(kind, 3, 2, 1, 4), new BlockSpec(BlockKind.IBN, 3, 2, 2, 6)), 8, 2);
    }

    @Test
    void shortTrainingLearnsAnEasyTaskInAFewSteps() {
        ShortTrainer t = new ShortTrainer(toy(256, 1), toy(64, 2), new TrainConfig(3, 32, 1e-2, 60, 1, 0, 0));
        double acc = t.accuracy(tiny(BlockKind.IBN), 1, Progress.NONE);
        assertTrue(acc >= 90, "accuracy " + acc);
        assertThrows(IllegalArgumentException.class, () -> t.accuracy(new NetworkSpec("x", 1, 9, 9, 4, 3, 1, List.of(), 0, 2), 1, Progress.NONE));
    }

    /**
     * Scoring further sets does not change the training: the first accuracy equals {@code accuracy()} with the same seed,
     * and a further set scores as it does as another trainer's test set (same seed, same weights).
     */
    @Test
    void furtherEvaluationSetsScoreTheSameTrainedWeights() {
        IdxImages train = toy(128, 1);
        IdxImages test = toy(64, 2);
        IdxImages other = toy(96, 3);
        TrainConfig cfg = new TrainConfig(1, 32, 1e-2, 600, 1, 0, 0);
        ShortTrainer t = new ShortTrainer(train, test, cfg);
        double[] both = t.accuracies(tiny(BlockKind.IBN), 4, List.of(other.slice(32, 96)), Progress.NONE);
        assertEquals(2, both.length);
        assertEquals(t.accuracy(tiny(BlockKind.IBN), 4, Progress.NONE), both[0], 0.0);
        assertEquals(new ShortTrainer(train, other.slice(32, 96), cfg).accuracy(tiny(BlockKind.IBN), 4, Progress.NONE), both[1], 0.0);
        assertThrows(IllegalArgumentException.class, () -> t.accuracies(tiny(BlockKind.IBN), 4,
                List.of(new IdxImages(new float[1][81], new int[1], 9, 9)), Progress.NONE));
        assertThrows(IllegalArgumentException.class, () -> other.slice(10, 10));
        assertThrows(IllegalArgumentException.class, () -> other.slice(0, 97));
        assertEquals(other.labels()[40], other.slice(32, 96).labels()[8]);
    }

    @Test
    void aTrainingCutByTheWallClockBudgetIsCountedAndReported() {
        List<String> cut = new java.util.ArrayList<>();
        Progress p = (task, done, total, detail) -> {
            if (task.equals("cut short")) {
                cut.add(done + "/" + total);
            }
        };
        ShortTrainer full = new ShortTrainer(toy(256, 1), toy(64, 2), new TrainConfig(1, 32, 1e-2, 600, 1, 0, 0));
        full.accuracy(tiny(BlockKind.IBN), 1, p);
        assertEquals(0, full.cutShortCount());
        assertTrue(cut.isEmpty(), cut.toString());
        // A budget below one step's time stops after the first of 8 steps.
        ShortTrainer tight = new ShortTrainer(toy(256, 1), toy(64, 2), new TrainConfig(1, 32, 1e-2, 1e-9, 1, 0, 0));
        tight.accuracy(tiny(BlockKind.IBN), 1, p);
        tight.accuracy(tiny(BlockKind.IBN), 2, p);
        assertEquals(2, tight.cutShortCount());
        assertEquals(List.of("1/8", "1/8"), cut);
    }

    @Test
    void exportedWeightsGiveTheKernelNetworkTheDjlOutputs() {
        for (BlockKind kind : BlockKind.values()) {
            NetworkSpec spec = tiny(kind);
            IdxImages data = toy(32, 3);
            float[] x = new float[32 * 64];
            float[] y = new float[32];
            for (int i = 0; i < 32; i++) {
                System.arraycopy(data.images()[i], 0, x, i * 64, 64);
                y[i] = data.labels()[i];
            }
            Engine.getInstance().setRandomSeed(7);
            try (Model model = Model.newInstance("parity")) {
                model.setBlock(DjlNetworks.build(spec));
                try (Trainer tr = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
                    Shape s = new Shape(32, 1, 8, 8);
                    tr.initialize(s);
                    try (NDManager m = tr.getManager().newSubManager()) {
                        NDArray xa = m.create(x, s);
                        for (int step = 0; step < 3; step++) { // moves the batch-norm running statistics
                            try (GradientCollector gc = tr.newGradientCollector()) {
                                NDArray loss = tr.getLoss().evaluate(new NDList(m.create(y)), tr.forward(new NDList(xa)));
                                gc.backward(loss);
                            }
                            tr.step();
                        }
                        float[] djl = tr.evaluate(new NDList(xa)).singletonOrThrow().toFloatArray();
                        Sequential net = CandidateNetworks.build(spec, DType.F32, DjlExport.weights(model.getBlock()));
                        float[] out = new float[2];
                        for (int i = 0; i < 32; i++) {
                            net.forward(x, i * 64, out, 0);
                            for (int c = 0; c < 2; c++) {
                                assertEquals(djl[i * 2 + c], out[c], 1e-4 * (1 + Math.abs(djl[i * 2 + c])), kind + " example " + i);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void proxiesAreFiniteAndSeeded() {
        IdxImages data = toy(16, 4);
        ZeroShotProxies.Scores a = ZeroShotProxies.compute(tiny(BlockKind.IBN), data, 8, 3);
        ZeroShotProxies.Scores b = ZeroShotProxies.compute(tiny(BlockKind.IBN), data, 8, 3);
        assertEquals(a, b);
        assertTrue(Double.isFinite(a.naswot()) && Double.isFinite(a.synflow()) && Double.isFinite(a.jacobCov()), a.toString());
        assertThrows(IllegalArgumentException.class, () -> ZeroShotProxies.compute(tiny(BlockKind.IBN), data, 1, 3));
    }

    @Test
    void logDetAndEigenvaluesMatchClosedForms() {
        double[][] a = {{4, 2, 0}, {2, 3, 1}, {0, 1, 2}};
        // det = 4*(3*2-1) - 2*(2*2-0) = 20 - 8 = 12
        assertEquals(Math.log(12), ZeroShotProxies.logDet(a), 1e-12);
        double[] ev = org.edgeai.nas.internal.SymmetricEigenvalues.of(new double[][] {{2, 1}, {1, 2}});
        java.util.Arrays.sort(ev);
        assertEquals(1, ev[0], 1e-12);
        assertEquals(3, ev[1], 1e-12);
        // 3x3 above: characteristic polynomial -l^3 + 9 l^2 - 21 l + 12 = 0; eigenvalue sum = trace, product = det
        double[] e3 = org.edgeai.nas.internal.SymmetricEigenvalues.of(a);
        assertEquals(9, e3[0] + e3[1] + e3[2], 1e-12);
        assertEquals(12, e3[0] * e3[1] * e3[2], 1e-10);
        for (double l : e3) {
            assertEquals(0, -l * l * l + 9 * l * l - 21 * l + 12, 1e-10);
        }
        assertThrows(IllegalArgumentException.class,
                () -> org.edgeai.nas.internal.SymmetricEigenvalues.of(new double[][] {{1, Double.NaN}, {Double.NaN, 1}}));
    }
}
