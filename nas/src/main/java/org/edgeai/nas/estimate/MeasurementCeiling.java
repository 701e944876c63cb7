package org.edgeai.nas.estimate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.edgeai.nas.bench.Nb201Cell;
import org.edgeai.nas.bench.Nb201Op;
import org.edgeai.nas.bench.Nb201Table;
import org.edgeai.nas.internal.Ranking;

/**
 * How well <em>any</em> architecture-only latency predictor can rank a device's NAS-Bench-201 measurements, estimated
 * from repeat measurements the benchmark already contains.
 *
 * <p><b>Repeat measurements.</b> A cell whose edge 2&lt;-1 is {@code none} computes node 1 = op(1&lt;-0)(x0) and node
 * 2 = op(2&lt;-0)(x0); swapping nodes 1 and 2 (ops of 1&lt;-0 and 2&lt;-0 exchanged, and of 3&lt;-1 and 3&lt;-2) gives
 * another benchmark row with the same operators on the same tensors: the same computation, measured separately. Over
 * such isomorphic pairs (each counted once, self-symmetric cells skipped) the Spearman rho between the two
 * measurements is the measurement's test-retest reliability {@code r_tt}.
 *
 * <p><b>The bound.</b> Under the classical test model {@code y = T(architecture) + e} with measurement noise {@code e}
 * independent of the architecture, any predictor {@code p} that sees only the architecture has
 * {@code corr(p, y) = corr(p, T) corr(T, y) <= corr(T, y) = sqrt(r_tt)} (C. Spearman, "The proof and measurement of
 * association between two things", Am. J. Psychol. 15, 1904: the correction for attenuation; applied here to ranks,
 * which makes it an approximation, not an identity). The returned ceiling is {@code sqrt(r_tt)} with a seeded
 * percentile-bootstrap 95 % interval over the pairs (Efron and Tibshirani, "An introduction to the bootstrap", 1993,
 * Ch. 13).
 *
 * <p><b>Range correction.</b> The pairs cover a narrower latency range than the whole table (their log-latency
 * variance is 0.92 against 1.03 on pixel3), and a reliability falls with the spread of what is measured (range
 * restriction), so {@code sqrt(r_tt)} understates the ceiling over the whole table. {@link Result#wholeTable()}
 * estimates that ceiling by simulation under a heteroscedastic noise model read off the pairs: a row whose log
 * latency is {@code t} gets noise drawn from the half-differences {@code (a - b) / sqrt(2)} of the
 * {@value #NEIGHBOURS} x 2 pairs whose mean log latency is closest to {@code t}, with a random sign; the estimate is
 * the mean over {@value #REPLICATES} draws of the Spearman rho between the table's latencies and the same
 * latencies plus that noise. Using the measured latencies as the noise-free ones leaves their own noise in the
 * spread, which makes the estimate slightly high (about +0.0007 for Gaussian noise of the pairs' size). The model is
 * checked on the pairs themselves: {@link Result#simulatedTestRetest()} draws two noises around each pair's mean and
 * should come out near the observed {@code r_tt}.
 *
 * @implNote Stateless and thread-safe.
 */
public final class MeasurementCeiling {
    private MeasurementCeiling() {
    }

    /**
     * @param device     device column
     * @param pairs      isomorphic pairs measured on it
     * @param testRetest Spearman rho between the two measurements of a pair
     * @param ceiling    {@code sqrt(testRetest)}: the attenuation bound on any architecture-only predictor's rho
     * @param low        2.5th bootstrap percentile of the ceiling
     * @param high       97.5th bootstrap percentile of the ceiling
     * @param wholeTable the range-corrected ceiling over all rows of the table, by simulation (see the class comment)
     * @param simulatedTestRetest the simulation's test-retest rho on the pairs, to compare with {@code testRetest}
     */
    public record Result(String device, int pairs, double testRetest, double ceiling, double low, double high,
                         double wholeTable, double simulatedTestRetest) {
    }

    /** Pairs on each side of a row's latency whose half-differences give its simulated noise. */
    static final int NEIGHBOURS = 25;
    /** Noise draws averaged by the range-corrected simulation. */
    static final int REPLICATES = 20;

    /**
     * @param table shared NAS-Bench-201 table (any subset; a pair counts only if both rows are in it)
     * @return row pairs {i, j} (i &lt; j in table order) of isomorphic cells, each pair once
     */
    public static List<int[]> isomorphicPairs(Nb201Table table) {
        Map<Integer, Integer> rowByCode = table.rowByCellCode();
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < table.size(); i++) {
            Nb201Cell c = table.cells().get(i);
            Nb201Cell swapped = swapNodes(c);
            if (swapped == null || swapped.equals(c)) {
                continue;
            }
            Integer j = rowByCode.get(swapped.code());
            if (j != null && i < j) {
                out.add(new int[] {i, j});
            }
        }
        return out;
    }

    /** @return the cell with nodes 1 and 2 exchanged, or null when edge 2&lt;-1 carries an op (no such symmetry) */
    static Nb201Cell swapNodes(Nb201Cell c) {
        if (c.op(2) != Nb201Op.NONE) {
            return null;
        }
        return new Nb201Cell(List.of(c.op(1), c.op(0), Nb201Op.NONE, c.op(3), c.op(5), c.op(4)));
    }

    /**
     * @param table     shared NAS-Bench-201 table
     * @param device    device column (e.g. {@code pixel3})
     * @param bootstrap bootstrap resamples (at least 100)
     * @param seed      seed of the bootstrap and of the range-corrected simulation
     * @return the test-retest reliability, the ceiling with its interval, and the range-corrected ceiling
     * @throws IllegalArgumentException if the device is unknown, {@code bootstrap < 100}, the table has fewer than 10
     *                                  isomorphic pairs, or a paired latency is missing (empty cell)
     */
    public static Result nb201(Nb201Table table, String device, int bootstrap, long seed) {
        if (bootstrap < 100) {
            throw new IllegalArgumentException("need at least 100 bootstrap resamples, got " + bootstrap);
        }
        double[] y = table.latency(device);
        List<int[]> pairs = isomorphicPairs(table);
        int n = pairs.size();
        if (n < 10) {
            throw new IllegalArgumentException("only " + n + " isomorphic cell pairs in the table; need at least 10");
        }
        double[] a = new double[n];
        double[] b = new double[n];
        for (int k = 0; k < n; k++) {
            a[k] = y[pairs.get(k)[0]];
            b[k] = y[pairs.get(k)[1]];
        }
        Bound bound = bound(a, b, bootstrap, seed);
        double[] sim = simulated(y, a, b, REPLICATES, seed);
        return new Result(device, n, bound.testRetest(), bound.ceiling(), bound.low(), bound.high(), sim[0], sim[1]);
    }

    /**
     * The attenuation bound of the class comment for any paired repeat measurements: two measurements of the same
     * n items (cells measured twice, networks trained with two seeds, ...).
     *
     * @param pairs      number of items
     * @param testRetest Spearman rho between the first and the second measurements
     * @param ceiling    {@code sqrt(max(0, testRetest))}: the highest rho any predictor that sees only the item can
     *                   reach against one measurement
     * @param low        2.5th percentile of the ceiling over bootstrap resamples of the items
     * @param high       97.5th percentile
     */
    public record Bound(int pairs, double testRetest, double ceiling, double low, double high) {
    }

    /**
     * Test-retest reliability and the attenuation ceiling of paired measurements, with a seeded percentile-bootstrap
     * 95 % interval over the items (Spearman 1904; Efron and Tibshirani 1993, Ch. 13).
     *
     * @param a         first measurement of each item. Not modified.
     * @param b         second measurement of each item, same length. Not modified.
     * @param bootstrap bootstrap resamples, at least 100
     * @param seed      seed of the resampling
     * @return the reliability and its ceiling
     * @throws IllegalArgumentException if the lengths differ, there are fewer than 3 items, a value is not finite,
     *                                  or {@code bootstrap < 100}
     */
    public static Bound bound(double[] a, double[] b, int bootstrap, long seed) {
        int n = a.length;
        if (b.length != n) {
            throw new IllegalArgumentException("paired measurements differ in length: " + n + " and " + b.length);
        }
        if (n < 3) {
            throw new IllegalArgumentException("need at least 3 measured pairs, got " + n);
        }
        if (bootstrap < 100) {
            throw new IllegalArgumentException("need at least 100 bootstrap resamples, got " + bootstrap);
        }
        for (int k = 0; k < n; k++) {
            if (!Double.isFinite(a[k]) || !Double.isFinite(b[k])) {
                throw new IllegalArgumentException("pair " + k + " is not finite: " + a[k] + ", " + b[k]);
            }
        }
        double rtt = Ranking.spearman(a, b);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] ceilings = new double[bootstrap];
        double[] ra = new double[n];
        double[] rb = new double[n];
        for (int s = 0; s < bootstrap; s++) {
            for (int k = 0; k < n; k++) {
                int t = rng.nextInt(n);
                ra[k] = a[t];
                rb[k] = b[t];
            }
            double r = Ranking.spearman(ra, rb);
            // a resample of identical values has no ranks to correlate (NaN): it says nothing, count it as 0
            ceilings[s] = Double.isNaN(r) ? 0 : Math.sqrt(Math.max(0, r));
        }
        Arrays.sort(ceilings);
        return new Bound(n, rtt, Math.sqrt(Math.max(0, rtt)), percentile(ceilings, 0.025), percentile(ceilings, 0.975));
    }

    /**
     * The range-corrected simulation of the class comment.
     *
     * @param y          every row's latency, &gt; 0. Not modified.
     * @param a          first measurement of each pair, &gt; 0. Not modified.
     * @param b          second measurement of each pair. Not modified.
     * @param replicates noise draws averaged
     * @param seed       seed of the draws
     * @return {whole-table ceiling, simulated test-retest rho of the pairs}
     */
    static double[] simulated(double[] y, double[] a, double[] b, int replicates, long seed) {
        int n = a.length;
        double[][] byMean = new double[n][];
        for (int k = 0; k < n; k++) {
            double la = Math.log(a[k]);
            double lb = Math.log(b[k]);
            byMean[k] = new double[] {(la + lb) / 2, (la - lb) / Math.sqrt(2)};
        }
        Arrays.sort(byMean, (p, q) -> Double.compare(p[0], q[0]));
        double[] mean = new double[n];
        double[] half = new double[n];
        for (int k = 0; k < n; k++) {
            mean[k] = byMean[k][0];
            half[k] = byMean[k][1];
        }
        double[] logY = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            logY[i] = Math.log(y[i]);
        }
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double[] noisy = new double[y.length];
        double[] ra = new double[n];
        double[] rb = new double[n];
        double whole = 0;
        double retest = 0;
        for (int r = 0; r < replicates; r++) {
            for (int i = 0; i < y.length; i++) {
                noisy[i] = logY[i] + noise(logY[i], mean, half, rng);
            }
            whole += Ranking.spearman(logY, noisy);
            for (int k = 0; k < n; k++) {
                ra[k] = mean[k] + noise(mean[k], mean, half, rng);
                rb[k] = mean[k] + noise(mean[k], mean, half, rng);
            }
            retest += Ranking.spearman(ra, rb);
        }
        return new double[] {whole / replicates, retest / replicates};
    }

    /** A half-difference of one of the pairs nearest to log latency {@code t}, with a random sign. */
    private static double noise(double t, double[] sortedMean, double[] half, SplittableRandom rng) {
        int n = sortedMean.length;
        int pos = Arrays.binarySearch(sortedMean, t);
        if (pos < 0) {
            pos = -pos - 1;
        }
        int width = Math.min(n, 2 * NEIGHBOURS);
        int lo = Math.max(0, Math.min(pos - NEIGHBOURS, n - width));
        double d = half[lo + rng.nextInt(width)];
        return rng.nextBoolean() ? d : -d;
    }

    private static double percentile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
