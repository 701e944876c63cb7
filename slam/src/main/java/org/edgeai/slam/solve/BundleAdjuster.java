package org.edgeai.slam.solve;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.Progress;
import org.edgeai.kernel.graph.ModelGraph;
import org.edgeai.slam.graph.BundleProblem;
import org.edgeai.slam.internal.BundleCgSystem;
import org.edgeai.slam.internal.BundleModel;
import org.edgeai.slam.internal.BundleSchurSystem;
import org.edgeai.slam.internal.BundleSystem;
import org.edgeai.slam.internal.TrustRegionDriver;

/**
 * Bundle adjustment of a BAL problem: Levenberg-Marquardt (or Gauss-Newton) over the fp64
 * Schur-complement Cholesky ({@link LinearSolverType#CHOLESKY}), fp32 CGNR or fp16-storage
 * mixed-precision CGNR. Residuals, Jacobians and the additive state update are fp64 in every case.
 * chi2 is the sum of squared pixel residuals (unit weights; twice Ceres' cost).
 *
 * @implNote Stateless apart from its configuration; thread-safe.
 */
public final class BundleAdjuster {
    private final SolverConfig config;

    public BundleAdjuster(SolverConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** @return the configuration */
    public SolverConfig config() {
        return config;
    }

    /**
     * @param problem  the problem. Not modified.
     * @param progress progress and cancellation
     * @param listener per-iteration callback, may be null
     * @return the optimised problem and the report
     */
    public BundleResult optimize(BundleProblem problem, Progress progress, Consumer<IterationRecord> listener) {
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(progress, "progress");
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        boolean cpu = mx.isCurrentThreadCpuTimeSupported();
        long cpu0 = cpu ? mx.getCurrentThreadCpuTime() : 0;
        long t0 = System.nanoTime();
        BundleModel model = new BundleModel(problem, config.loss(), config.lossScale());
        BundleSystem system = switch (config.linearSolver()) {
            case CHOLESKY -> new BundleSchurSystem(model);
            case CGNR -> new BundleCgSystem(model, DType.F32, config);
            case MIXED -> new BundleCgSystem(model, DType.F16, config);
        };
        double initialChi2 = model.chi2(system.state());
        String task = "ba-" + config.linearSolver().name().toLowerCase(java.util.Locale.ROOT);
        TrustRegionDriver.Outcome out = TrustRegionDriver.run(system, config, config.initialLambdaFor(false), progress, listener,
                t0, task);
        double finalChi2 = model.chi2(system.state());
        double seconds = (System.nanoTime() - t0) * 1e-9;
        double cpuSeconds = cpu ? (mx.getCurrentThreadCpuTime() - cpu0) * 1e-9 : -1;
        OperationCounts ops = system.operations();
        ModelGraph kernels = system instanceof BundleCgSystem cg ? cg.kernelGraph(problem.name())
                : new ModelGraph(problem.name() + "-schur-cholesky", List.of());
        SolveReport report = new SolveReport(problem.name(), "ba", config.linearSolver(), config.algorithm(),
                InitMethod.FILE, out.status(), out.message(), initialChi2, initialChi2, finalChi2, system.cost(),
                out.iterations(), ops.linearIterations(), seconds, 0, cpuSeconds, ops, kernels, List.of(), out.trace());
        return new BundleResult(model.toProblem(system.state()), report);
    }
}
