package org.edgeai.slam.eval;

import org.edgeai.slam.geometry.SO3;

/**
 * The rigid transform (rotation and translation, no scale) that best maps estimated positions onto
 * ground-truth positions in the least-squares sense: Horn's closed form (Horn, "Closed-form solution
 * of absolute orientation using unit quaternions", JOSA A 4(4), 1987) in 3D, which equals Umeyama's
 * solution without scale (IEEE PAMI 13(4), 1991); in 2D the rotation about z is
 * {@code atan2(sum cross, sum dot)} of the centred point pairs (SE(2) alignment).
 *
 * @param rotation    3x3 row-major (2D: a rotation about z)
 * @param translation 3 values (2D: z = 0)
 */
public record RigidAlignment(double[] rotation, double[] translation) {
    /** Copies the arrays. @throws IllegalArgumentException if the sizes are not 9 and 3 */
    public RigidAlignment {
        if (rotation.length != 9 || translation.length != 3) {
            throw new IllegalArgumentException("rotation must have 9 and translation 3 values, got " + rotation.length
                    + " and " + translation.length);
        }
        rotation = rotation.clone();
        translation = translation.clone();
    }

    /** @return the rotation, 3x3 row-major (a copy) */
    @Override
    public double[] rotation() {
        return rotation.clone();
    }

    /** @return the translation (a copy) */
    @Override
    public double[] translation() {
        return translation.clone();
    }

    /** @return the alignment angle about z (rad), meaningful for 2D */
    public double yawRad() {
        return Math.atan2(rotation[3], rotation[0]);
    }

    /**
     * @param estimate    n positions, {@code dim} values each (x, y[, z]). Not modified.
     * @param groundTruth n positions, same layout. Not modified.
     * @param dim         2 or 3
     * @return the transform T minimising {@code sum |gt_i - T(est_i)|^2}
     * @throws IllegalArgumentException if the lengths differ, are not a multiple of dim, or are empty
     */
    public static RigidAlignment fit(double[] estimate, double[] groundTruth, int dim) {
        if (dim != 2 && dim != 3) {
            throw new IllegalArgumentException("dim must be 2 or 3, got " + dim);
        }
        if (estimate.length != groundTruth.length || estimate.length % dim != 0 || estimate.length == 0) {
            throw new IllegalArgumentException("need the same, nonzero number of " + dim + "D positions, got "
                    + estimate.length + " and " + groundTruth.length + " values");
        }
        int n = estimate.length / dim;
        double[] me = new double[3];
        double[] mg = new double[3];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < dim; k++) {
                me[k] += estimate[i * dim + k] / n;
                mg[k] += groundTruth[i * dim + k] / n;
            }
        }
        double[] rot = new double[9];
        if (dim == 2) {
            double sdot = 0;
            double scross = 0;
            for (int i = 0; i < n; i++) {
                double ex = estimate[2 * i] - me[0];
                double ey = estimate[2 * i + 1] - me[1];
                double gx = groundTruth[2 * i] - mg[0];
                double gy = groundTruth[2 * i + 1] - mg[1];
                sdot += ex * gx + ey * gy;
                scross += ex * gy - ey * gx;
            }
            double th = Math.atan2(scross, sdot);
            double c = Math.cos(th);
            double s = Math.sin(th);
            rot[0] = c;
            rot[1] = -s;
            rot[3] = s;
            rot[4] = c;
            rot[8] = 1;
        } else {
            // maximise sum gt_i . R est_i = tr(R^T M), M = sum gt_i est_i^T (centred)
            double[] m = new double[9];
            for (int i = 0; i < n; i++) {
                for (int r = 0; r < 3; r++) {
                    double g = groundTruth[3 * i + r] - mg[r];
                    for (int c = 0; c < 3; c++) {
                        m[3 * r + c] += g * (estimate[3 * i + c] - me[c]);
                    }
                }
            }
            SO3.project(m, 0, rot, 0);
        }
        double[] t = new double[3];
        for (int r = 0; r < 3; r++) {
            t[r] = mg[r] - (rot[3 * r] * me[0] + rot[3 * r + 1] * me[1] + rot[3 * r + 2] * me[2]);
        }
        return new RigidAlignment(rot, t);
    }

    /**
     * @param p   position, {@code dim} values at {@code off}. Not modified.
     * @param out transformed position, {@code dim} values. Modified. May alias p.
     */
    public void apply(double[] p, int off, double[] out, int outOff, int dim) {
        double x = p[off];
        double y = p[off + 1];
        double z = dim == 3 ? p[off + 2] : 0;
        for (int r = 0; r < dim; r++) {
            out[outOff + r] = rotation[3 * r] * x + rotation[3 * r + 1] * y + rotation[3 * r + 2] * z + translation[r];
        }
    }
}
