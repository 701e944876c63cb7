package org.edgeai.platform.nas;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.edgeai.nas.search.SeedTableExperiment;
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
 * {@code edgeai nas seed-table}: the article's table on the simulated NPU with Fashion-MNIST.
 *
 * @implNote Single-use picocli command object; not thread-safe.
 */
@Command(name = "seed-table", mixinStandardHelpOptions = true,
        description = "Baseline IBN network, V1 (depth multiplier), V2 (fused IBN), V3 (both) searches at the baseline's accuracy "
                + "minus 0.5 %%, V3 in the uncurated space (convergence), and the memory case with expert rules; on the simulated "
                + "NPU with short Fashion-MNIST training; V2 and V3 again on the NPU executing layer by layer; then the baseline and "
                + "each best network retrained with --confirm-seeds more seeds. Resumable: trainings are journaled in --work. Run it "
                + "under the training lock (flock /tmp/edgeai-train.lock ...).")
public final class SeedTableCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Mixin
    private JsonOption json;
    @Mixin
    private NpuOptions npu;
    @Option(names = "--population", defaultValue = "8")
    private int population;
    @Option(names = "--generations", defaultValue = "6")
    private int generations;
    @Option(names = "--evaluations", defaultValue = "20", description = "trained candidates per search (default ${DEFAULT-VALUE})")
    private int evaluations;
    @Mixin
    private SeedTableTraining training;
    @Option(names = "--confirm-seeds", defaultValue = "2",
            description = "extra training seeds for the baseline and each row's best network; accuracy is judged on the mean (default ${DEFAULT-VALUE})")
    private int confirmSeeds;
    @Option(names = "--fallbacks", defaultValue = "3",
            description = "when a row's best network fails on the mean, confirm up to this many next-best feasible candidates (default ${DEFAULT-VALUE})")
    private int fallbacks;
    @Option(names = "--price-first", description = "Price every candidate on the NPU first and train only those that beat the "
            + "baseline on the row's objective (latency or memory); --evaluations then counts trained candidates only.")
    private boolean priceFirst;
    @Option(names = "--structure-row", description = "add a row searching the STRUCTURE space (V3 plus kernel, expansion, per-stage "
            + "depth and stride) for the lowest latency at the same accuracy; no counterpart in the article's table")
    private boolean structureRow;
    @Option(names = "--structure-evaluations", description = "trained candidates of the structure row's search (default: --evaluations); "
            + "its first --evaluations candidates are those of a shorter run, so a longer search resumes from the journal")
    private Integer structureEvaluations;
    @Option(names = "--structure-search-seeds", defaultValue = "1",
            description = "run the structure row's search this many times, with search seeds --seed, --seed + 1, ... (the "
                    + "evolution's random stream only: trainings keep --seed and share the journal); default ${DEFAULT-VALUE}")
    private int structureSearchSeeds;
    @Option(names = "--layer-by-layer", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "also run V2 and V3 on the same NPU with --fusion none (every op through DRAM), the setting fused IBNs address (default on)")
    private boolean layerByLayer;

    @Override
    public Integer call() throws Exception {
        ShortTrainer trainer = training.trainer(spec);
        Path work = training.work();
        SeedTableExperiment.Result r = SeedTableExperiment.run(NasCostModels.of(npu.accelerator(), npu.fusion()),
                layerByLayer ? NasCostModels.of(npu.accelerator(), "none") : null, trainer,
                new SeedTableExperiment.Settings(npu.parallelism(), population, generations, evaluations, 0.5, training.seed(), confirmSeeds,
                        fallbacks, priceFirst, structureRow, structureEvaluations != null ? structureEvaluations : evaluations,
                        structureSearchSeeds), work,
                ConsoleProgress.of(spec));
        StringBuilder csv = new StringBuilder("setting,evaluation,best_objective\n");
        List<NasPlots.Series> series = new ArrayList<>();
        for (var row : r.rows()) {
            double[] x = new double[row.convergence().size()];
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = i + 1;
                y[i] = row.convergence().get(i);
                csv.append(row.setting()).append(',').append(i + 1).append(',').append(y[i]).append('\n');
            }
            if (row.setting().startsWith("V3")) {
                series.add(new NasPlots.Series(row.setting(), x, y, true));
            }
        }
        NasPlots.writeText(work.resolve("convergence.csv"), csv.toString());
        NasPlots.write(work.resolve("convergence.png"), "V3 search: curated vs uncurated channel widths", "trained candidates",
                "best latency at target accuracy (ms)", series);
        Cli.json().writeValue(work.resolve("seed_table.json").toFile(), r);
        if (trainer.cutShortCount() > 0) {
            spec.commandLine().getErr().printf("warning: the %.0f s budget cut %d training(s) of this run short; their accuracies depend on "
                    + "the machine's load (trainings resumed from the journal are not counted)%n", training.budgetSeconds(), trainer.cutShortCount());
        }
        if (json.json()) {
            Cli.printJson(spec, r);
            return 0;
        }
        var o = spec.commandLine().getOut();
        o.printf("baseline %s: %.2f%% (mean over %d seeds %.2f%% %s), %.5f ms, %d B (search target accuracy %.2f%%)%n",
                r.baselineNetwork(), r.baselineAccuracy(), r.baselineAccuracies().size(), r.baselineMeanAccuracy(),
                r.baselineAccuracies(), r.baselineCost().latencyMs(), r.baselineCost().memoryBytes(), r.targetAccuracy());
        TextTable t = new TextTable("setting", "cost model", "reduction", "seed", "accuracy", "mean accuracy", "within 0.5", "latency ms",
                "baseline ms", "memory B", "trained", "wall s", "cpu s", "network");
        for (var row : r.rows()) {
            t.row(row.setting(), row.costModel(), String.format("%.1f%%", row.reduction()),
                    Double.isNaN(row.seedReduction()) ? "" : String.format("%.0f%%", row.seedReduction()),
                    String.format("%.2f", row.accuracy()), String.format("%.2f", row.meanAccuracy()), row.withinTolerance() ? "yes" : "NO",
                    String.format("%.5f", row.latencyMs()), String.format("%.5f", row.baselineLatencyMs()), row.memoryBytes(),
                    row.evaluations(), String.format("%.0f", row.wallSeconds()), String.format("%.0f", row.cpuSeconds()), row.network());
        }
        o.print(t);
        for (var row : r.rows()) {
            for (var rej : row.rejected()) {
                o.printf("%s: rejected %s (%.1f%%): mean accuracy %.2f%% %s below %.2f%%%n", row.setting(), rej.network(), rej.reduction(),
                        rej.meanAccuracy(), rej.accuracies(), r.baselineMeanAccuracy() - 0.5);
            }
        }
        o.flush();
        return 0;
    }
}
