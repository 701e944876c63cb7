package org.edgeai.slam.solve;

/** What to do with an edge whose information matrix is indefinite (has a negative eigenvalue). */
public enum InformationPolicy {
    /**
     * Refuse the problem with an {@link IllegalArgumentException} naming how many edges are
     * affected and the first few (file line, vertices, smallest eigenvalue). With an indefinite
     * information matrix chi2 is unbounded below. The default.
     */
    REJECT,
    /**
     * Replace each indefinite matrix by its nearest positive semidefinite matrix (negative
     * eigenvalues set to 0; Higham, Linear Algebra Appl. 103, 1988), log a warning with the count
     * and report it in {@link SolveReport#warnings()}. Opt-in (what the Ceres reference run did).
     */
    PROJECT_PSD
}
