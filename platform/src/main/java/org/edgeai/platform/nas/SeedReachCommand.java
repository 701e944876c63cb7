package org.edgeai.platform.nas;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.edgeai.nas.search.CandidateEvaluator;
import org.edgeai.nas.search.MultishotConfig;
import org.edgeai.nas.search.SeedReach;
import org.edgeai.nas.space.IbnSearchSpace;
import org.edgeai.nas.train.ShortTrainer;
import org.edgeai.platform.Cli;
import org.edgeai.platform.ConsoleProgress;
import org.edgeai.platform.JsonOption;
import org.edgeai.platform.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgeai nas seed-reach}: can a row of the seed's table reach the article's reduction at all in its space on this NPU?
 *
 * @implNote Single-use picocli command object; not thread-safe.
 */
@Command(name = "seed-reach", mixinStandardHelpOptions = true,
        description = "Exhaustive check of one row of the seed's table: price every configuration of the row's space on the simulated NPU, "
                + "count those at or above the article's reduction and, with --train N, train them best first (search seed, then "
                + "--confirm-seeds more for those within --confirm-margin of the target) until one holds the baseline's accuracy (trained candidates also plotted as seed-reach-ROW.png in --work). "
                + "Shares the journals of `nas seed-table` in --work. Run trainings under the training lock.")
public final class SeedReachCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Mixin
    private JsonOption json;
    @Mixin
    private NpuOptions npu;
    @Option(names = "--row", required = true, description = "v1, v2, v3 (latency rows) or memory (parameter + peak activation bytes, V3 space)")
    private String row;
    @Option(names = "--channels", defaultValue = "curated", description = "curated or uncurated widths (default ${DEFAULT-VALUE})")
    private String channels;
    @Option(names = "--reduction", description = "reduction to reach, %% (default: the article's: v1 14, v2 35, v3 53, memory 47)")
    private Double reduction;
    @Option(names = "--train", defaultValue = "0", description = "train at most this many qualifying networks (0 = price only; default ${DEFAULT-VALUE})")
    private int train;
    @Option(names = "--confirm-seeds", defaultValue = "3", description = "further seeds for candidates near the target (default ${DEFAULT-VALUE})")
    private int confirmSeeds;
    @Option(names = "--confirm-margin", defaultValue = "1.0",
            description = "confirm a candidate whose first accuracy is at least the target minus this, points (default ${DEFAULT-VALUE})")
    private double confirmMargin;
    @Option(names = "--order", defaultValue = "reduction",
            description = "reduction (largest first: the first that holds is the best reachable) or macs (largest networks first: "
                    + "answers whether the reduction is reachable at all in fewer trainings) (default ${DEFAULT-VALUE})")
    private String order;
    @Mixin
    private SeedTableTraining training;

    /**
     * Prices the row's space and, with {@code --train}, trains qualifying networks; prints the answer
     * (reductions in %, latency in ms, memory in bytes).
     *
     * @return 0
     * @throws IllegalArgumentException if {@code --train} or {@code --confirm-seeds} is negative,
     *                                  {@code --confirm-margin} is negative or NaN, or {@code --row},
     *                                  {@code --channels} or {@code --order} is unknown
     * @throws Exception                if training or writing the journal or the plot fails
     */
    @Override
    public Integer call() throws Exception {
        if (train < 0 || confirmSeeds < 0 || !(confirmMargin >= 0)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "--train, --confirm-seeds and --confirm-margin must be >= 0, "
                    + "got %d, %d and %s", train, confirmSeeds, confirmMargin));
        }
        String r = row.toLowerCase(Locale.ROOT);
        IbnSearchSpace.Mode mode = switch (r) {
            case "v1" -> IbnSearchSpace.Mode.DEPTH_MULTIPLIER;
            case "v2" -> IbnSearchSpace.Mode.FUSED;
            case "v3", "memory" -> IbnSearchSpace.Mode.BOTH;
            default -> throw new IllegalArgumentException("--row must be v1, v2, v3 or memory, got '" + row + "'");
        };
        double target = reduction != null ? reduction : switch (r) {
            case "v1" -> 14;
            case "v2" -> 35;
            case "v3" -> 53;
            default -> 47;
        };
        IbnSearchSpace.ChannelPolicy policy = switch (channels.toLowerCase(Locale.ROOT)) {
            case "curated" -> IbnSearchSpace.ChannelPolicy.CURATED;
            case "uncurated" -> IbnSearchSpace.ChannelPolicy.UNCURATED;
            default -> throw new IllegalArgumentException("--channels must be curated or uncurated, got '" + channels + "'");
        };
        MultishotConfig.Objective objective = r.equals("memory") ? MultishotConfig.Objective.MEMORY_AT_ACCURACY
                : MultishotConfig.Objective.LATENCY_AT_ACCURACY;
        CandidateEvaluator evaluator;
        ShortTrainer trainer = null;
        if (train > 0) {
            trainer = training.trainer(spec);
            evaluator = trainer;
        } else {
            evaluator = (s, sd, p) -> {
                throw new IllegalStateException("pricing only: nothing is trained");
            };
        }
        SeedReach.Result res = SeedReach.run(IbnSearchSpace.fashionMnist(mode, policy, npu.parallelism()), objective, target,
                NasCostModels.of(npu.accelerator(), npu.fusion()), evaluator,
                new SeedReach.Settings(0.5, training.seed(), confirmSeeds, confirmMargin, train, switch (order.toLowerCase(Locale.ROOT)) {
                    case "reduction" -> SeedReach.Order.REDUCTION;
                    case "macs" -> SeedReach.Order.MACS;
                    default -> throw new IllegalArgumentException("--order must be reduction or macs, got '" + order + "'");
                }), training.work(), ConsoleProgress.of(spec));
        if (trainer != null && trainer.cutShortCount() > 0) {
            spec.commandLine().getErr().printf("warning: the %.0f s budget cut %d training(s) short%n", training.budgetSeconds(), trainer.cutShortCount());
        }
        if (!res.trained().isEmpty()) {
            Path png = training.work().resolve("seed-reach-" + r + ".png");
            plot(png, r, res);
            spec.commandLine().getErr().println("plot: " + png);
        }
        if (json.json()) {
            Cli.printJson(spec, res);
            return 0;
        }
        var o = spec.commandLine().getOut();
        o.printf("%s (%s widths, %s, fusion %s): %d configurations; largest reduction %.1f%% (%s); %d at or above %.1f%%%n", r, policy
                .name().toLowerCase(Locale.ROOT), npu.accelerator(), npu.fusion(), res.configurations(), res.maxReduction(),
                res.maxReductionNetwork(), res.qualifying(), res.seedReduction());
        if (!res.trained().isEmpty()) {
            o.printf("baseline accuracies %s, needed mean %.2f%%%n", res.baselineAccuracies(), res.neededAccuracy());
            TextTable t = new TextTable("reduction", "latency ms", "memory B", "accuracies", "mean", "holds", "network");
            for (SeedReach.Candidate c : res.trained()) {
                t.row(String.format("%.1f%%", c.reduction()), String.format("%.5f", c.latencyMs()), c.memoryBytes(), c.accuracies(),
                        String.format("%.2f", c.meanAccuracy()), c.reaches() ? "yes" : "no", c.network());
            }
            o.print(t);
            o.println(res.answer() != null ? String.format("reached: %s at %.1f%%", res.answer().network(), res.answer().reduction())
                    : res.complete() ? "not reached: no qualifying network holds the baseline's accuracy"
                    : String.format("inconclusive: %d of %d qualifying networks trained", res.trained().size(), res.qualifying()));
        }
        o.flush();
        return 0;
    }

    /**
     * Writes the trained candidates as a PNG: every seed's accuracy and the mean of each candidate
     * trained on four or more seeds against its reduction, with the accuracy needed (baseline mean
     * minus the tolerance) and the reduction sought (the article's unless --reduction) as lines.
     *
     * @param file target {@code .png} (written atomically)
     * @param row  the row's name, for the title
     * @param res  a result with at least one trained candidate
     * @throws IOException if the file cannot be written
     */
    static void plot(Path file, String row, SeedReach.Result res) throws IOException {
        List<double[]> seeds = new ArrayList<>();
        List<double[]> means = new ArrayList<>();
        double lo = res.neededAccuracy();
        double hi = res.neededAccuracy();
        double xLo = res.seedReduction();
        double xHi = res.seedReduction();
        for (SeedReach.Candidate c : res.trained()) {
            for (double a : c.accuracies()) {
                seeds.add(new double[] {c.reduction(), a});
                lo = Math.min(lo, a);
                hi = Math.max(hi, a);
            }
            if (c.accuracies().size() >= 4) {
                means.add(new double[] {c.reduction(), c.meanAccuracy()});
            }
            xLo = Math.min(xLo, c.reduction());
            xHi = Math.max(xHi, c.reduction());
        }
        NasPlots.write(file, String.format(Locale.ROOT, "seed-reach %s: %d of %d qualifying networks trained", row, res.trained().size(),
                        res.qualifying()), res.objective() == MultishotConfig.Objective.MEMORY_AT_ACCURACY ? "memory reduction %"
                        : "latency reduction %", "Fashion-MNIST accuracy %",
                List.of(new NasPlots.Series("one seed", column(seeds, 0), column(seeds, 1), false),
                        new NasPlots.Series("mean of 4+ seeds", column(means, 0), column(means, 1), false),
                        new NasPlots.Series(String.format(Locale.ROOT, "needed %.2f%%", res.neededAccuracy()),
                                new double[] {xLo, xHi}, new double[] {res.neededAccuracy(), res.neededAccuracy()}, true),
                        new NasPlots.Series(String.format(Locale.ROOT, "reduction sought %.1f%%", res.seedReduction()),
                                new double[] {res.seedReduction(), res.seedReduction()}, new double[] {lo, hi}, true)));
    }

    private static double[] column(List<double[]> points, int i) {
        return points.stream().mapToDouble(p -> p[i]).toArray();
    }
}
