package org.edgeai.nas.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.edgeai.nas.bench.Nb201Cell;
import org.edgeai.nas.bench.Nb201Table;
import org.junit.jupiter.api.Test;

class MeasurementCeilingTest {
    @Test
    void swappingNodesOneAndTwoExchangesTheirInputAndOutputEdges() {
        Nb201Cell c = Nb201Cell.parse("|nor_conv_3x3~0|+|avg_pool_3x3~0|none~1|+|skip_connect~0|nor_conv_1x1~1|none~2|");
        Nb201Cell s = MeasurementCeiling.swapNodes(c);
        assertEquals("|avg_pool_3x3~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|none~1|nor_conv_1x1~2|", s.archString());
        assertEquals(c, MeasurementCeiling.swapNodes(s));
        assertNull(MeasurementCeiling.swapNodes(
                Nb201Cell.parse("|nor_conv_3x3~0|+|avg_pool_3x3~0|skip_connect~1|+|skip_connect~0|nor_conv_1x1~1|none~2|")));
    }

    @Test
    void pairsCoverTheFullSpaceExactlyOnce() {
        // edge 2<-1 = none: 5^5 = 3125 cells; self-symmetric ones have op(1<-0) = op(2<-0) and op(3<-1) = op(3<-2): 5 * 5 * 5
        Nb201Table full = table(0, 1);
        List<int[]> pairs = MeasurementCeiling.isomorphicPairs(full);
        assertEquals((3125 - 125) / 2, pairs.size());
    }

    /**
     * With log latency = T + e, T ~ N(0, 1) shared by a pair and e ~ N(0, s^2) independent, the two measurements are
     * bivariate normal with correlation r = 1 / (1 + s^2), whose Spearman rho is (6 / pi) asin(r / 2) (Pearson 1907).
     */
    @Test
    void testRetestMatchesTheBivariateNormalClosedForm() {
        for (double sigma : new double[] {0.0, 0.2, 0.5}) {
            MeasurementCeiling.Result r = MeasurementCeiling.nb201(table(sigma, 7), "dev", 400, 3);
            double rho = 1 / (1 + sigma * sigma);
            double expected = 6 / Math.PI * Math.asin(rho / 2);
            assertEquals(1500, r.pairs());
            assertEquals(expected, r.testRetest(), 0.015, "sigma " + sigma);
            assertEquals(Math.sqrt(r.testRetest()), r.ceiling(), 1e-12);
            assertTrue(r.low() <= r.ceiling() && r.ceiling() <= r.high(), r.toString());
            assertTrue(sigma == 0 ? r.high() - r.low() < 1e-9 : r.high() - r.low() > 1e-3, r.toString());
        }
    }

    /**
     * Homoscedastic Gaussian noise: the simulation's draws, half-differences of two N(0, s^2) errors, are N(0, s^2),
     * so over the whole table (y = T + e, var 1 + s^2) it correlates y with y + e' at r = sqrt((1 + s^2) / (1 + 2 s^2)),
     * and on the pairs (mean m = T + (e1 + e2) / 2, var 1 + s^2 / 2) two draws correlate at
     * r = (1 + s^2 / 2) / (1 + 3 s^2 / 2); Spearman's rho of a bivariate normal is (6 / pi) asin(r / 2).
     */
    @Test
    void rangeCorrectedSimulationMatchesTheGaussianClosedForms() {
        for (double sigma : new double[] {0.2, 0.5}) {
            double s2 = sigma * sigma;
            MeasurementCeiling.Result r = MeasurementCeiling.nb201(table(sigma, 11), "dev", 100, 5);
            assertEquals(bivariateNormalSpearman(Math.sqrt((1 + s2) / (1 + 2 * s2))), r.wholeTable(), 0.004, "sigma " + sigma);
            assertEquals(bivariateNormalSpearman((1 + s2 / 2) / (1 + 1.5 * s2)), r.simulatedTestRetest(), 0.01, "sigma " + sigma);
        }
    }

    /** Pairs confined to a narrow latency range understate the ceiling; the whole-table simulation does not. */
    @Test
    void wholeTableCeilingUndoesRangeRestriction() {
        double sigma = 0.3;
        double s2 = sigma * sigma;
        // Paired cells: T ~ N(0, 0.3^2); the others: T ~ N(0, 1). Pairs see a reliability of 0.09 / (0.09 + s2) only.
        MeasurementCeiling.Result r = MeasurementCeiling.nb201(table(sigma, 13, 0.3), "dev", 100, 5);
        assertEquals(bivariateNormalSpearman(0.09 / (0.09 + s2)), r.testRetest(), 0.06);
        assertTrue(r.wholeTable() > r.ceiling() + 0.05, r.toString());
    }

    /** Generic paired measurements: bivariate normal pairs with correlation r give rho = (6 / pi) asin(r / 2). */
    @Test
    void boundOfGenericPairsMatchesTheClosedFormAndRefusesBadInput() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(21);
        for (double r : new double[] {0.3, 0.8}) {
            int n = 4000;
            double[] a = new double[n];
            double[] b = new double[n];
            for (int k = 0; k < n; k++) {
                double t = rng.nextGaussian();
                double e = Math.sqrt(1 / r - 1);
                a[k] = t + e * rng.nextGaussian();
                b[k] = t + e * rng.nextGaussian();
            }
            MeasurementCeiling.Bound bnd = MeasurementCeiling.bound(a, b, 200, 4);
            assertEquals(bivariateNormalSpearman(r), bnd.testRetest(), 0.03, "r " + r);
            assertEquals(Math.sqrt(bnd.testRetest()), bnd.ceiling(), 1e-12);
            assertTrue(bnd.low() < bnd.ceiling() && bnd.ceiling() < bnd.high(), bnd.toString());
        }
        // opposite orders: rho -1, nothing to attenuate from, the ceiling is 0
        MeasurementCeiling.Bound flipped = MeasurementCeiling.bound(new double[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1}, 100, 1);
        assertEquals(-1, flipped.testRetest(), 1e-12);
        assertEquals(0, flipped.ceiling());
        assertThrows(IllegalArgumentException.class, () -> MeasurementCeiling.bound(new double[] {1, 2, 3}, new double[] {1, 2}, 100, 1));
        assertThrows(IllegalArgumentException.class, () -> MeasurementCeiling.bound(new double[] {1, 2}, new double[] {1, 2}, 100, 1));
        assertThrows(IllegalArgumentException.class,
                () -> MeasurementCeiling.bound(new double[] {1, Double.NaN, 3}, new double[] {1, 2, 3}, 100, 1));
        assertThrows(IllegalArgumentException.class, () -> MeasurementCeiling.bound(new double[] {1, 2, 3}, new double[] {1, 2, 3}, 99, 1));
    }

    private static double bivariateNormalSpearman(double r) {
        return 6 / Math.PI * Math.asin(r / 2);
    }

    @Test
    void refusesTooFewPairsOrResamples() {
        Nb201Table full = table(0.1, 1);
        assertThrows(IllegalArgumentException.class, () -> MeasurementCeiling.nb201(full, "dev", 10, 1));
        assertThrows(IllegalArgumentException.class, () -> MeasurementCeiling.nb201(full.subset(new int[] {0, 1, 2}), "dev", 200, 1));
        assertThrows(IllegalArgumentException.class, () -> MeasurementCeiling.nb201(full, "nope", 200, 1));
    }

    /** All 15625 cells; latency exp(T(cell class) + noise), T ~ N(0, 1) per isomorphism class. */
    private static Nb201Table table(double sigma, long seed) {
        return table(sigma, seed, 1);
    }

    /** As {@link #table(double, long)}, with the true latencies of paired cells scaled by {@code pairedSpread}. */
    private static Nb201Table table(double sigma, long seed, double pairedSpread) {
        int n = Nb201Cell.SPACE_SIZE;
        int[] idx = new int[n];
        List<Nb201Cell> cells = new ArrayList<>(n);
        double[][] acc = new double[n][0];
        double[][] lat = new double[n][1];
        SplittableRandom noise = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            Nb201Cell c = Nb201Cell.ofCode(i);
            Nb201Cell s = MeasurementCeiling.swapNodes(c);
            int cls = s == null ? i : Math.min(i, s.code());
            double t = new SplittableRandom(seed * 1_000_003L + cls).nextGaussian() * (s == null || s.equals(c) ? 1 : pairedSpread);
            idx[i] = i;
            cells.add(c);
            lat[i][0] = Math.exp(t + sigma * noise.nextGaussian());
        }
        return new Nb201Table("synthetic", idx, cells, List.of(), acc, List.of("dev"), lat);
    }
}
