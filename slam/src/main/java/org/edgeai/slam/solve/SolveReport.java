package org.edgeai.slam.solve;

import java.util.List;
import java.util.Objects;
import org.edgeai.kernel.graph.ModelGraph;

/**
 * What a solve did and reached.
 *
 * @param problem          problem name
 * @param kind             {@code "pgo2d"}, {@code "pgo3d"} or {@code "ba"}
 * @param linearSolver     linear solver used
 * @param algorithm        LM or GN
 * @param init             initialisation ({@link InitMethod#FILE} for bundle adjustment)
 * @param status           how it ended
 * @param message          which criterion ended it, in words
 * @param initialChi2      chi2 at the file's estimate
 * @param startChi2        chi2 after initialisation (= initialChi2 for FILE)
 * @param finalChi2        chi2 at the returned estimate
 * @param finalCost        robust cost at the returned estimate (= finalChi2 without a robust loss)
 * @param iterations       outer iterations, rejected steps included
 * @param linearIterations CG iterations in total (0 for Cholesky)
 * @param seconds          wall time of initialisation plus optimisation
 * @param initSeconds      wall time of the initialisation alone
 * @param cpuSeconds       CPU time of the solving thread over the same span (ThreadMXBean), or -1
 *                         if the JVM does not support thread CPU time
 * @param operations       operations by precision
 * @param kernelGraph      the sparse kernels of one CG iteration as kernel graph ops (SPMV /
 *                         TRIANGULAR_SOLVE with their storage precision), for accelerator pricing;
 *                         multiply by {@link OperationCounts#linearIterations()}; empty for Cholesky
 * @param warnings         data issues handled (disconnected components, projected information, ...)
 * @param trace            one record per outer iteration
 */
public record SolveReport(String problem, String kind, LinearSolverType linearSolver, Algorithm algorithm,
                          InitMethod init, SolveStatus status, String message, double initialChi2, double startChi2,
                          double finalChi2, double finalCost, int iterations, long linearIterations, double seconds,
                          double initSeconds, double cpuSeconds, OperationCounts operations, ModelGraph kernelGraph,
                          List<String> warnings, List<IterationRecord> trace) {
    /** Copies the lists. */
    public SolveReport {
        Objects.requireNonNull(status, "status");
        warnings = List.copyOf(warnings);
        trace = List.copyOf(trace);
    }
}
