package org.edgeai.nas.internal;

/**
 * Ridge regression by the normal equations {@code (X'X + lambda I) w = X'y}, solved with a Cholesky
 * factorisation ({@link NormalEquations}; the intercept, column 0 by convention, is not penalised).
 * Sized for the few dozen one-hot features of the latency decomposition (Hoerl &amp; Kennard, "Ridge regression",
 * Technometrics 12, 1970). Stateless; thread-safe.
 */
public final class Ridge {
    private Ridge() {
    }

    /**
     * @param x      {@code [n][p]} design rows. Not modified.
     * @param y      {@code [n]} targets. Not modified.
     * @param lambda penalty &gt;= 0 on columns 1..p-1
     * @return {@code [p]} weights
     * @throws IllegalArgumentException if shapes disagree or the system is singular (a Cholesky pivot
     *         at most 1e-12: increase lambda)
     */
    public static double[] fit(double[][] x, double[] y, double lambda) {
        int n = x.length;
        if (n != y.length || n == 0) {
            throw new IllegalArgumentException("need equal, non-zero row counts, got " + n + " and " + y.length);
        }
        NormalEquations normal = new NormalEquations(x[0].length);
        for (int r = 0; r < n; r++) {
            normal.addRow(x[r], y[r], 1);
        }
        for (int i = 1; i < normal.columns(); i++) {
            normal.addToDiagonal(i, lambda);
        }
        return normal.solve();
    }

    /**
     * @param w   weights {@code [p]} (column 0 the intercept when the rows carry a leading 1). Not modified.
     * @param row design row {@code [p]} (at least {@code w.length} entries are read). Not modified.
     * @return {@code w . row}
     */
    public static double predict(double[] w, double[] row) {
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            s += w[i] * row[i];
        }
        return s;
    }
}
