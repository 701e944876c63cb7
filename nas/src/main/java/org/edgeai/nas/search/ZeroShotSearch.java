package org.edgeai.nas.search;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.edgeai.kernel.Progress;
import org.edgeai.kernel.graph.GraphCostModel;
import org.edgeai.nas.space.CostSummary;
import org.edgeai.nas.space.ExpertRules;
import org.edgeai.nas.space.IbnSearchSpace;
import org.edgeai.nas.space.NetworkSpec;

/**
 * Zero-shot search: a training-free proxy (e.g. synflow, see {@code org.edgeai.nas.train.ZeroShotProxies}) screens
 * many candidates and only the few it points at are trained (the zero-cost warm-up / pruning use of proxies in
 * Abdelfattah et al., "Zero-Cost Proxies for Lightweight NAS", ICLR 2021, Sec. 5).
 *
 * <ol>
 *   <li>Sample {@code samples} distinct genotypes uniformly (seeded by {@link MultishotConfig#searchSeed()}),
 *       decode them (optionally through the {@link ExpertRules}) and price them on the simulated NPU.</li>
 *   <li>Keep those that can improve the result: for the *_AT_ACCURACY objectives cheaper than the baseline on the
 *       objective; for ACCURACY_UNDER_BUDGET within both budgets. Score each with the proxy.</li>
 *   <li>ACCURACY_UNDER_BUDGET: train the {@code maxEvaluations} best-scored; best = highest accuracy.</li>
 *   <li>*_AT_ACCURACY, a proxy-guided bisection: among untrained candidates cheaper than the cheapest network that
 *       has reached the target so far (the baseline at first), take the Pareto front of (cost low, proxy high) and
 *       train its median-cost member. If it reaches the target it becomes the best and only cheaper candidates stay
 *       in play; if not, it and every candidate that is both cheaper and scored no higher (the proxy predicts they
 *       fail too) leave play. Repeat until {@code maxEvaluations} trainings. When nothing is left in play with
 *       trainings to spare, screen another {@code samples} networks from the same stream (only those cheaper than
 *       the best and not predicted to fail are scored and enter play), at most {@link #MAX_ROUNDS} rounds in all.</li>
 * </ol>
 * Trained accuracies share the multishot search's {@code network,accuracy} journal format (a run resumes, and
 * searches share trainings). The result is a {@link MultishotSearch.Result} whose evaluations are the baseline and
 * the trained candidates (fitness as in {@link MultishotSearch}).
 *
 * @implNote Not thread-safe; runs on the caller's thread.
 */
public final class ZeroShotSearch {
    /** Screening rounds at most (the first included) when the bisection runs out of candidates with trainings left. */
    public static final int MAX_ROUNDS = 10;

    private ZeroShotSearch() {
    }

    /**
     * What the screening saw.
     *
     * @param sampled  distinct networks sampled, over every screening round
     * @param eligible of those, the ones that could improve the result when drawn (scored by the proxy)
     * @param result   the search result
     */
    public record Outcome(int sampled, int eligible, MultishotSearch.Result result) {
    }

    /**
     * @param space     search space
     * @param cost      cost model (simulated NPU)
     * @param evaluator accuracy measurement
     * @param proxy     training-free score of a network, higher = predicted more accurate (finite)
     * @param samples   distinct networks to draw per screening round, &gt;= 1 (duplicates are drawn again, up to 20 tries
     *                  per sample)
     * @param config    objective, target, budgets, {@code maxEvaluations}, training seed, search seed, expert rules
     *                  (population and generations are not used)
     * @param journal   {@code network,accuracy} journal or null
     * @param progress  progress and cancellation
     * @return the outcome
     * @throws IllegalArgumentException if {@code samples < 1}, the objective is the weighted reward, or the proxy returns a
     *                                  non-finite score
     * @throws UncheckedIOException     if the journal cannot be read or written
     */
    public static Outcome run(IbnSearchSpace space, GraphCostModel cost, CandidateEvaluator evaluator, ToDoubleFunction<NetworkSpec> proxy,
                              int samples, MultishotConfig config, Path journal, Progress progress) {
        if (samples < 1) {
            throw new IllegalArgumentException("need at least one sample, got " + samples);
        }
        if (config.objective() == MultishotConfig.Objective.WEIGHTED_REWARD) {
            throw new IllegalArgumentException("the zero-shot search takes the latency, memory or accuracy objective, not the weighted "
                    + "reward (its bisection needs a target to reach or budgets to stay within)");
        }
        Map<String, Double> trained = MultishotSearch.readJournal(journal, evaluator, config.seed());
        ExpertRules rules = ExpertRules.forParallelism(space.parallelismFactor());
        NetworkSpec base = space.baseline().withName("candidate");
        CostSummary baseCost = CostSummary.of(base, cost);
        boolean budgetObjective = config.objective() == MultishotConfig.Objective.ACCURACY_UNDER_BUDGET;

        // 1-2: sample, price, keep the eligible, score
        double baseObjective = objectiveCost(baseCost, config.objective());
        Screen screen = new Screen(space, cost, rules, config, proxy, base, progress);
        List<Candidate> pool = screen.round(samples, c -> budgetObjective
                ? c.cost().latencyMs() <= config.latencyBudgetMs() && c.cost().memoryBytes() <= config.memoryBudgetBytes()
                : c.objectiveCost() < baseObjective);

        // 3-4: train what the proxy points at
        List<MultishotSearch.Evaluation> order = new ArrayList<>();
        double refLatency = baseCost.latencyMs();
        long refMemory = baseCost.memoryBytes();
        MultishotSearch.Evaluation baseline = evaluate(base, baseCost, trained, journal, evaluator, config, refLatency, refMemory, order,
                progress);
        int trainings = 0;
        if (budgetObjective) {
            pool.sort(Comparator.comparingDouble(Candidate::score).reversed());
            for (Candidate c : pool) {
                if (trainings >= config.maxEvaluations() || progress.cancelled()) {
                    break;
                }
                evaluate(c.spec(), c.cost(), trained, journal, evaluator, config, refLatency, refMemory, order, progress);
                trainings++;
            }
        } else {
            double[] bestCost = {baseObjective};
            List<Candidate> failed = new ArrayList<>();
            java.util.function.Predicate<Candidate> inPlay = c -> c.objectiveCost() < bestCost[0]
                    && failed.stream().noneMatch(f -> c.objectiveCost() <= f.objectiveCost() && c.score() <= f.score());
            List<Candidate> live = new ArrayList<>(pool);
            int rounds = 1;
            while (trainings < config.maxEvaluations() && !progress.cancelled()) {
                live.removeIf(inPlay.negate());
                if (live.isEmpty() && rounds < MAX_ROUNDS) {
                    // everything screened so far is trained, or predicted to fail: screen more with the budget left
                    rounds++;
                    live.addAll(screen.round(samples, inPlay));
                    continue;
                }
                if (live.isEmpty()) {
                    break;
                }
                List<Candidate> front = front(live);
                Candidate probe = front.get(front.size() / 2);
                MultishotSearch.Evaluation e = evaluate(probe.spec(), probe.cost(), trained, journal, evaluator, config, refLatency,
                        refMemory, order, progress);
                trainings++;
                live.remove(probe);
                if (e.feasible()) {
                    bestCost[0] = probe.objectiveCost();
                } else {
                    failed.add(probe);
                }
            }
        }
        MultishotSearch.Result r = MultishotSearch.summarise(baseline, order, config.objective(), 0, progress.cancelled());
        return new Outcome(screen.sampled, screen.scored, r);
    }

    /** Draws genotypes from one seeded stream, never the same network twice; prices them and scores the eligible. */
    private static final class Screen {
        private final IbnSearchSpace space;
        private final GraphCostModel cost;
        private final ExpertRules rules;
        private final MultishotConfig config;
        private final ToDoubleFunction<NetworkSpec> proxy;
        private final Progress progress;
        private final SplittableRandom rng;
        private final Set<String> seen = new HashSet<>();
        int sampled;
        int scored;

        Screen(IbnSearchSpace space, GraphCostModel cost, ExpertRules rules, MultishotConfig config, ToDoubleFunction<NetworkSpec> proxy,
               NetworkSpec base, Progress progress) {
            this.space = space;
            this.cost = cost;
            this.rules = rules;
            this.config = config;
            this.proxy = proxy;
            this.progress = progress;
            this.rng = new SplittableRandom(config.searchSeed());
            seen.add(base.describe());
        }

        /** @return the eligible candidates among {@code samples} new distinct networks (fewer if the space runs dry) */
        List<Candidate> round(int samples, java.util.function.Predicate<Candidate> eligible) {
            int[] choices = space.choices();
            List<Candidate> out = new ArrayList<>();
            int drawn = 0;
            for (int tries = 0; drawn < samples && tries < 20 * samples && !progress.cancelled(); tries++) {
                int[] g = new int[choices.length];
                for (int i = 0; i < g.length; i++) {
                    g[i] = rng.nextInt(choices[i]);
                }
                NetworkSpec spec = space.decode(g, "candidate");
                if (config.applyExpertRules()) {
                    spec = rules.apply(spec, cost, config.ruleCriterion()).getLast().network();
                }
                if (!seen.add(spec.describe())) {
                    continue;
                }
                drawn++;
                sampled++;
                CostSummary c = CostSummary.of(spec, cost);
                Candidate unscored = new Candidate(spec, c, objectiveCost(c, config.objective()), Double.POSITIVE_INFINITY);
                if (!eligible.test(unscored)) {
                    continue; // not eligible even with the best possible score
                }
                double score = proxy.applyAsDouble(spec);
                // -infinity is a proxy's lowest score (NASWOT's log-determinant of a singular kernel): kept, ranks last
                if (Double.isNaN(score) || score == Double.POSITIVE_INFINITY) {
                    throw new IllegalArgumentException("proxy score of " + spec.describe() + " is " + score);
                }
                Candidate cand = new Candidate(spec, c, unscored.objectiveCost(), score);
                scored++;
                if (eligible.test(cand)) {
                    out.add(cand);
                }
                progress.report("zero-shot screen", drawn, samples, String.format("%d scored; %s score %.3f cost %.5g",
                        scored, spec.describe(), score, cand.objectiveCost()));
            }
            return out;
        }
    }

    /** A priced, scored candidate. */
    private record Candidate(NetworkSpec spec, CostSummary cost, double objectiveCost, double score) {
    }

    private static double objectiveCost(CostSummary c, MultishotConfig.Objective objective) {
        return objective.measure().of(c);
    }

    /** @return the candidates no other beats on both cost (lower) and score (higher), by increasing cost */
    static List<Candidate> front(List<Candidate> live) {
        List<Candidate> sorted = new ArrayList<>(live);
        sorted.sort(Comparator.comparingDouble(Candidate::objectiveCost).thenComparing(Comparator.comparingDouble(Candidate::score).reversed()));
        List<Candidate> front = new ArrayList<>();
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Candidate c : sorted) {
            if (front.isEmpty() || c.score() > bestScore) { // the cheapest is never dominated, even at score -infinity
                front.add(c);
                bestScore = c.score();
            }
        }
        return front;
    }

    private static MultishotSearch.Evaluation evaluate(NetworkSpec spec, CostSummary c, Map<String, Double> trained, Path journal,
                                                       CandidateEvaluator evaluator, MultishotConfig config, double refLatency,
                                                       long refMemory, List<MultishotSearch.Evaluation> order, Progress progress) {
        double acc = MultishotSearch.train(trained, journal, evaluator, spec, config.seed(), progress);
        MultishotSearch.Evaluation e = MultishotSearch.trained(order.size() + 1, spec.describe(), acc, c, config, refLatency, refMemory);
        order.add(e);
        progress.report("zero-shot train", order.size() - 1, config.maxEvaluations(),
                String.format("%s acc %.2f%% latency %.4f ms mem %d B%s", e.network(), acc, c.latencyMs(), c.memoryBytes(),
                        e.feasible() ? " (reaches the target)" : ""));
        return e;
    }
}
