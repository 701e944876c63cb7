package org.edgeai.slam.bench;

import java.util.List;
import java.util.Objects;
import org.edgeai.slam.solve.LinearSolverType;

/**
 * What {@code edgeai slam bench} runs.
 *
 * @param solvers         linear solvers to run on every dataset (default all three)
 * @param datasets        dataset names to run (empty = all found)
 * @param repetitions     timed runs per (dataset, solver) after one untimed warm-up run, >= 1;
 *                        default 3
 * @param longRunSeconds  a run whose warm-up took at least this much CPU is timed once, from the
 *                        warm-up itself (JIT compilation is then a negligible share); default 5
 * @param psdProjection   solve datasets with indefinite information matrices (cubicle.g2o) with the
 *                        nearest-PSD projection instead of reporting them as REJECTED
 */
public record BenchConfig(List<LinearSolverType> solvers, List<String> datasets, int repetitions, double longRunSeconds,
                          boolean psdProjection) {
    /** @throws IllegalArgumentException if repetitions < 1, longRunSeconds < 0 or no solver is given */
    public BenchConfig {
        solvers = List.copyOf(Objects.requireNonNull(solvers, "solvers"));
        datasets = List.copyOf(Objects.requireNonNull(datasets, "datasets"));
        if (solvers.isEmpty()) {
            throw new IllegalArgumentException("at least one solver is needed");
        }
        if (repetitions < 1) {
            throw new IllegalArgumentException("repetitions must be >= 1, got " + repetitions);
        }
        if (!(longRunSeconds >= 0)) {
            throw new IllegalArgumentException("longRunSeconds must be >= 0, got " + longRunSeconds);
        }
    }

    /** @return all solvers, all datasets, 3 repetitions, 5 s long-run threshold, no projection */
    public static BenchConfig defaults() {
        return new BenchConfig(List.of(LinearSolverType.values()), List.of(), 3, 5, false);
    }
}
