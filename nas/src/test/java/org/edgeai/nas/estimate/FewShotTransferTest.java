package org.edgeai.nas.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.edgeai.kernel.Progress;
import org.edgeai.nas.bench.Nb201Cell;
import org.edgeai.nas.bench.Nb201Table;
import org.junit.jupiter.api.Test;

/**
 * {@link FewShotTransfer} against closed forms (an exact power law is recovered and chosen over a noisy source; the
 * leave-one-out error equals refitting without each point) and {@link FewShotExperiment} on a synthetic two-device
 * table whose target is an exact power law of the source.
 */
class FewShotTransferTest {

    @Test
    void recoversAnExactPowerLawAndPrefersItToANoisySource() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 10;
        double[] exact = new double[n];
        double[] noisy = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            exact[i] = 1 + 9 * rng.nextDouble();
            noisy[i] = exact[i] * Math.exp(0.3 * rng.nextGaussian());
            y[i] = 2.0 * Math.pow(exact[i], 1.3);
        }
        FewShotTransfer t = FewShotTransfer.fit(List.of(noisy, exact), y);
        assertEquals(1, t.source());
        assertEquals(Math.log(2.0), t.intercept(), 1e-10);
        assertEquals(1.3, t.slope(), 1e-10);
        assertEquals(0, t.looRmse(), 1e-10);
        assertEquals(1, t.looSpearman(), 1e-12);
        assertEquals(2.0 * Math.pow(7.5, 1.3), t.predictMs(7.5), 1e-9);
    }

    @Test
    void leaveOneOutErrorEqualsRefittingWithoutEachPoint() {
        SplittableRandom rng = new SplittableRandom(11);
        int n = 12;
        double[] p = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = 0.5 + 20 * rng.nextDouble();
            y[i] = 0.7 * Math.pow(p[i], 0.9) * Math.exp(0.1 * rng.nextGaussian());
        }
        FewShotTransfer t = FewShotTransfer.fit(List.of(p), y);
        double sse = 0;
        double[] looPred = new double[n];
        double[] logY = new double[n];
        for (int out = 0; out < n; out++) {
            // Brute force: ordinary least squares of log y on log p without point `out`, then its error on `out`.
            double sx = 0;
            double sy = 0;
            double sxx = 0;
            double sxy = 0;
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (i == out) {
                    continue;
                }
                double x = Math.log(p[i]);
                double v = Math.log(y[i]);
                sx += x;
                sy += v;
                sxx += x * x;
                sxy += x * v;
                m++;
            }
            double b = (m * sxy - sx * sy) / (m * sxx - sx * sx);
            double a = (sy - b * sx) / m;
            double e = Math.log(y[out]) - a - b * Math.log(p[out]);
            sse += e * e;
            looPred[out] = a + b * Math.log(p[out]);
            logY[out] = Math.log(y[out]);
        }
        assertEquals(Math.sqrt(sse / n), t.looRmse(), 1e-10);
        assertEquals(org.edgeai.nas.internal.Ranking.spearman(looPred, logY), t.looSpearman(), 1e-12);
    }

    @Test
    void badInputIsNamed() {
        double[] y = {1, 2, 3, 4};
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FewShotTransfer.fit(List.of(), y)).getMessage().contains("source"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FewShotTransfer.fit(List.of(new double[] {1, 2}),
                new double[] {1, 2})).getMessage().contains("at least 3"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FewShotTransfer.fit(List.of(new double[] {1, 2, 3}), y))
                .getMessage().contains("3 predictions for 4"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FewShotTransfer.fit(List.of(new double[] {1, 2, 0, 4}), y))
                .getMessage().contains("positive"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FewShotTransfer.fit(List.of(new double[] {1, 2, 3, 4}),
                new double[] {1, Double.NaN, 3, 4})).getMessage().contains("measured latency 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FewShotTransfer.fit(List.of(new double[] {2, 2, 2, 2}), y))
                .getMessage().contains("same latency"));
    }

    /** Additive per-(edge, op) costs by {@code Nb201Op} ordinal: any positive pattern. */
    private static final double[] OP_COST = {0.0, 0.2, 1.5, 0.4, 0.3};

    private static List<Nb201Cell> randomCells(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Nb201Cell> cells = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cells.add(Nb201Cell.random(rng));
        }
        return cells;
    }

    /** @return {@code 1 + sum over edges of cost[op] * (1 + edgeSlope * edge)}: a device whose latency adds up */
    private static double additive(Nb201Cell c, double[] cost, double edgeSlope) {
        double s = 1;
        for (int e = 0; e < Nb201Cell.EDGES; e++) {
            s += cost[c.op(e).ordinal()] * (1 + edgeSlope * e);
        }
        return s;
    }

    /** @param lat per cell, one latency per device */
    private static Nb201Table table(List<Nb201Cell> cells, List<String> devices, double[][] lat) {
        int[] idx = cells.stream().mapToInt(Nb201Cell::code).toArray();
        return new Nb201Table("synthetic", idx, cells, List.of(), new double[cells.size()][0], devices, lat);
    }

    @Test
    void experimentTransfersAnExactPowerLawFromTenSamples() {
        // Source: additive per-(edge, op) latency of every cell; target: 1.5 * source^1.2. The transfer can only lose
        // what the source estimator misses, so its held-out ranking must match the target's nearly perfectly.
        List<Nb201Cell> cells = randomCells(1500, 5);
        double[][] lat = new double[cells.size()][];
        for (int i = 0; i < lat.length; i++) {
            double s = additive(cells.get(i), OP_COST, 0.1);
            lat[i] = new double[] {s, 1.5 * Math.pow(s, 1.2)};
        }
        Nb201Table table = table(cells, List.of("src", "tgt"), lat);
        List<FewShotExperiment.Row> rows = FewShotExperiment.run(table, List.of("src"), List.of("tgt"), List.of(10), 2, 0, 0.2, 7,
                EstimatorConfig.defaults().withTrees(0), Progress.NONE);
        assertEquals(1, rows.size());
        FewShotExperiment.Row r = rows.getFirst();
        assertEquals(List.of("src", "src"), r.chosenSources());
        assertTrue(r.transferSpearman() > 0.99, "transfer rho " + r.transferSpearman());
        assertTrue(r.transferWithin10() > 0.95, "transfer within 10 % " + r.transferWithin10());
        assertThrows(IllegalArgumentException.class, () -> FewShotExperiment.run(table, List.of("src"), List.of("src"), List.of(10), 1, 0,
                0.2, 7, EstimatorConfig.defaults(), Progress.NONE));
        assertThrows(IllegalArgumentException.class, () -> FewShotExperiment.run(table, List.of("src"), List.of("tgt"), List.of(2), 1, 0,
                0.2, 7, EstimatorConfig.defaults(), Progress.NONE));
    }

    @Test
    void transferEstimatorPredictsANewDeviceFromTenOfItsMeasurements() {
        List<Nb201Cell> cells = randomCells(1500, 9);
        SplittableRandom noise = new SplittableRandom(10);
        double[][] lat = new double[cells.size()][];
        for (int i = 0; i < lat.length; i++) {
            // a device unrelated to the architecture, and an additive one
            lat[i] = new double[] {1 + 5 * noise.nextDouble(), additive(cells.get(i), OP_COST, 0.1)};
        }
        Nb201Table sources = table(cells, List.of("noise", "src"), lat);
        // The new device: 0.8 * src^1.5, measured on 10 architectures only.
        List<Nb201Cell> ten = cells.subList(0, 10);
        double[] ms = new double[10];
        for (int i = 0; i < 10; i++) {
            ms[i] = 0.8 * Math.pow(lat[i][1], 1.5);
        }
        TransferEstimator t = TransferEstimator.fitNb201(sources, List.of("noise", "src"), ten, ms, EstimatorConfig.defaults().withTrees(0),
                Progress.NONE);
        assertEquals("src", t.source());
        assertEquals("transfer", t.method(), "10 rows: too few for the direct fit");
        assertEquals(1.5, t.transfer().slope(), 0.05);
        for (int i = 100; i < 300; i++) {
            double truth = 0.8 * Math.pow(lat[i][1], 1.5);
            assertEquals(truth, t.predictMs(cells.get(i)), 0.05 * truth, cells.get(i).archString());
        }
        assertThrows(IllegalArgumentException.class, () -> TransferEstimator.fitNb201(sources, List.of("gpu"), ten, ms,
                EstimatorConfig.defaults(), Progress.NONE));
        assertThrows(IllegalArgumentException.class, () -> TransferEstimator.fitNb201(sources, List.of(), ten, ms,
                EstimatorConfig.defaults(), Progress.NONE));
    }

    @Test
    void withEnoughRowsTheDirectFitWinsWhereNoSourceIsAPowerLawOfTheTarget() {
        List<Nb201Cell> cells = randomCells(1500, 13);
        double[] tgtCost = {0.0, 1.2, 0.1, 0.9, 0.05}; // ranks the ops differently: not a power law of the source
        double[][] lat = new double[cells.size()][];
        double[] tgt = new double[cells.size()];
        for (int i = 0; i < lat.length; i++) {
            lat[i] = new double[] {additive(cells.get(i), OP_COST, 0)};
            tgt[i] = additive(cells.get(i), tgtCost, 0);
        }
        Nb201Table sources = table(cells, List.of("src"), lat);
        int m = 200;
        TransferEstimator t = TransferEstimator.fitNb201(sources, List.of("src"), cells.subList(0, m),
                java.util.Arrays.copyOf(tgt, m), EstimatorConfig.defaults().withTrees(0), Progress.NONE);
        assertEquals("direct", t.method());
        for (int i = 500; i < 700; i++) {
            assertEquals(tgt[i], t.predictMs(cells.get(i)), 0.05 * tgt[i], cells.get(i).archString());
        }
    }
}
