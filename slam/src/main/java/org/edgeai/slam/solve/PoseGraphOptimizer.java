package org.edgeai.slam.solve;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.Progress;
import org.edgeai.kernel.graph.ModelGraph;
import org.edgeai.slam.graph.PoseGraph;
import org.edgeai.slam.internal.ChordalRelaxation;
import org.edgeai.slam.internal.PoseGraphCgSystem;
import org.edgeai.slam.internal.PoseGraphCholeskySystem;
import org.edgeai.slam.internal.PoseGraphModel;
import org.edgeai.slam.internal.PoseGraphSystem;
import org.edgeai.slam.internal.SpanningTree;
import org.edgeai.slam.internal.TrustRegionDriver;

/**
 * Pose-graph optimisation (2D or 3D) with g2o's error definitions: initialisation, then
 * Levenberg-Marquardt or Gauss-Newton over the configured linear solver.
 *
 * <p>Precision per step: errors, Jacobians, gradient and chi2 in fp64; the state update (retraction)
 * in fp64; the linear solve in fp64 ({@link LinearSolverType#CHOLESKY}), fp32
 * ({@link LinearSolverType#CGNR}) or fp16-storage / fp32 ({@link LinearSolverType#MIXED}).
 *
 * <p>Input handling: indefinite information matrices follow
 * {@link SolverConfig#informationPolicy()}; the gauge is the FIX'd poses, else the lowest-id pose
 * of each connected component (disconnected graphs are solved per component, with a warning in
 * the report).
 *
 * @implNote Stateless apart from its configuration; each call builds its own solver state, so
 *           one instance may be used from several threads.
 */
public final class PoseGraphOptimizer {
    private final SolverConfig config;

    /** @param config solver configuration */
    public PoseGraphOptimizer(SolverConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** @return the configuration */
    public SolverConfig config() {
        return config;
    }

    /**
     * @param graph    the problem. Not modified.
     * @param progress progress reports and cancellation; {@link Progress#NONE} for none
     * @param listener called after every outer iteration; may be null
     * @return the optimised graph and the report; non-convergence is a status, not an exception
     * @throws IllegalArgumentException if the information matrices are indefinite and the policy
     *                                  is {@link InformationPolicy#REJECT}
     */
    public PoseGraphResult optimize(PoseGraph graph, Progress progress, Consumer<IterationRecord> listener) {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(progress, "progress");
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        boolean cpu = mx.isCurrentThreadCpuTimeSupported();
        long cpu0 = cpu ? mx.getCurrentThreadCpuTime() : 0;
        long t0 = System.nanoTime();
        PoseGraphModel model = new PoseGraphModel(graph, config.informationPolicy(), config.loss(), config.lossScale());
        List<String> warnings = new ArrayList<>(model.warnings());
        double[] fileState = model.initialState();
        double initialChi2 = model.chi2(fileState);
        double[] start = switch (config.init()) {
            case FILE -> fileState;
            case SPANNING_TREE -> SpanningTree.initialize(model);
            case CHORDAL -> ChordalRelaxation.initialize(model);
        };
        double startChi2 = model.chi2(start);
        double initSeconds = (System.nanoTime() - t0) * 1e-9;
        progress.report("init", 1, 1, String.format("%s initialisation: chi2 %.6g -> %.6g", config.init(), initialChi2,
                startChi2));
        PoseGraphSystem system = switch (config.linearSolver()) {
            case CHOLESKY -> new PoseGraphCholeskySystem(model, start);
            case CGNR -> new PoseGraphCgSystem(model, start, DType.F32, config);
            case MIXED -> new PoseGraphCgSystem(model, start, DType.F16, config);
        };
        String task = "pgo-" + config.linearSolver().name().toLowerCase(java.util.Locale.ROOT);
        TrustRegionDriver.Outcome out = TrustRegionDriver.run(system, config, progress, listener, t0, task);
        double[] finalState = system.state();
        double finalChi2 = model.chi2(finalState);
        double finalCost = system.cost();
        double seconds = (System.nanoTime() - t0) * 1e-9;
        double cpuSeconds = cpu ? (mx.getCurrentThreadCpuTime() - cpu0) * 1e-9 : -1;
        OperationCounts ops = system.operations();
        ModelGraph kernels = system instanceof PoseGraphCgSystem cg ? cg.kernelGraph(graph.name())
                : new ModelGraph(graph.name() + "-cholesky", List.of());
        SolveReport report = new SolveReport(graph.name(), graph.dimension() == 2 ? "pgo2d" : "pgo3d",
                config.linearSolver(), config.algorithm(), config.init(), out.status(), out.message(), initialChi2,
                startChi2, finalChi2, finalCost, out.iterations(), ops.linearIterations(), seconds, initSeconds,
                cpuSeconds, ops, kernels, warnings, out.trace());
        return new PoseGraphResult(graph.withPoses(model.toGraphLayout(finalState)),
                graph.withPoses(model.toGraphLayout(start)), report);
    }
}
