package org.edgeai.nas.estimate;

import org.edgeai.nas.internal.NormalEquations;

/**
 * Robust additive fit: latency (ms) = w0 + sum_j w_j x_j, fitted in linear space (latencies add) by
 * iteratively reweighted ridge least squares with Welsch weights on the log ratio
 * {@code r = log(y / prediction)}: weight {@code exp(-r^2 / (2 s^2)) / y^2} (relative error), Holland and
 * Welsch (1977). The weights make the fit follow the dense mode of a device whose measurements are
 * bimodal instead of the mean of the two modes.
 *
 * @implNote Stateless; the normal equations are solved by Cholesky ({@link NormalEquations}) with a
 *           small ridge on all but the intercept (and a tiny one on it), falling back to the minimum-norm
 *           solution if they are still not positive definite, so a fit never fails. Sized for up to a few
 *           hundred columns.
 */
final class RobustLinear {
    /** IRLS iterations after the initial relative least-squares fit. */
    static final int ITERATIONS = 8;
    /** Floor of a prediction used in the log ratio, ms. */
    static final double FLOOR_MS = 1e-4;

    private RobustLinear() {
    }

    /**
     * @param x      {@code [n][p]} design rows (no intercept column). Not modified.
     * @param y      {@code [n]} latencies, &gt; 0. Not modified.
     * @param scale  Welsch scale s on the log ratio, &gt; 0
     * @param lambda ridge penalty relative to unit-mean weights
     * @return {@code [p + 1]} weights, intercept first
     * @throws IllegalArgumentException if there are no rows
     */
    static double[] fit(double[][] x, double[] y, double scale, double lambda) {
        int n = y.length;
        if (n == 0 || x.length != n) {
            throw new IllegalArgumentException("need matching, non-empty rows, got " + x.length + " and " + n);
        }
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 1 / (y[i] * y[i]);
        }
        double[] b = weightedRidge(x, y, w, lambda);
        for (int it = 0; it < ITERATIONS; it++) {
            for (int i = 0; i < n; i++) {
                double r = Math.log(y[i] / Math.max(predict(b, x[i]), FLOOR_MS)) / scale;
                // A floor keeps every row in the system, so a context seen only in far-off rows stays identifiable.
                w[i] = (Math.exp(-0.5 * r * r) + 1e-6) / (y[i] * y[i]);
            }
            b = weightedRidge(x, y, w, lambda);
        }
        return b;
    }

    /** @return {@code b[0] + b[1..] . row} */
    static double predict(double[] b, double[] row) {
        double s = b[0];
        for (int j = 0; j < row.length; j++) {
            s += b[j + 1] * row[j];
        }
        return s;
    }

    static double[] weightedRidge(double[][] x, double[] y, double[] w, double lambda) {
        int n = y.length;
        int p = x[0].length + 1;
        double mean = 0;
        for (double v : w) {
            mean += v;
        }
        mean /= n;
        NormalEquations normal = new NormalEquations(p);
        double[] row = new double[p];
        row[0] = 1;
        for (int r = 0; r < n; r++) {
            System.arraycopy(x[r], 0, row, 1, p - 1);
            normal.addRow(row, y[r], w[r] / mean);
        }
        for (int i = 1; i < p; i++) {
            normal.addToDiagonal(i, Math.max(lambda, 1e-9));
        }
        normal.addToDiagonal(0, 1e-12);
        return normal.solveOrMinimumNorm();
    }
}
