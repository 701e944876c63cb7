package org.edgeai.slam;

import org.edgeai.slam.graph.BundleProblem;
import org.edgeai.slam.graph.PoseGraph;

/**
 * A nonlinear least-squares problem this module solves: a pose graph (2D or 3D) or a bundle
 * adjustment problem. Instances are immutable.
 */
public sealed interface SlamProblem permits PoseGraph, BundleProblem {
    /** @return a short name, usually the file name without extension (e.g. {@code "intel"}) */
    String name();

    /** @return number of optimised variables (poses, or cameras plus points) */
    int variableCount();

    /** @return number of measurements (edges, or observations) */
    int measurementCount();

    /** @return a one-line human-readable description, e.g. {@code "2D pose graph, 1728 poses, 2512 edges"} */
    String describe();
}
