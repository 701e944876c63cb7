package org.edgeai.slam.geometry;

import static org.edgeai.slam.NumericDiff.assertClose;
import static org.edgeai.slam.NumericDiff.jacobian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.random.RandomGenerator;
import org.edgeai.kernel.testing.Rng;
import org.junit.jupiter.api.Test;

/** Exp/log round trips and every analytic Jacobian of SO(3), SE(2), SE(3) against central differences. */
class LieGroupTest {
    private static final double H = 1e-6;
    private static final double JAC_TOL = 1e-7;

    private static double[] randomVector(RandomGenerator r, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (r.nextDouble() * 2 - 1) * scale;
        }
        return v;
    }

    /** Rotation vectors covering tiny, moderate and near-pi angles. */
    private static double[][] rotationVectors() {
        RandomGenerator r = Rng.of(345);
        double[][] out = new double[12][];
        double[] scales = {1e-9, 1e-5, 1e-3, 0.3, 1.0, 2.0, 3.0, 3.1};
        for (int i = 0; i < out.length; i++) {
            double[] v = randomVector(r, 3, 1);
            double n = Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
            double s = scales[i % scales.length] / n;
            out[i] = new double[] {v[0] * s, v[1] * s, v[2] * s};
        }
        return out;
    }

    @Test
    void so3ExpIsARotationAndLogInvertsIt() {
        for (double[] w : rotationVectors()) {
            double[] rot = new double[9];
            SO3.exp(w, 0, rot, 0);
            double[] rtr = new double[9];
            SO3.multiplyTransA(rot, 0, rot, 0, rtr, 0);
            assertClose(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, rtr, 1e-14, "R^T R");
            double det = rot[0] * (rot[4] * rot[8] - rot[5] * rot[7]) - rot[1] * (rot[3] * rot[8] - rot[5] * rot[6])
                    + rot[2] * (rot[3] * rot[7] - rot[4] * rot[6]);
            assertEquals(1, det, 1e-14);
            double[] back = new double[3];
            SO3.log(rot, 0, back, 0);
            assertClose(w, back, 1e-12, "log(exp(w))");
        }
    }

    @Test
    void so3ExpMatchesRodriguesForAQuarterTurn() {
        double[] rot = new double[9];
        SO3.exp(new double[] {0, 0, Math.PI / 2}, 0, rot, 0);
        assertClose(new double[] {0, -1, 0, 1, 0, 0, 0, 0, 1}, rot, 1e-15, "Rz(90 deg)");
    }

    @Test
    void so3JacobiansMatchCentralDifferences() {
        for (double[] w : rotationVectors()) {
            if (Math.sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]) > 3.0) {
                continue; // Log is not differentiable across pi
            }
            double[] rw = new double[9];
            SO3.exp(w, 0, rw, 0);
            // Jr: d/dd Log(Exp(w)^T Exp(w + d)) at d = 0
            double[] jr = jacobian((d, out) -> {
                double[] wd = {w[0] + d[0], w[1] + d[1], w[2] + d[2]};
                double[] rd = new double[9];
                SO3.exp(wd, 0, rd, 0);
                double[] rel = new double[9];
                SO3.multiplyTransA(rw, 0, rd, 0, rel, 0);
                SO3.log(rel, 0, out, 0);
            }, new double[3], 3, H);
            double[] jrA = new double[9];
            SO3.rightJacobian(w, 0, jrA, 0);
            assertClose(jr, jrA, JAC_TOL, "SO3 Jr at " + java.util.Arrays.toString(w));
            // Jl: d/dd Log(Exp(w + d) Exp(w)^T)
            double[] jl = jacobian((d, out) -> {
                double[] wd = {w[0] + d[0], w[1] + d[1], w[2] + d[2]};
                double[] rd = new double[9];
                SO3.exp(wd, 0, rd, 0);
                double[] rwt = transpose3(rw);
                double[] rel = new double[9];
                SO3.multiply(rd, 0, rwt, 0, rel, 0);
                SO3.log(rel, 0, out, 0);
            }, new double[3], 3, H);
            double[] jlA = new double[9];
            SO3.leftJacobian(w, 0, jlA, 0);
            assertClose(jl, jlA, JAC_TOL, "SO3 Jl");
            // Jr^-1: d/dd Log(Exp(w) Exp(d))
            double[] jri = jacobian((d, out) -> {
                double[] rd = new double[9];
                SO3.exp(d, 0, rd, 0);
                double[] prod = new double[9];
                SO3.multiply(rw, 0, rd, 0, prod, 0);
                SO3.log(prod, 0, out, 0);
            }, new double[3], 3, H);
            double[] jriA = new double[9];
            SO3.rightJacobianInverse(w, 0, jriA, 0);
            assertClose(jri, jriA, 1e-6, "SO3 Jr^-1");
            double[] jli = new double[9];
            SO3.leftJacobianInverse(w, 0, jli, 0);
            double[] id = new double[9];
            SO3.multiply(jli, 0, jlA, 0, id, 0);
            assertClose(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, id, 1e-12, "Jl^-1 Jl");
        }
    }

    @Test
    void quaternionConversionsAgreeWithMatrixProducts() {
        RandomGenerator r = Rng.of(7);
        for (int k = 0; k < 50; k++) {
            double[] qa = randomVector(r, 4, 1);
            double[] qb = randomVector(r, 4, 1);
            normalize(qa);
            normalize(qb);
            double[] ra = new double[9];
            double[] rb = new double[9];
            SO3.fromQuaternion(qa, 0, ra, 0);
            SO3.fromQuaternion(qb, 0, rb, 0);
            double[] rab = new double[9];
            SO3.multiply(ra, 0, rb, 0, rab, 0);
            double[] qab = new double[4];
            SO3.quaternionMultiply(qa, 0, qb, 0, qab, 0);
            double[] rq = new double[9];
            SO3.fromQuaternion(qab, 0, rq, 0);
            assertClose(rab, rq, 1e-14, "R(qa qb) = R(qa) R(qb)");
            double[] back = new double[4];
            SO3.toQuaternion(ra, 0, back, 0);
            double sign = Math.signum(qa[3]);
            for (int i = 0; i < 4; i++) {
                assertEquals(sign * qa[i], back[i], 1e-14);
            }
        }
    }

    @Test
    void projectionFindsTheNearestRotation() {
        RandomGenerator r = Rng.of(11);
        for (int k = 0; k < 30; k++) {
            double[] w = randomVector(r, 3, 3);
            double[] rot = new double[9];
            SO3.exp(w, 0, rot, 0);
            double[] p = new double[9];
            SO3.project(rot, 0, p, 0);
            assertClose(rot, p, 1e-12, "project(R) = R");
            double[] noisy = rot.clone();
            for (int i = 0; i < 9; i++) {
                noisy[i] += 0.3 * (r.nextDouble() - 0.5);
            }
            SO3.project(noisy, 0, p, 0);
            double best = trace(p, noisy);
            // brute force: no random rotation near p has a larger tr(R^T M)
            for (int t = 0; t < 200; t++) {
                double[] d = randomVector(r, 3, 0.05);
                double[] rd = new double[9];
                SO3.exp(d, 0, rd, 0);
                double[] cand = new double[9];
                SO3.multiply(p, 0, rd, 0, cand, 0);
                assertTrue(trace(cand, noisy) <= best + 1e-12, "a perturbed rotation fits better");
            }
        }
    }

    @Test
    void se3ExpLogAndJacobians() {
        RandomGenerator r = Rng.of(21);
        for (double[] w : rotationVectors()) {
            if (Math.sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]) > 3.0) {
                continue;
            }
            double[] xi = new double[6];
            double[] rho = randomVector(r, 3, 2);
            System.arraycopy(rho, 0, xi, 0, 3);
            System.arraycopy(w, 0, xi, 3, 3);
            double[] t = new double[12];
            SE3.exp(xi, 0, t, 0);
            double[] back = new double[6];
            SE3.log(t, 0, back, 0);
            assertClose(xi, back, 1e-11, "SE3 log(exp)");
            double[] tinv = new double[12];
            SE3.inverse(t, 0, tinv, 0);
            double[] jr = jacobian((d, out) -> {
                double[] xd = xi.clone();
                for (int i = 0; i < 6; i++) {
                    xd[i] += d[i];
                }
                double[] td = new double[12];
                SE3.exp(xd, 0, td, 0);
                double[] rel = new double[12];
                SE3.compose(tinv, 0, td, 0, rel, 0);
                SE3.log(rel, 0, out, 0);
            }, new double[6], 6, H);
            double[] jrA = new double[36];
            SE3.rightJacobian(xi, 0, jrA, 0);
            assertClose(jr, jrA, 2e-7, "SE3 Jr at " + java.util.Arrays.toString(xi));
            double[] jl = jacobian((d, out) -> {
                double[] xd = xi.clone();
                for (int i = 0; i < 6; i++) {
                    xd[i] += d[i];
                }
                double[] td = new double[12];
                SE3.exp(xd, 0, td, 0);
                double[] rel = new double[12];
                SE3.compose(td, 0, tinv, 0, rel, 0);
                SE3.log(rel, 0, out, 0);
            }, new double[6], 6, H);
            double[] jlA = new double[36];
            SE3.leftJacobian(xi, 0, jlA, 0);
            assertClose(jl, jlA, 2e-7, "SE3 Jl");
        }
    }

    @Test
    void se3AdjointConjugatesTheExponential() {
        RandomGenerator r = Rng.of(5);
        for (int k = 0; k < 20; k++) {
            double[] t = new double[12];
            SE3.exp(randomVector(r, 6, 2), 0, t, 0);
            double[] xi = randomVector(r, 6, 0.5);
            double[] ex = new double[12];
            SE3.exp(xi, 0, ex, 0);
            double[] tinv = new double[12];
            SE3.inverse(t, 0, tinv, 0);
            double[] a = new double[12];
            double[] lhs = new double[12];
            SE3.compose(t, 0, ex, 0, a, 0);
            SE3.compose(a, 0, tinv, 0, lhs, 0);
            double[] ad = new double[36];
            SE3.adjoint(t, 0, ad, 0);
            double[] axi = new double[6];
            for (int i = 0; i < 6; i++) {
                for (int j = 0; j < 6; j++) {
                    axi[i] += ad[6 * i + j] * xi[j];
                }
            }
            double[] rhs = new double[12];
            SE3.exp(axi, 0, rhs, 0);
            assertClose(lhs, rhs, 1e-12, "T Exp(xi) T^-1 = Exp(Ad xi)");
            double[] id = new double[12];
            SE3.compose(t, 0, tinv, 0, id, 0);
            double[] ident = new double[12];
            SE3.identity(ident, 0);
            assertClose(ident, id, 1e-13, "T T^-1");
        }
    }

    @Test
    void se2ExpLogAndJacobians() {
        RandomGenerator r = Rng.of(3);
        double[] angles = {0, 1e-9, 1e-6, 1e-3, 0.5, -1.2, 2.5, -3.0};
        for (double th : angles) {
            double[] xi = {(r.nextDouble() - 0.5) * 4, (r.nextDouble() - 0.5) * 4, th};
            double[] p = new double[3];
            SE2.exp(xi, 0, p, 0);
            double[] back = new double[3];
            SE2.log(p, 0, back, 0);
            assertClose(xi, back, 1e-12, "SE2 log(exp)");
            double[] pinv = new double[3];
            SE2.inverse(p, 0, pinv, 0);
            double[] jr = jacobian((d, out) -> {
                double[] xd = {xi[0] + d[0], xi[1] + d[1], xi[2] + d[2]};
                double[] pd = new double[3];
                SE2.exp(xd, 0, pd, 0);
                double[] rel = new double[3];
                SE2.compose(pinv, 0, pd, 0, rel, 0);
                SE2.log(rel, 0, out, 0);
            }, new double[3], 3, H);
            double[] jrA = new double[9];
            SE2.rightJacobian(xi, 0, jrA, 0);
            assertClose(jr, jrA, JAC_TOL, "SE2 Jr at theta " + th);
            double[] jl = jacobian((d, out) -> {
                double[] xd = {xi[0] + d[0], xi[1] + d[1], xi[2] + d[2]};
                double[] pd = new double[3];
                SE2.exp(xd, 0, pd, 0);
                double[] rel = new double[3];
                SE2.compose(pd, 0, pinv, 0, rel, 0);
                SE2.log(rel, 0, out, 0);
            }, new double[3], 3, H);
            double[] jlA = new double[9];
            SE2.leftJacobian(xi, 0, jlA, 0);
            assertClose(jl, jlA, JAC_TOL, "SE2 Jl at theta " + th);
        }
    }

    @Test
    void wrapAngleStaysInHalfOpenInterval() {
        assertEquals(-Math.PI, SE2.wrapAngle(Math.PI), 1e-15);
        assertEquals(0.5, SE2.wrapAngle(0.5 + 6 * Math.PI), 1e-12);
        assertEquals(-0.5, SE2.wrapAngle(-0.5 - 4 * Math.PI), 1e-12);
    }

    private static double[] transpose3(double[] m) {
        return new double[] {m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]};
    }

    private static double trace(double[] rot, double[] m) {
        double s = 0;
        for (int i = 0; i < 9; i++) {
            s += rot[i] * m[i];
        }
        return s;
    }

    private static void normalize(double[] q) {
        double n = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
        for (int i = 0; i < 4; i++) {
            q[i] /= n;
        }
    }
}
