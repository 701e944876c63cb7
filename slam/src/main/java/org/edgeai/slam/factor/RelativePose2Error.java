package org.edgeai.slam.factor;

import org.edgeai.slam.geometry.SE2;

/**
 * g2o's {@code EDGE_SE2} error with analytic Jacobians:
 * {@code e = [ R(th_z)^T (R(th_a)^T (p_b - p_a) - t_z) ; wrap(th_b - th_a - th_z) ]}, i.e. the
 * tangent coordinates of {@code Z^-1 (X_a^-1 X_b)} with the translation taken as is (g2o
 * {@code EdgeSE2::computeError}: {@code toVector(measurement^-1 * (a^-1 * b))}). Note the rotation
 * of the translation error by {@code R(th_z)^T}, which the Ceres pose_graph_2d example omits.
 *
 * <p>State retraction: increments in the pose's own frame, the first-order chart of SE(2) (as in 3D,
 * {@link RelativePose3Error}): {@code (p, th) (+) (v, w) = (p + R(th) v, th + w)}. With it the
 * Jacobians depend on relative poses only ({@code u = R_a^T (p_b - p_a)},
 * {@code R_D = R(th_b - th_a - th_z)}), so the Gauss-Newton Hessian barely changes when the
 * whole trajectory rotates, which keeps a static preconditioner valid:
 * <pre>
 *   de_t/dv_a = -R_z^T      de_t/dw_a = R_z^T (u_y, -u_x)     de_th/dw_a = -1
 *   de_t/dv_b = R_D         de_t/dw_b = 0                     de_th/dw_b =  1
 * </pre>
 *
 * <p>Layouts: poses and the measurement are {@code (x, y, theta)}; the error has 3 values
 * {@code (ex, ey, etheta)}; Jacobians are 3x3 row-major (rows: error, columns: increment).
 *
 * @implNote Stateless, allocation-free, thread-safe; fp64.
 */
public final class RelativePose2Error {
    private RelativePose2Error() {
    }

    /**
     * @param a pose of the edge's first vertex, from {@code aOff}. Not modified.
     * @param b pose of the second vertex. Not modified.
     * @param z measurement. Not modified.
     * @param e error, 3 values. Modified.
     */
    public static void error(double[] a, int aOff, double[] b, int bOff, double[] z, int zOff, double[] e, int eOff) {
        linearize(a, aOff, b, bOff, z, zOff, e, eOff, null, 0, null, 0);
    }

    /**
     * Error and (optionally) Jacobians.
     *
     * @param ja d e / d(increment of a) (local chart, see the class comment), 9 values, or null. Modified.
     * @param jb d e / d(increment of b), 9 values, or null. Modified.
     */
    public static void linearize(double[] a, int aOff, double[] b, int bOff, double[] z, int zOff, double[] e, int eOff,
                                 double[] ja, int jaOff, double[] jb, int jbOff) {
        double ca = Math.cos(a[aOff + 2]);
        double sa = Math.sin(a[aOff + 2]);
        double cz = Math.cos(z[zOff + 2]);
        double sz = Math.sin(z[zOff + 2]);
        double dx = b[bOff] - a[aOff];
        double dy = b[bOff + 1] - a[aOff + 1];
        // u = R_a^T (p_b - p_a) - t_z
        double ux = ca * dx + sa * dy - z[zOff];
        double uy = -sa * dx + ca * dy - z[zOff + 1];
        e[eOff] = cz * ux + sz * uy;
        e[eOff + 1] = -sz * ux + cz * uy;
        e[eOff + 2] = SE2.wrapAngle(b[bOff + 2] - a[aOff + 2] - z[zOff + 2]);
        if (ja == null && jb == null) {
            return;
        }
        // u = R_a^T (p_b - p_a); R_D = R(th_b - th_a - th_z)
        double vx = ca * dx + sa * dy;
        double vy = -sa * dx + ca * dy;
        if (ja != null) {
            ja[jaOff] = -cz;
            ja[jaOff + 1] = -sz;
            ja[jaOff + 2] = cz * vy - sz * vx;
            ja[jaOff + 3] = sz;
            ja[jaOff + 4] = -cz;
            ja[jaOff + 5] = -sz * vy - cz * vx;
            ja[jaOff + 6] = 0;
            ja[jaOff + 7] = 0;
            ja[jaOff + 8] = -1;
        }
        if (jb != null) {
            double th = b[bOff + 2] - a[aOff + 2] - z[zOff + 2];
            double cd = Math.cos(th);
            double sd = Math.sin(th);
            jb[jbOff] = cd;
            jb[jbOff + 1] = -sd;
            jb[jbOff + 2] = 0;
            jb[jbOff + 3] = sd;
            jb[jbOff + 4] = cd;
            jb[jbOff + 5] = 0;
            jb[jbOff + 6] = 0;
            jb[jbOff + 7] = 0;
            jb[jbOff + 8] = 1;
        }
    }

    /**
     * Applies the retraction {@code (p, th) (+) (v, w) = (p + R(th) v, th + w)} in place (angle wrapped).
     *
     * @param x     pose (x, y, theta). Modified.
     * @param delta increment (v_x, v_y, w). Not modified.
     */
    public static void retractInPlace(double[] x, int xOff, double[] delta, int dOff) {
        double c = Math.cos(x[xOff + 2]);
        double s = Math.sin(x[xOff + 2]);
        double vx = delta[dOff];
        double vy = delta[dOff + 1];
        x[xOff] += c * vx - s * vy;
        x[xOff + 1] += s * vx + c * vy;
        x[xOff + 2] = SE2.wrapAngle(x[xOff + 2] + delta[dOff + 2]);
    }
}
