package org.edgeai.slam.solve;

/**
 * One outer iteration of a solve.
 *
 * @param iteration        1-based
 * @param chi2             chi2 after the iteration (unchanged when the step was rejected)
 * @param candidateChi2    chi2 at the trial point
 * @param lambda           LM damping used for the step (0 for Gauss-Newton)
 * @param accepted         whether the step was taken
 * @param linearIterations CG iterations of this step (0 for Cholesky)
 * @param stepNorm         Euclidean norm of the step (tangent units)
 * @param elapsedSeconds   wall time since the solve started (initialisation included)
 */
public record IterationRecord(int iteration, double chi2, double candidateChi2, double lambda, boolean accepted,
                              int linearIterations, double stepNorm, double elapsedSeconds) {
}
