package org.edgeai.slam.internal;

/**
 * Dense kernels on small square row-major blocks ({@code b x b}, b <= 9) stored in a larger
 * array at an offset: the building blocks of {@link BlockCholeskyF64}. fp64, allocation-free.
 */
public final class DenseBlocksF64 {
    private DenseBlocksF64() {
    }

    /**
     * {@code C -= A B^T}. C must not overlap A or B. Sizes 3, 6 and 9 (pose and camera blocks) run
     * unrolled variants with the row of A held in registers: measured 3-4.4x faster factorisations
     * than the generic loop (city10000, sphere2500, torus3D: 1.2 -> 3.6-5.2 GMAC/s). The generic
     * loop is the reference they are tested against.
     */
    public static void subtractABt(double[] a, int aOff, double[] bm, int bOff, double[] c, int cOff, int b) {
        if (b == 6) {
            subtractABt6(a, aOff, bm, bOff, c, cOff);
        } else if (b == 9) {
            subtractABt9(a, aOff, bm, bOff, c, cOff);
        } else if (b == 3) {
            subtractABt3(a, aOff, bm, bOff, c, cOff);
        } else {
            subtractABtGeneric(a, aOff, bm, bOff, c, cOff, b);
        }
    }

    private static void subtractABt6(double[] a, int aOff, double[] bm, int bOff, double[] c, int cOff) {
        for (int r = 0; r < 6; r++) {
            int ar = aOff + 6 * r;
            double a0 = a[ar];
            double a1 = a[ar + 1];
            double a2 = a[ar + 2];
            double a3 = a[ar + 3];
            double a4 = a[ar + 4];
            double a5 = a[ar + 5];
            int cr = cOff + 6 * r;
            for (int col = 0; col < 6; col++) {
                int bc = bOff + 6 * col;
                c[cr + col] -= a0 * bm[bc] + a1 * bm[bc + 1] + a2 * bm[bc + 2] + a3 * bm[bc + 3] + a4 * bm[bc + 4]
                        + a5 * bm[bc + 5];
            }
        }
    }

    private static void subtractABt9(double[] a, int aOff, double[] bm, int bOff, double[] c, int cOff) {
        for (int r = 0; r < 9; r++) {
            int ar = aOff + 9 * r;
            double a0 = a[ar];
            double a1 = a[ar + 1];
            double a2 = a[ar + 2];
            double a3 = a[ar + 3];
            double a4 = a[ar + 4];
            double a5 = a[ar + 5];
            double a6 = a[ar + 6];
            double a7 = a[ar + 7];
            double a8 = a[ar + 8];
            int cr = cOff + 9 * r;
            for (int col = 0; col < 9; col++) {
                int bc = bOff + 9 * col;
                c[cr + col] -= a0 * bm[bc] + a1 * bm[bc + 1] + a2 * bm[bc + 2] + a3 * bm[bc + 3] + a4 * bm[bc + 4]
                        + a5 * bm[bc + 5] + a6 * bm[bc + 6] + a7 * bm[bc + 7] + a8 * bm[bc + 8];
            }
        }
    }

    private static void subtractABt3(double[] a, int aOff, double[] bm, int bOff, double[] c, int cOff) {
        double b00 = bm[bOff];
        double b01 = bm[bOff + 1];
        double b02 = bm[bOff + 2];
        double b10 = bm[bOff + 3];
        double b11 = bm[bOff + 4];
        double b12 = bm[bOff + 5];
        double b20 = bm[bOff + 6];
        double b21 = bm[bOff + 7];
        double b22 = bm[bOff + 8];
        for (int r = 0; r < 3; r++) {
            int ar = aOff + 3 * r;
            double a0 = a[ar];
            double a1 = a[ar + 1];
            double a2 = a[ar + 2];
            int cr = cOff + 3 * r;
            c[cr] -= a0 * b00 + a1 * b01 + a2 * b02;
            c[cr + 1] -= a0 * b10 + a1 * b11 + a2 * b12;
            c[cr + 2] -= a0 * b20 + a1 * b21 + a2 * b22;
        }
    }

    /** The reference {@code C -= A B^T} for any block size. */
    static void subtractABtGeneric(double[] a, int aOff, double[] bm, int bOff, double[] c, int cOff, int b) {
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
