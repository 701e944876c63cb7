package org.edgeai.slam.internal;

import org.edgeai.slam.solve.OperationCounts;

/**
 * Shared part of the pose-graph {@link NonlinearSystem}s: state and candidate, cost, gradient
 * {@code g = sum J^T w Omega e} and the model term {@code |J step|^2_W}, all in fp64. Subclasses
 * provide the linear solver.
 *
 * @implNote Not thread-safe; allocation-free after construction.
 */
public abstract class PoseGraphSystem implements NonlinearSystem {
    /** Ceres' bounds for the LM scaling diagonal. */
    static final double MIN_DIAGONAL = 1e-6;
    static final double MAX_DIAGONAL = 1e32;

    protected final PoseGraphModel model;
    protected final int d;
    protected final int dim;
    protected double[] state;
    protected double[] candidate;
    protected double cost;
    protected double candidateCost;
    protected final double[] gradient;
    protected final double[] diagonal;
    protected long f64Macs;

    protected PoseGraphSystem(PoseGraphModel model, double[] initialState) {
        this.model = model;
        this.d = model.d;
        this.dim = model.freeCount * d;
        this.state = initialState.clone();
        this.candidate = new double[state.length];
        this.gradient = new double[dim];
        this.diagonal = new double[dim];
        this.cost = model.cost(state);
    }

    /** @return the current state (solver layout); not a copy */
    public double[] state() {
        return state;
    }

    @Override
    public int dimension() {
        return dim;
    }

    @Override
    public double cost() {
        return cost;
    }

    @Override
    public double[] gradient() {
        return gradient;
    }

    @Override
    public void linearize() {
        model.linearize(state);
        java.util.Arrays.fill(gradient, 0);
        int dd = d * d;
        double[] err = model.err;
        for (int e = 0; e < model.m; e++) {
            double w = model.weight[e];
            // t = w Omega e
            int o = e * dd;
            int eo = e * d;
            double[] t = tmp;
            for (int r = 0; r < d; r++) {
                double s = 0;
                for (int c = 0; c < d; c++) {
                    s += model.omega[o + r * d + c] * err[eo + c];
                }
                t[r] = w * s;
            }
            int va = model.var[model.from[e]];
            int vb = model.var[model.to[e]];
            if (va >= 0) {
                DenseBlocksF64.addAtx(model.ja, o, t, 0, gradient, va * d, d);
            }
            if (vb >= 0) {
                DenseBlocksF64.addAtx(model.jb, o, t, 0, gradient, vb * d, d);
            }
        }
        f64Macs += (long) model.m * 3 * dd;
        assemble();
    }

    private final double[] tmp = new double[12];

    /** Builds the solver's linear system from the fresh linearisation (and fills {@link #diagonal}). */
    protected abstract void assemble();

    @Override
    public double modelQuadraticTerm(double[] step) {
        int dd = d * d;
        double s = 0;
        double[] u = tmp;
        for (int e = 0; e < model.m; e++) {
            int va = model.var[model.from[e]];
            int vb = model.var[model.to[e]];
            java.util.Arrays.fill(u, 0, d, 0);
            if (va >= 0) {
                DenseBlocksF64.addAx(model.ja, e * dd, step, va * d, u, 0, d);
            }
            if (vb >= 0) {
                DenseBlocksF64.addAx(model.jb, e * dd, step, vb * d, u, 0, d);
            }
            s += model.weight[e] * model.mahalanobis(e, u, 0);
        }
        f64Macs += (long) model.m * 3 * dd;
        return s;
    }

    @Override
    public double evaluateCandidate(double[] step) {
        model.retract(state, step, candidate);
        candidateCost = model.cost(candidate);
        return candidateCost;
    }

    @Override
    public void acceptCandidate() {
        double[] t = state;
        state = candidate;
        candidate = t;
        cost = candidateCost;
    }

    @Override
    public double stateNorm() {
        return model.stateNorm(state);
    }

    /** @return {@code clamp(diag(H)) * lambda} into {@code out} */
    protected void dampingShift(double lambda, double[] out) {
        for (int i = 0; i < dim; i++) {
            out[i] = lambda * Math.min(MAX_DIAGONAL, Math.max(MIN_DIAGONAL, diagonal[i]));
        }
    }

    @Override
    public OperationCounts operations() {
        return new OperationCounts(0, 0, 0, f64Macs, 0, 0, 0);
    }
}
