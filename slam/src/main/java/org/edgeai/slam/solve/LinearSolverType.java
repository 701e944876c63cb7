package org.edgeai.slam.solve;

/** The linear solver used inside each Gauss-Newton / Levenberg-Marquardt iteration. */
public enum LinearSolverType {
    /**
     * fp64 sparse Cholesky of the normal equations with CSparse's AMD ordering on the block graph;
     * for bundle adjustment the points are eliminated first (Schur complement on the cameras).
     * The reference solver.
     */
    CHOLESKY,
    /**
     * fp32 CGNR: conjugate gradients on the normal equations {@code (J^T J + lambda D) x = -J^T r}
     * using products with J and J^T only (J never squared). Pose graphs use the same static
     * incomplete-Cholesky preconditioner as {@link #MIXED} (in fp32), bundle adjustment the same
     * Jacobi column scaling, so that {@code MIXED} vs {@code CGNR} isolates the effect of precision.
     */
    CGNR,
    /**
     * Mixed precision (fp16 / fp32, state in fp64), after "Low-precision arithmetic makes robot
     * localization more efficient" (Amazon Science): bundle adjustment runs CGNR whose
     * Jacobian-vector products read the Jacobian from fp16 storage; pose graphs run CGNR
     * preconditioned by a static incomplete Cholesky factor stored in fp16. Everything else fp32.
     */
    MIXED
}
