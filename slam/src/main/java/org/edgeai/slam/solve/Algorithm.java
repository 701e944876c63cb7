package org.edgeai.slam.solve;

/** The nonlinear least-squares iteration. */
public enum Algorithm {
    /**
     * Levenberg-Marquardt with Marquardt's diagonal scaling {@code (J^T J + lambda diag(J^T J))} and
     * Nielsen's damping update (Madsen, Nielsen, Tingleff, "Methods for non-linear least squares
     * problems", 2004, eq. 3.16), as Ceres' trust-region LM. Steps that do not decrease chi2 are
     * rejected and counted as iterations.
     */
    LEVENBERG_MARQUARDT,
    /** Gauss-Newton: undamped steps; stops with {@link SolveStatus#NO_PROGRESS} when a step fails to decrease chi2. */
    GAUSS_NEWTON
}
