package org.edgeai.nas.estimate;

/**
 * Settings of the latency estimators: the additive decomposition (ridge) and the learned
 * correction (gradient-boosted trees, XGBoost through Tribuo) fitted to the log-ratio of measured
 * to decomposed latency.
 *
 * @param ridgeLambda        ridge penalty of the per-(position, op) decomposition, &gt;= 0 (default 1e-3)
 * @param trees              boosting rounds of the correction, &gt;= 0; 0 disables it (default 400)
 * @param learningRate       shrinkage eta in (0, 1] (default 0.05)
 * @param maxDepth           tree depth, &gt;= 1 (default 6)
 * @param subsample          row subsampling per tree in (0, 1] (default 0.8)
 * @param featureSubsample   column subsampling per tree in (0, 1] (default 0.8)
 * @param minChildWeight     minimum hessian per leaf, &gt;= 0 (default 1)
 * @param selectionShare     share of the training rows held out internally to decide whether the
 *                           correction helps, in [0, 0.5) (default 0.1; 0 always keeps it)
 * @param threads            XGBoost threads, &gt;= 1 (default 1: the machine is shared, and OpenMP threads spin when cores are oversubscribed)
 * @param seed               seed of the internal split and of XGBoost
 * @param robustRounds       boosting fits of the correction, &gt;= 1; between fits rows are re-weighted by a
 *                           Tukey biweight of their log residual (scale 0.15), so a bimodal device's
 *                           minority mode loses influence (default 1 = plain squared error; 2-3 helped
 *                           raspi4 and hurt pixel3 on the shared rows)
 */
public record EstimatorConfig(double ridgeLambda, int trees, double learningRate, int maxDepth, double subsample,
                              double featureSubsample, double minChildWeight, double selectionShare, int threads, long seed,
                              int robustRounds) {

    /** @throws IllegalArgumentException naming the first value out of range */
    public EstimatorConfig {
        if (!(ridgeLambda >= 0)) {
            throw new IllegalArgumentException("ridgeLambda must be >= 0, got " + ridgeLambda);
        }
        if (trees < 0) {
            throw new IllegalArgumentException("trees must be >= 0, got " + trees);
        }
        if (!(learningRate > 0 && learningRate <= 1)) {
            throw new IllegalArgumentException("learningRate must be in (0, 1], got " + learningRate);
        }
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be >= 1, got " + maxDepth);
        }
        if (!(subsample > 0 && subsample <= 1) || !(featureSubsample > 0 && featureSubsample <= 1)) {
            throw new IllegalArgumentException("subsample shares must be in (0, 1], got " + subsample + ", " + featureSubsample);
        }
        if (!(minChildWeight >= 0)) {
            throw new IllegalArgumentException("minChildWeight must be >= 0, got " + minChildWeight);
        }
        if (!(selectionShare >= 0 && selectionShare < 0.5)) {
            throw new IllegalArgumentException("selectionShare must be in [0, 0.5), got " + selectionShare);
        }
        if (robustRounds < 1) {
            throw new IllegalArgumentException("robustRounds must be >= 1, got " + robustRounds);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** @return the documented defaults with seed 1 */
    public static EstimatorConfig defaults() {
        return new EstimatorConfig(1e-3, 400, 0.05, 6, 0.8, 0.8, 1, 0.1, 1, 1, 1);
    }

    /** @return a copy with another seed */
    public EstimatorConfig withSeed(long s) {
        return new EstimatorConfig(ridgeLambda, trees, learningRate, maxDepth, subsample, featureSubsample, minChildWeight,
                selectionShare, threads, s, robustRounds);
    }

    /** @return a copy with another number of robust re-weighting rounds */
    public EstimatorConfig withRobustRounds(int r) {
        return new EstimatorConfig(ridgeLambda, trees, learningRate, maxDepth, subsample, featureSubsample, minChildWeight,
                selectionShare, threads, seed, r);
    }

    /** @return a copy with another number of trees (0 = decomposition only) */
    public EstimatorConfig withTrees(int t) {
        return new EstimatorConfig(ridgeLambda, t, learningRate, maxDepth, subsample, featureSubsample, minChildWeight,
                selectionShare, threads, seed, robustRounds);
    }
}
