package org.edgeai.slam.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.edgeai.kernel.Progress;
import org.edgeai.slam.Slam;
import org.edgeai.slam.SlamProblem;
import org.edgeai.slam.SlamSolution;
import org.edgeai.slam.eval.TrajectoryErrors;
import org.edgeai.slam.eval.TrajectoryMetrics;
import org.edgeai.slam.graph.PoseGraph;
import org.edgeai.slam.io.G2oReader;
import org.edgeai.slam.solve.InformationPolicy;
import org.edgeai.slam.solve.LinearSolverType;
import org.edgeai.slam.solve.OperationCounts;
import org.edgeai.slam.solve.SolveReport;
import org.edgeai.slam.solve.SolverConfig;

/**
 * Runs every dataset of a SLAM data directory with every configured solver (default
 * configuration otherwise: LM, chordal initialisation for pose graphs) and collects chi2,
 * iterations, steady-state CPU time, the comparison with the peer figures and ATE/RPE.
 *
 * <p>Timing: each (dataset, solver) is solved once untimed (JIT warm-up), then
 * {@link BenchConfig#repetitions()} more times in the same JVM; the reported time is the minimum
 * CPU time of the solving thread (ThreadMXBean) over the timed runs, file parsing excluded,
 * initialisation and all setup included. Runs whose warm-up already took
 * {@link BenchConfig#longRunSeconds()} are timed once from the warm-up. The peers' numbers are
 * process CPU of one run on the same 2-core machine; compare with the load average reported.
 *
 * @implNote Not thread-safe; runs on the caller's thread.
 */
public final class SlamBench {
    private final BenchConfig config;

    public SlamBench(BenchConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * @param slamDir  the {@code slam} data directory
     * @param progress progress and cancellation (a cancelled bench returns the rows done so far)
     * @return one row per (data set, solver); a data set (or its ground truth) that cannot be read or parsed gives
     *         REJECTED rows whose message names the file and line, and the bench goes on with the next one
     * @throws IOException if the catalog cannot be read
     */
    public BenchReport run(Path slamDir, Progress progress) throws IOException {
        List<Dataset> all = DatasetCatalog.scan(slamDir);
        List<Dataset> sets = config.datasets().isEmpty() ? all
                : all.stream().filter(d -> config.datasets().contains(d.name())).toList();
        if (!config.datasets().isEmpty() && sets.size() != config.datasets().size()) {
            List<String> known = all.stream().map(Dataset::name).toList();
            List<String> missing = config.datasets().stream().filter(n -> !known.contains(n)).toList();
            throw new IllegalArgumentException("unknown dataset(s) " + missing + "; found " + known);
        }
        double load0 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<BenchRow> rows = new ArrayList<>();
        List<BenchReport.Trajectory> trajectories = new ArrayList<>();
        int total = sets.size() * config.solvers().size();
        int done = 0;
        for (Dataset d : sets) {
            SlamProblem problem;
            PoseGraph gt;
            try {
                problem = Slam.load(d.file(), false);
                gt = d.groundTruth() == null ? null : G2oReader.read(d.groundTruth());
            } catch (IOException | IllegalArgumentException e) {
                // one unreadable data set (or ground truth) is one set of REJECTED rows, not the end of the bench
                for (LinearSolverType solver : config.solvers()) {
                    rows.add(rejected(d, solver, "cannot load: " + e.getMessage()));
                    done++;
                }
                continue;
            }
            Map<LinearSolverType, Double> fp64 = new HashMap<>();
            for (LinearSolverType solver : config.solvers()) {
                if (progress.cancelled()) {
                    return report(load0, rows, trajectories);
                }
                progress.report("bench", done, total, d.name() + " " + solver);
                rows.add(runOne(d, problem, gt, solver, fp64, trajectories));
                done++;
            }
        }
        progress.report("bench", done, total, "done");
        return report(load0, rows, trajectories);
    }

    private BenchReport report(double load0, List<BenchRow> rows, List<BenchReport.Trajectory> trajectories) {
        double load1 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        String timing = "steady-state CPU time of the solving thread (ThreadMXBean), minimum of " + config.repetitions()
                + " timed run(s) after one untimed warm-up run in the same JVM (runs whose warm-up took >= "
                + config.longRunSeconds() + " s CPU are timed once, from the warm-up); parsing excluded,"
                + " initialisation included";
        return new BenchReport(timing, Runtime.getRuntime().availableProcessors(), load0, load1, rows, trajectories);
    }

    private static BenchRow rejected(Dataset d, LinearSolverType solver, String message) {
        return new BenchRow(d.name(), d.kind(), solver, "REJECTED", Double.NaN, Double.NaN, Double.NaN, 0, 0,
                Double.NaN, Double.NaN, 0, d.ceresCpuSeconds(), Double.NaN, d.bestPeerChi2(), d.bestPeer(),
                d.bestKnownChi2(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, OperationCounts.ZERO, message);
    }

    private BenchRow runOne(Dataset d, SlamProblem problem, PoseGraph gt, LinearSolverType solver,
                            Map<LinearSolverType, Double> fp64, List<BenchReport.Trajectory> trajectories) {
        SolverConfig cfg = SolverConfig.builder().linearSolver(solver)
                .informationPolicy(config.psdProjection() ? InformationPolicy.PROJECT_PSD : InformationPolicy.REJECT)
                .build();
        SlamSolution best;
        int timed = 0;
        try {
            SlamSolution warm = Slam.solve(problem, cfg, Progress.NONE, null);
            best = warm;
            if (warm.report().cpuSeconds() >= config.longRunSeconds()) {
                timed = 1;
            } else {
                best = null;
                for (int r = 0; r < config.repetitions(); r++) {
                    SlamSolution s = Slam.solve(problem, cfg, Progress.NONE, null);
                    timed++;
                    if (best == null || s.report().cpuSeconds() < best.report().cpuSeconds()) {
                        best = s;
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            return rejected(d, solver, e.getMessage());
        }
        SolveReport r = best.report();
        if (solver == LinearSolverType.CHOLESKY) {
            fp64.put(solver, r.finalChi2());
        }
        Double ref = fp64.get(LinearSolverType.CHOLESKY);
        double relFp64 = solver == LinearSolverType.CHOLESKY || ref == null ? Double.NaN : r.finalChi2() / ref - 1;
        double ate = Double.NaN;
        double rpe = Double.NaN;
        if (gt != null && best.optimized() instanceof PoseGraph est) {
            TrajectoryErrors te = TrajectoryMetrics.evaluate(est, gt);
            ate = te.ateRmse();
            rpe = te.rpeTranslationRmse();
            trajectories.add(new BenchReport.Trajectory(d.name(), solver, te));
        }
        double ratio = solver == LinearSolverType.CHOLESKY ? r.cpuSeconds() / d.ceresCpuSeconds() : Double.NaN;
        return new BenchRow(d.name(), d.kind(), solver, r.status().name(), r.initialChi2(), r.startChi2(), r.finalChi2(),
                r.iterations(), r.linearIterations(), r.cpuSeconds(), r.seconds(), timed, d.ceresCpuSeconds(), ratio,
                d.bestPeerChi2(), d.bestPeer(), d.bestKnownChi2(), r.finalChi2() / d.bestPeerChi2() - 1, relFp64, ate,
                rpe, r.operations(), String.join("; ", r.warnings()));
    }
}
