package org.edgeai.slam.internal;

import org.edgeai.slam.solve.OperationCounts;

/**
 * Shared part of the bundle-adjustment {@link NonlinearSystem}s: state (cameras then points),
 * candidate, cost, gradient {@code g = J^T W r} and {@code |J step|^2_W}, in fp64. No parameter is
 * fixed: the 7-dof similarity gauge of BA is left to the Levenberg-Marquardt damping (as Ceres and
 * g2o's bal_example do), which keeps every damped system positive definite.
 *
 * @implNote Not thread-safe; allocation-free per iteration.
 */
public abstract class BundleSystem implements NonlinearSystem {
    static final double MIN_DIAGONAL = 1e-6;
    static final double MAX_DIAGONAL = 1e32;

    protected final BundleModel model;
    protected final int dim;
    protected final int camDim;
    protected double[] state;
    protected double[] candidate;
    protected double cost;
    protected double candidateCost;
    protected final double[] gradient;
    protected final double[] diagonal;
    protected long f64Macs;

    protected BundleSystem(BundleModel model) {
        this.model = model;
        this.state = model.initialState();
        this.dim = state.length;
        this.camDim = BundleModel.C * model.nc;
        this.candidate = new double[dim];
        this.gradient = new double[dim];
        this.diagonal = new double[dim];
        this.cost = model.cost(state);
    }

    /** @return the current state; not a copy */
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
        java.util.Arrays.fill(diagonal, 0);
        for (int k = 0; k < model.m; k++) {
            double w = model.weight[k];
            double r0 = w * model.res[2 * k];
            double r1 = w * model.res[2 * k + 1];
            int co = BundleModel.C * model.obsCam[k];
            int po = model.pointOffset(model.obsPt[k]);
            int j = 18 * k;
            for (int c = 0; c < 9; c++) {
                double a = model.jc[j + c];
                double b = model.jc[j + 9 + c];
                gradient[co + c] += a * r0 + b * r1;
                diagonal[co + c] += w * (a * a + b * b);
            }
            int jq = 6 * k;
            for (int c = 0; c < 3; c++) {
                double a = model.jp[jq + c];
                double b = model.jp[jq + 3 + c];
                gradient[po + c] += a * r0 + b * r1;
                diagonal[po + c] += w * (a * a + b * b);
            }
        }
        f64Macs += (long) model.m * 48;
        assemble();
    }

    /** Builds the solver's data from the fresh linearisation. */
    protected abstract void assemble();

    @Override
    public double modelQuadraticTerm(double[] step) {
        double s = 0;
        for (int k = 0; k < model.m; k++) {
            int co = BundleModel.C * model.obsCam[k];
            int po = model.pointOffset(model.obsPt[k]);
            int j = 18 * k;
            int jq = 6 * k;
            double u0 = 0;
            double u1 = 0;
            for (int c = 0; c < 9; c++) {
                u0 += model.jc[j + c] * step[co + c];
                u1 += model.jc[j + 9 + c] * step[co + c];
            }
            for (int c = 0; c < 3; c++) {
                u0 += model.jp[jq + c] * step[po + c];
                u1 += model.jp[jq + 3 + c] * step[po + c];
            }
            s += model.weight[k] * (u0 * u0 + u1 * u1);
        }
        f64Macs += (long) model.m * 24;
        return s;
    }

    @Override
    public double evaluateCandidate(double[] step) {
        for (int i = 0; i < dim; i++) {
            candidate[i] = state[i] + step[i];
        }
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

    protected double damping(double lambda, int i) {
        return lambda * Math.min(MAX_DIAGONAL, Math.max(MIN_DIAGONAL, diagonal[i]));
    }

    @Override
    public OperationCounts operations() {
        return new OperationCounts(0, 0, 0, f64Macs, 0, 0, 0);
    }
}
