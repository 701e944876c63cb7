package org.edgeai.slam.geometry;

import org.edgeai.slam.internal.SymmetricEigen;

/**
 * The rotation group SO(3): exponential and logarithm maps, their analytic Jacobians and
 * quaternion conversions, over primitive arrays.
 *
 * <p>Layouts: a rotation is a row-major 3x3 matrix {@code R[off + 3*r + c]}; a tangent vector
 * (rotation vector, axis times angle in radians) is {@code w[off..off+2]}; a unit quaternion is
 * {@code q[off..off+3] = (qx, qy, qz, qw)} (g2o's order). Jacobians are row-major 3x3.
 *
 * <p>Conventions (Sola, Deray, Atchuthan, "A micro Lie theory for state estimation in robotics",
 * 2018, eqs. 143-146; Barfoot, "State Estimation for Robotics", 2017, section 7.1.3):
 * {@code Exp(w + d) ~= Exp(w) Exp(Jr(w) d) ~= Exp(Jl(w) d) Exp(w)}, {@code Jl(w) = Jr(-w) = Jr(w)^T}.
 *
 * @implNote Stateless and thread-safe; allocation-free except {@link #log} and {@link #project}
 *           (4-element temporaries). Inputs are "Not modified"; outputs are
 *           "Modified" and must not alias inputs unless stated.
 */
public final class SO3 {
    /** Below this angle (rad) the closed forms are replaced by Taylor series (their error is below 1e-16 there). */
    private static final double SMALL_ANGLE_RAD = 1e-4;

    private SO3() {
    }

    /** Writes {@code [w]x}, the skew-symmetric matrix with {@code [w]x v = w x v}. */
    public static void hat(double[] w, int wOff, double[] out, int outOff) {
        double x = w[wOff], y = w[wOff + 1], z = w[wOff + 2];
        out[outOff] = 0;
        out[outOff + 1] = -z;
        out[outOff + 2] = y;
        out[outOff + 3] = z;
        out[outOff + 4] = 0;
        out[outOff + 5] = -x;
        out[outOff + 6] = -y;
        out[outOff + 7] = x;
        out[outOff + 8] = 0;
    }

    /**
     * Exponential map (Rodrigues' formula) {@code R = I + sin(t)/t [w]x + (1-cos t)/t^2 [w]x^2}.
     *
     * @param w rotation vector (rad), 3 values from {@code wOff}. Not modified.
     * @param r output rotation, 9 values from {@code rOff}. Modified.
     */
    public static void exp(double[] w, int wOff, double[] r, int rOff) {
        double x = w[wOff], y = w[wOff + 1], z = w[wOff + 2];
        double t2 = x * x + y * y + z * z;
        double a;
        double b;
        if (t2 < SMALL_ANGLE_RAD * SMALL_ANGLE_RAD) {
            a = 1 - t2 / 6;
            b = 0.5 - t2 / 24;
        } else {
            double t = Math.sqrt(t2);
            a = Math.sin(t) / t;
            b = (1 - Math.cos(t)) / t2;
        }
        r[rOff] = 1 - b * (y * y + z * z);
        r[rOff + 1] = -a * z + b * x * y;
        r[rOff + 2] = a * y + b * x * z;
        r[rOff + 3] = a * z + b * x * y;
        r[rOff + 4] = 1 - b * (x * x + z * z);
        r[rOff + 5] = -a * x + b * y * z;
        r[rOff + 6] = -a * y + b * x * z;
        r[rOff + 7] = a * x + b * y * z;
        r[rOff + 8] = 1 - b * (x * x + y * y);
    }

    /**
     * Logarithm map, the inverse of {@link #exp}, with angle in [0, pi]. Computed through the
     * quaternion so that it is accurate near 0 and near pi.
     *
     * @param r rotation (orthonormal), 9 values. Not modified.
     * @param w output rotation vector, 3 values. Modified.
     */
    public static void log(double[] r, int rOff, double[] w, int wOff) {
        double[] q = new double[4];
        toQuaternion(r, rOff, q, 0);
        logQuaternion(q, 0, w, wOff);
    }

    /**
     * Logarithm of a unit quaternion: {@code w = 2 atan2(|v|, qw) v / |v|} after flipping to qw >= 0.
     *
     * @param q unit quaternion (qx, qy, qz, qw). Not modified.
     * @param w output rotation vector (rad). Modified.
     */
    public static void logQuaternion(double[] q, int qOff, double[] w, int wOff) {
        double x = q[qOff], y = q[qOff + 1], z = q[qOff + 2], s = q[qOff + 3];
        if (s < 0) {
            x = -x;
            y = -y;
            z = -z;
            s = -s;
        }
        double n = Math.sqrt(x * x + y * y + z * z);
        double f;
        if (n < 1e-12) {
            f = 2 / s; // 2 atan(n/s)/n -> 2/s, exact to O(n^2)
        } else {
            f = 2 * Math.atan2(n, s) / n;
        }
        w[wOff] = f * x;
        w[wOff + 1] = f * y;
        w[wOff + 2] = f * z;
    }

    /**
     * Right Jacobian {@code Jr(w) = I - (1-cos t)/t^2 [w]x + (t - sin t)/t^3 [w]x^2}.
     *
     * @param out 3x3 row-major. Modified.
     */
    public static void rightJacobian(double[] w, int wOff, double[] out, int outOff) {
        jacobian(w, wOff, out, outOff, -1);
    }

    /** Left Jacobian {@code Jl(w) = Jr(-w) = I + (1-cos t)/t^2 [w]x + (t - sin t)/t^3 [w]x^2}. */
    public static void leftJacobian(double[] w, int wOff, double[] out, int outOff) {
        jacobian(w, wOff, out, outOff, 1);
    }

    private static void jacobian(double[] w, int wOff, double[] out, int outOff, double sign) {
        double x = w[wOff], y = w[wOff + 1], z = w[wOff + 2];
        double t2 = x * x + y * y + z * z;
        double b;
        double c;
        if (t2 < SMALL_ANGLE_RAD * SMALL_ANGLE_RAD) {
            b = 0.5 - t2 / 24;
            c = 1.0 / 6 - t2 / 120;
        } else {
            double t = Math.sqrt(t2);
            b = (1 - Math.cos(t)) / t2;
            c = (t - Math.sin(t)) / (t2 * t);
        }
        b *= sign;
        // [w]x^2 = w w^T - t2 I
        out[outOff] = 1 + c * (x * x - t2);
        out[outOff + 1] = -b * z + c * x * y;
        out[outOff + 2] = b * y + c * x * z;
        out[outOff + 3] = b * z + c * x * y;
        out[outOff + 4] = 1 + c * (y * y - t2);
        out[outOff + 5] = -b * x + c * y * z;
        out[outOff + 6] = -b * y + c * x * z;
        out[outOff + 7] = b * x + c * y * z;
        out[outOff + 8] = 1 + c * (z * z - t2);
    }

    /**
     * Inverse right Jacobian {@code Jr^-1(w) = I + 1/2 [w]x + (1/t^2 - (1 + cos t)/(2 t sin t)) [w]x^2},
     * valid for angles below pi.
     *
     * @param out 3x3 row-major. Modified.
     */
    public static void rightJacobianInverse(double[] w, int wOff, double[] out, int outOff) {
        jacobianInverse(w, wOff, out, outOff, 1);
    }

    /** Inverse left Jacobian {@code Jl^-1(w) = Jr^-1(-w)}. */
    public static void leftJacobianInverse(double[] w, int wOff, double[] out, int outOff) {
        jacobianInverse(w, wOff, out, outOff, -1);
    }

    private static void jacobianInverse(double[] w, int wOff, double[] out, int outOff, double sign) {
        double x = w[wOff], y = w[wOff + 1], z = w[wOff + 2];
        double t2 = x * x + y * y + z * z;
        double c;
        if (t2 < SMALL_ANGLE_RAD * SMALL_ANGLE_RAD) {
            c = 1.0 / 12 + t2 / 720;
        } else {
            double t = Math.sqrt(t2);
            c = 1 / t2 - (1 + Math.cos(t)) / (2 * t * Math.sin(t));
        }
        double b = 0.5 * sign;
        out[outOff] = 1 + c * (x * x - t2);
        out[outOff + 1] = -b * z + c * x * y;
        out[outOff + 2] = b * y + c * x * z;
        out[outOff + 3] = b * z + c * x * y;
        out[outOff + 4] = 1 + c * (y * y - t2);
        out[outOff + 5] = -b * x + c * y * z;
        out[outOff + 6] = -b * y + c * x * z;
        out[outOff + 7] = b * x + c * y * z;
        out[outOff + 8] = 1 + c * (z * z - t2);
    }

    /**
     * Rotation matrix of a quaternion; the quaternion is normalized first.
     *
     * @param q (qx, qy, qz, qw), any nonzero norm. Not modified.
     * @param r 3x3 row-major. Modified.
     * @throws IllegalArgumentException if the quaternion norm is zero or not finite
     */
    public static void fromQuaternion(double[] q, int qOff, double[] r, int rOff) {
        double x = q[qOff], y = q[qOff + 1], z = q[qOff + 2], w = q[qOff + 3];
        double n2 = x * x + y * y + z * z + w * w;
        if (!(n2 > 0) || !Double.isFinite(n2)) {
            throw new IllegalArgumentException("quaternion has norm " + Math.sqrt(n2) + "; expected a nonzero finite norm");
        }
        double s = 2 / n2;
        double xx = s * x * x, yy = s * y * y, zz = s * z * z;
        double xy = s * x * y, xz = s * x * z, yz = s * y * z;
        double wx = s * w * x, wy = s * w * y, wz = s * w * z;
        r[rOff] = 1 - yy - zz;
        r[rOff + 1] = xy - wz;
        r[rOff + 2] = xz + wy;
        r[rOff + 3] = xy + wz;
        r[rOff + 4] = 1 - xx - zz;
        r[rOff + 5] = yz - wx;
        r[rOff + 6] = xz - wy;
        r[rOff + 7] = yz + wx;
        r[rOff + 8] = 1 - xx - yy;
    }

    /**
     * Unit quaternion of a rotation matrix (Shepperd's method, numerically stable for every angle),
     * returned with {@code qw >= 0}.
     *
     * @param r 3x3 row-major rotation. Not modified.
     * @param q output (qx, qy, qz, qw). Modified.
     */
    public static void toQuaternion(double[] r, int rOff, double[] q, int qOff) {
        double m00 = r[rOff], m01 = r[rOff + 1], m02 = r[rOff + 2];
        double m10 = r[rOff + 3], m11 = r[rOff + 4], m12 = r[rOff + 5];
        double m20 = r[rOff + 6], m21 = r[rOff + 7], m22 = r[rOff + 8];
        double tr = m00 + m11 + m22;
        double x;
        double y;
        double z;
        double w;
        if (tr >= m00 && tr >= m11 && tr >= m22) {
            double s = Math.sqrt(1 + tr) * 2;
            w = 0.25 * s;
            x = (m21 - m12) / s;
            y = (m02 - m20) / s;
            z = (m10 - m01) / s;
        } else if (m00 >= m11 && m00 >= m22) {
            double s = Math.sqrt(1 + m00 - m11 - m22) * 2;
            w = (m21 - m12) / s;
            x = 0.25 * s;
            y = (m01 + m10) / s;
            z = (m02 + m20) / s;
        } else if (m11 >= m22) {
            double s = Math.sqrt(1 + m11 - m00 - m22) * 2;
            w = (m02 - m20) / s;
            x = (m01 + m10) / s;
            y = 0.25 * s;
            z = (m12 + m21) / s;
        } else {
            double s = Math.sqrt(1 + m22 - m00 - m11) * 2;
            w = (m10 - m01) / s;
            x = (m02 + m20) / s;
            y = (m12 + m21) / s;
            z = 0.25 * s;
        }
        double n = Math.sqrt(x * x + y * y + z * z + w * w);
        if (w < 0) {
            n = -n;
        }
        q[qOff] = x / n;
        q[qOff + 1] = y / n;
        q[qOff + 2] = z / n;
        q[qOff + 3] = w / n;
    }

    /**
     * Hamilton product {@code out = a * b} of quaternions in (x, y, z, w) order. {@code out} may
     * alias neither input.
     */
    public static void quaternionMultiply(double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        double ax = a[aOff], ay = a[aOff + 1], az = a[aOff + 2], aw = a[aOff + 3];
        double bx = b[bOff], by = b[bOff + 1], bz = b[bOff + 2], bw = b[bOff + 3];
        out[outOff] = aw * bx + ax * bw + ay * bz - az * by;
        out[outOff + 1] = aw * by - ax * bz + ay * bw + az * bx;
        out[outOff + 2] = aw * bz + ax * by - ay * bx + az * bw;
        out[outOff + 3] = aw * bw - ax * bx - ay * by - az * bz;
    }

    /**
     * Projects a 3x3 matrix onto the nearest rotation in the Frobenius norm (the orthogonal polar
     * factor with determinant +1; Horn, Hilden, Negahdaripour, JOSA A 5(7) 1988), computed by the
     * quaternion eigenvector method of Horn (JOSA A 4(4) 1987, section 4): the rotation maximising
     * {@code tr(R^T M)} is the eigenvector of the largest eigenvalue of a symmetric 4x4 matrix.
     *
     * @param m 3x3 row-major, any matrix. Not modified.
     * @param r the nearest rotation. Modified. May alias {@code m}.
     */
    public static void project(double[] m, int mOff, double[] r, int rOff) {
        double[] q = new double[4];
        nearestRotationQuaternion(m, mOff, q);
        fromQuaternion(q, 0, r, rOff);
    }

    /**
     * Quaternion (x, y, z, w) of the rotation R maximising {@code tr(R^T M)}.
     *
     * @param m   3x3 row-major. Not modified.
     * @param out 4 values. Modified.
     */
    public static void nearestRotationQuaternion(double[] m, int mOff, double[] out) {
        // tr(R^T M) = q^T N q with Horn's N built from M (M plays the role of the correlation S^T).
        double sxx = m[mOff], sxy = m[mOff + 1], sxz = m[mOff + 2];
        double syx = m[mOff + 3], syy = m[mOff + 4], syz = m[mOff + 5];
        double szx = m[mOff + 6], szy = m[mOff + 7], szz = m[mOff + 8];
        // Horn's N for S where R maximises tr(R^T S): indices (w, x, y, z)
        double[] n = {
            sxx + syy + szz, szy - syz, sxz - szx, syx - sxy,
            szy - syz, sxx - syy - szz, sxy + syx, szx + sxz,
            sxz - szx, sxy + syx, -sxx + syy - szz, syz + szy,
            syx - sxy, szx + sxz, syz + szy, -sxx - syy + szz};
        double[] v = new double[4];
        SymmetricEigen.largestEigenvector4(n, v);
        out[0] = v[1];
        out[1] = v[2];
        out[2] = v[3];
        out[3] = v[0];
        if (out[3] < 0) {
            for (int i = 0; i < 4; i++) {
                out[i] = -out[i];
            }
        }
    }

    /** {@code out = a * b} for 3x3 row-major matrices; {@code out} must not alias the inputs. */
    public static void multiply(double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        for (int i = 0; i < 3; i++) {
            double a0 = a[aOff + 3 * i], a1 = a[aOff + 3 * i + 1], a2 = a[aOff + 3 * i + 2];
            out[outOff + 3 * i] = a0 * b[bOff] + a1 * b[bOff + 3] + a2 * b[bOff + 6];
            out[outOff + 3 * i + 1] = a0 * b[bOff + 1] + a1 * b[bOff + 4] + a2 * b[bOff + 7];
            out[outOff + 3 * i + 2] = a0 * b[bOff + 2] + a1 * b[bOff + 5] + a2 * b[bOff + 8];
        }
    }

    /** {@code out = a^T * b} for 3x3 row-major matrices; {@code out} must not alias the inputs. */
    public static void multiplyTransA(double[] a, int aOff, double[] b, int bOff, double[] out, int outOff) {
        for (int i = 0; i < 3; i++) {
            double a0 = a[aOff + i], a1 = a[aOff + 3 + i], a2 = a[aOff + 6 + i];
            out[outOff + 3 * i] = a0 * b[bOff] + a1 * b[bOff + 3] + a2 * b[bOff + 6];
            out[outOff + 3 * i + 1] = a0 * b[bOff + 1] + a1 * b[bOff + 4] + a2 * b[bOff + 7];
            out[outOff + 3 * i + 2] = a0 * b[bOff + 2] + a1 * b[bOff + 5] + a2 * b[bOff + 8];
        }
    }

    /** {@code out = R v} for a 3x3 row-major {@code R}; {@code out} may alias {@code v}. */
    public static void rotate(double[] r, int rOff, double[] v, int vOff, double[] out, int outOff) {
        double x = v[vOff], y = v[vOff + 1], z = v[vOff + 2];
        out[outOff] = r[rOff] * x + r[rOff + 1] * y + r[rOff + 2] * z;
        out[outOff + 1] = r[rOff + 3] * x + r[rOff + 4] * y + r[rOff + 5] * z;
        out[outOff + 2] = r[rOff + 6] * x + r[rOff + 7] * y + r[rOff + 8] * z;
    }

    /** {@code out = R^T v} for a 3x3 row-major {@code R}; {@code out} may alias {@code v}. */
    public static void rotateInverse(double[] r, int rOff, double[] v, int vOff, double[] out, int outOff) {
        double x = v[vOff], y = v[vOff + 1], z = v[vOff + 2];
        out[outOff] = r[rOff] * x + r[rOff + 3] * y + r[rOff + 6] * z;
        out[outOff + 1] = r[rOff + 1] * x + r[rOff + 4] * y + r[rOff + 7] * z;
        out[outOff + 2] = r[rOff + 2] * x + r[rOff + 5] * y + r[rOff + 8] * z;
    }
}
