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
 * Ch. 13). The pairs cover a slightly narrower latency range than the whole table, which, if anything, lowers
 * {@code r_tt} a little (range restriction); the README reports both beside the estimator's held-out rho.
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
     */
    public record Result(String device, int pairs, double testRetest, double ceiling, double low, double high) {
    }

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
     * @param seed      bootstrap seed
     * @return the test-retest reliability and the ceiling with its interval
     * @throws IllegalArgumentException if the device is unknown, {@code bootstrap < 100}, or the table has fewer than 10
     *                                  isomorphic pairs
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
            ceilings[s] = Math.sqrt(Math.max(0, Ranking.spearman(ra, rb)));
        }
        Arrays.sort(ceilings);
        return new Result(device, n, rtt, Math.sqrt(Math.max(0, rtt)), percentile(ceilings, 0.025), percentile(ceilings, 0.975));
    }

    private static double percentile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
