package org.edgeai.slam.internal;

import org.edgeai.slam.factor.RobustLoss;
import org.edgeai.slam.factor.SnavelyReprojectionError;
import org.edgeai.slam.graph.BundleProblem;

/**
 * A bundle adjustment problem prepared for optimisation: state (cameras then points, 9 and 3
 * values each, updated additively as in Ceres' simple_bundle_adjuster), observations grouped by
 * point, and fp64 residual/Jacobian evaluation with optional robust weights.
 *
 * @implNote Not thread-safe; owns its buffers.
 */
public final class BundleModel {
    static final int C = BundleProblem.CAMERA_SIZE;
    static final int P = BundleProblem.POINT_SIZE;

    final BundleProblem problem;
    final int nc;
    final int np;
    final int m;
    final int[] obsCam;
    final int[] obsPt;
    final double[] obs;
    final int[] pointPtr;  // observations of point p: pointObs[pointPtr[p] .. pointPtr[p+1])
    final int[] pointObs;
    final RobustLoss loss;
    final double lossScale;
    // linearisation
    final double[] res;
    final double[] jc;
    final double[] jp;
    final double[] weight;
    private final double[] scratch = new double[SnavelyReprojectionError.SCRATCH];

    public BundleModel(BundleProblem problem, RobustLoss loss, double lossScale) {
        this.problem = problem;
        this.nc = problem.cameraCount();
        this.np = problem.pointCount();
        this.m = problem.observationCount();
        this.obsCam = problem.observationCameras();
        this.obsPt = problem.observationPoints();
        this.obs = problem.observations();
        this.loss = loss;
        this.lossScale = lossScale;
        int[] cnt = new int[np + 1];
        for (int k = 0; k < m; k++) {
            cnt[obsPt[k]]++;
        }
        pointPtr = new int[np + 1];
        for (int p = 0; p < np; p++) {
            pointPtr[p + 1] = pointPtr[p] + cnt[p];
        }
        pointObs = new int[m];
        int[] fill = java.util.Arrays.copyOf(pointPtr, np);
        for (int k = 0; k < m; k++) {
            pointObs[fill[obsPt[k]]++] = k;
        }
        res = new double[2 * m];
        jc = new double[18 * m];
        jp = new double[6 * m];
        weight = new double[m];
    }

    /** @return the state: cameras (9 each) then points (3 each) */
    public double[] initialState() {
        double[] x = new double[C * nc + P * np];
        System.arraycopy(problem.cameras(), 0, x, 0, C * nc);
        System.arraycopy(problem.points(), 0, x, C * nc, P * np);
        return x;
    }

    int pointOffset(int p) {
        return C * nc + P * p;
    }

    /** @return sum of squared pixel residuals (no robust loss) */
    public double chi2(double[] x) {
        double s = 0;
        double[] r = new double[2];
        for (int k = 0; k < m; k++) {
            SnavelyReprojectionError.residual(x, C * obsCam[k], x, pointOffset(obsPt[k]), obs, 2 * k, r, 0, scratch);
            s += r[0] * r[0] + r[1] * r[1];
        }
        return s;
    }

    double cost(double[] x) {
        double s = 0;
        double[] r = scratch;
        for (int k = 0; k < m; k++) {
            SnavelyReprojectionError.residual(x, C * obsCam[k], x, pointOffset(obsPt[k]), obs, 2 * k, r, 22, scratch);
            double c2 = r[22] * r[22] + r[23] * r[23];
            s += loss == RobustLoss.NONE ? c2 : loss.cost(c2, lossScale);
        }
        return s;
    }

    void linearize(double[] x) {
        for (int k = 0; k < m; k++) {
            SnavelyReprojectionError.linearize(x, C * obsCam[k], x, pointOffset(obsPt[k]), obs, 2 * k, res, 2 * k, jc,
                    18 * k, jp, 6 * k, scratch);
            if (loss == RobustLoss.NONE) {
                weight[k] = 1;
            } else {
                double s = res[2 * k] * res[2 * k] + res[2 * k + 1] * res[2 * k + 1];
                weight[k] = loss.weight(s, lossScale);
            }
        }
    }

    double stateNorm(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /** @return the problem with the given state */
    public BundleProblem toProblem(double[] x) {
        return problem.withParameters(java.util.Arrays.copyOfRange(x, 0, C * nc),
                java.util.Arrays.copyOfRange(x, C * nc, x.length));
    }
}
