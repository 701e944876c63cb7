package org.edgeai.slam.geometry;

/**
 * The rigid-motion group SE(3): composition, inverse, action, adjoint, exponential and logarithm
 * maps and their analytic Jacobians, over primitive arrays.
 *
 * <p>Layouts: a pose is 12 values {@code T[off..off+8]} = row-major rotation R, then
 * {@code T[off+9..off+11]} = translation t (metres); it maps a point p to {@code R p + t}. A tangent
 * vector is {@code xi = (rho, phi)}: translation part first (metres), rotation vector second (rad),
 * the order of g2o's 3D error. Jacobians are row-major 6x6.
 *
 * <p>{@code Exp(rho, phi) = (Exp_SO3(phi), Jl(phi) rho)}; right Jacobian {@code Jr(xi) = Jl(-xi)};
 * left Jacobian {@code Jl(xi) = [[Jl(phi), Q(rho, phi)], [0, Jl(phi)]]} with Q from Barfoot and
 * Furgale, "Associating uncertainty with three-dimensional poses for use in estimation problems",
 * IEEE T-RO 30(3), 2014, eq. 102. Adjoint {@code Ad(T) = [[R, [t]x R], [0, R]]}, so that
 * {@code T Exp(xi) T^-1 = Exp(Ad(T) xi)}.
 *
 * @implNote Stateless and thread-safe. Inputs are "Not modified", outputs "Modified"; outputs must
 *           not alias inputs. {@link #log}, {@link #leftJacobian}, {@link #rightJacobian} allocate
 *           small temporaries.
 */
public final class SE3 {
    /** Values per pose in this layout. */
    public static final int SIZE = 12;

    private SE3() {
    }

    /** Writes the identity pose. */
    public static void identity(double[] t, int off) {
        java.util.Arrays.fill(t, off, off + SIZE, 0);
        t[off] = 1;
        t[off + 4] = 1;
        t[off + 8] = 1;
    }

    /** {@code out = a * b}. */
    public static void compose(double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        SO3.multiply(a, aOff, b, bOff, out, outOff);
        SO3.rotate(a, aOff, b, bOff + 9, out, outOff + 9);
        out[outOff + 9] += a[aOff + 9];
        out[outOff + 10] += a[aOff + 10];
        out[outOff + 11] += a[aOff + 11];
    }

    /** {@code out = a^-1 = (R^T, -R^T t)}. */
    public static void inverse(double[] a, int aOff, double[] out, int outOff) {
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                out[outOff + 3 * i + j] = a[aOff + 3 * j + i];
            }
        }
        SO3.rotateInverse(a, aOff, a, aOff + 9, out, outOff + 9);
        out[outOff + 9] = -out[outOff + 9];
        out[outOff + 10] = -out[outOff + 10];
        out[outOff + 11] = -out[outOff + 11];
    }

    /** {@code out = R p + t}; {@code out} may alias {@code p}. */
    public static void transform(double[] t, int tOff, double[] p, int pOff, double[] out, int outOff) {
        SO3.rotate(t, tOff, p, pOff, out, outOff);
        out[outOff] += t[tOff + 9];
        out[outOff + 1] += t[tOff + 10];
        out[outOff + 2] += t[tOff + 11];
    }

    /** Adjoint {@code Ad(T) = [[R, [t]x R], [0, R]]}, 6x6 row-major. */
    public static void adjoint(double[] t, int tOff, double[] out, int outOff) {
        java.util.Arrays.fill(out, outOff, outOff + 36, 0);
        double[] tx = new double[9];
        SO3.hat(t, tOff + 9, tx, 0);
        double[] txr = new double[9];
        SO3.multiply(tx, 0, t, tOff, txr, 0);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double r = t[tOff + 3 * i + j];
                out[outOff + 6 * i + j] = r;
                out[outOff + 6 * (i + 3) + j + 3] = r;
                out[outOff + 6 * i + j + 3] = txr[3 * i + j];
            }
        }
    }

    /**
     * Exponential map.
     *
     * @param xi (rho, phi), 6 values. Not modified.
     * @param t  output pose, 12 values. Modified.
     */
    public static void exp(double[] xi, int xiOff, double[] t, int tOff) {
        SO3.exp(xi, xiOff + 3, t, tOff);
        double[] jl = new double[9];
        SO3.leftJacobian(xi, xiOff + 3, jl, 0);
        SO3.rotate(jl, 0, xi, xiOff, t, tOff + 9);
    }

    /**
     * Logarithm map, the inverse of {@link #exp} for rotation angles below pi.
     *
     * @param t  pose, 12 values. Not modified.
     * @param xi output (rho, phi). Modified.
     */
    public static void log(double[] t, int tOff, double[] xi, int xiOff) {
        SO3.log(t, tOff, xi, xiOff + 3);
        double[] jli = new double[9];
        SO3.leftJacobianInverse(xi, xiOff + 3, jli, 0);
        SO3.rotate(jli, 0, t, tOff + 9, xi, xiOff);
    }

    /** Left Jacobian {@code Jl(xi) = [[Jl(phi), Q], [0, Jl(phi)]]}, 6x6 row-major. */
    public static void leftJacobian(double[] xi, int xiOff, double[] out, int outOff) {
        jacobian(xi, xiOff, out, outOff, 1);
    }

    /** Right Jacobian {@code Jr(xi) = Jl(-xi)}, 6x6 row-major. */
    public static void rightJacobian(double[] xi, int xiOff, double[] out, int outOff) {
        jacobian(xi, xiOff, out, outOff, -1);
    }

    private static void jacobian(double[] xi, int xiOff, double[] out, int outOff, double sign) {
        double[] x = new double[6];
        for (int i = 0; i < 6; i++) {
            x[i] = sign * xi[xiOff + i];
        }
        double[] jl = new double[9];
        SO3.leftJacobian(x, 3, jl, 0);
        double[] q = new double[9];
        q(x, q);
        java.util.Arrays.fill(out, outOff, outOff + 36, 0);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                out[outOff + 6 * i + j] = jl[3 * i + j];
                out[outOff + 6 * (i + 3) + j + 3] = jl[3 * i + j];
                out[outOff + 6 * i + j + 3] = q[3 * i + j];
            }
        }
    }

    /** Barfoot and Furgale's Q(rho, phi) (T-RO 2014, eq. 102). */
    private static void q(double[] xi, double[] out) {
        double[] rx = new double[9];
        double[] px = new double[9];
        SO3.hat(xi, 0, rx, 0);
        SO3.hat(xi, 3, px, 0);
        double t2 = xi[3] * xi[3] + xi[4] * xi[4] + xi[5] * xi[5];
        double c1;
        double c2;
        double c3;
        if (t2 < 1e-6) {
            c1 = 1.0 / 6 - t2 / 120;
            c2 = 1.0 / 24 - t2 / 720;
            c3 = 1.0 / 120 - t2 / 2520;
        } else {
            double t = Math.sqrt(t2);
            double s = Math.sin(t);
            double c = Math.cos(t);
            c1 = (t - s) / (t2 * t);
            c2 = (t2 / 2 + c - 1) / (t2 * t2);
            c3 = (2 * t - 3 * s + t * c) / (2 * t2 * t2 * t);
        }
        double[] prx = mul(px, rx);
        double[] rpx = mul(rx, px);
        double[] prp = mul(prx, px);
        double[] ppr = mul(px, prx);
        double[] rpp = mul(rpx, px);
        double[] prpp = mul(prp, px);
        double[] pprp = mul(px, prp);
        for (int i = 0; i < 9; i++) {
            out[i] = 0.5 * rx[i] + c1 * (prx[i] + rpx[i] + prp[i]) + c2 * (ppr[i] + rpp[i] - 3 * prp[i])
                    + c3 * (prpp[i] + pprp[i]);
        }
    }

    private static double[] mul(double[] a, double[] b) {
        double[] c = new double[9];
        SO3.multiply(a, 0, b, 0, c, 0);
        return c;
    }
}
