package org.edgeai.slam;

import org.edgeai.slam.solve.SolveReport;

/**
 * @param optimized the problem with the optimised estimate
 * @param start     the problem with the estimate the optimisation started from (after initialisation)
 * @param report    what the solve did and reached
 */
public record SlamSolution(SlamProblem optimized, SlamProblem start, SolveReport report) {
}
