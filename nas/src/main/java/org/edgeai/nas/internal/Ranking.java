package org.edgeai.nas.internal;

import java.util.Arrays;

/** Rank statistics and relative-error shares used to validate estimators and proxies. Stateless; thread-safe. */
public final class Ranking {
    private Ranking() {
    }

    /**
     * Spearman rank correlation: Pearson correlation of the mid-ranks (ties get their average rank);
     * C. Spearman, "The proof and measurement of association between two things", Am. J. Psychol. 15, 1904.
     *
     * @param a values. Not modified.
     * @param b values, same length. Not modified.
     * @return rho in [-1, 1]; NaN if either side is constant or n &lt; 2
     * @throws IllegalArgumentException if lengths differ
     */
    public static double spearman(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("lengths differ: " + a.length + " vs " + b.length);
        }
        if (a.length < 2) {
            return Double.NaN;
        }
        return pearson(ranks(a), ranks(b));
    }

    /**
     * @param x values. Not modified.
     * @param y values, same length. Not modified.
     * @return Pearson correlation; NaN if either is constant
     * @throws IllegalArgumentException if lengths differ
     */
    public static double pearson(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("lengths differ: " + x.length + " vs " + y.length);
        }
        double[] m = centredMoments(x, y);
        return m[2] == 0 || m[4] == 0 ? Double.NaN : m[3] / Math.sqrt(m[2] * m[4]);
    }

    /**
     * Means and centred sums of squares and products, the pieces of a correlation or a straight-line fit.
     *
     * @param x values. Not modified.
     * @param y values, at least as many as {@code x} (the first {@code x.length} are used). Not modified.
     * @return {mean x, mean y, Sxx, Sxy, Syy}
     */
    public static double[] centredMoments(double[] x, double[] y) {
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return new double[] {mx, my, sxx, sxy, syy};
    }

    /** @return 1-based mid-ranks of {@code v} (ties share their average rank) */
    public static double[] ranks(double[] v) {
        int n = v.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (p, q) -> Double.compare(v[p], v[q]));
        double[] r = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            double mid = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[order[k]] = mid;
            }
            i = j + 1;
        }
        return r;
    }

    /**
     * @param predicted predictions. Not modified.
     * @param actual    true values (positive), same length. Not modified.
     * @param tolerance relative tolerance, e.g. 0.1 for ±10 %
     * @return share of entries with {@code |predicted - actual| <= tolerance * actual}; NaN if empty
     * @throws IllegalArgumentException if lengths differ
     */
    public static double withinFraction(double[] predicted, double[] actual, double tolerance) {
        if (predicted.length != actual.length) {
            throw new IllegalArgumentException("lengths differ: " + predicted.length + " vs " + actual.length);
        }
        int ok = 0;
        for (int i = 0; i < actual.length; i++) {
            if (Math.abs(predicted[i] - actual[i]) <= tolerance * Math.abs(actual[i])) {
                ok++;
            }
        }
        return actual.length == 0 ? Double.NaN : ok / (double) actual.length;
    }

    /**
     * @param rows   number of rows
     * @param share  held-out share in (0, 1)
     * @param seed   seed of the permutation
     * @return {@code [0]} training rows, {@code [1]} held-out rows (both ascending); a seeded
     *         Fisher-Yates permutation (Knuth, TAOCP vol. 2, Algorithm 3.4.2P) with
     *         {@link java.util.SplittableRandom}, first {@code round(share * rows)} held out
     * @throws IllegalArgumentException if {@code share} is not in (0, 1)
     */
    public static int[][] split(int rows, double share, long seed) {
        if (!(share > 0 && share < 1)) {
            throw new IllegalArgumentException("held-out share must be in (0, 1), got " + share);
        }
        int[] p = new int[rows];
        for (int i = 0; i < rows; i++) {
            p[i] = i;
        }
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        for (int i = rows - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        int held = (int) Math.round(share * rows);
        int[] test = Arrays.copyOf(p, held);
        int[] train = Arrays.copyOfRange(p, held, rows);
        Arrays.sort(test);
        Arrays.sort(train);
        return new int[][] {train, test};
    }
}
