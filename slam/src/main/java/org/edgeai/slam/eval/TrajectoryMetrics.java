package org.edgeai.slam.eval;

import org.edgeai.slam.geometry.SE2;
import org.edgeai.slam.geometry.SE3;
import org.edgeai.slam.geometry.SO3;
import org.edgeai.slam.graph.PoseGraph;

/**
 * ATE and RPE of an estimated pose graph against a ground-truth pose graph (matched by vertex id).
 *
 * <p>ATE: positions aligned with {@link RigidAlignment#fit}, error {@code |gt_i - T(est_i)|}. RPE
 * (step 1, consecutive ids present in both): {@code E_i = (G_i^-1 G_j)^-1 (X_i^-1 X_j)}, translation
 * error {@code |t(E_i)|}, rotation error the angle of {@code R(E_i)}.
 *
 * @implNote Stateless; thread-safe.
 */
public final class TrajectoryMetrics {
    private TrajectoryMetrics() {
    }

    /**
     * @throws IllegalArgumentException if the dimensions differ or fewer than 2 ids are shared
     */
    public static TrajectoryErrors evaluate(PoseGraph estimate, PoseGraph groundTruth) {
        if (estimate.dimension() != groundTruth.dimension()) {
            throw new IllegalArgumentException("estimate is " + estimate.dimension() + "D but ground truth is "
                    + groundTruth.dimension() + "D");
        }
        int dim = estimate.dimension();
        int ps = estimate.poseSize();
        double[] ep = estimate.poses();
        double[] gp = groundTruth.poses();
        int n = estimate.vertexCount();
        int[] gIndex = new int[n];
        int matched = 0;
        for (int i = 0; i < n; i++) {
            gIndex[i] = groundTruth.indexOf(estimate.vertexId(i));
            if (gIndex[i] >= 0) {
                matched++;
            }
        }
        if (matched < 2) {
            throw new IllegalArgumentException("estimate " + estimate.name() + " and ground truth " + groundTruth.name()
                    + " share " + matched + " vertex ids; need at least 2");
        }
        double[] e = new double[matched * dim];
        double[] g = new double[matched * dim];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (gIndex[i] < 0) {
                continue;
            }
            for (int c = 0; c < dim; c++) {
                e[k * dim + c] = ep[i * ps + c];
                g[k * dim + c] = gp[gIndex[i] * ps + c];
            }
            k++;
        }
        RigidAlignment align = RigidAlignment.fit(e, g, dim);
        double[] ate = new double[matched];
        double[] tmp = new double[3];
        double sum2 = 0;
        double sum = 0;
        double max = 0;
        for (int i = 0; i < matched; i++) {
            align.apply(e, i * dim, tmp, 0, dim);
            double s = 0;
            for (int c = 0; c < dim; c++) {
                double d = g[i * dim + c] - tmp[c];
                s += d * d;
            }
            ate[i] = Math.sqrt(s);
            sum2 += s;
            sum += ate[i];
            max = Math.max(max, ate[i]);
        }
        ErrorDistribution ateDist = new ErrorDistribution(ate);
        // RPE over consecutive vertex indices whose ids are consecutive and matched
        double[] rpeT = new double[n];
        double[] rpeR = new double[n];
        int pairs = 0;
        for (int i = 0; i + 1 < n; i++) {
            if (gIndex[i] < 0 || gIndex[i + 1] < 0 || estimate.vertexId(i + 1) != estimate.vertexId(i) + 1) {
                continue;
            }
            double[] err = relativeError(dim, ep, i * ps, (i + 1) * ps, gp, gIndex[i] * ps, gIndex[i + 1] * ps);
            rpeT[pairs] = err[0];
            rpeR[pairs] = err[1];
            pairs++;
        }
        double rt = 0;
        double rr = 0;
        for (int i = 0; i < pairs; i++) {
            rt += rpeT[i] * rpeT[i];
            rr += rpeR[i] * rpeR[i];
        }
        return new TrajectoryErrors(matched, Math.sqrt(sum2 / matched), sum / matched, ateDist.quantile(0.5), max,
                pairs > 0 ? Math.sqrt(rt / pairs) : 0, pairs > 0 ? Math.sqrt(rr / pairs) : 0, align, ateDist,
                new ErrorDistribution(java.util.Arrays.copyOf(rpeT, pairs)));
    }

    /** @return {translation error, rotation angle} of (G_i^-1 G_j)^-1 (X_i^-1 X_j) */
    private static double[] relativeError(int dim, double[] x, int xi, int xj, double[] gt, int gi, int gj) {
        if (dim == 2) {
            double[] a = new double[3];
            double[] rx = new double[3];
            double[] rg = new double[3];
            SE2.inverse(x, xi, a, 0);
            SE2.compose(a, 0, x, xj, rx, 0);
            SE2.inverse(gt, gi, a, 0);
            SE2.compose(a, 0, gt, gj, rg, 0);
            double[] rgi = new double[3];
            SE2.inverse(rg, 0, rgi, 0);
            double[] err = new double[3];
            SE2.compose(rgi, 0, rx, 0, err, 0);
            return new double[] {Math.hypot(err[0], err[1]), Math.abs(SE2.wrapAngle(err[2]))};
        }
        double[] xa = toSe3(x, xi);
        double[] xb = toSe3(x, xj);
        double[] ga = toSe3(gt, gi);
        double[] gb = toSe3(gt, gj);
        double[] inv = new double[12];
        double[] rx = new double[12];
        double[] rg = new double[12];
        SE3.inverse(xa, 0, inv, 0);
        SE3.compose(inv, 0, xb, 0, rx, 0);
        SE3.inverse(ga, 0, inv, 0);
        SE3.compose(inv, 0, gb, 0, rg, 0);
        SE3.inverse(rg, 0, inv, 0);
        double[] err = new double[12];
        SE3.compose(inv, 0, rx, 0, err, 0);
        double[] w = new double[3];
        SO3.log(err, 0, w, 0);
        return new double[] {Math.sqrt(err[9] * err[9] + err[10] * err[10] + err[11] * err[11]),
            Math.sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2])};
    }

    private static double[] toSe3(double[] p, int off) {
        double[] t = new double[12];
        SO3.fromQuaternion(p, off + 3, t, 0);
        t[9] = p[off];
        t[10] = p[off + 1];
        t[11] = p[off + 2];
        return t;
    }
}
