package org.edgeai.nas.internal;

/**
 * Ridge regression by the normal equations {@code (X'X + lambda I) w = X'y}, solved with a Cholesky
 * factorisation (the intercept, column 0 by convention, is not penalised). Sized for the few dozen
 * one-hot features of the latency decomposition.
 */
public final class Ridge {
    private Ridge() {
    }

    /**
     * @param x      {@code [n][p]} design rows. Not modified.
     * @param y      {@code [n]} targets. Not modified.
     * @param lambda penalty &gt;= 0 on columns 1..p-1
     * @return {@code [p]} weights
     * @throws IllegalArgumentException if shapes disagree or the system is singular (increase lambda)
     */
    public static double[] fit(double[][] x, double[] y, double lambda) {
        int n = x.length;
        if (n != y.length || n == 0) {
            throw new IllegalArgumentException("need equal, non-zero row counts, got " + n + " and " + y.length);
        }
        int p = x[0].length;
        double[][] a = new double[p][p];
        double[] b = new double[p];
        for (int r = 0; r < n; r++) {
            double[] row = x[r];
            for (int i = 0; i < p; i++) {
                if (row[i] == 0) {
                    continue;
                }
                b[i] += row[i] * y[r];
                for (int j = 0; j <= i; j++) {
                    a[i][j] += row[i] * row[j];
                }
            }
        }
        for (int i = 1; i < p; i++) {
            a[i][i] += lambda;
        }
        // Cholesky a = L L' (lower triangle in place).
        for (int j = 0; j < p; j++) {
            double d = a[j][j];
            for (int k = 0; k < j; k++) {
                d -= a[j][k] * a[j][k];
            }
            if (!(d > 1e-12)) {
                throw new IllegalArgumentException("normal equations are singular at column " + j + " (pivot " + d + ")");
            }
            double l = Math.sqrt(d);
            a[j][j] = l;
            for (int i = j + 1; i < p; i++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= a[i][k] * a[j][k];
                }
                a[i][j] = s / l;
            }
        }
        double[] z = new double[p];
        for (int i = 0; i < p; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= a[i][k] * z[k];
            }
            z[i] = s / a[i][i];
        }
        double[] w = new double[p];
        for (int i = p - 1; i >= 0; i--) {
            double s = z[i];
            for (int k = i + 1; k < p; k++) {
                s -= a[k][i] * w[k];
            }
            w[i] = s / a[i][i];
        }
        return w;
    }

    /** @return {@code w . row} */
    public static double predict(double[] w, double[] row) {
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            s += w[i] * row[i];
        }
        return s;
    }
}
