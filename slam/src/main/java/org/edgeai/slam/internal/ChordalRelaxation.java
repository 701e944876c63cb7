package org.edgeai.slam.internal;

import org.edgeai.slam.geometry.SO3;

/**
 * Chordal-relaxation initialisation of a pose graph (Carlone, Tron, Daniilidis, Dellaert,
 * "Initialization techniques for 3D SLAM: a survey on rotation estimation and its use in pose
 * graph optimization", ICRA 2015, sections III-B and IV; Martinec and Pajdla, CVPR 2007).
 *
 * <ol>
 *   <li>Rotations: minimise {@code sum_e kappa_e |R_b - R_a R_ab|_F^2} over unconstrained
 *       matrices, the gauge rotations fixed at their file values. Row r of every rotation decouples:
 *       {@code y_b = R_ab^T y_a} with {@code y = (row r of R)^T}, so one sparse SPD system with
 *       d x d blocks is factorised once and solved for d right-hand sides (2D: one system on
 *       {@code (cos th, sin th)}). Each result is projected to the nearest rotation
 *       ({@link SO3#project}; 2D: normalised).</li>
 *   <li>Translations: with the rotations fixed, g2o's translation error
 *       {@code (R_a R_z)^T (t_b - t_a) - R_z^T t_z} is linear in the translations; minimise it
 *       weighted by the translation block of each information matrix (one sparse SPD solve).</li>
 * </ol>
 * Rotation weight {@code kappa_e = k / tr(Omega_rot^-1)} (k = rotation dimension; SE-Sync's
 * isotropic concentration, Rosen et al. IJRR 2019, eq. 12), falling back to {@code tr(Omega_rot)/k}
 * for a singular block. Both solves use {@link BlockCholeskyF64} (AMD ordering) in fp64. A Tikhonov
 * term of 1e-12 times the mean diagonal keeps both systems positive definite when some coordinate
 * is unconstrained (e.g. a projected, singular information matrix); it moves constrained
 * coordinates by a relative 1e-12 at most and pulls unconstrained ones to 0.
 */
public final class ChordalRelaxation {
    private ChordalRelaxation() {
    }

    /**
     * @return the initial state in solver layout
     * @throws IllegalArgumentException if every edge's translation information is zero: the graph constrains no
     *                                  position at all
     * @throws IllegalStateException    if a linear system is singular (cannot happen for a connected
     *                                  component with a fixed pose and positive weights)
     */
    public static double[] initialize(PoseGraphModel model) {
        double[] x = model.initialState();
        if (model.freeCount == 0) {
            return x;
        }
        int n = model.n;
        int m = model.m;
        int d = model.d;
        int k = model.dimension == 2 ? 2 : 3; // unknowns per pose per rotation system
        int rotDim = model.dimension == 2 ? 1 : 3;
        int rotOff = model.dimension == 2 ? 2 : 3;
        int stride = model.stride;
        int nf = model.freeCount;
        int[] var = model.var;
        int[] pi = new int[m];
        int[] pj = new int[m];
        int np = 0;
        for (int e = 0; e < m; e++) {
            int va = var[model.from[e]];
            int vb = var[model.to[e]];
            if (va >= 0 && vb >= 0) {
                pi[np] = va;
                pj[np++] = vb;
            }
        }
        // ---- rotations
        BlockCholeskyF64 rot = BlockCholeskyF64.analyze(nf, k, pi, pj, np, BlockCholeskyF64.Ordering.AMD);
        double[] h = rot.matrix();
        int kk = k * k;
        int rhsCount = model.dimension == 2 ? 1 : 3;
        double[][] rhs = new double[rhsCount][nf * k];
        double[] a = new double[9]; // A = R_ab^T (k x k)
        double[] kappa = new double[m];
        for (int e = 0; e < m; e++) {
            kappa[e] = rotationWeight(model.omega, e * d * d, d, rotOff, rotDim);
        }
        for (int e = 0; e < m; e++) {
            int ia = model.from[e];
            int ib = model.to[e];
            int va = var[ia];
            int vb = var[ib];
            double w = kappa[e];
            if (model.dimension == 2) {
                // u_b = R(th_ab) u_a with u = (cos, sin)
                double c = Math.cos(model.z[e * 3 + 2]);
                double s = Math.sin(model.z[e * 3 + 2]);
                a[0] = c;
                a[1] = -s;
                a[2] = s;
                a[3] = c;
            } else {
                for (int r = 0; r < 3; r++) {
                    for (int c = 0; c < 3; c++) {
                        a[r * 3 + c] = model.z[e * 12 + c * 3 + r]; // R_ab^T
                    }
                }
            }
            // residual y_b - A y_a: H_aa += w I, H_bb += w I, H_ab = -w A^T, H_ba = -w A
            if (va >= 0) {
                addIdentity(h, rot.slot(va, va) * kk, k, w);
            }
            if (vb >= 0) {
                addIdentity(h, rot.slot(vb, vb) * kk, k, w);
            }
            if (va >= 0 && vb >= 0) {
                int s = rot.slot(va, vb) * kk;
                boolean t = rot.storesTransposed(va, vb); // stores H_ba = -w A
                for (int r = 0; r < k; r++) {
                    for (int c = 0; c < k; c++) {
                        h[s + r * k + c] -= w * (t ? a[r * k + c] : a[c * k + r]);
                    }
                }
            } else if (va >= 0) {
                // y_b known: minimise |y_b - A y_a|^2 -> rhs_a += w A^T y_b
                for (int q = 0; q < rhsCount; q++) {
                    double[] yb = rotationRow(model, x, ib, q);
                    for (int r = 0; r < k; r++) {
                        double s = 0;
                        for (int c = 0; c < k; c++) {
                            s += a[c * k + r] * yb[c];
                        }
                        rhs[q][va * k + r] += w * s;
                    }
                }
            } else if (vb >= 0) {
                // y_a known: rhs_b += w A y_a
                for (int q = 0; q < rhsCount; q++) {
                    double[] ya = rotationRow(model, x, ia, q);
                    for (int r = 0; r < k; r++) {
                        double s = 0;
                        for (int c = 0; c < k; c++) {
                            s += a[r * k + c] * ya[c];
                        }
                        rhs[q][vb * k + r] += w * s;
                    }
                }
            }
        }
        regularize(h, rot, nf, k); // rotation weights are >= 1e-12 (rotationWeight), so this system is never all zero
        if (!rot.factor(null)) {
            throw new IllegalStateException("chordal rotation system is singular");
        }
        double[][] sol = new double[rhsCount][nf * k];
        for (int q = 0; q < rhsCount; q++) {
            rot.solve(rhs[q], sol[q]);
        }
        double[] mat = new double[9];
        for (int i = 0; i < n; i++) {
            int v = var[i];
            if (v < 0) {
                continue;
            }
            if (model.dimension == 2) {
                x[i * 3 + 2] = Math.atan2(sol[0][v * 2 + 1], sol[0][v * 2]);
            } else {
                for (int r = 0; r < 3; r++) {
                    for (int c = 0; c < 3; c++) {
                        mat[r * 3 + c] = sol[r][v * 3 + c];
                    }
                }
                SO3.project(mat, 0, x, i * stride);
            }
        }
        // ---- translations: e = M^T (t_b - t_a) - R_z^T t_z, M = R_a R_z, weight W = Omega_tt
        int td = model.dimension;
        // same block size (2 in 2D, 3 in 3D) and pattern as the rotation system: reuse its analysis
        BlockCholeskyF64 tr = rot;
        tr.clearMatrix();
        double[] ht = tr.matrix();
        double[] b = new double[nf * td];
        double[] mm = new double[9];
        double[] mwmt = new double[9];
        double[] c0 = new double[3];
        double[] wc = new double[3];
        double[] mwc = new double[3];
        int tdd = td * td;
        for (int e = 0; e < m; e++) {
            int ia = model.from[e];
            int ib = model.to[e];
            int va = var[ia];
            int vb = var[ib];
            int o = e * d * d;
            if (model.dimension == 2) {
                double th = x[ia * 3 + 2] + model.z[e * 3 + 2];
                double c = Math.cos(th);
                double s = Math.sin(th);
                mm[0] = c;
                mm[1] = -s;
                mm[2] = s;
                mm[3] = c;
                double cz = Math.cos(model.z[e * 3 + 2]);
                double sz = Math.sin(model.z[e * 3 + 2]);
                double tx = model.z[e * 3];
                double ty = model.z[e * 3 + 1];
                c0[0] = cz * tx + sz * ty;
                c0[1] = -sz * tx + cz * ty;
            } else {
                double[] mtmp = new double[9];
                SO3.multiply(x, ia * stride, model.z, e * 12, mtmp, 0);
                System.arraycopy(mtmp, 0, mm, 0, 9);
                SO3.rotateInverse(model.z, e * 12, model.z, e * 12 + 9, c0, 0);
            }
            // M W M^T and M W c0, W = Omega[0..td, 0..td]
            for (int r = 0; r < td; r++) {
                double s = 0;
                for (int c = 0; c < td; c++) {
                    s += model.omega[o + r * d + c] * c0[c];
                }
                wc[r] = s;
            }
            for (int r = 0; r < td; r++) {
                double s = 0;
                for (int c = 0; c < td; c++) {
                    s += mm[r * td + c] * wc[c];
                }
                mwc[r] = s;
                for (int c = 0; c < td; c++) {
                    double t = 0;
                    for (int p = 0; p < td; p++) {
                        for (int q = 0; q < td; q++) {
                            t += mm[r * td + p] * model.omega[o + p * d + q] * mm[c * td + q];
                        }
                    }
                    mwmt[r * td + c] = t;
                }
            }
            // residual M^T (t_b - t_a) - c0: normal equations H_bb += MWM^T, H_aa += MWM^T,
            // H_ab -= MWM^T (symmetric), rhs_b += M W c0, rhs_a -= M W c0
            if (va >= 0) {
                addBlock(ht, tr.slot(va, va) * tdd, mwmt, td, 1);
                for (int r = 0; r < td; r++) {
                    b[va * td + r] -= mwc[r];
                }
            }
            if (vb >= 0) {
                addBlock(ht, tr.slot(vb, vb) * tdd, mwmt, td, 1);
                for (int r = 0; r < td; r++) {
                    b[vb * td + r] += mwc[r];
                }
            }
            if (va >= 0 && vb >= 0) {
                addBlock(ht, tr.slot(va, vb) * tdd, mwmt, td, -1);
            } else if (va >= 0) {
                // t_b known: H_aa t_a = ... + MWM^T t_b
                double[] tb = translation(model, x, ib);
                for (int r = 0; r < td; r++) {
                    double s = 0;
                    for (int c = 0; c < td; c++) {
                        s += mwmt[r * td + c] * tb[c];
                    }
                    b[va * td + r] += s;
                }
            } else if (vb >= 0) {
                double[] ta = translation(model, x, ia);
                for (int r = 0; r < td; r++) {
                    double s = 0;
                    for (int c = 0; c < td; c++) {
                        s += mwmt[r * td + c] * ta[c];
                    }
                    b[vb * td + r] += s;
                }
            }
        }
        if (!(regularize(ht, tr, nf, td) > 0)) {
            throw new IllegalArgumentException("chordal initialisation: every edge's translation information is zero, so no "
                    + "edge constrains any position (check the information matrices)");
        }
        if (!tr.factor(null)) {
            throw new IllegalStateException("chordal translation system is singular");
        }
        double[] t = new double[nf * td];
        tr.solve(b, t);
        int toff = model.dimension == 2 ? 0 : 9;
        for (int i = 0; i < n; i++) {
            int v = var[i];
            if (v >= 0) {
                System.arraycopy(t, v * td, x, i * stride + toff, td);
            }
        }
        return x;
    }

    /** @return the trace of the system's block diagonal before the Tikhonov term (0: nothing is constrained) */
    private static double regularize(double[] h, BlockCholeskyF64 chol, int nf, int k) {
        double sum = 0;
        for (int v = 0; v < nf; v++) {
            int o = chol.slot(v, v) * k * k;
            for (int r = 0; r < k; r++) {
                sum += h[o + r * k + r];
            }
        }
        double eps = 1e-12 * sum / (nf * k);
        for (int v = 0; v < nf; v++) {
            int o = chol.slot(v, v) * k * k;
            for (int r = 0; r < k; r++) {
                h[o + r * k + r] += eps;
            }
        }
        return sum;
    }

    private static double[] translation(PoseGraphModel model, double[] x, int i) {
        int off = i * model.stride + (model.dimension == 2 ? 0 : 9);
        return java.util.Arrays.copyOfRange(x, off, off + model.dimension);
    }

    /** Row q of vertex i's rotation as a k-vector (2D: (cos, sin) of the angle). */
    private static double[] rotationRow(PoseGraphModel model, double[] x, int i, int q) {
        if (model.dimension == 2) {
            double th = x[i * 3 + 2];
            return new double[] {Math.cos(th), Math.sin(th)};
        }
        int o = i * 12 + 3 * q;
        return new double[] {x[o], x[o + 1], x[o + 2]};
    }

    private static void addIdentity(double[] h, int off, int k, double w) {
        for (int r = 0; r < k; r++) {
            h[off + r * k + r] += w;
        }
    }

    private static void addBlock(double[] h, int off, double[] blk, int k, double sign) {
        for (int i = 0; i < k * k; i++) {
            h[off + i] += sign * blk[i];
        }
    }

    static double rotationWeight(double[] omega, int off, int d, int rotOff, int rotDim) {
        double[] r = new double[rotDim * rotDim];
        double trace = 0;
        for (int i = 0; i < rotDim; i++) {
            for (int j = 0; j < rotDim; j++) {
                r[i * rotDim + j] = omega[off + (rotOff + i) * d + rotOff + j];
            }
            trace += r[i * rotDim + i];
        }
        double[] l = r.clone();
        if (DenseBlocksF64.choleskyInPlace(l, 0, rotDim)) {
            // tr(R^-1) = |L^-1|_F^2
            double invTrace = 0;
            for (int c = 0; c < rotDim; c++) {
                double[] col = new double[rotDim];
                col[c] = 1;
                DenseBlocksF64.forwardSubstitute(l, 0, col, 0, rotDim);
                for (double v : col) {
                    invTrace += v * v;
                }
            }
            return rotDim / invTrace;
        }
        return Math.max(trace / rotDim, 1e-12);
    }
}
