package org.edgeai.slam.internal;

import org.edgeai.slam.solve.OperationCounts;

/**
 * A nonlinear least-squares problem {@code min sum rho(|r_k(x)|^2_W)} as seen by
 * {@link TrustRegionDriver}: the current state, its linearisation and a linear solver for the
 * damped normal equations {@code (H + lambda D) step = -g}, {@code H = J^T W J}, {@code g = J^T W r},
 * {@code D = diag(H)} clamped to [1e-6, 1e32] (Ceres' LM scaling).
 *
 * @implNote Implementations own all buffers; no method allocates after construction.
 */
public interface NonlinearSystem {
    /** @return number of optimised tangent coordinates */
    int dimension();

    /** @return the cost at the current state (chi2, or the robust cost) */
    double cost();

    /** Linearises at the current state: Jacobians, gradient, diagonal. */
    void linearize();

    /** @return the gradient {@code g = J^T W r} of the last linearisation (length {@link #dimension()}); not a copy */
    double[] gradient();

    /**
     * Solves {@code (H + lambda D) step = -g}.
     *
     * @param lambda damping, >= 0
     * @param step   output, length {@link #dimension()}. Modified.
     * @return false if the system could not be solved (not positive definite)
     */
    boolean solveStep(double lambda, double[] step);

    /** @return CG iterations of the last {@link #solveStep} (0 for direct solvers) */
    int lastLinearIterations();

    /** @return {@code |J step|^2_W} at the last linearisation (the quadratic term of the model) */
    double modelQuadraticTerm(double[] step);

    /**
     * Evaluates the cost at {@code x (+) step} and keeps that point as the candidate.
     *
     * @return the candidate cost (may be NaN or infinite for a bad step)
     */
    double evaluateCandidate(double[] step);

    /** Makes the last candidate the current state (its cost becomes {@link #cost()}). */
    void acceptCandidate();

    /** @return a norm of the state for the relative parameter tolerance */
    double stateNorm();

    /** @return operations counted so far */
    OperationCounts operations();
}
