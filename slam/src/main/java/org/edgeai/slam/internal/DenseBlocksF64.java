package org.edgeai.slam.internal;

/**
 * Dense kernels on small square row-major blocks ({@code b x b}, b <= 9) stored in a larger
 * array at an offset: the building blocks of {@link BlockCholeskyF64}. fp64, allocation-free.
 */
public final class DenseBlocksF64 {
    private DenseBlocksF64() {
    }

    /** {@code C -= A B^T}. C must not overlap A or B unless it is the same block as both (diagonal update). */
    public static void subtractABt(double[] a, int aOff, double[] bm, int bOff, double[] c, int cOff, int b) {
        for (int r = 0; r < b; r++) {
            int ar = aOff + r * b;
            int cr = cOff + r * b;
            for (int col = 0; col < b; col++) {
                int bc = bOff + col * b;
                double s = 0;
                for (int k = 0; k < b; k++) {
                    s += a[ar + k] * bm[bc + k];
                }
                c[cr + col] -= s;
            }
        }
    }

    /**
     * In-place lower Cholesky of a symmetric block (reads the lower triangle, writes L in the lower
     * triangle and zeros above).
     *
     * @return false if a pivot is not positive (or NaN)
     */
    public static boolean choleskyInPlace(double[] a, int off, int b) {
        for (int j = 0; j < b; j++) {
            int rj = off + j * b;
            double d = a[rj + j];
            for (int k = 0; k < j; k++) {
                d -= a[rj + k] * a[rj + k];
            }
            if (!(d > 0)) {
                return false;
            }
            double ljj = Math.sqrt(d);
            a[rj + j] = ljj;
            double inv = 1 / ljj;
            for (int i = j + 1; i < b; i++) {
                int ri = off + i * b;
                double s = a[ri + j];
                for (int k = 0; k < j; k++) {
                    s -= a[ri + k] * a[rj + k];
                }
                a[ri + j] = s * inv;
            }
            for (int c = j + 1; c < b; c++) {
                a[rj + c] = 0;
            }
        }
        return true;
    }

    /** {@code X <- X L^-T} for a lower-triangular L block: solves {@code X L^T = X_old} row by row. */
    public static void solveRightLowerTransposed(double[] l, int lOff, double[] x, int xOff, int b) {
        for (int r = 0; r < b; r++) {
            int xr = xOff + r * b;
            for (int c = 0; c < b; c++) {
                int lc = lOff + c * b;
                double s = x[xr + c];
                for (int k = 0; k < c; k++) {
                    s -= x[xr + k] * l[lc + k];
                }
                x[xr + c] = s / l[lc + c];
            }
        }
    }

    /** {@code v <- L^-1 v} for a lower-triangular block. */
    public static void forwardSubstitute(double[] l, int lOff, double[] v, int vOff, int b) {
        for (int r = 0; r < b; r++) {
            int lr = lOff + r * b;
            double s = v[vOff + r];
            for (int k = 0; k < r; k++) {
                s -= l[lr + k] * v[vOff + k];
            }
            v[vOff + r] = s / l[lr + r];
        }
    }

    /** {@code v <- L^-T v} for a lower-triangular block. */
    public static void backSubstituteTransposed(double[] l, int lOff, double[] v, int vOff, int b) {
        for (int r = b - 1; r >= 0; r--) {
            double s = v[vOff + r];
            for (int k = r + 1; k < b; k++) {
                s -= l[lOff + k * b + r] * v[vOff + k];
            }
            v[vOff + r] = s / l[lOff + r * b + r];
        }
    }

    /** {@code y -= A x}. */
    public static void subtractAx(double[] a, int aOff, double[] x, int xOff, double[] y, int yOff, int b) {
        for (int r = 0; r < b; r++) {
            int ar = aOff + r * b;
            double s = 0;
            for (int k = 0; k < b; k++) {
                s += a[ar + k] * x[xOff + k];
            }
            y[yOff + r] -= s;
        }
    }

    /** {@code y -= A^T x}. */
    public static void subtractAtx(double[] a, int aOff, double[] x, int xOff, double[] y, int yOff, int b) {
        for (int k = 0; k < b; k++) {
            double xk = x[xOff + k];
            int ak = aOff + k * b;
            for (int c = 0; c < b; c++) {
                y[yOff + c] -= a[ak + c] * xk;
            }
        }
    }

    /** {@code y += A x}. */
    public static void addAx(double[] a, int aOff, double[] x, int xOff, double[] y, int yOff, int b) {
        for (int r = 0; r < b; r++) {
            int ar = aOff + r * b;
            double s = 0;
            for (int k = 0; k < b; k++) {
                s += a[ar + k] * x[xOff + k];
            }
            y[yOff + r] += s;
        }
    }

    /** {@code y += A^T x}. */
    public static void addAtx(double[] a, int aOff, double[] x, int xOff, double[] y, int yOff, int b) {
        for (int k = 0; k < b; k++) {
            double xk = x[xOff + k];
            int ak = aOff + k * b;
            for (int c = 0; c < b; c++) {
                y[yOff + c] += a[ak + c] * xk;
            }
        }
    }
}
