package org.edgeai.slam.solve;

import java.util.Objects;
import org.edgeai.slam.factor.RobustLoss;

/**
 * Immutable solver configuration, validated on construction. Build with {@link #builder()} or use
 * a preset: {@link #defaults()} (the reference: LM + fp64 Cholesky, chordal initialisation),
 * {@link #mixedPrecision()}, {@link #fp32Cgnr()}.
 *
 * @param algorithm           LM or GN. Default {@link Algorithm#LEVENBERG_MARQUARDT}.
 * @param linearSolver        default {@link LinearSolverType#CHOLESKY}
 * @param init                pose-graph initialisation; default {@link InitMethod#CHORDAL}
 * @param maxIterations       outer iterations (rejected LM steps count), >= 0; default 100
 * @param functionTolerance   stop when {@code |chi2 change| <= functionTolerance * chi2}; default
 *                            1e-6 (Ceres' default; g2o's CLI criterion)
 * @param gradientTolerance   stop when {@code max_i |g_i| <= gradientTolerance}, g = J^T W r;
 *                            default 1e-10
 * @param parameterTolerance  stop when {@code |step| <= parameterTolerance (|x| + parameterTolerance)};
 *                            default 1e-8
 * @param initialLambda       initial LM damping relative to diag(J^T J), or 0 (the default) for
 *                            the per-problem default {@link #initialLambdaFor(boolean)}: 1e-10 for
 *                            pose graphs (the first step is practically Gauss-Newton, which from a
 *                            chordal start is what converges fastest; Ceres' 1e-4 costs 2-5x more
 *                            iterations here because damping of 1e-4 x diag(H) slows progress along
 *                            weakly constrained directions, e.g. parking-garage's near-singular
 *                            information matrices) and 1e-4 for bundle adjustment (Ceres' initial
 *                            trust radius 1e4; BA starts far from the optimum)
 * @param loss                robust loss; default {@link RobustLoss#NONE}
 * @param lossScale           robust loss scale c (residual units: whitened for pose graphs,
 *                            pixels for BA), > 0; default 1
 * @param informationPolicy   indefinite information matrices; default {@link InformationPolicy#REJECT}
 * @param maxLinearIterations CG iterations per outer iteration (CGNR/MIXED), >= 1; default 500
 * @param linearTolerance     CG stopping tolerance in (0, 1), or 0 (the default) for the
 *                            per-problem default {@link #linearToleranceFor(boolean)}. Pose graphs
 *                            stop CG on the relative residual {@code |r| <= tol |J^T W r|}
 *                            (default 1e-4); bundle adjustment on Nash and Sofer's quadratic-model
 *                            rule with {@code eta = tol} (default 0.1, Ceres' eta). Each rule was
 *                            the one that converged on every dataset here (see the README).
 * @param dropTolerance       pose-graph CGNR/MIXED preconditioner: off-diagonal blocks of the
 *                            incomplete Cholesky factor (of the Jacobi-scaled, unit-diagonal
 *                            Hessian, AMD ordering) with Frobenius norm below this are dropped;
 *                            0 keeps the complete factor's pattern, &gt;= 1 keeps only the
 *                            pattern of H (IC(0)); default 1e-4
 */
public record SolverConfig(Algorithm algorithm, LinearSolverType linearSolver, InitMethod init, int maxIterations,
                           double functionTolerance, double gradientTolerance, double parameterTolerance,
                           double initialLambda, RobustLoss loss, double lossScale, InformationPolicy informationPolicy,
                           int maxLinearIterations, double linearTolerance, double dropTolerance) {

    /** @throws IllegalArgumentException naming the first invalid field and its value */
    public SolverConfig {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(linearSolver, "linearSolver");
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(informationPolicy, "informationPolicy");
        if (maxIterations < 0) {
            throw new IllegalArgumentException("maxIterations must be >= 0, got " + maxIterations);
        }
        requireNonNegative("functionTolerance", functionTolerance);
        requireNonNegative("gradientTolerance", gradientTolerance);
        requireNonNegative("parameterTolerance", parameterTolerance);
        if (!(initialLambda >= 0) || !Double.isFinite(initialLambda)) {
            throw new IllegalArgumentException("initialLambda must be finite and >= 0 (0 = default), got " + initialLambda);
        }
        if (!(lossScale > 0) || !Double.isFinite(lossScale)) {
            throw new IllegalArgumentException("lossScale must be finite and > 0, got " + lossScale);
        }
        if (maxLinearIterations < 1) {
            throw new IllegalArgumentException("maxLinearIterations must be >= 1, got " + maxLinearIterations);
        }
        if (!(linearTolerance >= 0 && linearTolerance < 1)) {
            throw new IllegalArgumentException("linearTolerance must be in [0, 1) (0 = default), got " + linearTolerance);
        }
        requireNonNegative("dropTolerance", dropTolerance);
    }

    /**
     * @param poseGraph true for a pose graph, false for bundle adjustment
     * @return the initial damping to use: {@link #initialLambda()} if set, else the documented default
     */
    public double initialLambdaFor(boolean poseGraph) {
        if (initialLambda > 0) {
            return initialLambda;
        }
        return poseGraph ? 1e-10 : 1e-4;
    }

    /**
     * @param poseGraph true for a pose graph, false for bundle adjustment
     * @return the CG tolerance to use: {@link #linearTolerance()} if set, else 1e-4 (pose graphs,
     *         relative residual) or 0.1 (bundle adjustment, Nash-Sofer eta)
     */
    public double linearToleranceFor(boolean poseGraph) {
        if (linearTolerance > 0) {
            return linearTolerance;
        }
        return poseGraph ? 1e-4 : 0.1;
    }

    private static void requireNonNegative(String name, double v) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + v);
        }
    }

    /** @return the reference configuration: LM, fp64 Cholesky, chordal initialisation */
    public static SolverConfig defaults() {
        return builder().build();
    }

    /** @return defaults with {@link LinearSolverType#MIXED} */
    public static SolverConfig mixedPrecision() {
        return builder().linearSolver(LinearSolverType.MIXED).build();
    }

    /** @return defaults with {@link LinearSolverType#CGNR} */
    public static SolverConfig fp32Cgnr() {
        return builder().linearSolver(LinearSolverType.CGNR).build();
    }

    /** @return a builder initialised with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder initialised with this configuration */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.algorithm = algorithm;
        b.linearSolver = linearSolver;
        b.init = init;
        b.maxIterations = maxIterations;
        b.functionTolerance = functionTolerance;
        b.gradientTolerance = gradientTolerance;
        b.parameterTolerance = parameterTolerance;
        b.initialLambda = initialLambda;
        b.loss = loss;
        b.lossScale = lossScale;
        b.informationPolicy = informationPolicy;
        b.maxLinearIterations = maxLinearIterations;
        b.linearTolerance = linearTolerance;
        b.dropTolerance = dropTolerance;
        return b;
    }

    /** Builder with the documented defaults. @implNote Not thread-safe. */
    public static final class Builder {
        private Algorithm algorithm = Algorithm.LEVENBERG_MARQUARDT;
        private LinearSolverType linearSolver = LinearSolverType.CHOLESKY;
        private InitMethod init = InitMethod.CHORDAL;
        private int maxIterations = 100;
        private double functionTolerance = 1e-6;
        private double gradientTolerance = 1e-10;
        private double parameterTolerance = 1e-8;
        private double initialLambda = 0;
        private RobustLoss loss = RobustLoss.NONE;
        private double lossScale = 1;
        private InformationPolicy informationPolicy = InformationPolicy.REJECT;
        private int maxLinearIterations = 500;
        private double linearTolerance = 0;
        private double dropTolerance = 1e-4;

        private Builder() {
        }

        /** Sets {@link SolverConfig#algorithm()} (see there for the default and range). @return this */
        public Builder algorithm(Algorithm v) {
            algorithm = v;
            return this;
        }

        /** Sets {@link SolverConfig#linearSolver()} (see there for the default and range). @return this */
        public Builder linearSolver(LinearSolverType v) {
            linearSolver = v;
            return this;
        }

        /** Sets {@link SolverConfig#init()} (see there for the default and range). @return this */
        public Builder init(InitMethod v) {
            init = v;
            return this;
        }

        /** Sets {@link SolverConfig#maxIterations()} (see there for the default and range). @return this */
        public Builder maxIterations(int v) {
            maxIterations = v;
            return this;
        }

        /** Sets {@link SolverConfig#functionTolerance()} (see there for the default and range). @return this */
        public Builder functionTolerance(double v) {
            functionTolerance = v;
            return this;
        }

        /** Sets {@link SolverConfig#gradientTolerance()} (see there for the default and range). @return this */
        public Builder gradientTolerance(double v) {
            gradientTolerance = v;
            return this;
        }

        /** Sets {@link SolverConfig#parameterTolerance()} (see there for the default and range). @return this */
        public Builder parameterTolerance(double v) {
            parameterTolerance = v;
            return this;
        }

        /** Sets {@link SolverConfig#initialLambda()} (see there for the default and range). @return this */
        public Builder initialLambda(double v) {
            initialLambda = v;
            return this;
        }

        /** Sets {@link SolverConfig#loss()} (see there for the default and range). @return this */
        public Builder loss(RobustLoss v, double scale) {
            loss = v;
            lossScale = scale;
            return this;
        }

        /** Sets {@link SolverConfig#informationPolicy()} (see there for the default and range). @return this */
        public Builder informationPolicy(InformationPolicy v) {
            informationPolicy = v;
            return this;
        }

        /** Sets {@link SolverConfig#maxLinearIterations()} (see there for the default and range). @return this */
        public Builder maxLinearIterations(int v) {
            maxLinearIterations = v;
            return this;
        }

        /** Sets {@link SolverConfig#linearTolerance()} (see there for the default and range). @return this */
        public Builder linearTolerance(double v) {
            linearTolerance = v;
            return this;
        }

        /** Sets {@link SolverConfig#dropTolerance()} (see there for the default and range). @return this */
        public Builder dropTolerance(double v) {
            dropTolerance = v;
            return this;
        }

        /** @throws IllegalArgumentException if a value is invalid (see the record's constructor) */
        public SolverConfig build() {
            return new SolverConfig(algorithm, linearSolver, init, maxIterations, functionTolerance, gradientTolerance,
                    parameterTolerance, initialLambda, loss, lossScale, informationPolicy, maxLinearIterations,
                    linearTolerance, dropTolerance);
        }
    }
}
