package org.edgeai.slam.solve;

import org.edgeai.slam.graph.BundleProblem;

/**
 * @param optimized the problem with the optimised cameras and points
 * @param report    what the solve did
 */
public record BundleResult(BundleProblem optimized, SolveReport report) {
}
