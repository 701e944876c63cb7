package org.edgeai.nas.search;

import org.edgeai.nas.space.ExpertRules;

/**
 * Settings of the multishot evolutionary search.
 *
 * @param objective          what is optimised
 * @param population         Jenetics population size, &gt;= 2
 * @param generations        maximum generations, &gt;= 1
 * @param maxEvaluations     maximum distinct candidates trained, &gt;= 1
 * @param targetAccuracy     for the *_AT_ACCURACY objectives: accuracy a candidate must reach, %
 * @param latencyBudgetMs    for {@link Objective#ACCURACY_UNDER_BUDGET}: latency budget, ms (+inf for none)
 * @param memoryBudgetBytes  for {@link Objective#ACCURACY_UNDER_BUDGET}: parameter + peak activation budget (Long.MAX_VALUE for none)
 * @param applyExpertRules   whether every decoded candidate goes through {@link ExpertRules},
 *                           judged on {@link #ruleCriterion()}
 * @param seed               seed of every candidate's training (initialisation, data order)
 * @param priceFirst         for the *_AT_ACCURACY objectives: price every candidate first and train only those that
 *                           beat the baseline on the objective (a candidate no faster, or no smaller, than the baseline
 *                           cannot improve the result whatever its accuracy); the others get the fitness
 *                           {@code 0.5 * gain} (below every trained candidate's) and do not count against
 *                           {@code maxEvaluations}
 * @param searchSeed         seed of the evolution's random stream (Jenetics' {@code RandomRegistry}: the first
 *                           population's random members, selection, crossover, mutation); two searches that differ
 *                           only here train their common candidates identically, so they share one journal
 * @param rewardExponent     for {@link Objective#WEIGHTED_REWARD}: the exponent {@code w <= 0} of the soft constraint
 *                           (MnasNet's -0.07 by default)
 * @implNote Immutable; thread-safe.
 */
public record MultishotConfig(Objective objective, int population, int generations, int maxEvaluations, double targetAccuracy,
                              double latencyBudgetMs, long memoryBudgetBytes, boolean applyExpertRules, long seed,
                              boolean priceFirst, long searchSeed, double rewardExponent) {

    /**
     * MnasNet's soft-constraint exponent (Tan et al., "MnasNet: platform-aware neural architecture search for mobile",
     * CVPR 2019, eq. 2 with alpha = beta = -0.07).
     */
    public static final double MNASNET_EXPONENT = -0.07;

    /** Settings with MnasNet's reward exponent (used only by {@link Objective#WEIGHTED_REWARD}). */
    public MultishotConfig(Objective objective, int population, int generations, int maxEvaluations, double targetAccuracy,
                           double latencyBudgetMs, long memoryBudgetBytes, boolean applyExpertRules, long seed,
                           boolean priceFirst, long searchSeed) {
        this(objective, population, generations, maxEvaluations, targetAccuracy, latencyBudgetMs, memoryBudgetBytes, applyExpertRules,
                seed, priceFirst, searchSeed, MNASNET_EXPONENT);
    }

    /** Settings whose evolution is seeded like the trainings ({@code searchSeed = seed}). */
    public MultishotConfig(Objective objective, int population, int generations, int maxEvaluations, double targetAccuracy,
                           double latencyBudgetMs, long memoryBudgetBytes, boolean applyExpertRules, long seed,
                           boolean priceFirst) {
        this(objective, population, generations, maxEvaluations, targetAccuracy, latencyBudgetMs, memoryBudgetBytes, applyExpertRules,
                seed, priceFirst, seed);
    }

    /** Settings that train every candidate the search proposes ({@code priceFirst = false}, {@code searchSeed = seed}). */
    public MultishotConfig(Objective objective, int population, int generations, int maxEvaluations, double targetAccuracy,
                           double latencyBudgetMs, long memoryBudgetBytes, boolean applyExpertRules, long seed) {
        this(objective, population, generations, maxEvaluations, targetAccuracy, latencyBudgetMs, memoryBudgetBytes, applyExpertRules,
                seed, false);
    }

    /** Search objectives. */
    public enum Objective {
        /** Lowest latency among candidates that reach the target accuracy (the article's table). */
        LATENCY_AT_ACCURACY,
        /** Highest accuracy within the latency and memory budgets (infeasible candidates are not trained). */
        ACCURACY_UNDER_BUDGET,
        /** Lowest parameter + peak activation memory among candidates that reach the target accuracy. */
        MEMORY_AT_ACCURACY,
        /**
         * Highest weighted reward, the soft-constraint alternative to the budgets of ACCURACY_UNDER_BUDGET:
         * {@code accuracy * (latency / latencyBudgetMs)^w}, times {@code (memory / memoryBudgetBytes)^w} when a memory
         * budget is set, with {@code w = rewardExponent} (MnasNet, Tan et al. CVPR 2019, eq. 2, alpha = beta = w): a
         * candidate over a budget is penalised, not excluded, and one under it is rewarded.
         */
        WEIGHTED_REWARD;

        /** @return the cost this objective minimises or reports a reduction of: memory for MEMORY_AT_ACCURACY, else latency */
        public ExpertRules.Criterion measure() {
            return this == MEMORY_AT_ACCURACY ? ExpertRules.Criterion.MEMORY : ExpertRules.Criterion.LATENCY;
        }
    }

    /**
     * @return what the expert rules are judged on: memory for {@link Objective#MEMORY_AT_ACCURACY} and for a budgeted
     *         search with a memory budget and no latency budget, latency otherwise
     */
    public ExpertRules.Criterion ruleCriterion() {
        boolean memoryOnly = (objective == Objective.ACCURACY_UNDER_BUDGET || objective == Objective.WEIGHTED_REWARD)
                && Double.isInfinite(latencyBudgetMs) && memoryBudgetBytes != Long.MAX_VALUE;
        return memoryOnly ? ExpertRules.Criterion.MEMORY : objective.measure();
    }

    /**
     * @throws IllegalArgumentException naming the bad value
     * @throws NullPointerException     if {@code objective} is null
     */
    public MultishotConfig {
        java.util.Objects.requireNonNull(objective, "objective");
        if (population < 2 || generations < 1 || maxEvaluations < 1) {
            throw new IllegalArgumentException("need population >= 2, generations >= 1, maxEvaluations >= 1, got "
                    + population + ", " + generations + ", " + maxEvaluations);
        }
        if (!(latencyBudgetMs > 0) || memoryBudgetBytes <= 0) {
            throw new IllegalArgumentException("budgets must be positive, got " + latencyBudgetMs + " ms, " + memoryBudgetBytes + " bytes");
        }
        if (!(targetAccuracy >= 0 && targetAccuracy <= 100)) {
            throw new IllegalArgumentException("target accuracy must be in [0, 100] %, got " + targetAccuracy);
        }
        if (!(rewardExponent <= 0) || Double.isInfinite(rewardExponent)) {
            throw new IllegalArgumentException("reward exponent must be finite and <= 0, got " + rewardExponent);
        }
        if (objective == Objective.WEIGHTED_REWARD && Double.isInfinite(latencyBudgetMs)) {
            throw new IllegalArgumentException("the weighted reward needs a latency target (budget), got none");
        }
    }
}
