package org.edgeai.nas.internal;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.chol.CholeskyDecompositionInner_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.dense.row.linsol.chol.LinearSolverChol_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The normal equations {@code A w = b} of a weighted least-squares fit, {@code A = sum_r c_r x_r x_r'}
 * and {@code b = sum_r c_r y_r x_r} over design rows {@code x_r} with row weights {@code c_r}, plus
 * any ridge the caller adds to the diagonal; solved by a dense Cholesky factorisation
 * {@code A = L L'} (EJML, kept inside this class: the API is {@code double[]} only). Sized for up to
 * a few hundred columns.
 *
 * @implNote Not thread-safe; one per fit. Each row costs {@code O(nnz(x_r) p)} (zero entries are skipped).
 */
public final class NormalEquations {
    /** Smallest Cholesky pivot {@code L_jj^2} {@link #solve()} accepts before calling the system singular. */
    static final double MIN_PIVOT = 1e-12;

    private final int columns;
    private final DMatrixRMaj a;   // lower triangle accumulated; mirrored to the upper one before solving
    private final DMatrixRMaj b;

    /**
     * @param columns unknowns {@code p}, &gt;= 1
     * @throws IllegalArgumentException if {@code columns < 1}
     */
    public NormalEquations(int columns) {
        if (columns < 1) {
            throw new IllegalArgumentException("need at least one column, got " + columns);
        }
        this.columns = columns;
        this.a = new DMatrixRMaj(columns, columns);
        this.b = new DMatrixRMaj(columns, 1);
    }

    /** @return the number of unknowns {@code p} */
    public int columns() {
        return columns;
    }

    /**
     * Adds {@code weight x x'} to {@code A} and {@code weight y x} to {@code b}.
     *
     * @param row    {@code [p]} design row. Not modified.
     * @param y      target
     * @param weight row weight
     * @throws IllegalArgumentException if the row length is not {@code p}
     */
    public void addRow(double[] row, double y, double weight) {
        if (row.length != columns) {
            throw new IllegalArgumentException("row has " + row.length + " columns, expected " + columns);
        }
        double[] ad = a.data;
        double[] bd = b.data;
        for (int i = 0; i < columns; i++) {
            if (row[i] == 0) {
                continue;
            }
            double wi = weight * row[i];
            bd[i] += wi * y;
            int off = i * columns;
            for (int j = 0; j <= i; j++) {
                ad[off + j] += wi * row[j];
            }
        }
    }

    /**
     * Adds {@code value} to {@code A[column][column]} (a ridge penalty on that column). Modifies this system.
     *
     * @param column column index in {@code [0, columns())}
     * @param value  amount added
     */
    public void addToDiagonal(int column, double value) {
        a.data[column * columns + column] += value;
    }

    /**
     * Solves by Cholesky. The system is consumed: call once.
     *
     * @return {@code [p]} the solution {@code w}
     * @throws IllegalArgumentException if {@code A} is not positive definite or a pivot
     *         {@code L_jj^2} is below {@value #MIN_PIVOT} (singular or nearly singular system; the
     *         message names the column where that is known)
     */
    public double[] solve() {
        mirror();
        LinearSolverChol_DDRM chol = new LinearSolverChol_DDRM(new CholeskyDecompositionInner_DDRM(true));
        if (!chol.setA(a)) {
            throw new IllegalArgumentException("normal equations are singular (not positive definite)");
        }
        DMatrixRMaj l = chol.getDecomposition().getT(null);
        for (int j = 0; j < columns; j++) {
            double pivot = l.unsafe_get(j, j) * l.unsafe_get(j, j);
            if (!(pivot > MIN_PIVOT)) {
                throw new IllegalArgumentException("normal equations are singular at column " + j + " (pivot " + pivot + ")");
            }
        }
        return solveWith(chol);
    }

    /**
     * Solves by Cholesky, or, if {@code A} is not positive definite, by the SVD pseudo-inverse (the
     * minimum-norm least-squares solution). Never throws on a singular system. The system is
     * consumed: call once.
     *
     * @return {@code [p]} the solution {@code w} (NaN entries only if the inputs had some)
     */
    public double[] solveOrMinimumNorm() {
        mirror();
        DMatrixRMaj copy = a.copy();
        LinearSolverChol_DDRM chol = new LinearSolverChol_DDRM(new CholeskyDecompositionInner_DDRM(true));
        if (chol.setA(a)) {
            return solveWith(chol);
        }
        LinearSolverDense<DMatrixRMaj> pinv = LinearSolverFactory_DDRM.pseudoInverse(true);
        if (!pinv.setA(copy)) {
            double[] nan = new double[columns];
            Arrays.fill(nan, Double.NaN);
            return nan;
        }
        return solveWith(pinv);
    }

    private double[] solveWith(LinearSolverDense<DMatrixRMaj> solver) {
        DMatrixRMaj w = new DMatrixRMaj(columns, 1);
        solver.solve(b, w);
        return w.data;
    }

    private void mirror() {
        double[] ad = a.data;
        for (int i = 0; i < columns; i++) {
            for (int j = 0; j < i; j++) {
                ad[j * columns + i] = ad[i * columns + j];
            }
        }
    }
}
