package org.edgeai.platform.slam;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.edgeai.kernel.DataDirectory;
import org.edgeai.platform.Cli;
import org.edgeai.platform.ConsoleProgress;
import org.edgeai.platform.JsonOption;
import org.edgeai.platform.TextTable;
import org.edgeai.slam.bench.Acceptance;
import org.edgeai.slam.bench.BenchConfig;
import org.edgeai.slam.bench.BenchReport;
import org.edgeai.slam.bench.BenchRow;
import org.edgeai.slam.bench.SlamBench;
import org.edgeai.slam.eval.ErrorDistribution;
import org.edgeai.slam.solve.LinearSolverType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgeai slam bench}: every dataset under {@code <data>/slam} with every solver, one table.
 *
 * @implNote Single-use picocli command object; not thread-safe.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Solve every file in <data>/slam/{pgo2d,pgo3d,bal} with each solver (LM, default init) and print "
                + "chi2, iterations, steady-state CPU time and the comparison with the peer results (Ceres, g2o).",
            "Times: minimum CPU time of the solving thread over --repetitions runs after one warm-up run in the same "
                + "JVM (JIT warm-up dominates small problems); the machine's load average is printed with the table."})
public final class SlamBenchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Mixin
    private JsonOption json;

    @Option(names = "--solvers", defaultValue = "cholesky,cgnr,mixed", split = ",", paramLabel = "LIST",
            description = "Solvers to run. Default: ${DEFAULT-VALUE}.")
    private List<String> solvers;

    @Option(names = "--datasets", split = ",", paramLabel = "LIST", description = "Only these datasets (names without extension).")
    private List<String> datasets = new ArrayList<>();

    @Option(names = "--repetitions", defaultValue = "3", paramLabel = "N", description = "Timed runs after the warm-up run. Default: ${DEFAULT-VALUE}.")
    private int repetitions;

    @Option(names = "--long-run-seconds", defaultValue = "5", paramLabel = "S",
            description = "Runs whose warm-up took at least S CPU seconds are timed once, from the warm-up. Default: ${DEFAULT-VALUE}.")
    private double longRunSeconds;

    @Option(names = "--psd-projection", description = "Solve files with indefinite information (cubicle.g2o) with the nearest-PSD projection instead of reporting them REJECTED.")
    private boolean psdProjection;

    @Option(names = "--plot-dir", paramLabel = "DIR", description = "Write a cumulative ATE histogram per dataset with ground truth (all solvers in one plot).")
    private Path plotDir;

    /**
     * JSON output: the {@code BenchReport} fields (CPU times in s, 1-minute load averages, -1 if
     * unknown) and the acceptance checks per dataset.
     */
    public record Output(String timing, int cores, double loadStart, double loadEnd, List<BenchRow> rows,
                         List<Acceptance> acceptance) {
    }

    /**
     * Solves every dataset with every solver and prints the result and acceptance tables.
     *
     * @return 0
     * @throws IllegalArgumentException if a solver name is unknown, {@code --repetitions} is below 1 or
     *                                  {@code --long-run-seconds} is negative
     * @throws IllegalStateException    if the data directory lacks {@code slam/}
     * @throws Exception                if a file cannot be read or a plot written
     */
    @Override
    public Integer call() throws Exception {
        List<LinearSolverType> types = solvers.stream().map(SlamOptions::solver).distinct().toList();
        BenchConfig cfg = new BenchConfig(types, datasets, repetitions, longRunSeconds, psdProjection);
        Path slamDir = DataDirectory.require(Cli.dataDir(spec), "slam");
        BenchReport report = new SlamBench(cfg).run(slamDir, ConsoleProgress.of(spec));
        List<Acceptance> acc = Acceptance.of(report.rows());
        if (plotDir != null) {
            Map<String, List<BenchReport.Trajectory>> byDataset = new LinkedHashMap<>();
            for (BenchReport.Trajectory t : report.trajectories()) {
                byDataset.computeIfAbsent(t.dataset(), k -> new ArrayList<>()).add(t);
            }
            for (Map.Entry<String, List<BenchReport.Trajectory>> e : byDataset.entrySet()) {
                List<String> labels = new ArrayList<>();
                List<ErrorDistribution> dists = new ArrayList<>();
                for (BenchReport.Trajectory t : e.getValue()) {
                    labels.add(t.solver().name() + String.format(Locale.ROOT, " (ATE RMSE %.4f m)", t.errors().ateRmse()));
                    dists.add(t.errors().ate());
                }
                SlamPlots.cumulative(plotDir.resolve(e.getKey() + "-ate-cdf.png"), e.getKey() + ": cumulative ATE",
                        "ATE [m]", labels, dists);
            }
        }
        if (json.json()) {
            Cli.printJson(spec, new Output(report.timing(), report.cores(), report.loadStart(), report.loadEnd(),
                    report.rows(), acc));
            return 0;
        }
        PrintWriter w = spec.commandLine().getOut();
        TextTable t = new TextTable("dataset", "solver", "status", "final chi2", "best peer chi2", "vs peer",
                "iters", "CG iters", "CPU s", "Ceres CPU s", "CPU/Ceres", "ATE m");
        for (BenchRow r : report.rows()) {
            t.row(r.dataset(), r.solver().name().toLowerCase(Locale.ROOT), r.status(), g(r.finalChi2()), g(r.bestPeerChi2()),
                    pct(r.relToBestPeer()), r.iterations(), r.linearIterations(), f3(r.cpuSeconds()),
                    f3(r.ceresCpuSeconds()), r.solver() == LinearSolverType.CHOLESKY ? f2(r.ceresRatio()) : "",
                    Double.isNaN(r.ateRmse()) ? "" : String.format(Locale.ROOT, "%.4f", r.ateRmse()));
        }
        w.print(t);
        w.println();
        TextTable a = new TextTable("dataset", "fp64 chi2 <= 1.001 x best peer", "mixed vs fp64", "mixed <= 1.01 x fp64 (*)",
                "fp64 CPU / Ceres <= 2", "mixed/fp32 time");
        for (Acceptance x : acc) {
            a.row(x.dataset(), yes(x.chi2Pass()), x.mixedRelToFp64() == null ? "" : pct(x.mixedRelToFp64()),
                    yes(x.mixedPass()),
                    x.timePass() == null ? "" : yes(x.timePass()) + " (" + f2(x.fp64CpuSeconds() / x.ceresCpuSeconds()) + ")",
                    x.mixedOverFp32() == null ? "" : f2(x.mixedOverFp32()));
        }
        w.print(a);
        w.printf("(*) zero-residual problems (fp64 chi2 < 1e-9 x initial) are checked against 1e-5 x initial chi2%n");
        w.printf("%ntiming: %s%nmachine: %d cores, load average %.2f at start, %.2f at end%n", report.timing(),
                report.cores(), report.loadStart(), report.loadEnd());
        for (BenchRow r : report.rows()) {
            if (!r.note().isEmpty()) {
                w.printf("note %s/%s: %s%n", r.dataset(), r.solver().name().toLowerCase(Locale.ROOT), r.note());
            }
        }
        w.flush();
        return 0;
    }

    private static String yes(Boolean b) {
        return b == null ? "n/a" : b ? "yes" : "NO";
    }

    private static String g(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.7g", v);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%+.4f%%", 100 * v);
    }

    private static String f3(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String f2(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }
}
