package org.edgeai.nas.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.edgeai.kernel.Progress;
import org.edgeai.kernel.testing.TestData;
import org.edgeai.nas.bench.FbnetTable;
import org.edgeai.nas.bench.Nb201Cell;
import org.edgeai.nas.bench.Nb201Op;
import org.edgeai.nas.internal.Ranking;
import org.junit.jupiter.api.Test;

class LatencyEstimatorTest {
    private static final double[] OP_COST = {0, 0.2, 1.5, 4.0, 0.8};

    /** A synthetic device whose latency is exactly the sum of per-(edge, op) costs of the ops in {@code ex}. */
    private static double sumMs(Nb201Cell c, boolean[] ex) {
        if (c.constantOutput()) {
            return 0.004;
        }
        double s = 1.0;
        for (int e = 0; e < 6; e++) {
            if (ex[e]) {
                s += OP_COST[c.op(e).ordinal()] * (1 + 0.1 * e);
            }
        }
        return s;
    }

    private static double syntheticMs(Nb201Cell c) {
        return sumMs(c, c.executed());
    }

    private static EstimatorConfig plain() {
        return EstimatorConfig.defaults().withTrees(0);
    }

    @Test
    void decompositionIsExactOnAnAdditiveDevice() {
        SplittableRandom rng = new SplittableRandom(3);
        List<Nb201Cell> train = new ArrayList<>();
        double[] y = randomCells(rng, 800, train, LatencyEstimatorTest::syntheticMs);
        LatencyEstimator<Nb201Cell> est = LatencyEstimator.fitNb201(train, y, plain());
        for (int i = 0; i < 300; i++) {
            Nb201Cell c = Nb201Cell.random(rng);
            assertEquals(syntheticMs(c), est.predictMs(c), 1e-3 * syntheticMs(c) + 1e-6, c.archString());
        }
        assertFalse(est.corrected());
        assertEquals(0, est.validation().offset(), 0.0);
    }

    /** Draws {@code n} random cells into {@code cells} and returns their latencies under {@code ms}. */
    private static double[] randomCells(SplittableRandom rng, int n, List<Nb201Cell> cells,
                                        java.util.function.ToDoubleFunction<Nb201Cell> ms) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            cells.add(Nb201Cell.random(rng));
            y[i] = ms.applyAsDouble(cells.get(i));
        }
        return y;
    }

    /** A caller that gives up (a gRPC deadline) stops the fit between its folds: the third report never comes. */
    @Test
    void aCancelledFitStopsBetweenFolds() {
        List<Nb201Cell> train = new ArrayList<>();
        double[] y = randomCells(new SplittableRandom(3), 200, train, LatencyEstimatorTest::syntheticMs);
        int[] reports = {0};
        Progress giveUpAfterTwo = new Progress() {
            @Override
            public void report(String task, long done, long total, String detail) {
                reports[0]++;
            }

            @Override
            public boolean cancelled() {
                return reports[0] >= 2;
            }
        };
        assertThrows(java.util.concurrent.CancellationException.class,
                () -> LatencyEstimator.fitNb201(train, y, null, plain(), giveUpAfterTwo));
        assertEquals(2, reports[0]);
    }

    @Test
    void learnsWhichOpsOfADeadNodeRun() {
        // Ground truth: a dead node 2 with a zero input runs its convolutions (and what they need), not its pooling.
        SplittableRandom rng = new SplittableRandom(11);
        List<Nb201Cell> train = new ArrayList<>();
        double[] y = new double[4000];
        for (int i = 0; i < y.length; i++) {
            train.add(Nb201Cell.random(rng));
            y[i] = deadConvMs(train.get(i));
        }
        LatencyEstimator<Nb201Cell> learned = LatencyEstimator.fitNb201(train, y, plain());
        int n = 0;
        int ok = 0;
        int certainOnly = 0;
        for (int code = 0; code < Nb201Cell.SPACE_SIZE; code += 7) {
            Nb201Cell c = Nb201Cell.ofCode(code);
            boolean any = false;
            for (boolean b : c.materialisable()) {
                any |= b;
            }
            if (!any || !c.inputReachesOutput()) {
                continue;
            }
            n++;
            double truth = deadConvMs(c);
            ok += Math.abs(learned.predictMs(c) / truth - 1) < 0.01 ? 1 : 0;
            certainOnly += Math.abs(syntheticMs(c) / truth - 1) < 0.01 ? 1 : 0;
        }
        assertTrue(n > 100);
        assertTrue(ok >= 0.97 * n, ok + " of " + n);
        assertTrue(certainOnly < 0.8 * n, certainOnly + " of " + n);
    }

    private static double deadConvMs(Nb201Cell c) {
        boolean[] ex = c.executed();
        boolean[] m = c.materialisable();
        // Convolutions on the dead node's inputs run; node 1's op runs if a conv on edge 2 consumes it.
        boolean conv2 = m[2] && (c.op(2) == Nb201Op.NOR_CONV_1X1 || c.op(2) == Nb201Op.NOR_CONV_3X3);
        for (int e = 1; e <= 2; e++) {
            ex[e] |= m[e] && (c.op(e) == Nb201Op.NOR_CONV_1X1 || c.op(e) == Nb201Op.NOR_CONV_3X3);
        }
        ex[0] |= m[0] && conv2;
        return sumMs(c, ex);
    }

    @Test
    void correctionLearnsAnInteractionTheSumMisses() {
        // When both convolutions into node 3 from nodes 0 and 2 are 3x3 they cost 30 % more than their sum.
        SplittableRandom rng = new SplittableRandom(5);
        List<Nb201Cell> train = new ArrayList<>();
        double[] y = new double[1500];
        for (int i = 0; i < y.length; i++) {
            Nb201Cell c = Nb201Cell.random(rng);
            train.add(c);
            y[i] = interactionMs(c);
        }
        EstimatorConfig cfg = EstimatorConfig.builder().trees(150).build();
        LatencyEstimator<Nb201Cell> without = LatencyEstimator.fitNb201(train, y, cfg.withTrees(0));
        LatencyEstimator<Nb201Cell> boosted = LatencyEstimator.fitNb201(train, y, cfg);
        assertTrue(boosted.corrected());
        double[] truth = new double[400];
        double[] p0 = new double[400];
        double[] p1 = new double[400];
        for (int i = 0; i < truth.length; i++) {
            Nb201Cell c = Nb201Cell.random(rng);
            truth[i] = interactionMs(c);
            p0[i] = without.predictMs(c);
            p1[i] = boosted.predictMs(c);
        }
        assertTrue(Ranking.withinFraction(p1, truth, 0.02) > Ranking.withinFraction(p0, truth, 0.02) + 0.02);
        assertTrue(Ranking.withinFraction(p1, truth, 0.05) > 0.97);
    }

    private static double interactionMs(Nb201Cell c) {
        double base = syntheticMs(c);
        boolean[] ex = c.executed();
        boolean conv3a = ex[3] && c.op(3) == Nb201Op.NOR_CONV_3X3;
        boolean conv3b = ex[5] && c.op(5) == Nb201Op.NOR_CONV_3X3;
        return conv3a && conv3b ? base * 1.3 : base;
    }

    @Test
    void indexCalibrationRecoversMeasurementOrderDrift() {
        // The device runs 25 % faster during one block of 50 benchmark indices in five (a thermal cycle).
        SplittableRandom rng = new SplittableRandom(17);
        int n = 3000;
        List<Nb201Cell> cells = new ArrayList<>();
        int[] index = new int[n];
        double[] y = new double[n];
        int[] order = rng.ints(0, Nb201Cell.SPACE_SIZE).distinct().limit(2 * n).toArray();
        for (int i = 0; i < n; i++) {
            index[i] = order[i];
            cells.add(Nb201Cell.ofCode(order[i]));
            y[i] = driftMs(cells.get(i), index[i]);
        }
        LatencyEstimator<Nb201Cell> est = LatencyEstimator.fitNb201(cells, y, index, plain().withIndexCalibration(true), Progress.NONE);
        assertTrue(est.indexCalibrated());
        assertTrue(est.validation().calibrationWindow() > 0 && est.validation().calibrationWindow() <= 25,
                est.validation().toString());
        double[] truth = new double[n];
        double[] alone = new double[n];
        double[] calibrated = new double[n];
        for (int i = 0; i < n; i++) {
            Nb201Cell c = Nb201Cell.ofCode(order[n + i]);
            truth[i] = driftMs(c, order[n + i]);
            alone[i] = est.predictMs(c);
            calibrated[i] = est.predictMs(c, order[n + i]);
        }
        assertTrue(Ranking.withinFraction(calibrated, truth, 0.1) > 0.9);
        assertTrue(Ranking.withinFraction(alone, truth, 0.1) < 0.8);
        LatencyEstimator<Nb201Cell> off = LatencyEstimator.fitNb201(cells, y, plain());
        assertFalse(off.indexCalibrated());
        assertThrows(IllegalStateException.class, () -> off.predictMs(cells.getFirst(), index[0]));
    }

    private static double driftMs(Nb201Cell c, int index) {
        return syntheticMs(c) * ((index / 50) % 5 != 0 ? 1.0 : 0.75);
    }

    @Test
    void windowOffsetCoversBothModesWhenOneSingleValueCan() {
        // Two measurements at 1.0 and two at 0.85 of a prediction of 1: no offset covers all four at 0,
        // every offset with exp(o) in [1 / 1.1 * 1.0 ... 1.1 * 0.85] does.
        double[] p = {1, 1, 1, 1};
        double[] y = {1, 1, 0.85, 0.85};
        double[] out = new double[1];
        assertEquals(1.0, DecomposedRegressor.bestOffset(p, y, null, out));
        assertTrue(Math.exp(out[0]) >= 1 / 1.1 && Math.exp(out[0]) <= 1.1 * 0.85, "offset " + out[0]);
        assertEquals(0.5, Ranking.withinFraction(p, y, 0.1));
        // Ties keep offset 0.
        assertEquals(1.0, DecomposedRegressor.bestOffset(p, p, null, out));
        assertEquals(0, out[0]);
    }

    @Test
    void windowShiftIsTheMedianOrWelschLocationOfTheNeighboursOnly() {
        int[] idx = {1, 2, 3, 4, 5, 6, 7, 20};
        double[] r = {0.00, 0.02, 0.04, 9.0, 0.01, 0.03, -3.0, 1.0};
        // Neighbours of 4 within 3, itself excluded: 0.00, 0.02, 0.04, 0.01, 0.03, -3.0 -> median 0.015.
        assertEquals(0.015, DecomposedRegressor.windowShift(idx, r, 4, 3, true), 1e-12);
        // The Welsch location ignores -3.0: the mean of the five close values.
        assertEquals(0.02, DecomposedRegressor.windowShift(idx, r, 4, 3, false), 1e-3);
        // Nothing within 2 of 10; index 20 is the only neighbour of 19.
        assertEquals(0.0, DecomposedRegressor.windowShift(idx, r, 10, 2, true));
        assertEquals(1.0, DecomposedRegressor.windowShift(idx, r, 19, 2, true), 1e-12);
    }

    @Test
    void structureFeaturesMatchTheirNames() {
        int names = Nb201Features.structureNames().size();
        assertEquals(113, names);
        for (int code = 0; code < Nb201Cell.SPACE_SIZE; code += 31) {
            Nb201Cell c = Nb201Cell.ofCode(code);
            assertEquals(names, Nb201Features.structure(c).length);
            assertEquals(Nb201Features.PARTS, Nb201Features.parts(c).length);
        }
        assertEquals(names, java.util.Set.copyOf(Nb201Features.structureNames()).size(), "names are unique");
    }

    @Test
    void rejectsBadInput() {
        List<Nb201Cell> cells = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            cells.add(Nb201Cell.ofCode(100 + i));
        }
        double[] y = new double[20];
        Arrays.fill(y, 1);
        y[3] = -1;
        assertThrows(IllegalArgumentException.class, () -> LatencyEstimator.fitNb201(cells, y, plain()));
        assertThrows(IllegalArgumentException.class, () -> LatencyEstimator.fitNb201(cells, new double[] {1}, plain()));
        assertThrows(IllegalArgumentException.class, () -> LatencyEstimator.fitNb201(cells.subList(0, 5), new double[5], plain()));
        assertThrows(IllegalArgumentException.class, () -> EstimatorConfig.builder().folds(1).build());
        assertThrows(IllegalArgumentException.class, () -> EstimatorConfig.builder().partsScale(0).build());
    }

    @Test
    void fbnetAdditiveDevicesArePredictedWithinTenPercentFromFewRows() {
        // The HW-NAS-Bench columns are sums of a per-(layer, block) table: 600 rows pin down 199 weights.
        FbnetTable t = FbnetTable.read(TestData.require("nas/" + FbnetTable.FILE));
        int[] rows = new int[900];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        var results = EstimatorValidation.fbnet(t.subset(rows), List.of("eyeriss", "raspi4"), plain(), 0.33, 1, Progress.NONE);
        for (var r : results) {
            assertTrue(r.within10() >= 0.99, r.toString());
            assertTrue(r.spearman() > 0.99, r.toString());
        }
    }
}
