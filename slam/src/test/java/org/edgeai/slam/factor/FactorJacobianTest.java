package org.edgeai.slam.factor;

import static org.edgeai.slam.NumericDiff.assertClose;
import static org.edgeai.slam.NumericDiff.jacobian;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.random.RandomGenerator;
import org.edgeai.kernel.testing.Rng;
import org.edgeai.slam.geometry.SE2;
import org.edgeai.slam.geometry.SE3;
import org.edgeai.slam.geometry.SO3;
import org.junit.jupiter.api.Test;

/**
 * Every factor's error against an independent composition of group operations (g2o's definition
 * {@code toVector(Z^-1 (A^-1 B))}) and its analytic Jacobians against central differences of the
 * error under the documented retraction (GTSAM {@code EXPECT_CORRECT_FACTOR_JACOBIANS} style).
 */
class FactorJacobianTest {
    private static final double H = 1e-6;

    @Test
    void relativePose2ErrorAndJacobians() {
        RandomGenerator r = Rng.of(42);
        for (int k = 0; k < 50; k++) {
            double[] a = {rand(r, 10), rand(r, 10), rand(r, Math.PI)};
            double[] b = {rand(r, 10), rand(r, 10), rand(r, Math.PI)};
            double[] z = {rand(r, 3), rand(r, 3), rand(r, Math.PI)};
            double[] e = new double[3];
            double[] ja = new double[9];
            double[] jb = new double[9];
            RelativePose2Error.linearize(a, 0, b, 0, z, 0, e, 0, ja, 0, jb, 0);
            // independent: D = Z^-1 (A^-1 B) as (x, y, theta)
            double[] ai = new double[3];
            double[] ab = new double[3];
            double[] zi = new double[3];
            double[] d = new double[3];
            SE2.inverse(a, 0, ai, 0);
            SE2.compose(ai, 0, b, 0, ab, 0);
            SE2.inverse(z, 0, zi, 0);
            SE2.compose(zi, 0, ab, 0, d, 0);
            assertClose(d, e, 1e-12, "g2o SE2 error");
            double[] na = jacobian((dx, out) -> RelativePose2Error.error(retract2(a, dx), 0, b, 0, z, 0, out, 0),
                    new double[3], 3, H);
            double[] nb = jacobian((dx, out) -> RelativePose2Error.error(a, 0, retract2(b, dx), 0, z, 0, out, 0),
                    new double[3], 3, H);
            assertClose(na, ja, 1e-7, "SE2 d e/d a");
            assertClose(nb, jb, 1e-7, "SE2 d e/d b");
        }
    }

    @Test
    void relativePose3ErrorAndJacobians() {
        RandomGenerator r = Rng.of(43);
        double[] scratch = new double[64];
        for (int k = 0; k < 50; k++) {
            double[] a = randomPose(r, k % 5 == 0 ? 3.1 : 1.5);
            double[] b = randomPose(r, 1.5);
            double[] z = randomPose(r, k % 7 == 0 ? 3.1 : 0.5);
            double[] e = new double[6];
            double[] ja = new double[36];
            double[] jb = new double[36];
            RelativePose3Error.linearize(a, 0, b, 0, z, 0, e, 0, ja, 0, jb, 0, scratch);
            double[] ai = new double[12];
            double[] ab = new double[12];
            double[] zi = new double[12];
            double[] d = new double[12];
            SE3.inverse(a, 0, ai, 0);
            SE3.compose(ai, 0, b, 0, ab, 0);
            SE3.inverse(z, 0, zi, 0);
            SE3.compose(zi, 0, ab, 0, d, 0);
            double[] q = new double[4];
            SO3.toQuaternion(d, 0, q, 0);
            assertTrue(q[3] >= 0);
            assertClose(new double[] {d[9], d[10], d[11], q[0], q[1], q[2]}, e, 1e-12, "g2o SE3 error");
            double[] na = jacobian((dx, out) -> RelativePose3Error.error(retract(a, dx), 0, b, 0, z, 0, out, 0,
                    new double[64]), new double[6], 6, H);
            double[] nb = jacobian((dx, out) -> RelativePose3Error.error(a, 0, retract(b, dx), 0, z, 0, out, 0,
                    new double[64]), new double[6], 6, H);
            assertClose(na, ja, 2e-7, "SE3 d e/d a");
            assertClose(nb, jb, 2e-7, "SE3 d e/d b");
        }
    }

    @Test
    void retractionMatchesDefinition() {
        RandomGenerator r = Rng.of(44);
        double[] x = randomPose(r, 2);
        double[] delta = {0.1, -0.2, 0.3, 0.05, -0.02, 0.4};
        double[] got = x.clone();
        RelativePose3Error.retractInPlace(got, 0, delta, 0, new double[32]);
        double[] ex = new double[9];
        SO3.exp(delta, 3, ex, 0);
        double[] rot = new double[9];
        SO3.multiply(x, 0, ex, 0, rot, 0);
        double[] rv = new double[3];
        SO3.rotate(x, 0, delta, 0, rv, 0);
        double[] want = new double[12];
        System.arraycopy(rot, 0, want, 0, 9);
        for (int i = 0; i < 3; i++) {
            want[9 + i] = x[9 + i] + rv[i];
        }
        assertClose(want, got, 1e-15, "retraction");
    }

    @Test
    void snavelyJacobians() {
        RandomGenerator r = Rng.of(45);
        double[] scratch = new double[SnavelyReprojectionError.SCRATCH];
        for (int k = 0; k < 50; k++) {
            double[] cam = {rand(r, 1), rand(r, 1), rand(r, 1), rand(r, 0.5), rand(r, 0.5), -5 + rand(r, 1),
                500 + rand(r, 100), rand(r, 0.1), rand(r, 0.01)};
            double[] pt = {rand(r, 1), rand(r, 1), rand(r, 1)};
            double[] obs = {rand(r, 300), rand(r, 300)};
            double[] res = new double[2];
            double[] jc = new double[18];
            double[] jp = new double[6];
            boolean ok = SnavelyReprojectionError.linearize(cam, 0, pt, 0, obs, 0, res, 0, jc, 0, jp, 0, scratch);
            assertTrue(ok);
            // independent residual: Rodrigues via exp, explicit formula
            double[] rot = new double[9];
            SO3.exp(cam, 0, rot, 0);
            double[] p = new double[3];
            SO3.rotate(rot, 0, pt, 0, p, 0);
            for (int i = 0; i < 3; i++) {
                p[i] += cam[3 + i];
            }
            double xp = -p[0] / p[2];
            double yp = -p[1] / p[2];
            double r2 = xp * xp + yp * yp;
            double dist = 1 + cam[7] * r2 + cam[8] * r2 * r2;
            assertEquals(cam[6] * dist * xp - obs[0], res[0], 1e-9);
            assertEquals(cam[6] * dist * yp - obs[1], res[1], 1e-9);
            double[] nc = jacobian((dx, out) -> SnavelyReprojectionError.residual(add(cam, dx), 0, pt, 0, obs, 0, out, 0,
                    new double[SnavelyReprojectionError.SCRATCH]), new double[9], 2, 1e-7);
            double[] np = jacobian((dx, out) -> SnavelyReprojectionError.residual(cam, 0, add(pt, dx), 0, obs, 0, out, 0,
                    new double[SnavelyReprojectionError.SCRATCH]), new double[3], 2, 1e-7);
            assertClose(nc, jc, 2e-5, "d r / d camera");
            assertClose(np, jp, 2e-5, "d r / d point");
        }
    }

    @Test
    void robustWeightIsTheDerivativeOfTheCost() {
        for (RobustLoss loss : RobustLoss.values()) {
            for (double s : new double[] {0.01, 0.5, 1.0, 3.0, 40.0}) {
                double c = 1.3;
                double num = (loss.cost(s + 1e-6, c) - loss.cost(s - 1e-6, c)) / 2e-6;
                assertEquals(num, loss.weight(s, c), 1e-6, loss + " at s=" + s);
                assertTrue(loss.cost(s, c) <= s + 1e-15);
            }
        }
    }

    static double rand(RandomGenerator r, double scale) {
        return (r.nextDouble() * 2 - 1) * scale;
    }

    static double[] add(double[] x, double[] d) {
        double[] y = x.clone();
        for (int i = 0; i < d.length; i++) {
            y[i] += d[i];
        }
        return y;
    }

    static double[] randomPose(RandomGenerator r, double maxAngle) {
        double[] xi = {rand(r, 5), rand(r, 5), rand(r, 5), 0, 0, 0};
        double[] w = {rand(r, 1), rand(r, 1), rand(r, 1)};
        double n = Math.sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]);
        double ang = r.nextDouble() * maxAngle;
        for (int i = 0; i < 3; i++) {
            xi[3 + i] = w[i] / n * ang;
        }
        double[] t = new double[12];
        SE3.exp(xi, 0, t, 0);
        return t;
    }

    /** (p, th) (+) (v, w) = (p + R(th) v, th + w), written out independently of the production code. */
    static double[] retract2(double[] x, double[] d) {
        double c = Math.cos(x[2]);
        double s = Math.sin(x[2]);
        return new double[] {x[0] + c * d[0] - s * d[1], x[1] + s * d[0] + c * d[1], x[2] + d[2]};
    }

    static double[] retract(double[] x, double[] d) {
        double[] y = x.clone();
        RelativePose3Error.retractInPlace(y, 0, d, 0, new double[32]);
        return y;
    }
}
