package org.edgeai.platform.nas;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.edgeai.kernel.DataDirectory;
import org.edgeai.nas.bench.Nb201Table;
import org.edgeai.nas.search.Nb201SearchProblem;
import org.edgeai.nas.search.Nb201SearchRun;
import org.edgeai.nas.search.Nb201Searchers;
import org.edgeai.nas.search.ParetoFront;
import org.edgeai.platform.Cli;
import org.edgeai.platform.ConsoleProgress;
import org.edgeai.platform.JsonOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgeai nas search}: one search run; writes the Pareto front as CSV and PNG.
 *
 * @implNote Single-use picocli command object; not thread-safe.
 */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Run one architecture search and write the Pareto front (accuracy vs latency) as CSV and PNG. "
                + "--space nb201: table-driven search on NAS-Bench-201. --space ibn: multishot Jenetics search of the IBN space "
                + "on the simulated NPU with short Fashion-MNIST training (run it under the training lock).")
public final class SearchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Mixin
    private JsonOption json;

    @Option(names = "--space", defaultValue = "nb201", description = "search space (default ${DEFAULT-VALUE})")
    private String space;
    @Option(names = "--method", defaultValue = "guided", description = "nb201: random, re, jenetics-ga, guided (default ${DEFAULT-VALUE}); "
            + "ibn: zero-shot (proxy screening, then a few trainings) or anything else for the Jenetics multishot search")
    private String method;
    @Option(names = "--device", defaultValue = "pixel3", description = "nb201: HW-NAS-Bench device whose latency column is the budget (default ${DEFAULT-VALUE})")
    private String device;
    @Option(names = "--budget-ms", description = "latency budget in ms (default: median of the device column)")
    private Double budgetMs;
    @Option(names = "--queries", defaultValue = "100", description = "nb201: table queries allowed (default ${DEFAULT-VALUE})")
    private int queries;
    @Option(names = "--seed", defaultValue = "1", description = "random seed of the search (default ${DEFAULT-VALUE})")
    private long seed;
    @Option(names = "--out", defaultValue = "nas-search", description = "output directory (default ${DEFAULT-VALUE})")
    private Path out;
    @Option(names = "--mode", defaultValue = "v3", description = "ibn: v1 (depth multiplier), v2 (fused IBN), v3 (both), full (+ kernel, expansion), "
            + "structure (+ per-stage depth and stride)")
    private String mode;
    @Option(names = "--channels", defaultValue = "curated", description = "ibn: curated (multiples of P) or uncurated")
    private String channels;
    @Option(names = "--objective", defaultValue = "latency", description = "ibn: latency (at target accuracy), memory (at target accuracy), "
            + "accuracy (under budgets) or weighted (MnasNet's soft constraint: accuracy * (latency / --budget-ms)^w, times "
            + "(memory / --memory-budget)^w if given)")
    private String objective;
    @Option(names = "--target-accuracy", description = "ibn: accuracy to reach, %% (default: none, i.e. 0)")
    private Double targetAccuracy;
    @Option(names = "--memory-budget", description = "ibn: parameter + peak activation budget, bytes")
    private Long memoryBudget;
    @Option(names = "--population", defaultValue = "8", description = "ibn: Jenetics population size (default ${DEFAULT-VALUE})")
    private int population;
    @Option(names = "--generations", defaultValue = "6", description = "ibn: maximum generations (default ${DEFAULT-VALUE})")
    private int generations;
    @Option(names = "--evaluations", defaultValue = "24", description = "ibn: maximum trained candidates (default ${DEFAULT-VALUE})")
    private int evaluations;
    @Option(names = "--epochs", defaultValue = "3", description = "ibn: Fashion-MNIST training epochs per candidate (default ${DEFAULT-VALUE})")
    private int epochs;
    @Option(names = "--budget-seconds", defaultValue = "90", description = "ibn: training budget per candidate, s")
    private double budgetSeconds;
    @Option(names = "--price-first", description = "ibn, latency/memory objectives: train only candidates that beat the baseline on the "
            + "objective (the others are priced, not trained, and do not count against --evaluations)")
    private boolean priceFirst;
    @Option(names = "--search-seed", description = "ibn: seed of the evolution or of the zero-shot sampling (default: --seed, "
            + "which seeds the trainings); searches that differ only here share their trainings through the journal")
    private Long searchSeed;
    @Option(names = "--samples", defaultValue = "1000", description = "ibn zero-shot: candidates sampled and priced; those that "
            + "can improve the result are scored by the proxy (default ${DEFAULT-VALUE})")
    private int samples;
    @Option(names = "--proxy", defaultValue = "synflow", description = "ibn zero-shot: naswot, synflow or jacob_cov (default "
            + "${DEFAULT-VALUE}: the best of the three on this space, Spearman 0.47 with one-epoch accuracy)")
    private String proxy;
    @Option(names = "--reward-exponent", defaultValue = "-0.07", description = "ibn, --objective weighted: the exponent w <= 0 "
            + "(default ${DEFAULT-VALUE}, MnasNet's)")
    private double rewardExponent;
    @Option(names = "--expert-rules", description = "ibn: pass every candidate through the expert rules")
    private boolean expertRules;
    @Mixin
    private NpuOptions npu;

    /**
     * JSON result.
     *
     * @param best          best architecture found
     * @param accuracy      its search accuracy, %
     * @param testAccuracy  its reported accuracy, %
     * @param latencyMs     its latency, ms
     * @param queries       queries spent
     * @param paretoFront   non-dominated evaluated architectures
     * @param frontCsv      written CSV
     * @param frontPng      written PNG
     */
    public record Result(String best, double accuracy, double testAccuracy, double latencyMs, int queries,
                         List<ParetoFront.Point> paretoFront, String frontCsv, String frontPng) {
    }

    /**
     * Runs the search and writes {@code pareto_front.csv} and {@code .png} (and, for ibn,
     * {@code trained.csv} and {@code search.json}) to {@code --out}.
     *
     * @return 0
     * @throws IllegalArgumentException if {@code --space} is not nb201 or ibn, or a setting is unknown or
     *                                  out of range
     * @throws IllegalStateException    if the data directory lacks {@code nas/} (nb201) or
     *                                  {@code vision/} (ibn)
     * @throws Exception                if training or writing the outputs fails
     */
    @Override
    public Integer call() throws Exception {
        if (space.equals("ibn")) {
            return ibn();
        }
        if (!space.equals("nb201")) {
            throw new IllegalArgumentException("--space must be nb201 or ibn, got '" + space + "'");
        }
        Path dir = DataDirectory.require(Cli.dataDir(spec), "nas");
        Nb201Table table = Nb201Table.read(dir.resolve(Nb201Table.FILE));
        double budget = budgetMs != null ? budgetMs : Nb201BenchmarkCommand.quantile(table.latency(device), 0.5);
        Nb201SearchProblem p = new Nb201SearchProblem(table, "acc12ep_cifar10valid_val", "acc12ep_cifar10_test", device, budget, queries);
        ConsoleProgress progress = ConsoleProgress.of(spec);
        progress.report("search", 0, queries, method + " on nb201, " + device + " <= " + String.format("%.2f ms", budget));
        Nb201SearchRun run = Nb201Searchers.run(method, p, seed);
        progress.report("search", run.queries(), run.queries(), "done");
        List<ParetoFront.Point> front = ParetoFront.of(run.evaluated());
        StringBuilder csv = new StringBuilder("arch_str,accuracy,latency_ms\n");
        for (ParetoFront.Point pt : front) {
            csv.append(pt.name()).append(',').append(pt.accuracy()).append(',').append(pt.cost()).append('\n');
        }
        Path csvFile = out.resolve("pareto_front.csv");
        Path pngFile = out.resolve("pareto_front.png");
        NasPlots.writeText(csvFile, csv.toString());
        double[] ax = run.evaluated().stream().mapToDouble(ParetoFront.Point::cost).toArray();
        double[] ay = run.evaluated().stream().mapToDouble(ParetoFront.Point::accuracy).toArray();
        double[] fx = front.stream().mapToDouble(ParetoFront.Point::cost).toArray();
        double[] fy = front.stream().mapToDouble(ParetoFront.Point::accuracy).toArray();
        NasPlots.write(pngFile, "NAS-Bench-201 " + method + " search, " + device, "latency (ms)", "validation accuracy (%)",
                List.of(new NasPlots.Series("evaluated", ax, ay, false), new NasPlots.Series("Pareto front", fx, fy, true)));
        Result r = new Result(run.best() == null ? null : run.best().archString(), run.searchAccuracy(), run.reportAccuracy(),
                run.latencyMs(), run.queries(), front, csvFile.toString(), pngFile.toString());
        if (json.json()) {
            Cli.printJson(spec, r);
        } else {
            spec.commandLine().getOut().printf("best %s: valid %.2f%%, test %.2f%%, %.3f ms (%d queries); front: %s, %s%n",
                    r.best(), r.accuracy(), r.testAccuracy(), r.latencyMs(), r.queries(), csvFile, pngFile);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    private Integer ibn() throws Exception {
        var settings = new IbnSearchJob.Settings(mode, channels, objective, method, proxy, targetAccuracy == null ? 0 : targetAccuracy,
                budgetMs == null ? Double.POSITIVE_INFINITY : budgetMs, memoryBudget == null ? Long.MAX_VALUE : memoryBudget, population,
                generations, evaluations, epochs, budgetSeconds, priceFirst, seed, searchSeed == null ? seed : searchSeed, samples,
                expertRules, npu.accelerator(), npu.fusion(), npu.parallelism(), rewardExponent);
        settings.validate();
        java.nio.file.Files.createDirectories(out);
        IbnSearchJob.Outcome outcome = IbnSearchJob.run(settings, Cli.dataDir(spec), out.resolve("trained.csv"), ConsoleProgress.of(spec));
        org.edgeai.nas.search.MultishotSearch.Result r = outcome.result();
        Integer sampled = outcome.sampled();
        Integer eligible = outcome.eligible();
        double cpuS = outcome.cpuSeconds();
        double wallS = outcome.wallSeconds();
        StringBuilder csv = new StringBuilder("network,accuracy,latency_ms\n");
        for (ParetoFront.Point pt : r.paretoFront()) {
            csv.append(pt.name()).append(',').append(pt.accuracy()).append(',').append(pt.cost()).append('\n');
        }
        Path csvFile = out.resolve("pareto_front.csv");
        Path pngFile = out.resolve("pareto_front.png");
        NasPlots.writeText(csvFile, csv.toString());
        double[] ax = r.evaluations().stream().filter(e -> !Double.isNaN(e.accuracy())).mapToDouble(e -> e.cost().latencyMs()).toArray();
        double[] ay = r.evaluations().stream().filter(e -> !Double.isNaN(e.accuracy())).mapToDouble(e -> e.accuracy()).toArray();
        double[] fx = r.paretoFront().stream().mapToDouble(ParetoFront.Point::cost).toArray();
        double[] fy = r.paretoFront().stream().mapToDouble(ParetoFront.Point::accuracy).toArray();
        NasPlots.write(pngFile, "IBN " + mode + " (" + channels + ") search on " + npu.accelerator(), "simulated latency (ms)",
                "Fashion-MNIST accuracy (%)", List.of(new NasPlots.Series("trained", ax, ay, false), new NasPlots.Series("Pareto front", fx, fy, true)));
        Cli.json().writeValue(out.resolve("search.json").toFile(), r);
        var summary = new java.util.LinkedHashMap<String, Object>();
        summary.put("baseline", r.baseline());
        summary.put("best", r.best());
        summary.put("evaluations", r.evaluations().size());
        summary.put("generations", r.generations());
        if (sampled != null) {
            summary.put("method", "zero-shot (" + proxy + ")");
            summary.put("sampled", sampled);
            summary.put("eligible_scored", eligible);
        }
        summary.put("wall_seconds", wallS);
        summary.put("cpu_seconds", cpuS);
        summary.put("pareto_front", r.paretoFront());
        summary.put("front_csv", csvFile.toString());
        summary.put("front_png", pngFile.toString());
        if (json.json()) {
            Cli.printJson(spec, summary);
        } else {
            spec.commandLine().getOut().printf("baseline %s %.2f%% %.5f ms; best %s %.2f%% %.5f ms %d B; %d trained, %.0f s wall, %.0f s CPU; front: %s, %s%n",
                    r.baseline().network(), r.baseline().accuracy(), r.baseline().cost().latencyMs(), r.best().network(), r.best().accuracy(),
                    r.best().cost().latencyMs(), r.best().cost().memoryBytes(), r.evaluations().size(), wallS, cpuS, csvFile, pngFile);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
