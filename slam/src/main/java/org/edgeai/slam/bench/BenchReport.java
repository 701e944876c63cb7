package org.edgeai.slam.bench;

import java.util.List;
import org.edgeai.slam.eval.TrajectoryErrors;
import org.edgeai.slam.solve.LinearSolverType;

/**
 * The result of {@code edgeai slam bench}.
 *
 * @param timing          how times were measured, in words
 * @param cores           available processors
 * @param loadStart       1-minute system load average when the benchmark started (-1 if unknown)
 * @param loadEnd         same at the end
 * @param rows            one row per dataset and solver
 * @param trajectories    ATE/RPE per dataset and solver where ground truth exists (for plots)
 */
public record BenchReport(String timing, int cores, double loadStart, double loadEnd, List<BenchRow> rows,
                          List<Trajectory> trajectories) {
    /** Copies the lists. */
    public BenchReport {
        rows = List.copyOf(rows);
        trajectories = List.copyOf(trajectories);
    }

    /** Trajectory errors of one dataset solved by one solver. */
    public record Trajectory(String dataset, LinearSolverType solver, TrajectoryErrors errors) {
    }
}
