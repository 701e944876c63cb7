package org.edgeai.nas.search;

import io.jenetics.Chromosome;
import io.jenetics.Genotype;
import io.jenetics.IntegerChromosome;
import io.jenetics.IntegerGene;
import io.jenetics.Mutator;
import io.jenetics.SinglePointCrossover;
import io.jenetics.TournamentSelector;
import io.jenetics.engine.Engine;
import io.jenetics.util.RandomRegistry;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.edgeai.kernel.Progress;
import org.edgeai.kernel.graph.GraphCostModel;
import org.edgeai.nas.internal.Journal;
import org.edgeai.nas.space.CostSummary;
import org.edgeai.nas.space.ExpertRules;
import org.edgeai.nas.space.IbnSearchSpace;
import org.edgeai.nas.space.NetworkSpec;

/**
 * Multishot evolutionary search with Jenetics over an {@link IbnSearchSpace}, started from a first
 * population holding the baseline and random genotypes: each genotype
 * decodes to a network (optionally passed through the {@link ExpertRules}), is priced by the
 * {@link GraphCostModel} (the simulated NPU) and, when it can still win, trained briefly by the
 * {@link CandidateEvaluator}. Distinct networks are trained once (cached by their description);
 * with a journal file the accuracies survive a restart, so an interrupted search resumes where it
 * stopped.
 *
 * <p>Fitness ({@link MultishotConfig.Objective}):
 * <ul>
 *   <li>LATENCY_AT_ACCURACY: {@code 2 + refLatency / latency} if the accuracy reaches the target,
 *       else {@code accuracy / target} (&lt; 1): reach the accuracy first, then be fast.</li>
 *   <li>MEMORY_AT_ACCURACY: the same with {@code refMemory / memory} (parameter + peak activation bytes).</li>
 *   <li>ACCURACY_UNDER_BUDGET: the accuracy if within both budgets, else
 *       {@code -excess} (relative budget excess) without training.</li>
 *   <li>WEIGHTED_REWARD: MnasNet's reward {@code accuracy * (latency / T)^w [* (memory / M)^w]} (Tan et al. 2019,
 *       eq. 2; {@link #reward}); every candidate is trained and feasible.</li>
 * </ul>
 * With {@link MultishotConfig#priceFirst()} (*_AT_ACCURACY objectives) a candidate that does not beat
 * the baseline on the objective is priced but not trained (fitness {@code 0.5 * gain}, below every
 * trained candidate's, so selection still prefers the cheaper of two such candidates).
 * {@code maxEvaluations} counts trained candidates; the generation limit bounds the priced ones.
 *
 * @implNote Not thread-safe; candidates are evaluated one at a time on the caller's thread.
 */
public final class MultishotSearch {
    private MultishotSearch() {
    }

    /**
     * One evaluated candidate.
     *
     * @param order     1-based evaluation order (training order; cached candidates are not repeated)
     * @param network   description ({@link NetworkSpec#describe()})
     * @param accuracy  test accuracy, % (NaN when not trained: over budget, or priced out by
     *                  {@link MultishotConfig#priceFirst()})
     * @param cost      simulated costs
     * @param feasible  within the budgets (ACCURACY_UNDER_BUDGET) or reached the target (LATENCY_AT_ACCURACY)
     * @param fitness   the fitness value
     */
    public record Evaluation(int order, String network, double accuracy, CostSummary cost, boolean feasible, double fitness) {
    }

    /**
     * Result of a search.
     *
     * @param baseline      the baseline network's evaluation
     * @param best          best candidate by fitness
     * @param evaluations   every distinct candidate, in evaluation order
     * @param paretoFront   accuracy vs latency front of the trained candidates
     * @param convergence   after each trained candidate: the best objective so far (lowest feasible
     *                      latency in ms, lowest feasible memory in bytes, highest feasible accuracy
     *                      in %, or highest weighted reward; NaN before the first feasible)
     * @param generations   generations run
     * @param cancelled     true if stopped through {@link Progress#cancelled()}
     */
    public record Result(Evaluation baseline, Evaluation best, List<Evaluation> evaluations, List<ParetoFront.Point> paretoFront,
                         List<Double> convergence, long generations, boolean cancelled) {
    }

    /**
     * @param space     search space
     * @param cost      cost model (simulated NPU)
     * @param evaluator accuracy measurement
     * @param config    settings
     * @param journal   CSV file remembering trained accuracies ({@code network,accuracy}), or null
     * @param progress  progress and cancellation
     * @return the result
     * @throws IllegalArgumentException if a journal line other than the last is malformed
     * @throws UncheckedIOException     if the journal cannot be read or written
     */
    public static Result run(IbnSearchSpace space, GraphCostModel cost, CandidateEvaluator evaluator, MultishotConfig config,
                             Path journal, Progress progress) {
        Map<String, Double> trained = readJournal(journal, evaluator, config.seed());
        ExpertRules rules = ExpertRules.forParallelism(space.parallelismFactor());
        Map<String, Evaluation> seen = new HashMap<>();
        List<Evaluation> order = new ArrayList<>();
        int[] trainedCount = {0};
        boolean[] cancelled = {false};

        NetworkSpec base = space.baseline();
        CostSummary baseCost = CostSummary.of(base, cost);
        double refLatency = baseCost.latencyMs();
        long refMemory = baseCost.memoryBytes();

        java.util.function.Function<NetworkSpec, Evaluation> evaluate = spec -> {
            String key = spec.describe();
            Evaluation e = seen.get(key);
            if (e != null) {
                return e;
            }
            CostSummary c = CostSummary.of(spec, cost);
            int n = order.size() + 1;
            if (config.objective() == MultishotConfig.Objective.ACCURACY_UNDER_BUDGET && budgetExcess(c, config) > 0) {
                // over budget: never trained
                e = new Evaluation(n, key, Double.NaN, c, false, -budgetExcess(c, config));
            } else if (atAccuracy(config.objective()) && config.priceFirst()
                    && gain(c, config.objective(), refLatency, refMemory) <= 1 && !order.isEmpty()) {
                // cannot beat the baseline whatever its accuracy: not trained (the first evaluation is the baseline)
                e = new Evaluation(n, key, Double.NaN, c, false, 0.5 * gain(c, config.objective(), refLatency, refMemory));
            } else {
                double acc = train(trained, journal, evaluator, spec, config.seed(), progress);
                trainedCount[0]++;
                e = trained(n, key, acc, c, config, refLatency, refMemory);
            }
            seen.put(key, e);
            order.add(e);
            progress.report("search", trainedCount[0], config.maxEvaluations(),
                    String.format("%s acc %.2f%% latency %.4f ms mem %d B", key, e.accuracy(), c.latencyMs(), c.memoryBytes()));
            if (progress.cancelled()) {
                cancelled[0] = true;
            }
            return e;
        };

        Evaluation baseline = evaluate.apply(base.withName("candidate"));
        int[] choices = space.choices();
        List<IntegerChromosome> chromosomes = new ArrayList<>();
        for (int ch : choices) {
            // Jenetics 8 integer ranges exclude their maximum: [0, ch) covers every option (a one-option gene is [0, 1)).
            chromosomes.add(IntegerChromosome.of(0, ch, 1));
        }
        long[] generations = {0};
        RandomRegistry.with(new SplittableRandom(config.searchSeed()), r -> {
            Engine<IntegerGene, Double> engine = Engine.builder(
                            (Genotype<IntegerGene> g) -> {
                                if (cancelled[0] || (trainedCount[0] >= config.maxEvaluations() && !seen.containsKey(decode(space, g, rules, cost, config).describe()))) {
                                    return Double.NEGATIVE_INFINITY;
                                }
                                return evaluate.apply(decode(space, g, rules, cost, config)).fitness();
                            },
                            Genotype.of(chromosomes))
                    .populationSize(config.population())
                    .selector(new TournamentSelector<>(3))
                    .alterers(new SinglePointCrossover<>(0.3), new Mutator<>(Math.max(0.1, 1.0 / choices.length)))
                    .executor(Runnable::run)
                    .build();
            // Start from the baseline (the article searches around an existing network): it is one member of the
            // first population, the others are random.
            int[] bg = space.baselineGenotype();
            List<IntegerChromosome> start = new ArrayList<>();
            for (int i = 0; i < bg.length; i++) {
                start.add(IntegerChromosome.of(IntegerGene.of(bg[i], 0, choices[i])));
            }
            engine.stream(List.of(Genotype.of(start)))
                    .limit(res -> !cancelled[0] && trainedCount[0] < config.maxEvaluations())
                    .limit(config.generations())
                    .forEach(res -> generations[0] = res.generation());
            return null;
        });

        return summarise(baseline, order, config.objective(), generations[0], cancelled[0]);
    }

    /**
     * @param baseline    the baseline's evaluation
     * @param order       every evaluation in evaluation order (the baseline first)
     * @param objective   the objective
     * @param generations generations run (0 if not an evolution)
     * @param cancelled   whether the search was cancelled
     * @return the result: best by fitness, Pareto front of the trained, convergence of the best feasible objective
     */
    static Result summarise(Evaluation baseline, List<Evaluation> order, MultishotConfig.Objective objective, long generations,
                            boolean cancelled) {
        Evaluation best = baseline;
        for (Evaluation e : order) {
            if (e.fitness() > best.fitness()) {
                best = e;
            }
        }
        List<ParetoFront.Point> pts = new ArrayList<>();
        List<Double> conv = new ArrayList<>();
        double bestObjective = Double.NaN;
        for (Evaluation e : order) {
            if (!Double.isNaN(e.accuracy())) {
                pts.add(new ParetoFront.Point(e.network(), e.accuracy(), e.cost().latencyMs()));
            }
            if (e.feasible()) {
                double v = switch (objective) {
                    case LATENCY_AT_ACCURACY -> e.cost().latencyMs();
                    case MEMORY_AT_ACCURACY -> e.cost().memoryBytes();
                    case ACCURACY_UNDER_BUDGET -> e.accuracy();
                    case WEIGHTED_REWARD -> e.fitness();
                };
                boolean better = Double.isNaN(bestObjective) || (atAccuracy(objective) ? v < bestObjective : v > bestObjective);
                if (better) {
                    bestObjective = v;
                }
            }
            if (!Double.isNaN(e.accuracy())) {
                conv.add(bestObjective);
            }
        }
        return new Result(baseline, best, List.copyOf(order), ParetoFront.of(pts), conv, generations, cancelled);
    }

    private static NetworkSpec decode(IbnSearchSpace space, Genotype<IntegerGene> g, ExpertRules rules, GraphCostModel cost,
                                      MultishotConfig config) {
        int[] choices = space.choices();
        int[] genes = new int[g.length()];
        int i = 0;
        for (Chromosome<IntegerGene> c : g) {
            genes[i] = Math.min(c.gene().intValue(), choices[i] - 1);
            i++;
        }
        NetworkSpec spec = space.decode(genes, "candidate");
        if (config.applyExpertRules()) {
            spec = rules.apply(spec, cost, config.ruleCriterion()).getLast().network();
        }
        return spec;
    }

    /** @return true for the objectives that minimise a cost at a target accuracy */
    static boolean atAccuracy(MultishotConfig.Objective objective) {
        return objective == MultishotConfig.Objective.LATENCY_AT_ACCURACY || objective == MultishotConfig.Objective.MEMORY_AT_ACCURACY;
    }

    /**
     * MnasNet's soft-constraint reward (Tan et al., CVPR 2019, eq. 2 with alpha = beta = w).
     *
     * @param accuracy accuracy, %
     * @param c        costs
     * @param config   latency target {@code latencyBudgetMs}, memory target {@code memoryBudgetBytes} (ignored when
     *                 {@code Long.MAX_VALUE}), exponent {@code rewardExponent}
     * @return {@code accuracy * (latency / T)^w}, times {@code (memory / M)^w} with a memory target
     */
    static double reward(double accuracy, CostSummary c, MultishotConfig config) {
        double w = config.rewardExponent();
        double r = accuracy * Math.pow(c.latencyMs() / config.latencyBudgetMs(), w);
        if (config.memoryBudgetBytes() != Long.MAX_VALUE) {
            r *= Math.pow((double) c.memoryBytes() / config.memoryBudgetBytes(), w);
        }
        return r;
    }

    /** @return the relative excess over the tighter of the latency and memory budgets ({@code <= 0} within both) */
    static double budgetExcess(CostSummary c, MultishotConfig config) {
        return Math.max(c.latencyMs() / config.latencyBudgetMs(), (double) c.memoryBytes() / config.memoryBudgetBytes()) - 1;
    }

    /** @return baseline cost over candidate cost on the objective's measure (latency, or memory for MEMORY_AT_ACCURACY) */
    static double gain(CostSummary c, MultishotConfig.Objective objective, double refLatency, long refMemory) {
        return objective == MultishotConfig.Objective.MEMORY_AT_ACCURACY ? (double) refMemory / c.memoryBytes()
                : refLatency / c.latencyMs();
    }

    /**
     * The evaluation of a trained candidate, feasibility and fitness as in the class comment.
     *
     * @param order    1-based evaluation order
     * @param network  description
     * @param accuracy its accuracy, %
     * @param c        its costs
     * @param config   objective, target and budgets
     * @param refLatency baseline latency, ms
     * @param refMemory  baseline parameter + peak activation memory, bytes
     * @return the evaluation
     */
    static Evaluation trained(int order, String network, double accuracy, CostSummary c, MultishotConfig config, double refLatency,
                              long refMemory) {
        if (config.objective() == MultishotConfig.Objective.ACCURACY_UNDER_BUDGET) {
            double excess = budgetExcess(c, config);
            return new Evaluation(order, network, accuracy, c, excess <= 0, excess <= 0 ? accuracy : -excess);
        }
        if (config.objective() == MultishotConfig.Objective.WEIGHTED_REWARD) {
            return new Evaluation(order, network, accuracy, c, true, reward(accuracy, c, config));
        }
        boolean feasible = accuracy >= config.targetAccuracy();
        double fit = feasible ? 2 + gain(c, config.objective(), refLatency, refMemory)
                : accuracy / Math.max(1e-9, config.targetAccuracy());
        return new Evaluation(order, network, accuracy, c, feasible, fit);
    }

    /** Trains {@code spec} unless the journal knows it; appends new accuracies to the journal (shared with {@link SeedReach}). */
    static double train(Map<String, Double> trained, Path journal, CandidateEvaluator evaluator, NetworkSpec spec,
                                long seed, Progress progress) {
        String key = spec.describe();
        Double known = trained.get(key);
        if (known != null) {
            return known;
        }
        double acc = evaluator.accuracy(spec, seed, progress);
        trained.put(key, acc);
        Journal.append(journal, key + "," + acc);
        return acc;
    }

    /**
     * Binds the journal to the evaluator's settings and the training seed ({@link Journal#requireSettings}; the key is
     * the network alone), then reads it.
     */
    static Map<String, Double> readJournal(Path journal, CandidateEvaluator evaluator, long seed) {
        String settings = evaluator.journalSettings();
        Journal.requireSettings(journal, settings.isEmpty() ? "" : settings + " seed=" + seed);
        return readJournal(journal);
    }

    /** Reads a {@code network,accuracy} journal (empty if null or absent); a cut last line is skipped ({@link Journal}). */
    static Map<String, Double> readJournal(Path journal) {
        Map<String, Double> m = new HashMap<>();
        Journal.read(journal, "network,accuracy", 2, f -> m.put(f[0], Double.parseDouble(f[1])));
        return m;
    }
}
