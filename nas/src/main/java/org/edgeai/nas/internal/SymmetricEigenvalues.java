package org.edgeai.nas.internal;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Eigenvalues of a small dense symmetric matrix through EJML's symmetric eigen decomposition
 * (tridiagonal reduction + implicit QR; Golub and Van Loan, Sec. 8.3). EJML stays inside this class:
 * the API is {@code double[][]}/{@code double[]} only.
 *
 * @implNote Stateless; thread-safe.
 */
public final class SymmetricEigenvalues {
    private SymmetricEigenvalues() {
    }

    /**
     * @param a symmetric {@code n x n}, row-major rows ({@code a[i][j]}); only symmetry up to rounding
     *          is assumed. Not modified.
     * @return the {@code n} eigenvalues, unordered
     * @throws IllegalArgumentException if {@code a} is empty, not square, holds a NaN/infinity, or the
     *                                  decomposition fails
     */
    public static double[] of(double[][] a) {
        int n = a.length;
        if (n == 0) {
            throw new IllegalArgumentException("empty matrix");
        }
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            if (a[i].length != n) {
                throw new IllegalArgumentException("not square: row " + i + " has " + a[i].length + " columns, expected " + n);
            }
            for (int j = 0; j < n; j++) {
                if (!Double.isFinite(a[i][j])) {
                    throw new IllegalArgumentException("non-finite entry at (" + i + ", " + j + "): " + a[i][j]);
                }
                m.set(i, j, a[i][j]);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
        if (!eig.decompose(m)) {
            throw new IllegalArgumentException("symmetric eigen decomposition did not converge (" + n + " x " + n + ")");
        }
        double[] ev = new double[n];
        for (int i = 0; i < n; i++) {
            ev[i] = eig.getEigenvalue(i).getReal();
        }
        return ev;
    }
}
