package org.edgeai.slam.factor;

import org.edgeai.slam.geometry.SO3;

/**
 * g2o's {@code EDGE_SE3:QUAT} error with analytic Jacobians: with {@code D = Z^-1 (X_a^-1 X_b)},
 * {@code e = [ t(D) ; qx, qy, qz of q(D) ]} where {@code q(D)} is flipped so that {@code qw >= 0}
 * (g2o {@code internal::toVectorMQT}; the rotation error is the quaternion vector part, not the
 * angle-axis and not twice the vector part).
 *
 * <p>State retraction (the same first-order chart as g2o's {@code VertexSE3::oplusImpl}):
 * {@code X (+) (v, w) = (R Exp(w), t + R v)}, i.e. increments expressed in the pose's own frame.
 * With {@code R_D = R_z^T R_a^T R_b}, {@code u = R_a^T (t_b - t_a)}, {@code q(D) = (s, q)}:
 * <pre>
 *   de_t/dv_a = -R_z^T          de_t/dw_a = R_z^T [u]x     de_q/dw_a = -1/2 (s I - [q]x) R_z^T
 *   de_t/dv_b = R_D             de_t/dw_b = 0              de_q/dw_b =  1/2 (s I + [q]x)
 * </pre>
 * (quaternion derivative: {@code (s, q) (x) (1, w/2) = (.., q + (s w + q x w)/2)}).
 *
 * <p>Layouts: poses and the measurement are 12 values (row-major R then t, see
 * {@link org.edgeai.slam.geometry.SE3}); the error has 6 values; Jacobians are 6x6 row-major with
 * columns {@code (v, w)}.
 *
 * @implNote Stateless, allocation-free, thread-safe; fp64.
 */
public final class RelativePose3Error {
    private RelativePose3Error() {
    }

    /**
     * @param a pose of the first vertex (12 values). Not modified.
     * @param b pose of the second vertex. Not modified.
     * @param z measurement (12 values). Not modified.
     * @param e error, 6 values. Modified.
     * @param scratch at least 40 doubles of workspace. Modified.
     */
    public static void error(double[] a, int aOff, double[] b, int bOff, double[] z, int zOff, double[] e, int eOff,
                             double[] scratch) {
        linearize(a, aOff, b, bOff, z, zOff, e, eOff, null, 0, null, 0, scratch);
    }

    /**
     * Error and (optionally) Jacobians.
     *
     * @param ja      d e / d(increment of a), 36 values, or null. Modified.
     * @param jb      d e / d(increment of b), 36 values, or null. Modified.
     * @param scratch at least 40 doubles. Modified.
     */
    public static void linearize(double[] a, int aOff, double[] b, int bOff, double[] z, int zOff, double[] e, int eOff,
                                 double[] ja, int jaOff, double[] jb, int jbOff, double[] scratch) {
        final int m1 = 0;  // R_a^T R_b
        final int rd = 9;  // R_D
        final int dt = 18; // t_b - t_a, then u = R_a^T (t_b - t_a)
        final int q = 21;  // quaternion of R_D
        final int tz = 25; // u - t_z
        SO3.multiplyTransA(a, aOff, b, bOff, scratch, m1);
        SO3.multiplyTransA(z, zOff, scratch, m1, scratch, rd);
        scratch[dt] = b[bOff + 9] - a[aOff + 9];
        scratch[dt + 1] = b[bOff + 10] - a[aOff + 10];
        scratch[dt + 2] = b[bOff + 11] - a[aOff + 11];
        SO3.rotateInverse(a, aOff, scratch, dt, scratch, dt);
        scratch[tz] = scratch[dt] - z[zOff + 9];
        scratch[tz + 1] = scratch[dt + 1] - z[zOff + 10];
        scratch[tz + 2] = scratch[dt + 2] - z[zOff + 11];
        SO3.rotateInverse(z, zOff, scratch, tz, e, eOff);
        SO3.toQuaternion(scratch, rd, scratch, q); // qw >= 0
        double qx = scratch[q];
        double qy = scratch[q + 1];
        double qz = scratch[q + 2];
        double s = scratch[q + 3];
        e[eOff + 3] = qx;
        e[eOff + 4] = qy;
        e[eOff + 5] = qz;
        if (ja == null && jb == null) {
            return;
        }
        if (ja != null) {
            java.util.Arrays.fill(ja, jaOff, jaOff + 36, 0);
            double ux = scratch[dt];
            double uy = scratch[dt + 1];
            double uz = scratch[dt + 2];
            for (int r = 0; r < 3; r++) {
                // row r of R_z^T = column r of R_z
                double z0 = z[zOff + r];
                double z1 = z[zOff + 3 + r];
                double z2 = z[zOff + 6 + r];
                ja[jaOff + 6 * r] = -z0;
                ja[jaOff + 6 * r + 1] = -z1;
                ja[jaOff + 6 * r + 2] = -z2;
                // (R_z^T [u]x) row r = (z0, z1, z2) * [[0,-uz,uy],[uz,0,-ux],[-uy,ux,0]]
                ja[jaOff + 6 * r + 3] = z1 * uz - z2 * uy;
                ja[jaOff + 6 * r + 4] = -z0 * uz + z2 * ux;
                ja[jaOff + 6 * r + 5] = z0 * uy - z1 * ux;
            }
            // -1/2 (s I - [q]x) R_z^T; (s I - [q]x) = [[s, qz, -qy], [-qz, s, qx], [qy, -qx, s]]
            for (int c = 0; c < 3; c++) {
                // (M R_z^T)(r, c) = sum_k M(r,k) R_z(c,k)
                double zc0 = z[zOff + 3 * c];
                double zc1 = z[zOff + 3 * c + 1];
                double zc2 = z[zOff + 3 * c + 2];
                ja[jaOff + 21 + c] = -0.5 * (s * zc0 + qz * zc1 - qy * zc2);
                ja[jaOff + 27 + c] = -0.5 * (-qz * zc0 + s * zc1 + qx * zc2);
                ja[jaOff + 33 + c] = -0.5 * (qy * zc0 - qx * zc1 + s * zc2);
            }
        }
        if (jb != null) {
            java.util.Arrays.fill(jb, jbOff, jbOff + 36, 0);
            for (int r = 0; r < 3; r++) {
                jb[jbOff + 6 * r] = scratch[rd + 3 * r];
                jb[jbOff + 6 * r + 1] = scratch[rd + 3 * r + 1];
                jb[jbOff + 6 * r + 2] = scratch[rd + 3 * r + 2];
            }
            // 1/2 (s I + [q]x) = 1/2 [[s, -qz, qy], [qz, s, -qx], [-qy, qx, s]]
            jb[jbOff + 21] = 0.5 * s;
            jb[jbOff + 22] = -0.5 * qz;
            jb[jbOff + 23] = 0.5 * qy;
            jb[jbOff + 27] = 0.5 * qz;
            jb[jbOff + 28] = 0.5 * s;
            jb[jbOff + 29] = -0.5 * qx;
            jb[jbOff + 33] = -0.5 * qy;
            jb[jbOff + 34] = 0.5 * qx;
            jb[jbOff + 35] = 0.5 * s;
        }
    }

    /**
     * Applies the retraction {@code X (+) (v, w) = (R Exp(w), t + R v)} in place.
     *
     * @param x       pose, 12 values. Modified.
     * @param delta   6 values {@code (v, w)}. Not modified.
     * @param scratch at least 21 doubles. Modified.
     */
    public static void retractInPlace(double[] x, int xOff, double[] delta, int dOff, double[] scratch) {
        double[] s = scratch;
        SO3.rotate(x, xOff, delta, dOff, s, 0);
        SO3.exp(delta, dOff + 3, s, 3);
        System.arraycopy(x, xOff, s, 12, 9);
        // R <- R Exp(w)
        SO3.multiply(scratch, 12, scratch, 3, x, xOff);
        x[xOff + 9] += s[0];
        x[xOff + 10] += s[1];
        x[xOff + 11] += s[2];
    }
}
