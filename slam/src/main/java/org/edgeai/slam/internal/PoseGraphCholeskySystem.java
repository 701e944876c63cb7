package org.edgeai.slam.internal;

/**
 * Pose-graph normal equations {@code H = sum J^T w Omega J} assembled block by block into a
 * {@link BlockCholeskyF64} (AMD ordering, symbolic analysis once) and solved in fp64.
 *
 * @implNote Not thread-safe; allocation-free after construction.
 */
public final class PoseGraphCholeskySystem extends PoseGraphSystem {
    private final BlockCholeskyF64 chol;
    private final int[] slotA;
    private final int[] slotB;
    private final int[] slotAB;
    private final boolean[] transposedAB;
    private final double[] wja;
    private final double[] wjb;
    private final double[] shift;
    private final double[] rhs;

    public PoseGraphCholeskySystem(PoseGraphModel model, double[] initialState) {
        super(model, initialState);
        int m = model.m;
        int[] pi = new int[m];
        int[] pj = new int[m];
        int k = 0;
        for (int e = 0; e < m; e++) {
            int va = model.var[model.from[e]];
            int vb = model.var[model.to[e]];
            if (va >= 0 && vb >= 0) {
                pi[k] = va;
                pj[k++] = vb;
            }
        }
        this.chol = BlockCholeskyF64.analyze(Math.max(model.freeCount, 1), d, pi, pj, k, BlockCholeskyF64.Ordering.AMD);
        slotA = new int[m];
        slotB = new int[m];
        slotAB = new int[m];
        transposedAB = new boolean[m];
        for (int e = 0; e < m; e++) {
            int va = model.var[model.from[e]];
            int vb = model.var[model.to[e]];
            slotA[e] = va >= 0 ? chol.slot(va, va) : -1;
            slotB[e] = vb >= 0 ? chol.slot(vb, vb) : -1;
            slotAB[e] = va >= 0 && vb >= 0 ? chol.slot(va, vb) : -1;
            transposedAB[e] = va >= 0 && vb >= 0 && chol.storesTransposed(va, vb);
        }
        wja = new double[d * d];
        wjb = new double[d * d];
        shift = new double[Math.max(dim, d)];
        rhs = new double[Math.max(dim, d)];
    }

    /** @return the factorisation (for statistics) */
    public BlockCholeskyF64 cholesky() {
        return chol;
    }

    @Override
    protected void assemble() {
        chol.clearMatrix();
        double[] h = chol.matrix();
        int dd = d * d;
        for (int e = 0; e < model.m; e++) {
            int o = e * dd;
            double w = model.weight[e];
            // wja = w Omega Ja, wjb = w Omega Jb
            multiplyScaled(model.omega, o, model.ja, o, wja, w);
            multiplyScaled(model.omega, o, model.jb, o, wjb, w);
            if (slotA[e] >= 0) {
                addAtB(model.ja, o, wja, h, slotA[e] * dd);
            }
            if (slotB[e] >= 0) {
                addAtB(model.jb, o, wjb, h, slotB[e] * dd);
            }
            if (slotAB[e] >= 0) {
                if (transposedAB[e]) {
                    addAtB(model.jb, o, wja, h, slotAB[e] * dd); // H_ba = Jb^T W Ja
                } else {
                    addAtB(model.ja, o, wjb, h, slotAB[e] * dd); // H_ab = Ja^T W Jb
                }
            }
        }
        f64Macs += (long) model.m * 5 * dd * d;
        for (int v = 0; v < model.freeCount; v++) {
            int s = chol.slot(v, v) * dd;
            for (int r = 0; r < d; r++) {
                diagonal[v * d + r] = h[s + r * d + r];
            }
        }
    }

    private void multiplyScaled(double[] a, int aOff, double[] b, int bOff, double[] out, double w) {
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += a[aOff + r * d + k] * b[bOff + k * d + c];
                }
                out[r * d + c] = w * s;
            }
        }
    }

    /** {@code C += A^T B} with A at aOff in a, B = bm (dense d x d), C at cOff in c. */
    private void addAtB(double[] a, int aOff, double[] bm, double[] c, int cOff) {
        for (int k = 0; k < d; k++) {
            int ak = aOff + k * d;
            int bk = k * d;
            for (int r = 0; r < d; r++) {
                double akr = a[ak + r];
                if (akr == 0) {
                    continue;
                }
                int cr = cOff + r * d;
                for (int col = 0; col < d; col++) {
                    c[cr + col] += akr * bm[bk + col];
                }
            }
        }
    }

    @Override
    public boolean solveStep(double lambda, double[] step) {
        if (dim == 0) {
            return true;
        }
        dampingShift(lambda, shift);
        if (!chol.factor(shift)) {
            return false;
        }
        for (int i = 0; i < dim; i++) {
            rhs[i] = -gradient[i];
        }
        chol.solve(rhs, step);
        f64Macs += chol.factorFlops() + 2 * chol.factorNonZeros();
        return true;
    }

    @Override
    public int lastLinearIterations() {
        return 0;
    }
}
