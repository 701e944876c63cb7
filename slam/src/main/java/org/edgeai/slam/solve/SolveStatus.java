package org.edgeai.slam.solve;

/** How a solve ended. Non-convergence is a value, not an exception. */
public enum SolveStatus {
    /** A convergence criterion was met (function, gradient or parameter tolerance; see the report's message). */
    CONVERGED,
    /** The iteration limit was reached first. */
    MAX_ITERATIONS,
    /** No step decreased chi2 any more (LM damping exhausted, or a Gauss-Newton step increased chi2). */
    NO_PROGRESS,
    /** The linear system could not be solved (e.g. not positive definite even with damping). */
    FAILED,
    /** The caller cancelled the solve ({@link org.edgeai.kernel.Progress#cancelled()}). */
    CANCELLED
}
