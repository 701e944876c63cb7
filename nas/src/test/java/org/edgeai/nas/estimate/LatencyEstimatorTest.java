package org.edgeai.nas.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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
    /** A synthetic device whose latency is exactly the sum of per-(edge, op) costs of executed ops. */
    private static double syntheticMs(Nb201Cell c) {
        if (c.constantOutput()) {
            return 0.004;
        }
        double[] opCost = {0, 0.2, 1.5, 4.0, 0.8};
        boolean[] ex = c.executed();
        double s = 1.0;
        for (int e = 0; e < 6; e++) {
            if (ex[e]) {
                s += opCost[c.op(e).ordinal()] * (1 + 0.1 * e);
            }
        }
        return s;
    }

    @Test
    void decompositionIsExactOnAnAdditiveDevice() {
        SplittableRandom rng = new SplittableRandom(3);
        List<Nb201Cell> train = new ArrayList<>();
        double[] y = new double[800];
        for (int i = 0; i < y.length; i++) {
            train.add(Nb201Cell.random(rng));
            y[i] = syntheticMs(train.get(i));
        }
        LatencyEstimator<Nb201Cell> est = LatencyEstimator.fitNb201(train, y, EstimatorConfig.defaults().withTrees(0));
        for (int i = 0; i < 300; i++) {
            Nb201Cell c = Nb201Cell.random(rng);
            assertEquals(syntheticMs(c), est.predictMs(c), 1e-3 * syntheticMs(c) + 1e-6, c.archString());
        }
        assertFalse(est.corrected());
    }

    @Test
    void correctionLearnsAnInteractionTheSumMisses() {
        // Two executed 3x3 convs on the same node cost 30 % more than their sum (a cache effect).
        SplittableRandom rng = new SplittableRandom(5);
        List<Nb201Cell> train = new ArrayList<>();
        double[] y = new double[1500];
        for (int i = 0; i < y.length; i++) {
            Nb201Cell c = Nb201Cell.random(rng);
            train.add(c);
            y[i] = interactionMs(c);
        }
        EstimatorConfig cfg = EstimatorConfig.defaults().withTrees(150);
        LatencyEstimator<Nb201Cell> plain = LatencyEstimator.fitNb201(train, y, cfg.withTrees(0));
        LatencyEstimator<Nb201Cell> boosted = LatencyEstimator.fitNb201(train, y, cfg);
        assertTrue(boosted.corrected());
        double[] truth = new double[400];
        double[] p0 = new double[400];
        double[] p1 = new double[400];
        for (int i = 0; i < truth.length; i++) {
            Nb201Cell c = Nb201Cell.random(rng);
            truth[i] = interactionMs(c);
            p0[i] = plain.predictMs(c);
            p1[i] = boosted.predictMs(c);
        }
        assertTrue(Ranking.withinFraction(p1, truth, 0.02) > Ranking.withinFraction(p0, truth, 0.02) + 0.1);
        assertTrue(Ranking.withinFraction(p1, truth, 0.05) > 0.95);
    }

    private static double interactionMs(Nb201Cell c) {
        double base = syntheticMs(c);
        boolean[] ex = c.executed();
        boolean conv3a = ex[3] && c.op(3) == Nb201Op.NOR_CONV_3X3;
        boolean conv3b = ex[5] && c.op(5) == Nb201Op.NOR_CONV_3X3;
        return conv3a && conv3b ? base * 1.3 : base;
    }

    @Test
    void rejectsNonPositiveLatencies() {
        List<Nb201Cell> cells = List.of(Nb201Cell.ofCode(1), Nb201Cell.ofCode(2));
        assertThrows(IllegalArgumentException.class, () -> LatencyEstimator.fitNb201(cells, new double[] {1, -1}, EstimatorConfig.defaults()));
        assertThrows(IllegalArgumentException.class, () -> LatencyEstimator.fitNb201(cells, new double[] {1}, EstimatorConfig.defaults()));
    }

    @Test
    void fbnetAdditiveDevicesArePredictedWithinTenPercentFromFewRows() {
        // The HW-NAS-Bench columns are sums of a per-(layer, block) table: 600 rows pin down 199 weights.
        FbnetTable t = FbnetTable.read(TestData.require("nas/" + FbnetTable.FILE));
        int[] rows = new int[900];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        var results = EstimatorValidation.fbnet(t.subset(rows), List.of("eyeriss", "raspi4"), EstimatorConfig.defaults().withTrees(0),
                0.33, 1, Progress.NONE);
        for (var r : results) {
            assertTrue(r.within10() >= 0.99, r.toString());
            assertTrue(r.spearman() > 0.99, r.toString());
        }
    }
}
