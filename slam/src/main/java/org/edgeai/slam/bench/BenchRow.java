package org.edgeai.slam.bench;

import org.edgeai.slam.solve.LinearSolverType;
import org.edgeai.slam.solve.OperationCounts;

/**
 * One (dataset, solver) benchmark result.
 *
 * @param dataset            dataset name
 * @param kind               pgo2d, pgo3d or ba
 * @param solver             linear solver (LM everywhere, default initialisation: chordal for pose graphs)
 * @param status             solve status, or {@code REJECTED} when the input was refused (see note)
 * @param initialChi2        chi2 at the file's estimate
 * @param startChi2          chi2 after initialisation
 * @param finalChi2          chi2 reached
 * @param iterations         outer LM iterations
 * @param linearIterations   CG iterations (0 for Cholesky)
 * @param cpuSeconds         steady-state CPU seconds of the solve (minimum over the timed runs;
 *                           solving thread, ThreadMXBean; initialisation included, file parsing not)
 * @param wallSeconds        wall seconds of the same run
 * @param timedRuns          how many runs were timed (after a warm-up run unless the run is long)
 * @param ceresCpuSeconds    Ceres' single-thread CPU seconds (sparse Cholesky / Schur), NaN if unknown
 * @param ceresRatio         cpuSeconds / ceresCpuSeconds
 * @param bestPeerChi2       lowest peer chi2 (NaN if none)
 * @param bestPeer           which peer run
 * @param bestKnownChi2      lowest chi2 known from a chordal start (NaN if none)
 * @param relToBestPeer      finalChi2 / bestPeerChi2 - 1
 * @param relToFp64          finalChi2 / (this dataset's CHOLESKY finalChi2) - 1 (NaN for CHOLESKY itself)
 * @param ateRmse            ATE RMSE in metres after rigid alignment (NaN without ground truth)
 * @param rpeTranslationRmse RPE translation RMSE in metres (NaN without ground truth)
 * @param operations         operations by precision of one solve
 * @param note               rejection message or warnings, else ""
 */
public record BenchRow(String dataset, String kind, LinearSolverType solver, String status, double initialChi2,
                       double startChi2, double finalChi2, int iterations, long linearIterations, double cpuSeconds,
                       double wallSeconds, int timedRuns, double ceresCpuSeconds, double ceresRatio, double bestPeerChi2,
                       String bestPeer, double bestKnownChi2, double relToBestPeer, double relToFp64, double ateRmse,
                       double rpeTranslationRmse, OperationCounts operations, String note) {
}
