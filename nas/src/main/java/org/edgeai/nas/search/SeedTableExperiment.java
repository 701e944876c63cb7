package org.edgeai.nas.search;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.edgeai.kernel.Progress;
import org.edgeai.kernel.graph.GraphCostModel;
import org.edgeai.nas.space.CostSummary;
import org.edgeai.nas.space.ExpertRules;
import org.edgeai.nas.space.IbnSearchSpace;
import org.edgeai.nas.space.NetworkSpec;

/**
 * Reproduces the seed's table ("Optimizing neural networks for special-purpose hardware"): on the
 * simulated NPU, the baseline IBN network is trained; then V1 (depth multiplier only), V2 (fused IBN
 * only) and V3 (both) searches look for the lowest latency at the baseline's accuracy minus a
 * tolerance; a V3 search in the uncurated space gives the curated-versus-uncurated convergence; and
 * a memory search with expert rules looks for the smallest parameter + peak activation memory at
 * the same accuracy. Every search journals its trained candidates under {@code workDir}, so the
 * whole experiment resumes after an interruption.
 */
public final class SeedTableExperiment {
    /** Journal of trained candidates shared by all searches (same training settings): {@code network,accuracy}. */
    public static final String JOURNAL = "trained.csv";

    private SeedTableExperiment() {
    }

    /**
     * Settings.
     *
     * @param parallelismFactor  P of the simulated NPU
     * @param population         Jenetics population
     * @param generations        generations per search
     * @param evaluations        trained candidates per search
     * @param accuracyTolerance  accuracy a candidate may lose against the baseline, percentage points (0.5)
     * @param seed               seed of searches and trainings
     */
    public record Settings(int parallelismFactor, int population, int generations, int evaluations, double accuracyTolerance,
                           long seed) {
    }

    /**
     * One row of the table.
     *
     * @param setting          V1, V2, V3, V3-uncurated, memory
     * @param seedReduction    the article's reduction for this row, % (NaN if none)
     * @param network          best network found
     * @param accuracy         its accuracy, %
     * @param latencyMs        its simulated latency, ms
     * @param memoryBytes      its parameter + peak activation bytes
     * @param reduction        latency (memory for the memory row) reduction against the baseline, %
     * @param evaluations      candidates trained
     * @param convergence      best objective after each trained candidate
     * @param wallSeconds      wall-clock time of the search, s
     * @param cpuSeconds       process CPU time of the search, s
     */
    public record Row(String setting, double seedReduction, String network, double accuracy, double latencyMs, long memoryBytes,
                      double reduction, int evaluations, List<Double> convergence, double wallSeconds, double cpuSeconds) {
    }

    /**
     * Result.
     *
     * @param baselineNetwork  baseline description
     * @param baselineAccuracy its accuracy, %
     * @param baselineCost     its simulated costs
     * @param targetAccuracy   accuracy a candidate must reach, %
     * @param expertRules      the expert-rule steps applied to the baseline, each priced
     * @param rows             V1, V2, V3, V3-uncurated, memory
     */
    public record Result(String baselineNetwork, double baselineAccuracy, CostSummary baselineCost, double targetAccuracy,
                         List<ExpertRules.Step> expertRules, List<Row> rows) {
    }

    /**
     * @param cost      the simulated NPU
     * @param evaluator short training
     * @param settings  settings
     * @param workDir   journals go here (created)
     * @param progress  progress and cancellation
     * @return the table
     * @throws java.io.UncheckedIOException if the work directory cannot be used
     */
    public static Result run(GraphCostModel cost, CandidateEvaluator evaluator, Settings settings, Path workDir, Progress progress) {
        try {
            Files.createDirectories(workDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + workDir + ": " + e.getMessage(), e);
        }
        int p = settings.parallelismFactor();
        NetworkSpec base = IbnSearchSpace.fashionMnistBaseline();
        CostSummary baseCost = CostSummary.of(base, cost);
        // One journal for every search: a network is trained once whichever search proposes it.
        double baseAcc = MultishotSearch.run(IbnSearchSpace.fashionMnist(IbnSearchSpace.Mode.DEPTH_MULTIPLIER,
                        IbnSearchSpace.ChannelPolicy.CURATED, p), cost, evaluator,
                new MultishotConfig(MultishotConfig.Objective.LATENCY_AT_ACCURACY, 2, 1, 1, 0, Double.POSITIVE_INFINITY,
                        Long.MAX_VALUE, false, settings.seed()), workDir.resolve(JOURNAL), progress).baseline().accuracy();
        double target = baseAcc - settings.accuracyTolerance();
        List<Row> rows = new ArrayList<>();
        rows.add(search("V1", 14, IbnSearchSpace.Mode.DEPTH_MULTIPLIER, IbnSearchSpace.ChannelPolicy.CURATED,
                MultishotConfig.Objective.LATENCY_AT_ACCURACY, false, cost, evaluator, settings, target, baseCost, workDir, progress));
        rows.add(search("V2", 35, IbnSearchSpace.Mode.FUSED, IbnSearchSpace.ChannelPolicy.CURATED,
                MultishotConfig.Objective.LATENCY_AT_ACCURACY, false, cost, evaluator, settings, target, baseCost, workDir, progress));
        rows.add(search("V3", 53, IbnSearchSpace.Mode.BOTH, IbnSearchSpace.ChannelPolicy.CURATED,
                MultishotConfig.Objective.LATENCY_AT_ACCURACY, false, cost, evaluator, settings, target, baseCost, workDir, progress));
        rows.add(search("V3-uncurated", Double.NaN, IbnSearchSpace.Mode.BOTH, IbnSearchSpace.ChannelPolicy.UNCURATED,
                MultishotConfig.Objective.LATENCY_AT_ACCURACY, false, cost, evaluator, settings, target, baseCost, workDir, progress));
        rows.add(search("memory", 47, IbnSearchSpace.Mode.BOTH, IbnSearchSpace.ChannelPolicy.CURATED,
                MultishotConfig.Objective.MEMORY_AT_ACCURACY, true, cost, evaluator, settings, target, baseCost, workDir, progress));
        return new Result(base.describe(), baseAcc, baseCost, target, ExpertRules.forParallelism(p).apply(base, cost), rows);
    }

    private static Row search(String name, double seedReduction, IbnSearchSpace.Mode mode, IbnSearchSpace.ChannelPolicy policy,
                              MultishotConfig.Objective objective, boolean rules, GraphCostModel cost, CandidateEvaluator evaluator,
                              Settings s, double target, CostSummary baseCost, Path workDir, Progress progress) {
        IbnSearchSpace space = IbnSearchSpace.fashionMnist(mode, policy, s.parallelismFactor());
        MultishotConfig cfg = new MultishotConfig(objective, s.population(), s.generations(), s.evaluations(), target,
                Double.POSITIVE_INFINITY, Long.MAX_VALUE, rules, s.seed());
        long wall0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        Progress named = new Progress() {
            @Override
            public void report(String task, long done, long total, String detail) {
                progress.report(name + " " + task, done, total, detail);
            }

            @Override
            public boolean cancelled() {
                return progress.cancelled();
            }
        };
        MultishotSearch.Result r = MultishotSearch.run(space, cost, evaluator, cfg, workDir.resolve(JOURNAL), named);
        MultishotSearch.Evaluation b = r.best();
        double reduction = objective == MultishotConfig.Objective.MEMORY_AT_ACCURACY
                ? 100 * (1 - (double) b.cost().memoryBytes() / baseCost.memoryBytes())
                : 100 * (1 - b.cost().latencyMs() / baseCost.latencyMs());
        if (!b.feasible()) {
            reduction = Double.NaN;
        }
        return new Row(name, seedReduction, b.network(), b.accuracy(), b.cost().latencyMs(), b.cost().memoryBytes(), reduction,
                r.evaluations().size(), r.convergence(), (System.nanoTime() - wall0) / 1e9, (processCpuNanos() - cpu0) / 1e9);
    }

    private static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return 0;
    }
}
