package org.edgeai.slam.internal;

/**
 * Eigen-decomposition of small dense symmetric matrices by the cyclic Jacobi method (Golub and
 * Van Loan, "Matrix Computations", 4th ed., algorithm 8.5.3). Accurate to a few ulps for the
 * 2x2..9x9 matrices used here (rotation fitting, information-matrix checks).
 *
 * @implNote Stateless, thread-safe; allocates its workspace.
 */
public final class SymmetricEigen {
    private static final int MAX_SWEEPS = 60;

    private SymmetricEigen() {
    }

    /**
     * @param a        symmetric n x n, row-major. Not modified.
     * @param n        order
     * @param values   n eigenvalues in ascending order. Modified.
     * @param vectors  n x n row-major; column k is the unit eigenvector of {@code values[k]}. Modified.
     *                 May be null when not needed.
     */
    public static void decompose(double[] a, int n, double[] values, double[] vectors) {
        double[] m = new double[n * n];
        System.arraycopy(a, 0, m, 0, n * n);
        double[] v = new double[n * n];
        for (int i = 0; i < n; i++) {
            v[i * n + i] = 1;
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            double diag = 0;
            for (int i = 0; i < n; i++) {
                diag += m[i * n + i] * m[i * n + i];
                for (int j = i + 1; j < n; j++) {
                    off += m[i * n + j] * m[i * n + j];
                }
            }
            if (off <= 1e-30 * diag || off == 0) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = m[p * n + q];
                    if (apq == 0) {
                        continue;
                    }
                    double app = m[p * n + p];
                    double aqq = m[q * n + q];
                    double theta = (aqq - app) / (2 * apq);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double mkp = m[k * n + p];
                        double mkq = m[k * n + q];
                        m[k * n + p] = c * mkp - s * mkq;
                        m[k * n + q] = s * mkp + c * mkq;
                    }
                    for (int k = 0; k < n; k++) {
                        double mpk = m[p * n + k];
                        double mqk = m[q * n + k];
                        m[p * n + k] = c * mpk - s * mqk;
                        m[q * n + k] = s * mpk + c * mqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k * n + p];
                        double vkq = v[k * n + q];
                        v[k * n + p] = c * vkp - s * vkq;
                        v[k * n + q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        // sort ascending
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        final double[] mm = m;
        java.util.Arrays.sort(idx, (x, y) -> Double.compare(mm[x * n + x], mm[y * n + y]));
        for (int k = 0; k < n; k++) {
            values[k] = m[idx[k] * n + idx[k]];
            if (vectors != null) {
                for (int i = 0; i < n; i++) {
                    vectors[i * n + k] = v[i * n + idx[k]];
                }
            }
        }
    }

    /**
     * @param a   symmetric 4x4 row-major. Not modified.
     * @param out unit eigenvector of the largest eigenvalue. Modified.
     */
    public static void largestEigenvector4(double[] a, double[] out) {
        double[] values = new double[4];
        double[] vectors = new double[16];
        decompose(a, 4, values, vectors);
        for (int i = 0; i < 4; i++) {
            out[i] = vectors[i * 4 + 3];
        }
    }

    /**
     * @param a symmetric n x n row-major. Not modified.
     * @return the smallest eigenvalue
     */
    public static double minEigenvalue(double[] a, int n) {
        double[] values = new double[n];
        decompose(a, n, values, null);
        return values[0];
    }
}
