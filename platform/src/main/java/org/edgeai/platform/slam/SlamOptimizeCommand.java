package org.edgeai.platform.slam;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.edgeai.kernel.graph.OpNode;
import org.edgeai.platform.Cli;
import org.edgeai.platform.ConsoleProgress;
import org.edgeai.platform.JsonOption;
import org.edgeai.slam.Slam;
import org.edgeai.slam.SlamProblem;
import org.edgeai.slam.SlamSolution;
import org.edgeai.slam.bench.DatasetCatalog;
import org.edgeai.slam.eval.TrajectoryErrors;
import org.edgeai.slam.eval.TrajectoryMetrics;
import org.edgeai.slam.graph.PoseGraph;
import org.edgeai.slam.io.G2oReader;
import org.edgeai.slam.solve.OperationCounts;
import org.edgeai.slam.solve.SolveReport;
import org.edgeai.slam.solve.SolverConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgeai slam optimize}: solve one g2o or BAL file.
 *
 * @implNote Single-use picocli command object; not thread-safe.
 */
@Command(name = "optimize", mixinStandardHelpOptions = true,
        description = {"Optimise a pose graph (g2o VERTEX_SE2/EDGE_SE2, VERTEX_SE3:QUAT/EDGE_SE3:QUAT) or a bundle "
                + "adjustment problem (BAL text). Defaults: Levenberg-Marquardt, fp64 sparse Cholesky, chordal "
                + "initialisation, g2o's chi2.",
            "Pose graphs with indefinite information matrices (e.g. cubicle.g2o) are refused with a list of the "
                + "offending edges unless --psd-projection is given."})
public final class SlamOptimizeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Mixin
    private JsonOption json;

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "g2o or BAL file (a path, or relative to the data directory, e.g. slam/pgo2d/intel.g2o).")
    private String input;

    @Option(names = "--solver", defaultValue = "cholesky", paramLabel = "cholesky|cgnr|mixed",
            description = "Linear solver: fp64 sparse Cholesky (Schur complement for BA), fp32 CGNR, or mixed fp16/fp32. Default: ${DEFAULT-VALUE}.")
    private String solver;

    @Option(names = "--algorithm", defaultValue = "lm", paramLabel = "lm|gn", description = "Levenberg-Marquardt or Gauss-Newton. Default: ${DEFAULT-VALUE}.")
    private String algorithm;

    @Option(names = "--init", defaultValue = "chordal", paramLabel = "chordal|spanning-tree|file",
            description = "Pose-graph initialisation: chordal relaxation, odometry spanning tree, or the file's estimate. Default: ${DEFAULT-VALUE}.")
    private String init;

    @Option(names = "--max-iterations", defaultValue = "100", paramLabel = "N", description = "Outer iterations. Default: ${DEFAULT-VALUE}.")
    private int maxIterations;

    @Option(names = "--loss", defaultValue = "none", paramLabel = "none|huber|cauchy", description = "Robust loss. Default: ${DEFAULT-VALUE}.")
    private String loss;

    @Option(names = "--loss-scale", defaultValue = "1", paramLabel = "C", description = "Robust loss scale (whitened units for pose graphs, pixels for BA). Default: ${DEFAULT-VALUE}.")
    private double lossScale;

    @Option(names = "--psd-projection", description = "Replace indefinite information matrices by their nearest PSD matrix (logged) instead of refusing the file.")
    private boolean psdProjection;

    @Option(names = "--skip-unknown-tags", description = "Skip (and log) g2o lines with unsupported tags instead of failing.")
    private boolean skipUnknownTags;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the optimised problem (g2o or BAL), atomically.")
    private Path out;

    @Option(names = "--plot", paramLabel = "PNG", description = "Draw the trajectory (x-y) before and after optimisation, and the ground truth when known.")
    private Path plot;

    @Option(names = "--ground-truth", paramLabel = "FILE",
            description = "Ground-truth poses (g2o VERTEX lines) for ATE/RPE. Default: groundtruth/<name>_groundtruth_poses.g2o next to the input, if present.")
    private Path groundTruth;

    @Option(names = "--error-plot", paramLabel = "PNG", description = "Cumulative ATE histogram against the ground truth.")
    private Path errorPlot;

    /**
     * The result printed with {@code --json}: chi2 values as g2o computes them; {@code seconds} and
     * {@code initSeconds} wall time in s, {@code cpuSeconds} CPU time of the solving thread in s (-1
     * if unsupported); {@code out} and {@code plot} are null when not requested.
     */
    public record Output(String problem, String kind, String description, String solver, String algorithm, String init,
                         String status, String message, double initialChi2, double startChi2, double finalChi2,
                         int iterations, long linearIterations, double seconds, double cpuSeconds, double initSeconds,
                         List<String> warnings, OperationCounts operations, List<KernelOp> kernelOps,
                         Accuracy groundTruth, String out, String plot) {
    }

    /** One sparse kernel of a CG iteration: its op kind, weight storage precision and MACs per iteration. */
    public record KernelOp(String name, String kind, String storage, long macs) {
    }

    /** ATE/RPE against ground truth: ATE and RPE translation in m, RPE rotation in degrees. */
    public record Accuracy(String file, int poses, double ateRmse, double ateMedian, double ateMax,
                           double rpeTranslationRmse, double rpeRotationRmseDeg) {
    }

    /**
     * Solves {@code --input} and prints the report (or {@code --json}), writing {@code --out} and the
     * plots if requested.
     *
     * @return 0
     * @throws IllegalArgumentException if an option value is unknown, the file is malformed or unusable
     *                                  (e.g. indefinite information without {@code --psd-projection}),
     *                                  {@code --ground-truth} or {@code --plot} is used with a bundle
     *                                  adjustment problem, or {@code --error-plot} has no ground truth (these
     *                                  are checked, and the ground truth read, before solving: a refused run
     *                                  writes nothing)
     * @throws java.io.IOException      if a file cannot be read or written
     */
    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Path file = SlamOptions.resolveInput(input, Cli.dataDir(spec));
        SolverConfig cfg = SlamOptions.config(solver, algorithm, init, maxIterations, psdProjection, loss, lossScale);
        SlamProblem problem = Slam.load(file, skipUnknownTags);
        // Every option that can be refused is checked, and the ground truth read, before the solve and before
        // anything is written: a refused run leaves no --out file behind.
        boolean poseGraph = problem instanceof PoseGraph;
        if (!poseGraph && groundTruth != null) {
            throw new IllegalArgumentException("--ground-truth applies to pose graphs only");
        }
        if (!poseGraph && plot != null) {
            throw new IllegalArgumentException("--plot draws pose-graph trajectories; " + problem.name() + " is BA");
        }
        Path gt = !poseGraph ? null : groundTruth != null ? groundTruth : DatasetCatalog.groundTruthFor(file);
        if (errorPlot != null && gt == null) {
            throw new IllegalArgumentException("--error-plot needs ground truth (--ground-truth or a known dataset)");
        }
        PoseGraph gtGraph = gt == null ? null : G2oReader.read(gt);
        if (!json.json()) {
            err.printf("%s: %s%n", file, problem.describe());
            err.flush();
        }
        SlamSolution sol = Slam.solve(problem, cfg, new ConsoleProgress(err), null);
        SolveReport r = sol.report();
        Accuracy acc = null;
        TrajectoryErrors te = null;
        if (gtGraph != null && sol.optimized() instanceof PoseGraph est) {
            te = TrajectoryMetrics.evaluate(est, gtGraph);
            acc = new Accuracy(gt.toString(), te.poses(), te.ateRmse(), te.ateMedian(), te.ateMax(),
                    te.rpeTranslationRmse(), Math.toDegrees(te.rpeRotationRmseRad()));
        }
        if (plot != null) {
            if (!(sol.optimized() instanceof PoseGraph est)) {
                throw new IllegalArgumentException("--plot draws pose-graph trajectories; " + problem.name() + " is BA");
            }
            List<SlamPlots.Track> tracks = new ArrayList<>();
            PoseGraph file0 = (PoseGraph) problem;
            if (gtGraph != null) {
                tracks.add(new SlamPlots.Track("ground truth", gtGraph, null));
                tracks.add(new SlamPlots.Track("input estimate (aligned)", file0,
                        TrajectoryMetrics.evaluate(file0, gtGraph).alignment()));
                tracks.add(new SlamPlots.Track("optimised (aligned)", est, te.alignment()));
            } else {
                tracks.add(new SlamPlots.Track("input estimate", file0, null));
                if (sol.start() != problem) {
                    tracks.add(new SlamPlots.Track(r.init().name().toLowerCase(java.util.Locale.ROOT) + " start", (PoseGraph) sol.start(), null));
                }
                tracks.add(new SlamPlots.Track("optimised", est, null));
            }
            SlamPlots.trajectory(plot, problem.name() + ": " + r.linearSolver() + ", chi2 " + fmt(r.initialChi2()) + " -> "
                    + fmt(r.finalChi2()), tracks);
        }
        if (errorPlot != null) {
            SlamPlots.cumulative(errorPlot, problem.name() + ": cumulative ATE", "ATE [m]", List.of(r.linearSolver().name()),
                    List.of(te.ate()));
        }
        if (out != null) {
            Slam.write(sol.optimized(), out);
        }
        List<KernelOp> kops = new ArrayList<>();
        for (OpNode op : r.kernelGraph().ops()) {
            kops.add(new KernelOp(op.name(), op.kind().name(), op.weightType().name(), op.macs()));
        }
        Output o = new Output(r.problem(), r.kind(), problem.describe(), r.linearSolver().name().toLowerCase(java.util.Locale.ROOT),
                r.algorithm().name().toLowerCase(java.util.Locale.ROOT), r.init().name().toLowerCase(java.util.Locale.ROOT), r.status().name(), r.message(),
                r.initialChi2(), r.startChi2(), r.finalChi2(), r.iterations(), r.linearIterations(), r.seconds(),
                r.cpuSeconds(), r.initSeconds(), r.warnings(), r.operations(), kops, acc,
                out == null ? null : out.toString(), plot == null ? null : plot.toString());
        if (json.json()) {
            Cli.printJson(spec, o);
        } else {
            PrintWriter w = spec.commandLine().getOut();
            w.printf("problem      %s (%s)%n", o.problem(), o.description());
            w.printf("solver       %s, %s, init %s%n", o.solver(), o.algorithm(), o.init());
            w.printf("status       %s: %s%n", o.status(), o.message());
            w.printf("chi2         %s (input) -> %s (start) -> %s (final)%n", fmt(o.initialChi2()), fmt(o.startChi2()),
                    fmt(o.finalChi2()));
            w.printf("iterations   %d%s%n", o.iterations(), o.linearIterations() > 0 ? " (" + o.linearIterations()
                    + " CG iterations)" : "");
            w.printf("time         %.3f s wall, %.3f s CPU (initialisation %.3f s; first run in this JVM includes JIT"
                    + " warm-up, see 'edgeai slam bench' for steady-state times)%n", o.seconds(), o.cpuSeconds(),
                    o.initSeconds());
            if (acc != null) {
                w.printf("accuracy     ATE RMSE %.4f m (median %.4f, max %.4f), RPE %.4f m / %.4f deg over %d poses%n",
                        acc.ateRmse(), acc.ateMedian(), acc.ateMax(), acc.rpeTranslationRmse(),
                        acc.rpeRotationRmseDeg(), acc.poses());
            }
            for (String warning : o.warnings()) {
                w.printf("warning      %s%n", warning);
            }
            if (out != null) {
                w.printf("written      %s%n", out);
            }
            if (plot != null) {
                w.printf("plot         %s%n", plot);
            }
            w.flush();
        }
        return 0;
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(java.util.Locale.ROOT, "%.10g", v);
    }
}
