package org.edgeai.slam.factor;

import org.edgeai.slam.geometry.SE2;

/**
 * g2o's {@code EDGE_SE2} error with analytic Jacobians:
 * {@code e = [ R(th_z)^T (R(th_a)^T (p_b - p_a) - t_z) ; wrap(th_b - th_a - th_z) ]}, i.e. the
 * tangent coordinates of {@code Z^-1 (X_a^-1 X_b)} with the translation taken as is (g2o
 * {@code EdgeSE2::computeError}: {@code toVector(measurement^-1 * (a^-1 * b))}). Note the rotation
 * of the translation error by {@code R(th_z)^T}, which the Ceres pose_graph_2d example omits.
 *
 * <p>State retraction (g2o {@code VertexSE2::oplusImpl}): {@code (x, y, th) + (dx, dy, dth)}
 * componentwise, the angle wrapped. Jacobians are with respect to that increment.
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
     * @param ja d e / d(increment of a), 9 values, or null. Modified.
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
        // M = R_z^T R_a^T = R(-(th_a + th_z))
        double cm = cz * ca - sz * sa;
        double sm = sz * ca + cz * sa;
        // d u / d th_a = dR_a^T/dth (p_b - p_a) = (-sa dx + ca dy, -ca dx - sa dy)
        double vx = -sa * dx + ca * dy;
        double vy = -ca * dx - sa * dy;
        if (ja != null) {
            ja[jaOff] = -cm;
            ja[jaOff + 1] = -sm;
            ja[jaOff + 2] = cz * vx + sz * vy;
            ja[jaOff + 3] = sm;
            ja[jaOff + 4] = -cm;
            ja[jaOff + 5] = -sz * vx + cz * vy;
            ja[jaOff + 6] = 0;
            ja[jaOff + 7] = 0;
            ja[jaOff + 8] = -1;
        }
        if (jb != null) {
            jb[jbOff] = cm;
            jb[jbOff + 1] = sm;
            jb[jbOff + 2] = 0;
            jb[jbOff + 3] = -sm;
            jb[jbOff + 4] = cm;
            jb[jbOff + 5] = 0;
            jb[jbOff + 6] = 0;
            jb[jbOff + 7] = 0;
            jb[jbOff + 8] = 1;
        }
    }
}
