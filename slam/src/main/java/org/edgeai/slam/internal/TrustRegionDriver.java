package org.edgeai.slam.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.edgeai.kernel.Progress;
import org.edgeai.slam.solve.Algorithm;
import org.edgeai.slam.solve.IterationRecord;
import org.edgeai.slam.solve.SolveStatus;
import org.edgeai.slam.solve.SolverConfig;

/**
 * Levenberg-Marquardt / Gauss-Newton outer loop over a {@link NonlinearSystem}.
 *
 * <p>LM: damping {@code lambda} relative to diag(H); gain ratio
 * {@code rho = (cost - cost') / (model decrease)} with model decrease
 * {@code -(2 g.step + |J step|^2)}; on success {@code lambda *= max(1/3, 1 - (2 rho - 1)^3)},
 * {@code nu = 2}; on failure {@code lambda *= nu, nu *= 2} (Madsen, Nielsen, Tingleff 2004,
 * eq. 3.16; Ceres' LM strategy). Convergence (Ceres' definitions): function tolerance
 * {@code |cost - cost'| <= ftol * cost}, gradient tolerance {@code max|g| <= gtol}, parameter
 * tolerance {@code |step| <= ptol (|x| + ptol)}.
 *
 * @implNote Not thread-safe. The per-iteration trace is the only allocation per iteration.
 */
public final class TrustRegionDriver {
    private static final double MAX_LAMBDA = 1e32;
    private static final double MIN_LAMBDA = 1e-16;

    /** Outcome of {@link #run}. */
    public record Outcome(SolveStatus status, String message, int iterations, List<IterationRecord> trace) {
    }

    private TrustRegionDriver() {
    }

    /**
     * @param system    the problem; its state is updated in place
     * @param config    tolerances, iteration limit, algorithm
     * @param progress  progress and cancellation; may be {@link Progress#NONE}
     * @param listener  receives each iteration record; may be null
     * @param startNanos {@link System#nanoTime()} at which the solve (incl. initialisation) started
     */
    public static Outcome run(NonlinearSystem system, SolverConfig config, Progress progress,
                              Consumer<IterationRecord> listener, long startNanos, String task) {
        return run(system, config, config.initialLambdaFor(true), progress, listener, startNanos, task);
    }

    /** As {@link #run(NonlinearSystem, SolverConfig, Progress, Consumer, long, String)} with an explicit initial damping. */
    public static Outcome run(NonlinearSystem system, SolverConfig config, double initialLambda, Progress progress,
                              Consumer<IterationRecord> listener, long startNanos, String task) {
        int n = system.dimension();
        double[] step = new double[n];
        List<IterationRecord> trace = new ArrayList<>();
        boolean lm = config.algorithm() == Algorithm.LEVENBERG_MARQUARDT;
        double lambda = lm ? initialLambda : 0;
        double nu = 2;
        if (n == 0) {
            return new Outcome(SolveStatus.CONVERGED, "nothing to optimise (every pose is fixed)", 0, trace);
        }
        double cost = system.cost();
        if (!Double.isFinite(cost)) {
            return new Outcome(SolveStatus.FAILED, "initial cost is " + cost, 0, trace);
        }
        system.linearize();
        if (maxAbs(system.gradient()) <= config.gradientTolerance()) {
            return new Outcome(SolveStatus.CONVERGED, "gradient tolerance reached at the start", 0, trace);
        }
        long lastReport = 0;
        for (int it = 1; it <= config.maxIterations(); it++) {
            if (progress.cancelled()) {
                return new Outcome(SolveStatus.CANCELLED, "cancelled after " + (it - 1) + " iterations", it - 1, trace);
            }
            boolean solved = system.solveStep(lambda, step);
            int cg = system.lastLinearIterations();
            if (!solved) {
                IterationRecord rec = new IterationRecord(it, cost, Double.NaN, lambda, false, cg, Double.NaN,
                        seconds(startNanos));
                trace.add(rec);
                notify(listener, rec);
                if (!lm) {
                    return new Outcome(SolveStatus.FAILED, "Gauss-Newton system is not positive definite"
                            + " (use Levenberg-Marquardt)", it, trace);
                }
                lambda *= nu;
                nu *= 2;
                if (lambda > MAX_LAMBDA) {
                    return new Outcome(SolveStatus.FAILED, "linear system not positive definite even with damping "
                            + lambda, it, trace);
                }
                continue;
            }
            double stepNorm = norm(step);
            if (stepNorm <= config.parameterTolerance() * (system.stateNorm() + config.parameterTolerance())) {
                IterationRecord rec = new IterationRecord(it, cost, cost, lambda, false, cg, stepNorm, seconds(startNanos));
                trace.add(rec);
                notify(listener, rec);
                return new Outcome(SolveStatus.CONVERGED, "parameter tolerance reached (|step| = " + stepNorm + ")", it,
                        trace);
            }
            double candidate = system.evaluateCandidate(step);
            double g = dot(system.gradient(), step);
            double model = -(2 * g + system.modelQuadraticTerm(step));
            double actual = cost - candidate;
            boolean accept = Double.isFinite(candidate) && actual > 0;
            boolean functionConverged = Double.isFinite(candidate)
                    && Math.abs(actual) <= config.functionTolerance() * cost;
            if (accept) {
                system.acceptCandidate();
                cost = candidate;
                if (lm) {
                    double rho = model > 0 ? actual / model : 1;
                    double f = 1 - Math.pow(2 * rho - 1, 3);
                    lambda = Math.max(MIN_LAMBDA, lambda * Math.max(1.0 / 3, Math.min(f, 1.0)));
                    nu = 2;
                }
            } else if (lm) {
                lambda *= nu;
                nu *= 2;
            }
            IterationRecord rec = new IterationRecord(it, cost, candidate, lambda, accept, cg, stepNorm,
                    seconds(startNanos));
            trace.add(rec);
            notify(listener, rec);
            long now = System.nanoTime();
            if (now - lastReport > 500_000_000L) {
                progress.report(task, it, config.maxIterations(), String.format("chi2 %.6g lambda %.2g%s", cost, lambda,
                        cg > 0 ? " cg " + cg : ""));
                lastReport = now;
            }
            if (functionConverged) {
                return new Outcome(SolveStatus.CONVERGED, "function tolerance reached (relative chi2 change "
                        + String.format(java.util.Locale.ROOT, "%.3g", Math.abs(actual) / Math.max(cost, Double.MIN_NORMAL)) + ")", it, trace);
            }
            if (!accept) {
                if (!lm) {
                    return new Outcome(SolveStatus.NO_PROGRESS, "Gauss-Newton step increased chi2 from " + cost + " to "
                            + candidate, it, trace);
                }
                if (lambda > MAX_LAMBDA) {
                    return new Outcome(SolveStatus.NO_PROGRESS, "no step decreases chi2 (damping " + lambda + ")", it,
                            trace);
                }
                continue;
            }
            system.linearize();
            double gmax = maxAbs(system.gradient());
            if (gmax <= config.gradientTolerance()) {
                return new Outcome(SolveStatus.CONVERGED, "gradient tolerance reached (max |g| = " + gmax + ")", it, trace);
            }
        }
        return new Outcome(SolveStatus.MAX_ITERATIONS, "iteration limit " + config.maxIterations() + " reached",
                config.maxIterations(), trace);
    }

    private static void notify(Consumer<IterationRecord> listener, IterationRecord rec) {
        if (listener != null) {
            listener.accept(rec);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) * 1e-9;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
