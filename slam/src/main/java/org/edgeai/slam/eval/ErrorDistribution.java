package org.edgeai.slam.eval;

import java.util.Arrays;

/**
 * The empirical cumulative distribution of a set of non-negative errors (the "cumulative error
 * histogram" used to compare solvers: the fraction of poses whose error is at most x).
 *
 * @implNote Immutable; accessors return copies.
 */
public final class ErrorDistribution {
    private final double[] sorted;

    /**
     * @param errors errors (any order; NaN rejected). Not modified.
     * @throws IllegalArgumentException if an error is NaN or negative
     */
    public ErrorDistribution(double[] errors) {
        sorted = errors.clone();
        for (double e : sorted) {
            if (!(e >= 0)) {
                throw new IllegalArgumentException("errors must be >= 0 and not NaN, got " + e);
            }
        }
        Arrays.sort(sorted);
    }

    /** @return number of samples */
    public int size() {
        return sorted.length;
    }

    /** @return the errors in ascending order (a copy) */
    public double[] sortedErrors() {
        return sorted.clone();
    }

    /** @return fraction of samples {@code <= x}, in [0, 1] (0 for an empty distribution) */
    public double fractionAtMost(double x) {
        if (sorted.length == 0) {
            return 0;
        }
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return (double) lo / sorted.length;
    }

    /**
     * @param q quantile in [0, 1]
     * @return the smallest error e with {@code fractionAtMost(e) >= q} (nearest-rank definition)
     * @throws IllegalArgumentException if q is outside [0, 1] or the distribution is empty
     */
    public double quantile(double q) {
        if (!(q >= 0 && q <= 1) || sorted.length == 0) {
            throw new IllegalArgumentException("quantile needs q in [0, 1] and samples, got q=" + q + " with "
                    + sorted.length + " samples");
        }
        int k = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, k))];
    }
}
