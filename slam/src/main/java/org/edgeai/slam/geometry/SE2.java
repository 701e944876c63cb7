package org.edgeai.slam.geometry;

/**
 * The planar rigid-motion group SE(2): composition, inverse, exponential and logarithm maps and
 * their analytic Jacobians, over primitive arrays.
 *
 * <p>Layouts: a pose is {@code (x, y, theta)} (metres, metres, rad) at {@code p[off..off+2]}; it
 * maps a point q to {@code R(theta) q + (x, y)}. A tangent vector is {@code (rho_x, rho_y, theta)}.
 * Jacobians are row-major 3x3. {@code Exp(rho, theta) = (V(theta) rho, theta)} with
 * {@code V = [[sin t / t, -(1 - cos t)/t], [(1 - cos t)/t, sin t / t]]}. Right and left Jacobians
 * from Sola, Deray, Atchuthan, "A micro Lie theory for state estimation in robotics" (2018),
 * eqs. 163-164: {@code Exp(xi + d) ~= Exp(xi) Exp(Jr d) ~= Exp(Jl d) Exp(xi)}.
 *
 * @implNote Stateless, allocation-free, thread-safe. Inputs "Not modified", outputs "Modified";
 *           outputs must not alias inputs.
 */
public final class SE2 {
    /** Values per pose in this layout. */
    public static final int SIZE = 3;
    private static final double SMALL_ANGLE_RAD = 1e-5;

    private SE2() {
    }

    /** @return {@code angleRad} wrapped to [-pi, pi) */
    public static double wrapAngle(double angleRad) {
        if (angleRad >= -Math.PI && angleRad < Math.PI) {
            return angleRad;
        }
        double a = Math.IEEEremainder(angleRad, 2 * Math.PI);
        return a >= Math.PI ? a - 2 * Math.PI : a;
    }

    /** {@code out = a * b}; the angle is wrapped to [-pi, pi). */
    public static void compose(double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        double c = Math.cos(a[aOff + 2]);
        double s = Math.sin(a[aOff + 2]);
        double bx = b[bOff];
        double by = b[bOff + 1];
        out[outOff] = a[aOff] + c * bx - s * by;
        out[outOff + 1] = a[aOff + 1] + s * bx + c * by;
        out[outOff + 2] = wrapAngle(a[aOff + 2] + b[bOff + 2]);
    }

    /** {@code out = a^-1 = (-R^T t, -theta)}. */
    public static void inverse(double[] a, int aOff, double[] out, int outOff) {
        double c = Math.cos(a[aOff + 2]);
        double s = Math.sin(a[aOff + 2]);
        double x = a[aOff];
        double y = a[aOff + 1];
        out[outOff] = -(c * x + s * y);
        out[outOff + 1] = -(-s * x + c * y);
        out[outOff + 2] = wrapAngle(-a[aOff + 2]);
    }

    /** Exponential map of {@code (rho_x, rho_y, theta)}. */
    public static void exp(double[] xi, int xiOff, double[] out, int outOff) {
        double t = xi[xiOff + 2];
        double a;
        double b;
        if (Math.abs(t) < SMALL_ANGLE_RAD) {
            a = 1 - t * t / 6;
            b = t / 2 - t * t * t / 24;
        } else {
            a = Math.sin(t) / t;
            b = (1 - Math.cos(t)) / t;
        }
        double rx = xi[xiOff];
        double ry = xi[xiOff + 1];
        out[outOff] = a * rx - b * ry;
        out[outOff + 1] = b * rx + a * ry;
        out[outOff + 2] = wrapAngle(t);
    }

    /** Logarithm map: {@code theta} in [-pi, pi), {@code rho = V(theta)^-1 t}. */
    public static void log(double[] p, int pOff, double[] xi, int xiOff) {
        double t = wrapAngle(p[pOff + 2]);
        double a;
        double b;
        if (Math.abs(t) < SMALL_ANGLE_RAD) {
            a = 1 - t * t / 6;
            b = t / 2 - t * t * t / 24;
        } else {
            a = Math.sin(t) / t;
            b = (1 - Math.cos(t)) / t;
        }
        double det = a * a + b * b;
        double x = p[pOff];
        double y = p[pOff + 1];
        xi[xiOff] = (a * x + b * y) / det;
        xi[xiOff + 1] = (-b * x + a * y) / det;
        xi[xiOff + 2] = t;
    }

    /** Right Jacobian (Sola et al. eq. 163), 3x3 row-major. */
    public static void rightJacobian(double[] xi, int xiOff, double[] out, int outOff) {
        rightJacobian(xi[xiOff], xi[xiOff + 1], xi[xiOff + 2], out, outOff);
    }

    private static void rightJacobian(double r1, double r2, double t, double[] out, int outOff) {
        double a;
        double b;
        double c1;
        double c2;
        if (Math.abs(t) < SMALL_ANGLE_RAD) {
            a = 1 - t * t / 6;
            b = t / 2 - t * t * t / 24; // (1 - cos t)/t
            // (t r1 - r2 + r2 cos t - r1 sin t)/t^2 and (r1 + t r2 - r1 cos t - r2 sin t)/t^2, Taylor
            c1 = -r2 / 2 + r1 * t / 6 + r2 * t * t / 24;
            c2 = r1 / 2 + r2 * t / 6 - r1 * t * t / 24;
        } else {
            double s = Math.sin(t);
            double c = Math.cos(t);
            a = s / t;
            b = (1 - c) / t;
            c1 = (t * r1 - r2 + r2 * c - r1 * s) / (t * t);
            c2 = (r1 + t * r2 - r1 * c - r2 * s) / (t * t);
        }
        out[outOff] = a;
        out[outOff + 1] = b;
        out[outOff + 2] = c1;
        out[outOff + 3] = -b;
        out[outOff + 4] = a;
        out[outOff + 5] = c2;
        out[outOff + 6] = 0;
        out[outOff + 7] = 0;
        out[outOff + 8] = 1;
    }

    /** Left Jacobian (Sola et al. eq. 164), {@code Jl(xi) = Jr(-xi)}, 3x3 row-major. */
    public static void leftJacobian(double[] xi, int xiOff, double[] out, int outOff) {
        rightJacobian(-xi[xiOff], -xi[xiOff + 1], -xi[xiOff + 2], out, outOff);
    }
}
