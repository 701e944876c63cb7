package org.edgeai.slam;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BiConsumer;

/** Central-difference Jacobians for tests (GTSAM {@code numericalDerivative} style). */
public final class NumericDiff {
    private NumericDiff() {
    }

    /**
     * @param f  writes f(x) (m values) into its second argument
     * @param x  point, n values
     * @param m  output size
     * @param h  step
     * @return m x n row-major Jacobian by central differences, O(h^2) accurate
     */
    public static double[] jacobian(BiConsumer<double[], double[]> f, double[] x, int m, double h) {
        int n = x.length;
        double[] jac = new double[m * n];
        double[] fp = new double[m];
        double[] fm = new double[m];
        for (int j = 0; j < n; j++) {
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[j] += h;
            xm[j] -= h;
            f.accept(xp, fp);
            f.accept(xm, fm);
            for (int i = 0; i < m; i++) {
                jac[i * n + j] = (fp[i] - fm[i]) / (2 * h);
            }
        }
        return jac;
    }

    /** Asserts |a - b| <= tol * max(1, |b|) elementwise, naming the first failing index. */
    public static void assertClose(double[] expected, double[] actual, double tol, String what) {
        assertTrue(expected.length == actual.length, what + ": lengths " + expected.length + " vs " + actual.length);
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(1, Math.abs(expected[i]));
            assertTrue(Math.abs(expected[i] - actual[i]) <= tol * scale,
                    what + ": index " + i + " expected " + expected[i] + " got " + actual[i] + " (tol " + tol + ")");
        }
    }
}
