package org.edgeai.nas.search;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.edgeai.kernel.Progress;
import org.edgeai.kernel.graph.GraphCostModel;
import org.edgeai.nas.internal.Journal;
import org.edgeai.nas.space.CostSummary;
import org.edgeai.nas.space.ExpertRules;
import org.edgeai.nas.space.IbnSearchSpace;
import org.edgeai.nas.space.NetworkSpec;

/**
 * Reproduces the seed's table (the article "Optimizing neural networks for special-purpose hardware",
 * Amazon Science blog, amazon.science/blog/optimizing-neural-networks-for-special-purpose-hardware): on the
 * simulated NPU, the baseline IBN network is trained; then V1 (depth multiplier only), V2 (fused IBN
 * only) and V3 (both) searches look for the lowest latency at the baseline's accuracy minus a
 * tolerance; a V3 search in the uncurated space gives the curated-versus-uncurated convergence; and
 * a memory search with expert rules looks for the smallest parameter + peak activation memory at
 * the same accuracy. Optionally V2 and V3 are repeated on a second cost model (the same NPU executing
 * layer by layer, where an IBN's expanded tensor goes through DRAM: the situation fused IBNs are
 * meant for). Finally the baseline and every row's best network are retrained with further seeds, so
 * that "at the baseline's accuracy" is judged on a mean, not on one lucky short training. A search
 * keeps the candidate whose single training was luckiest (the winner's curse), so when the best
 * fails on the mean, the next feasible candidates (by the search's objective, at most
 * {@code fallbacks} of them) are confirmed in turn; a row whose every confirmed candidate fails
 * reports the baseline (no confirmed reduction) and lists the rejected candidates. Every training is
 * journaled under {@code workDir}, so the whole experiment resumes after an interruption.
 *
 * @implNote Not thread-safe: trainings run one at a time on the caller's thread and are appended to the
 *           journals in {@code workDir}; concurrent runs on the same {@code workDir} are not safe.
 */
public final class SeedTableExperiment {
    /** Journal of trained candidates shared by all searches (same training settings): {@code network,accuracy}. */
    public static final String JOURNAL = "trained.csv";
    /** Journal of the confirmation trainings: {@code network,seed,accuracy}. */
    public static final String CONFIRM_JOURNAL = "confirmed.csv";

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
     * @param seed               seed of the trainings and of the searches' evolution (see structureSearchSeeds)
     * @param confirmSeeds       extra training seeds ({@code seed + 1 ..}) for the baseline and each row's best, &gt;= 0
     * @param fallbacks          further feasible candidates confirmed, in objective order, when a row's best fails
     *                           on the mean, &gt;= 0 (0 = judge the best only)
     * @param priceFirst         train only candidates that beat the baseline on the row's objective
     *                           ({@link MultishotConfig#priceFirst()})
     * @param structureRow       add a row "structure": the same latency search in {@link IbnSearchSpace.Mode#STRUCTURE}
     *                           (widths, fusion, kernel, expansion, per-stage depth and stride), a richer space than the
     *                           article's V3, with no counterpart in its table
     * @param structureEvaluations trained candidates of the structure row's search (its space is far larger than the
     *                           others'); the first {@code evaluations} are the same candidates as with
     *                           {@code evaluations}, so a longer structure search resumes a shorter one from the journal
     * @param structureSearchSeeds how many structure searches to run, &gt;= 1: search {@code k} (0-based) evolves with
     *                           the search seed {@code seed + k} ({@link MultishotConfig#searchSeed()}) and trains with
     *                           {@code seed} like every other row, so the searches differ only in the evolution's random
     *                           stream and share the journal; rows "structure", "structure-search-seed-2", ... Shows how
     *                           much of the row's reduction is the luck of one search.
     */
    public record Settings(int parallelismFactor, int population, int generations, int evaluations, double accuracyTolerance,
                           long seed, int confirmSeeds, int fallbacks, boolean priceFirst, boolean structureRow,
                           int structureEvaluations, int structureSearchSeeds) {
        /**
         * @throws IllegalArgumentException if confirmSeeds or fallbacks is negative, structureEvaluations or
         *                                  structureSearchSeeds below 1, or structureSearchSeeds above 1 without the
         *                                  structure row
         */
        public Settings {
            if (confirmSeeds < 0 || fallbacks < 0) {
                throw new IllegalArgumentException("confirmSeeds and fallbacks must be >= 0, got " + confirmSeeds + " and " + fallbacks);
            }
            if (structureEvaluations < 1) {
                throw new IllegalArgumentException("structureEvaluations must be >= 1, got " + structureEvaluations);
            }
            if (structureSearchSeeds < 1) {
                throw new IllegalArgumentException("structureSearchSeeds must be >= 1, got " + structureSearchSeeds);
            }
            if (structureSearchSeeds > 1 && !structureRow) {
                throw new IllegalArgumentException("structureSearchSeeds = " + structureSearchSeeds + " needs the structure row");
            }
        }

        /** Settings with one structure search (if any). */
        public Settings(int parallelismFactor, int population, int generations, int evaluations, double accuracyTolerance, long seed,
                        int confirmSeeds, int fallbacks, boolean priceFirst, boolean structureRow, int structureEvaluations) {
            this(parallelismFactor, population, generations, evaluations, accuracyTolerance, seed, confirmSeeds, fallbacks, priceFirst,
                    structureRow, structureEvaluations, 1);
        }

        /** Settings whose structure row (if any) trains as many candidates as the other rows. */
        public Settings(int parallelismFactor, int population, int generations, int evaluations, double accuracyTolerance, long seed,
                        int confirmSeeds, int fallbacks, boolean priceFirst, boolean structureRow) {
            this(parallelismFactor, population, generations, evaluations, accuracyTolerance, seed, confirmSeeds, fallbacks, priceFirst,
                    structureRow, evaluations);
        }

        /** Settings without the structure row. */
        public Settings(int parallelismFactor, int population, int generations, int evaluations, double accuracyTolerance, long seed,
                        int confirmSeeds, int fallbacks, boolean priceFirst) {
            this(parallelismFactor, population, generations, evaluations, accuracyTolerance, seed, confirmSeeds, fallbacks, priceFirst,
                    false);
        }

        /** Settings that train every proposed candidate ({@code priceFirst = false}), without the structure row. */
        public Settings(int parallelismFactor, int population, int generations, int evaluations, double accuracyTolerance, long seed,
                        int confirmSeeds, int fallbacks) {
            this(parallelismFactor, population, generations, evaluations, accuracyTolerance, seed, confirmSeeds, fallbacks, false);
        }
    }

    /**
     * A candidate that a search ranked above the one its row reports, rejected because its mean
     * accuracy over the training seeds fell below the baseline's mean minus the tolerance.
     *
     * @param network      description
     * @param reduction    the reduction it would have given, %
     * @param accuracies   its accuracy per training seed (search seed first), %
     * @param meanAccuracy their mean, %
     */
    public record Rejected(String network, double reduction, List<Double> accuracies, double meanAccuracy) {
    }

    /**
     * One row of the table.
     *
     * @param setting          V1, V2, V3, V3-uncurated, memory, structure (optional), V2-layer-by-layer, V3-layer-by-layer
     * @param seedReduction    the article's reduction for this row, % (NaN if none)
     * @param costModel        {@code npu} (the main cost model) or {@code layer-by-layer}
     * @param network          best network found whose mean accuracy is within the tolerance (the baseline if
     *                         none of the confirmed candidates is; the search's best when confirmation was skipped)
     * @param accuracy         its accuracy in the search (seed {@code seed}), %
     * @param latencyMs        its simulated latency, ms
     * @param memoryBytes      its parameter + peak activation bytes
     * @param baselineLatencyMs the baseline's latency on this row's cost model, ms
     * @param reduction        latency (memory for the memory row) reduction against the baseline, %
     * @param evaluations      candidates trained
     * @param convergence      best objective after each trained candidate
     * @param wallSeconds      wall-clock time of the search, s
     * @param cpuSeconds       process CPU time of the search, s
     * @param accuracies       its accuracy per training seed (search seed first), %
     * @param meanAccuracy     their mean, %
     * @param withinTolerance  whether the mean is at least the baseline's mean minus the tolerance
     * @param rejected         better-ranked candidates that failed the confirmation, in the search's order
     */
    public record Row(String setting, double seedReduction, String costModel, String network, double accuracy, double latencyMs,
                      long memoryBytes, double baselineLatencyMs, double reduction, int evaluations, List<Double> convergence,
                      double wallSeconds, double cpuSeconds, List<Double> accuracies, double meanAccuracy,
                      boolean withinTolerance, List<Rejected> rejected) {
    }

    /**
     * Result.
     *
     * @param baselineNetwork  baseline description
     * @param baselineAccuracy its accuracy, %
     * @param baselineCost     its simulated costs
     * @param targetAccuracy   accuracy a candidate must reach, %
     * @param expertRules      the expert-rule steps applied to the baseline, each priced
     * @param rows             V1, V2, V3, V3-uncurated, memory, structure if asked, then the layer-by-layer rows if any
     * @param baselineAccuracies the baseline's accuracy per training seed (search seed first), %
     * @param baselineMeanAccuracy their mean, %
     */
    public record Result(String baselineNetwork, double baselineAccuracy, CostSummary baselineCost, double targetAccuracy,
                         List<ExpertRules.Step> expertRules, List<Row> rows, List<Double> baselineAccuracies,
                         double baselineMeanAccuracy) {
    }

    /**
     * @param cost      the simulated NPU
     * @param layerByLayer the same NPU without fusion for the V2 / V3 layer-by-layer rows, or null to skip them
     * @param evaluator short training
     * @param settings  settings
     * @param workDir   journals go here (created)
     * @param progress  progress and cancellation
     * @return the table
     * @throws IllegalArgumentException     if a journal line other than the last is malformed
     * @throws java.io.UncheckedIOException if the work directory cannot be used
     */
    public static Result run(GraphCostModel cost, GraphCostModel layerByLayer, CandidateEvaluator evaluator, Settings settings,
                             Path workDir, Progress progress) {
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
        List<Searched> rows = new ArrayList<>();
        rows.add(search("V1", 14, IbnSearchSpace.Mode.DEPTH_MULTIPLIER, IbnSearchSpace.ChannelPolicy.CURATED,
                MultishotConfig.Objective.LATENCY_AT_ACCURACY, false, "npu", cost, evaluator, settings, target, workDir, progress));
        rows.add(search("V2", 35, IbnSearchSpace.Mode.FUSED, IbnSearchSpace.ChannelPolicy.CURATED,
                MultishotConfig.Objective.LATENCY_AT_ACCURACY, false, "npu", cost, evaluator, settings, target, workDir, progress));
        rows.add(search("V3", 53, IbnSearchSpace.Mode.BOTH, IbnSearchSpace.ChannelPolicy.CURATED,
                MultishotConfig.Objective.LATENCY_AT_ACCURACY, false, "npu", cost, evaluator, settings, target, workDir, progress));
        rows.add(search("V3-uncurated", Double.NaN, IbnSearchSpace.Mode.BOTH, IbnSearchSpace.ChannelPolicy.UNCURATED,
                MultishotConfig.Objective.LATENCY_AT_ACCURACY, false, "npu", cost, evaluator, settings, target, workDir, progress));
        rows.add(search("memory", 47, IbnSearchSpace.Mode.BOTH, IbnSearchSpace.ChannelPolicy.CURATED,
                MultishotConfig.Objective.MEMORY_AT_ACCURACY, true, "npu", cost, evaluator, settings, target, workDir, progress));
        if (settings.structureRow()) {
            for (int k = 0; k < settings.structureSearchSeeds(); k++) {
                rows.add(search(k == 0 ? "structure" : "structure-search-seed-" + (k + 1), Double.NaN, IbnSearchSpace.Mode.STRUCTURE,
                        IbnSearchSpace.ChannelPolicy.CURATED, MultishotConfig.Objective.LATENCY_AT_ACCURACY, false, "npu", cost, evaluator,
                        settings, settings.structureEvaluations(), settings.seed() + k, target, workDir, progress));
            }
        }
        if (layerByLayer != null) {
            rows.add(search("V2-layer-by-layer", 35, IbnSearchSpace.Mode.FUSED, IbnSearchSpace.ChannelPolicy.CURATED,
                    MultishotConfig.Objective.LATENCY_AT_ACCURACY, false, "layer-by-layer", layerByLayer, evaluator, settings, target,
                    workDir, progress));
            rows.add(search("V3-layer-by-layer", 53, IbnSearchSpace.Mode.BOTH, IbnSearchSpace.ChannelPolicy.CURATED,
                    MultishotConfig.Objective.LATENCY_AT_ACCURACY, false, "layer-by-layer", layerByLayer, evaluator, settings, target,
                    workDir, progress));
        }
        // Confirmation: the baseline and each row's best network with further training seeds.
        Journal.requireSettings(workDir.resolve(CONFIRM_JOURNAL), evaluator.journalSettings());
        Map<String, Double> confirmed = readConfirmations(workDir.resolve(CONFIRM_JOURNAL));
        List<Double> baseAccs = confirm(base, baseAcc, evaluator, settings, confirmed, workDir, progress);
        double baseMean = mean(baseAccs);
        double needed = baseMean - settings.accuracyTolerance();
        List<Row> out = new ArrayList<>();
        for (Searched sr : rows) {
            Row r = sr.row();
            if (Double.isNaN(r.accuracy()) || sr.ranked().isEmpty()) {
                // Nothing feasible (no confirmation possible), or the search's best is the baseline itself.
                List<Double> accs = Double.isNaN(r.accuracy()) ? List.of()
                        : confirm(NetworkSpec.fromDescription(base, r.network()), r.accuracy(), evaluator, settings, confirmed, workDir, progress);
                double m = accs.isEmpty() ? Double.NaN : mean(accs);
                out.add(withConfirmation(r, r.network(), r.accuracy(), r.latencyMs(), r.memoryBytes(), r.reduction(), accs, m,
                        holds(m, needed), List.of()));
                continue;
            }
            List<Rejected> rejected = new ArrayList<>();
            Row chosen = null;
            for (MultishotSearch.Evaluation e : sr.ranked()) {
                if (rejected.size() > settings.fallbacks()) {
                    break;
                }
                List<Double> accs = confirm(NetworkSpec.fromDescription(base, e.network()), e.accuracy(), evaluator, settings, confirmed,
                        workDir, progress);
                double m = mean(accs);
                double red = reduction(e.cost(), sr.baselineCost(), sr.objective());
                if (holds(m, needed)) {
                    chosen = withConfirmation(r, e.network(), e.accuracy(), e.cost().latencyMs(), e.cost().memoryBytes(), red, accs, m, true,
                            List.copyOf(rejected));
                    break;
                }
                rejected.add(new Rejected(e.network(), red, accs, m));
            }
            if (chosen == null) {
                // Every confirmed candidate failed: the confirmed answer is the baseline (no reduction).
                chosen = withConfirmation(r, base.describe(), baseAcc, sr.baselineCost().latencyMs(), sr.baselineCost().memoryBytes(), 0,
                        baseAccs, baseMean, true, List.copyOf(rejected));
            }
            out.add(chosen);
        }
        return new Result(base.describe(), baseAcc, baseCost, target, ExpertRules.forParallelism(p).apply(base, cost), out,
                baseAccs, baseMean);
    }

    private static Row withConfirmation(Row r, String network, double accuracy, double latencyMs, long memoryBytes, double reduction,
                                        List<Double> accs, double mean, boolean within, List<Rejected> rejected) {
        return new Row(r.setting(), r.seedReduction(), r.costModel(), network, accuracy, latencyMs, memoryBytes, r.baselineLatencyMs(),
                reduction, r.evaluations(), r.convergence(), r.wallSeconds(), r.cpuSeconds(), accs, mean, within, rejected);
    }

    /** A search's row before confirmation, with its feasible candidates better than the baseline, best first. */
    private record Searched(Row row, List<MultishotSearch.Evaluation> ranked, CostSummary baselineCost,
                            MultishotConfig.Objective objective) {
    }

    /**
     * Whether a mean accuracy meets the bar. Accuracies are multiples of 100 / test images (0.05 % on the
     * 2k subset), so a mean that equals the bar in exact arithmetic may land either side of it in floating
     * point; differences below 1e-9 points count as equal (a tie holds, as "at least" says).
     */
    static boolean holds(double mean, double needed) {
        return mean >= needed - 1e-9;
    }

    /** Reduction against the baseline on the objective's measure (memory for MEMORY_AT_ACCURACY, else latency), %. */
    static double reduction(CostSummary c, CostSummary base, MultishotConfig.Objective objective) {
        return 100 * (1 - objective.measure().of(c) / objective.measure().of(base));
    }

    /** The search accuracy followed by the accuracies of seeds {@code seed + 1 ..}, trained unless journaled. */
    static List<Double> confirm(NetworkSpec spec, double searchAccuracy, CandidateEvaluator evaluator, Settings s,
                                        Map<String, Double> confirmed, Path workDir, Progress progress) {
        List<Double> accs = new ArrayList<>();
        accs.add(searchAccuracy);
        for (int k = 1; k <= s.confirmSeeds(); k++) {
            long seed = s.seed() + k;
            String key = spec.describe() + "," + seed;
            Double a = confirmed.get(key);
            if (a == null) {
                progress.report("confirm", k, s.confirmSeeds(), spec.describe() + " seed " + seed);
                a = evaluator.accuracy(spec.withName("candidate"), seed, progress);
                confirmed.put(key, a);
                Journal.append(workDir.resolve(CONFIRM_JOURNAL), key + "," + a);
            }
            accs.add(a);
        }
        return accs;
    }

    /** Reads the confirmation journal ({@code network,seed,accuracy}); a cut last line is skipped ({@link Journal}). */
    static Map<String, Double> readConfirmations(Path file) {
        Map<String, Double> m = new HashMap<>();
        Journal.read(file, "network,seed,accuracy", 3, f -> m.put(f[0] + "," + Long.parseLong(f[1]), Double.parseDouble(f[2])));
        return m;
    }

    static double mean(List<Double> v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.size();
    }

    private static Searched search(String name, double seedReduction, IbnSearchSpace.Mode mode, IbnSearchSpace.ChannelPolicy policy,
                              MultishotConfig.Objective objective, boolean rules, String costName, GraphCostModel cost,
                              CandidateEvaluator evaluator, Settings s, double target, Path workDir, Progress progress) {
        return search(name, seedReduction, mode, policy, objective, rules, costName, cost, evaluator, s, s.evaluations(), s.seed(), target,
                workDir, progress);
    }

    private static Searched search(String name, double seedReduction, IbnSearchSpace.Mode mode, IbnSearchSpace.ChannelPolicy policy,
                              MultishotConfig.Objective objective, boolean rules, String costName, GraphCostModel cost,
                              CandidateEvaluator evaluator, Settings s, int evaluations, long searchSeed, double target, Path workDir,
                              Progress progress) {
        CostSummary baseCost = CostSummary.of(IbnSearchSpace.fashionMnistBaseline(), cost);
        IbnSearchSpace space = IbnSearchSpace.fashionMnist(mode, policy, s.parallelismFactor());
        MultishotConfig cfg = new MultishotConfig(objective, s.population(), s.generations(), evaluations, target,
                Double.POSITIVE_INFINITY, Long.MAX_VALUE, rules, s.seed(), s.priceFirst(), searchSeed);
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
        double reduction = b.feasible() ? reduction(b.cost(), baseCost, objective) : Double.NaN;
        // Feasible candidates that beat the baseline on the objective, best first (fitness = 2 + gain when feasible).
        double baseFitness = r.baseline().feasible() ? r.baseline().fitness() : 2 + 1;
        List<MultishotSearch.Evaluation> ranked = r.evaluations().stream()
                .filter(e -> e.feasible() && e.fitness() > baseFitness && !e.network().equals(r.baseline().network()))
                .sorted(java.util.Comparator.comparingDouble(MultishotSearch.Evaluation::fitness).reversed()
                        .thenComparingInt(MultishotSearch.Evaluation::order))
                .toList();
        Row row = new Row(name, seedReduction, costName, b.network(), b.accuracy(), b.cost().latencyMs(), b.cost().memoryBytes(),
                baseCost.latencyMs(), reduction, (int) r.evaluations().stream().filter(e -> !Double.isNaN(e.accuracy())).count(),
                r.convergence(), (System.nanoTime() - wall0) / 1e9,
                (processCpuNanos() - cpu0) / 1e9, List.of(), Double.NaN, false, List.of());
        return new Searched(row, ranked, baseCost, objective);
    }

    private static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return 0;
    }
}
