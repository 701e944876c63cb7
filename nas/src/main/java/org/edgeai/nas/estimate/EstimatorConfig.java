package org.edgeai.nas.estimate;

/**
 * Settings of the latency estimators (see {@link LatencyEstimator} for the method): the robust
 * additive decomposition, the learned correction (gradient-boosted trees, XGBoost through Tribuo; T. Chen and
 * C. Guestrin, "XGBoost: A Scalable Tree Boosting System", KDD 2016) fitted to the log-ratio of measured to
 * decomposed latency, the internal cross-validation that decides what is kept, and the optional benchmark-index
 * calibration. The robust weights are Welsch's, {@code w = exp(-r^2 / (2 c^2))} (P. W. Holland and R. E. Welsch, "Robust
 * regression using iteratively reweighted least-squares", Commun. Statist. A6, 1977). Immutable; thread-safe.
 *
 * @param ridgeLambda      ridge penalty of the decomposition, relative to unit-mean row weights, &gt;= 0 (default 1e-3)
 * @param partsScale       scale of the Welsch weights of the decomposition on the log ratio
 *                         {@code log(measured / decomposed)}, &gt; 0 (default 0.25, i.e. rows off by more than about
 *                         30 % lose most of their weight, so a bimodal device's minority mode does not bias the fit)
 * @param trees            boosting rounds per correction fit, &gt;= 0; 0 disables the correction (default 300)
 * @param learningRate     shrinkage eta in (0, 1] (default 0.05)
 * @param maxDepth         tree depth, &gt;= 1 (default 6)
 * @param subsample        row subsampling per tree in (0, 1] (default 0.8)
 * @param featureSubsample column subsampling per tree in (0, 1] (default 0.8)
 * @param minChildWeight   minimum hessian per leaf, &gt;= 0 (default 1)
 * @param correctionScale  scale of the Welsch weights of the correction on its log residual, &gt; 0 (default 0.1)
 * @param correctionRounds correction fits, &gt;= 1: the first is weighted by the decomposition's residual, each
 *                         further one by its predecessor's (iteratively reweighted, default 2)
 * @param folds            folds of the internal cross-validation over the training rows, in [2, 20] (default 5);
 *                         it decides whether the correction is kept, the window offset and the index calibration
 * @param threads          XGBoost threads, &gt;= 1 (default 1: the machine is shared, and OpenMP threads spin
 *                         when cores are oversubscribed)
 * @param seed             seed of the folds and of XGBoost
 * @param indexCalibration when true and benchmark indices are given, also fit the measurement-order calibration
 *                         (see {@link LatencyEstimator#predictMs(Object, int)}); default false
 */
public record EstimatorConfig(double ridgeLambda, double partsScale, int trees, double learningRate, int maxDepth,
                              double subsample, double featureSubsample, double minChildWeight, double correctionScale,
                              int correctionRounds, int folds, int threads, long seed, boolean indexCalibration) {

    /** @throws IllegalArgumentException naming the first value out of range */
    public EstimatorConfig {
        if (!(ridgeLambda >= 0)) {
            throw new IllegalArgumentException("ridgeLambda must be >= 0, got " + ridgeLambda);
        }
        if (!(partsScale > 0) || !(correctionScale > 0)) {
            throw new IllegalArgumentException("Welsch scales must be > 0, got " + partsScale + ", " + correctionScale);
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
        if (correctionRounds < 1) {
            throw new IllegalArgumentException("correctionRounds must be >= 1, got " + correctionRounds);
        }
        if (folds < 2 || folds > 20) {
            throw new IllegalArgumentException("folds must be in [2, 20], got " + folds);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** @return the documented defaults with seed 1 and no index calibration */
    public static EstimatorConfig defaults() {
        return builder().build();
    }

    /** @return a builder holding the documented defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder initialised from this configuration */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.ridgeLambda = ridgeLambda;
        b.partsScale = partsScale;
        b.trees = trees;
        b.learningRate = learningRate;
        b.maxDepth = maxDepth;
        b.subsample = subsample;
        b.featureSubsample = featureSubsample;
        b.minChildWeight = minChildWeight;
        b.correctionScale = correctionScale;
        b.correctionRounds = correctionRounds;
        b.folds = folds;
        b.threads = threads;
        b.seed = seed;
        b.indexCalibration = indexCalibration;
        return b;
    }

    /** @return a copy with another seed */
    public EstimatorConfig withSeed(long s) {
        return toBuilder().seed(s).build();
    }

    /** @return a copy with another number of trees (0 = decomposition only) */
    public EstimatorConfig withTrees(int t) {
        return toBuilder().trees(t).build();
    }

    /** @return a copy with the index calibration switched on or off */
    public EstimatorConfig withIndexCalibration(boolean on) {
        return toBuilder().indexCalibration(on).build();
    }

    /** Mutable builder; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private double ridgeLambda = 1e-3;
        private double partsScale = 0.25;
        private int trees = 300;
        private double learningRate = 0.05;
        private int maxDepth = 6;
        private double subsample = 0.8;
        private double featureSubsample = 0.8;
        private double minChildWeight = 1;
        private double correctionScale = 0.1;
        private int correctionRounds = 2;
        private int folds = 5;
        private int threads = 1;
        private long seed = 1;
        private boolean indexCalibration;

        private Builder() {
        }

        /** @return this */
        public Builder ridgeLambda(double v) {
            ridgeLambda = v;
            return this;
        }

        /** @return this */
        public Builder partsScale(double v) {
            partsScale = v;
            return this;
        }

        /** @return this */
        public Builder trees(int v) {
            trees = v;
            return this;
        }

        /** @return this */
        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        /** @return this */
        public Builder maxDepth(int v) {
            maxDepth = v;
            return this;
        }

        /** @return this */
        public Builder subsample(double v) {
            subsample = v;
            return this;
        }

        /** @return this */
        public Builder featureSubsample(double v) {
            featureSubsample = v;
            return this;
        }

        /** @return this */
        public Builder minChildWeight(double v) {
            minChildWeight = v;
            return this;
        }

        /** @return this */
        public Builder correctionScale(double v) {
            correctionScale = v;
            return this;
        }

        /** @return this */
        public Builder correctionRounds(int v) {
            correctionRounds = v;
            return this;
        }

        /** @return this */
        public Builder folds(int v) {
            folds = v;
            return this;
        }

        /** @return this */
        public Builder threads(int v) {
            threads = v;
            return this;
        }

        /** @return this */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** @return this */
        public Builder indexCalibration(boolean v) {
            indexCalibration = v;
            return this;
        }

        /**
         * @return the configuration
         * @throws IllegalArgumentException if a value is out of range
         */
        public EstimatorConfig build() {
            return new EstimatorConfig(ridgeLambda, partsScale, trees, learningRate, maxDepth, subsample, featureSubsample,
                    minChildWeight, correctionScale, correctionRounds, folds, threads, seed, indexCalibration);
        }
    }
}
