package org.edgeai.slam.internal;

/**
 * Bundle adjustment normal equations solved by the Schur complement on the cameras in fp64
 * (Triggs, McLauchlan, Hartley, Fitzgibbon, "Bundle adjustment - a modern synthesis", 2000,
 * section 6.1; Agarwal et al., "Bundle adjustment in the large", ECCV 2010):
 * <pre>
 *   [C  W] [dc]   [-g_c]        S = C - W V^-1 W^T,   S dc = -g_c + W V^-1 g_p,
 *   [W' V] [dp] = [-g_p]        dp = V^-1 (-g_p - W^T dc)
 * </pre>
 * with V block diagonal (3x3 per point). The reduced camera system S has 9x9 blocks on the
 * camera co-visibility pattern and is factorised by {@link BlockCholeskyF64} (CSparse AMD ordering,
 * symbolic analysis once). LM damping {@code lambda clamp(diag)} is added to C and V before the
 * elimination.
 *
 * @implNote Not thread-safe; allocation-free per iteration.
 */
public final class BundleSchurSystem extends BundleSystem {
    private static final int C = 9;
    private static final int CC = 81;
    private final BlockCholeskyF64 chol;
    private final int[] diagSlot;     // per camera
    private final int[] pairPtr;      // per point: range in pairSlot/pairTrans of its ordered observation pairs
    private final int[] pairSlot;
    private final boolean[] pairTrans;
    private final double[] cBlocks;   // per camera 9x9, J_c^T W J_c
    private final double[] vBlocks;   // per point 3x3
    private final double[] wBlocks;   // per observation W_k^T = J_p^T W J_c, 3x9 row-major
    private final double[] tBlocks;   // per observation 9x3, W V^-1 (scratch per point)
    private final double[] vinv = new double[9];
    private final double[] rhs;
    private final double[] dc;
    private final double[] gp = new double[3];
    private final double[] tmp3 = new double[3];

    public BundleSchurSystem(BundleModel model) {
        super(model);
        int nc = model.nc;
        // co-visibility pairs
        long pairs = 0;
        for (int p = 0; p < model.np; p++) {
            long deg = model.pointPtr[p + 1] - model.pointPtr[p];
            pairs += deg * deg;
        }
        if (pairs > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("too many camera pairs for the Schur complement: " + pairs);
        }
        // pi, pj, pairSlot (int) and pairTrans (boolean) per pair
        BlockCholeskyF64.requireHeap("the Schur complement's " + pairs + " camera pairs", 13 * pairs);
        int[] pi = new int[(int) pairs];
        int[] pj = new int[(int) pairs];
        int k = 0;
        for (int p = 0; p < model.np; p++) {
            for (int a = model.pointPtr[p]; a < model.pointPtr[p + 1]; a++) {
                for (int b = a + 1; b < model.pointPtr[p + 1]; b++) {
                    int ca = model.obsCam[model.pointObs[a]];
                    int cb = model.obsCam[model.pointObs[b]];
                    if (ca != cb) {
                        pi[k] = ca;
                        pj[k++] = cb;
                    }
                }
            }
        }
        chol = BlockCholeskyF64.analyze(nc, C, pi, pj, k, BlockCholeskyF64.Ordering.AMD);
        diagSlot = new int[nc];
        for (int c = 0; c < nc; c++) {
            diagSlot[c] = chol.slot(c, c);
        }
        pairPtr = new int[model.np + 1];
        for (int p = 0; p < model.np; p++) {
            long deg = model.pointPtr[p + 1] - model.pointPtr[p];
            pairPtr[p + 1] = pairPtr[p] + (int) (deg * deg);
        }
        pairSlot = new int[pairPtr[model.np]];
        pairTrans = new boolean[pairPtr[model.np]];
        for (int p = 0; p < model.np; p++) {
            int q = pairPtr[p];
            for (int a = model.pointPtr[p]; a < model.pointPtr[p + 1]; a++) {
                for (int b = model.pointPtr[p]; b < model.pointPtr[p + 1]; b++) {
                    int ca = model.obsCam[model.pointObs[a]];
                    int cb = model.obsCam[model.pointObs[b]];
                    pairSlot[q] = chol.slot(ca, cb);
                    pairTrans[q] = ca != cb && chol.storesTransposed(ca, cb);
                    q++;
                }
            }
        }
        cBlocks = new double[nc * CC];
        vBlocks = new double[model.np * 9];
        wBlocks = new double[model.m * 27];
        tBlocks = new double[model.m * 27];
        rhs = new double[nc * C];
        dc = new double[nc * C];
    }

    /** @return the reduced-camera-system factorisation (statistics) */
    public BlockCholeskyF64 cholesky() {
        return chol;
    }

    @Override
    protected void assemble() {
        java.util.Arrays.fill(cBlocks, 0);
        java.util.Arrays.fill(vBlocks, 0);
        for (int k = 0; k < model.m; k++) {
            double w = model.weight[k];
            int j = 18 * k;
            int jq = 6 * k;
            int co = CC * model.obsCam[k];
            int vo = 9 * model.obsPt[k];
            int wo = 27 * k;
            for (int r = 0; r < 9; r++) {
                double a0 = w * model.jc[j + r];
                double a1 = w * model.jc[j + 9 + r];
                for (int c = 0; c < 9; c++) {
                    cBlocks[co + 9 * r + c] += a0 * model.jc[j + c] + a1 * model.jc[j + 9 + c];
                }
                for (int c = 0; c < 3; c++) {
                    wBlocks[wo + 9 * c + r] = a0 * model.jp[jq + c] + a1 * model.jp[jq + 3 + c];
                }
            }
            for (int r = 0; r < 3; r++) {
                double a0 = w * model.jp[jq + r];
                double a1 = w * model.jp[jq + 3 + r];
                for (int c = 0; c < 3; c++) {
                    vBlocks[vo + 3 * r + c] += a0 * model.jp[jq + c] + a1 * model.jp[jq + 3 + c];
                }
            }
        }
        f64Macs += (long) model.m * 2 * (81 + 27 + 9);
    }

    @Override
    public boolean solveStep(double lambda, double[] step) {
        chol.clearMatrix();
        double[] s = chol.matrix();
        int nc = model.nc;
        for (int c = 0; c < nc; c++) {
            int so = diagSlot[c] * CC;
            System.arraycopy(cBlocks, c * CC, s, so, CC);
            for (int r = 0; r < 9; r++) {
                s[so + 10 * r] += damping(lambda, c * 9 + r);
                rhs[c * 9 + r] = -gradient[c * 9 + r];
            }
        }
        long macs = 0;
        for (int p = 0; p < model.np; p++) {
            if (!invertPoint(p, lambda)) {
                return false;
            }
            int po = model.pointOffset(p);
            int a0 = model.pointPtr[p];
            int a1 = model.pointPtr[p + 1];
            // T_k = W_k V^-1 and rhs_c += T_k g_p
            for (int a = a0; a < a1; a++) {
                int k = model.pointObs[a];
                int wo = 27 * k;
                int co = 9 * model.obsCam[k];
                for (int r = 0; r < 9; r++) {
                    double t0 = 0;
                    double t1 = 0;
                    double t2 = 0;
                    for (int q = 0; q < 3; q++) {
                        double wv = wBlocks[wo + 9 * q + r];
                        t0 += wv * vinv[3 * q];
                        t1 += wv * vinv[3 * q + 1];
                        t2 += wv * vinv[3 * q + 2];
                    }
                    tBlocks[wo + 3 * r] = t0;
                    tBlocks[wo + 3 * r + 1] = t1;
                    tBlocks[wo + 3 * r + 2] = t2;
                    rhs[co + r] += t0 * gradient[po] + t1 * gradient[po + 1] + t2 * gradient[po + 2];
                }
            }
            // S_{c_a c_b} -= T_a W_b^T for every ordered pair (a, b) of observations of the point
            int q = pairPtr[p];
            for (int a = a0; a < a1; a++) {
                int ta = 27 * model.pointObs[a];
                for (int b = a0; b < a1; b++, q++) {
                    int wb = 27 * model.pointObs[b];
                    int so = pairSlot[q] * CC;
                    int ka = model.obsCam[model.pointObs[a]];
                    int kb = model.obsCam[model.pointObs[b]];
                    if (ka != kb && pairTrans[q]) {
                        continue; // the (b, a) pair writes this block in stored orientation
                    }
                    for (int r = 0; r < 9; r++) {
                        double t0 = tBlocks[ta + 3 * r];
                        double t1 = tBlocks[ta + 3 * r + 1];
                        double t2 = tBlocks[ta + 3 * r + 2];
                        int row = so + 9 * r;
                        for (int c = 0; c < 9; c++) {
                            s[row + c] -= t0 * wBlocks[wb + c] + t1 * wBlocks[wb + 9 + c] + t2 * wBlocks[wb + 18 + c];
                        }
                    }
                    macs += 243;
                }
            }
        }
        f64Macs += macs + (long) model.m * 27 * 2;
        if (!chol.factor(null)) {
            return false;
        }
        chol.solve(rhs, dc);
        f64Macs += chol.factorFlops() + 2 * chol.factorNonZeros();
        System.arraycopy(dc, 0, step, 0, camDim);
        // back-substitution: dp = V^-1 (-g_p - sum_k W_k^T dc_k)
        for (int p = 0; p < model.np; p++) {
            invertPoint(p, lambda);
            int po = model.pointOffset(p);
            gp[0] = -gradient[po];
            gp[1] = -gradient[po + 1];
            gp[2] = -gradient[po + 2];
            for (int a = model.pointPtr[p]; a < model.pointPtr[p + 1]; a++) {
                int k = model.pointObs[a];
                int wo = 27 * k;
                int co = 9 * model.obsCam[k];
                for (int r = 0; r < 9; r++) {
                    double d = dc[co + r];
                    gp[0] -= wBlocks[wo + r] * d;
                    gp[1] -= wBlocks[wo + 9 + r] * d;
                    gp[2] -= wBlocks[wo + 18 + r] * d;
                }
            }
            for (int r = 0; r < 3; r++) {
                step[po + r] = vinv[3 * r] * gp[0] + vinv[3 * r + 1] * gp[1] + vinv[3 * r + 2] * gp[2];
            }
        }
        f64Macs += (long) model.m * 27 + (long) model.np * 30;
        return true;
    }

    /** {@code vinv = (V_p + lambda D_p)^-1} via its 3x3 Cholesky factor. */
    private boolean invertPoint(int p, double lambda) {
        double[] a = tmp9;
        System.arraycopy(vBlocks, 9 * p, a, 0, 9);
        int po = model.pointOffset(p);
        for (int r = 0; r < 3; r++) {
            a[4 * r] += damping(lambda, po + r);
        }
        if (!DenseBlocksF64.choleskyInPlace(a, 0, 3)) {
            return false;
        }
        for (int c = 0; c < 3; c++) {
            tmp3[0] = c == 0 ? 1 : 0;
            tmp3[1] = c == 1 ? 1 : 0;
            tmp3[2] = c == 2 ? 1 : 0;
            DenseBlocksF64.forwardSubstitute(a, 0, tmp3, 0, 3);
            DenseBlocksF64.backSubstituteTransposed(a, 0, tmp3, 0, 3);
            vinv[c] = tmp3[0];
            vinv[3 + c] = tmp3[1];
            vinv[6 + c] = tmp3[2];
        }
        return true;
    }

    private final double[] tmp9 = new double[9];

    @Override
    public int lastLinearIterations() {
        return 0;
    }
}
