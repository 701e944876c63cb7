package org.edgeai.slam.factor;

import org.edgeai.slam.geometry.SO3;

/**
 * The reprojection error of the Bundle Adjustment in the Large camera model (Snavely's Bundler
 * camera, as in Ceres' {@code simple_bundle_adjuster} and g2o's {@code bal_example}), with
 * analytic Jacobians.
 *
 * <p>Model: {@code P = R(w) X + t}, {@code p = -P_xy / P_z}, {@code r = 1 + k1 |p|^2 + k2 |p|^4},
 * residual {@code = f r p - observed} (pixels). The camera is updated additively (its 9 values
 * {@code w(3), t(3), f, k1, k2}), the point too. With the additive rotation-vector update,
 * {@code d(R(w) X)/dw = -[R X]x Jl(w)} (SO(3) left Jacobian, {@link SO3#leftJacobian}).
 *
 * <p>Layouts: camera 9 values, point 3, observation 2; residual 2; camera Jacobian 2x9 row-major;
 * point Jacobian 2x3 row-major.
 *
 * @implNote Stateless, allocation-free, thread-safe; fp64.
 */
public final class SnavelyReprojectionError {
    /** Scratch doubles needed by {@link #linearize}. */
    public static final int SCRATCH = 24;

    private SnavelyReprojectionError() {
    }

    /**
     * Residual only.
     *
     * @param res 2 values. Modified.
     * @return false if the point lies exactly on the camera plane ({@code P_z == 0}), where the
     *         model is undefined (the residual is then set to 0)
     */
    public static boolean residual(double[] cam, int cOff, double[] pt, int pOff, double[] obs, int oOff, double[] res,
                                   int rOff, double[] scratch) {
        return linearize(cam, cOff, pt, pOff, obs, oOff, res, rOff, null, 0, null, 0, scratch);
    }

    /**
     * Residual and (optionally) Jacobians.
     *
     * @param jc      2x9 camera Jacobian or null. Modified.
     * @param jp      2x3 point Jacobian or null. Modified.
     * @param scratch {@link #SCRATCH} doubles. Modified.
     * @return false if {@code P_z == 0} (residual and Jacobians set to 0)
     */
    public static boolean linearize(double[] cam, int cOff, double[] pt, int pOff, double[] obs, int oOff, double[] res,
                                    int rOff, double[] jc, int jcOff, double[] jp, int jpOff, double[] scratch) {
        final int rot = 0;  // R(w), 9
        final int pc = 9;   // P, 3
        SO3.exp(cam, cOff, scratch, rot);
        SO3.rotate(scratch, rot, pt, pOff, scratch, pc);
        double rx = scratch[pc];
        double ry = scratch[pc + 1];
        double rz = scratch[pc + 2]; // R X (before translation), kept for the rotation Jacobian
        double px = rx + cam[cOff + 3];
        double py = ry + cam[cOff + 4];
        double pz = rz + cam[cOff + 5];
        if (pz == 0) {
            res[rOff] = 0;
            res[rOff + 1] = 0;
            if (jc != null) {
                java.util.Arrays.fill(jc, jcOff, jcOff + 18, 0);
            }
            if (jp != null) {
                java.util.Arrays.fill(jp, jpOff, jpOff + 6, 0);
            }
            return false;
        }
        double iz = 1 / pz;
        double xp = -px * iz;
        double yp = -py * iz;
        double f = cam[cOff + 6];
        double k1 = cam[cOff + 7];
        double k2 = cam[cOff + 8];
        double r2 = xp * xp + yp * yp;
        double dist = 1 + r2 * (k1 + k2 * r2);
        res[rOff] = f * dist * xp - obs[oOff];
        res[rOff + 1] = f * dist * yp - obs[oOff + 1];
        if (jc == null && jp == null) {
            return true;
        }
        // d pred / d p = f (dist I + 2 (k1 + 2 k2 r2) p p^T)
        double g = 2 * (k1 + 2 * k2 * r2);
        double m00 = f * (dist + g * xp * xp);
        double m01 = f * g * xp * yp;
        double m11 = f * (dist + g * yp * yp);
        // d p / d P = [[-iz, 0, px iz^2], [0, -iz, py iz^2]]
        double iz2 = iz * iz;
        double d00 = -iz;
        double d02 = px * iz2;
        double d11 = -iz;
        double d12 = py * iz2;
        // A = d pred / d P (2x3)
        double a00 = m00 * d00;
        double a01 = m01 * d11;
        double a02 = m00 * d02 + m01 * d12;
        double a10 = m01 * d00;
        double a11 = m11 * d11;
        double a12 = m01 * d02 + m11 * d12;
        if (jp != null) {
            // d P / d X = R
            double[] s = scratch;
            for (int c = 0; c < 3; c++) {
                jp[jpOff + c] = a00 * s[rot + c] + a01 * s[rot + 3 + c] + a02 * s[rot + 6 + c];
                jp[jpOff + 3 + c] = a10 * s[rot + c] + a11 * s[rot + 3 + c] + a12 * s[rot + 6 + c];
            }
        }
        if (jc != null) {
            // d P / d w = -[R X]x Jl(w)
            final int jl = 12;
            SO3.leftJacobian(cam, cOff, scratch, jl);
            // B = A * (-[RX]x): -[v]x = [[0, vz, -vy], [-vz, 0, vx], [vy, -vx, 0]]
            double b00 = -a01 * rz + a02 * ry;
            double b01 = a00 * rz - a02 * rx;
            double b02 = -a00 * ry + a01 * rx;
            double b10 = -a11 * rz + a12 * ry;
            double b11 = a10 * rz - a12 * rx;
            double b12 = -a10 * ry + a11 * rx;
            for (int c = 0; c < 3; c++) {
                jc[jcOff + c] = b00 * scratch[jl + c] + b01 * scratch[jl + 3 + c] + b02 * scratch[jl + 6 + c];
                jc[jcOff + 9 + c] = b10 * scratch[jl + c] + b11 * scratch[jl + 3 + c] + b12 * scratch[jl + 6 + c];
            }
            jc[jcOff + 3] = a00;
            jc[jcOff + 4] = a01;
            jc[jcOff + 5] = a02;
            jc[jcOff + 12] = a10;
            jc[jcOff + 13] = a11;
            jc[jcOff + 14] = a12;
            jc[jcOff + 6] = dist * xp;
            jc[jcOff + 15] = dist * yp;
            jc[jcOff + 7] = f * r2 * xp;
            jc[jcOff + 16] = f * r2 * yp;
            jc[jcOff + 8] = f * r2 * r2 * xp;
            jc[jcOff + 17] = f * r2 * r2 * yp;
        }
        return true;
    }
}
