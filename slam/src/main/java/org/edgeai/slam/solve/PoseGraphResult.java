package org.edgeai.slam.solve;

import org.edgeai.slam.graph.PoseGraph;

/**
 * @param optimized the input graph with the optimised estimate
 * @param start     the input graph with the estimate after initialisation (before optimisation)
 * @param report    what the solve did
 */
public record PoseGraphResult(PoseGraph optimized, PoseGraph start, SolveReport report) {
}
