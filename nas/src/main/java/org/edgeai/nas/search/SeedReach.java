package org.edgeai.nas.search;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.edgeai.kernel.Progress;
import org.edgeai.kernel.graph.GraphCostModel;
import org.edgeai.nas.internal.Journal;
import org.edgeai.nas.space.CostSummary;
import org.edgeai.nas.space.IbnSearchSpace;
import org.edgeai.nas.space.NetworkSpec;

/**
 * Whether a row of the seed's table can reach the article's reduction at all in a given space on a
 * given NPU: an exhaustive check, not a search. Every configuration of the space is priced on the
 * cost model (no training); the ones whose reduction (latency, or parameter + peak activation memory)
 * is at least the article's are the only networks that could reproduce the row. They are then
 * trained in objective order, best first, with the search seed (journal shared with
 * {@link SeedTableExperiment}, so a network either experiment trained is not trained again); a
 * candidate whose first accuracy is within {@code confirmMargin} points of the needed accuracy is
 * retrained with {@code confirmSeeds} further seeds, and the first whose mean reaches the baseline's
 * mean minus the tolerance answers the question (it is the best such network, given the order).
 * When none does, no network of the space reaches the article's reduction at the baseline's accuracy
 * (within what short trainings can tell: those that were not confirmed lost more than the margin on
 * their first seed).
 *
 * <p>Not thread-safe; it trains one network at a time and appends to the journals in {@code workDir}.
 */
public final class SeedReach {
    /** Spaces with more configurations than this are refused (the check enumerates them all). */
    public static final long MAX_CONFIGURATIONS = 1L << 20;

    private SeedReach() {
    }

    /** Training order of the qualifying networks. */
    public enum Order {
        /**
         * Largest reduction first: the first network that holds is the best reachable one (the exhaustive answer to
         * "how far can this row go").
         */
        REDUCTION,
        /**
         * Most multiply-accumulates first (capacity, the likeliest to hold the accuracy), then largest reduction: the
         * first network that holds answers "can the row reach the article's reduction at all" with fewer trainings,
         * but need not be the best reachable one.
         */
        MACS
    }

    /**
     * Settings.
     *
     * @param accuracyTolerance points a network may lose against the baseline's mean (0.5)
     * @param seed              search seed; confirmation seeds are {@code seed + 1 ..}
     * @param confirmSeeds      further seeds per confirmed candidate, &gt;= 0
     * @param confirmMargin     a candidate is confirmed when its first accuracy is at least the needed mean
     *                          minus this, points, &gt;= 0
     * @param maxCandidates     at most this many qualifying networks are trained, &gt;= 0 (0 = price only)
     * @param order             in which order qualifying networks are trained
     */
    public record Settings(double accuracyTolerance, long seed, int confirmSeeds, double confirmMargin, int maxCandidates, Order order) {
        /** Settings that train in {@link Order#REDUCTION} order. */
        public Settings(double accuracyTolerance, long seed, int confirmSeeds, double confirmMargin, int maxCandidates) {
            this(accuracyTolerance, seed, confirmSeeds, confirmMargin, maxCandidates, Order.REDUCTION);
        }

        /**
         * @throws IllegalArgumentException if a count, the margin or the tolerance is negative (or NaN)
         * @throws NullPointerException     if {@code order} is null
         */
        public Settings {
            java.util.Objects.requireNonNull(order, "order");
            if (confirmSeeds < 0 || maxCandidates < 0 || !(confirmMargin >= 0) || !(accuracyTolerance >= 0)) {
                throw new IllegalArgumentException("confirmSeeds, maxCandidates, confirmMargin and accuracyTolerance must be >= 0");
            }
        }
    }

    /**
     * A qualifying network that was trained.
     *
     * @param network      description
     * @param reduction    its reduction against the baseline, %
     * @param latencyMs    simulated latency, ms
     * @param memoryBytes  parameter + peak activation bytes
     * @param accuracies   accuracy per training seed (search seed first), %
     * @param meanAccuracy their mean, %
     * @param reaches      whether the mean is at least the needed accuracy
     */
    public record Candidate(String network, double reduction, double latencyMs, long memoryBytes, List<Double> accuracies,
                            double meanAccuracy, boolean reaches) {
    }

    /**
     * Result.
     *
     * @param objective            LATENCY_AT_ACCURACY or MEMORY_AT_ACCURACY
     * @param seedReduction        the article's reduction, %
     * @param configurations       configurations priced (the whole space)
     * @param maxReduction         the largest reduction any configuration gives, whatever its accuracy, %
     * @param maxReductionNetwork  that configuration
     * @param qualifying           configurations whose reduction is at least the article's
     * @param baselineAccuracies   the baseline's accuracy per seed, % (empty when nothing was trained)
     * @param neededAccuracy       the baseline's mean minus the tolerance, % (NaN when nothing was trained)
     * @param trained              qualifying networks trained, in objective order
     * @param answer               the best qualifying network whose mean reaches the needed accuracy, or null
     * @param complete             whether every qualifying network was trained or an answer was found
     */
    public record Result(MultishotConfig.Objective objective, double seedReduction, long configurations, double maxReduction,
                         String maxReductionNetwork, int qualifying, List<Double> baselineAccuracies, double neededAccuracy,
                         List<Candidate> trained, Candidate answer, boolean complete) {
    }

    /**
     * @param space         the row's space (its baseline is the reference network)
     * @param objective     LATENCY_AT_ACCURACY (latency reduction) or MEMORY_AT_ACCURACY (memory reduction)
     * @param seedReduction the article's reduction, %, in [0, 100)
     * @param cost          the simulated NPU
     * @param evaluator     short training (unused when {@code maxCandidates} is 0)
     * @param settings      settings
     * @param workDir       journals ({@link SeedTableExperiment#JOURNAL}, {@link SeedTableExperiment#CONFIRM_JOURNAL}); created
     * @param progress      progress and cancellation
     * @return the check
     * @throws IllegalArgumentException if the space has more than {@link #MAX_CONFIGURATIONS} configurations, the
     *                                  objective is not a latency or memory one, the reduction is out of range, or
     *                                  a journal line other than the last is malformed
     * @throws java.io.UncheckedIOException if the work directory cannot be used
     */
    public static Result run(IbnSearchSpace space, MultishotConfig.Objective objective, double seedReduction, GraphCostModel cost,
                             CandidateEvaluator evaluator, Settings settings, Path workDir, Progress progress) {
        if (objective != MultishotConfig.Objective.LATENCY_AT_ACCURACY && objective != MultishotConfig.Objective.MEMORY_AT_ACCURACY) {
            throw new IllegalArgumentException("objective must be LATENCY_AT_ACCURACY or MEMORY_AT_ACCURACY, got " + objective);
        }
        if (!(seedReduction >= 0 && seedReduction < 100)) {
            throw new IllegalArgumentException("seed reduction must be in [0, 100) %, got " + seedReduction);
        }
        long total = space.configurations(MAX_CONFIGURATIONS);
        NetworkSpec base = space.baseline();
        CostSummary baseCost = CostSummary.of(base, cost);
        record Priced(NetworkSpec spec, CostSummary cost, double reduction) {
        }
        List<Priced> qualifying = new ArrayList<>();
        double maxRed = Double.NEGATIVE_INFINITY;
        String maxNet = "";
        for (long code = 0; code < total; code++) {
            int[] g = space.genotype(code);
            NetworkSpec n = space.decode(g, "candidate");
            CostSummary c = CostSummary.of(n, cost);
            double red = SeedTableExperiment.reduction(c, baseCost, objective);
            if (red > maxRed) {
                maxRed = red;
                maxNet = n.describe();
            }
            if (red >= seedReduction - 1e-9) {
                qualifying.add(new Priced(n, c, red));
            }
        }
        Comparator<Priced> byReduction = Comparator.comparingDouble((Priced q) -> -q.reduction()).thenComparing(q -> q.spec().describe());
        qualifying.sort(settings.order() == Order.MACS
                ? Comparator.comparingLong((Priced q) -> -q.cost().macs()).thenComparing(byReduction) : byReduction);
        if (settings.maxCandidates() == 0 || qualifying.isEmpty()) {
            return new Result(objective, seedReduction, total, maxRed, maxNet, qualifying.size(), List.of(), Double.NaN, List.of(), null,
                    qualifying.isEmpty());
        }
        try {
            Files.createDirectories(workDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + workDir + ": " + e.getMessage(), e);
        }
        Path journal = workDir.resolve(SeedTableExperiment.JOURNAL);
        Map<String, Double> trainedAcc = MultishotSearch.readJournal(journal, evaluator, settings.seed());
        Path confirmJournal = workDir.resolve(SeedTableExperiment.CONFIRM_JOURNAL);
        Journal.requireSettings(confirmJournal, evaluator.journalSettings());
        Map<String, Double> confirmed = SeedTableExperiment.readConfirmations(confirmJournal);
        SeedTableExperiment.Settings confirmSettings = new SeedTableExperiment.Settings(space.parallelismFactor(), 1, 1, 1,
                settings.accuracyTolerance(), settings.seed(), settings.confirmSeeds(), 0);
        double baseAcc = MultishotSearch.train(trainedAcc, journal, evaluator, base.withName("candidate"), settings.seed(), progress);
        List<Double> baseAccs = SeedTableExperiment.confirm(base, baseAcc, evaluator, confirmSettings, confirmed, workDir, progress);
        double needed = SeedTableExperiment.mean(baseAccs) - settings.accuracyTolerance();
        List<Candidate> out = new ArrayList<>();
        Candidate answer = null;
        int n = Math.min(settings.maxCandidates(), qualifying.size());
        for (int i = 0; i < n && !progress.cancelled(); i++) {
            Priced q = qualifying.get(i);
            progress.report("reach", i + 1, n, q.spec().describe() + String.format(" (%.1f%%)", q.reduction()));
            double a = MultishotSearch.train(trainedAcc, journal, evaluator, q.spec(), settings.seed(), progress);
            List<Double> accs = a >= needed - settings.confirmMargin()
                    ? SeedTableExperiment.confirm(q.spec(), a, evaluator, confirmSettings, confirmed, workDir, progress)
                    : List.of(a);
            double m = SeedTableExperiment.mean(accs);
            boolean reaches = accs.size() == 1 + settings.confirmSeeds() && SeedTableExperiment.holds(m, needed);
            Candidate c = new Candidate(q.spec().describe(), q.reduction(), q.cost().latencyMs(), q.cost().memoryBytes(), List.copyOf(accs),
                    m, reaches);
            out.add(c);
            if (reaches) {
                answer = c;
                break;
            }
        }
        boolean complete = answer != null || out.size() == qualifying.size();
        return new Result(objective, seedReduction, total, maxRed, maxNet, qualifying.size(), List.copyOf(baseAccs), needed,
                List.copyOf(out), answer, complete);
    }
}
