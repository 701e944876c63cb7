package org.edgeai.slam.internal;

import java.util.Arrays;
import org.edgeai.kernel.DType;

/**
 * Block incomplete Cholesky factor {@code P A P^T ~= L L^T} used as a static CG preconditioner,
 * with dense b x b blocks as the scalars. Two variants from one algorithm: restricted to the block
 * pattern of A (IC(0), no fill; Meijerink and van der Vorst, Math. Comp. 31(137), 1977), or on the
 * complete Cholesky pattern with threshold dropping (ICT; Saad, "Iterative Methods for Sparse
 * Linear Systems", 2nd ed., section 10.4): an off-diagonal block of L whose Frobenius norm is below
 * {@code dropTolerance} is discarded as soon as its column is computed (and never used in later
 * updates). The factor is computed in fp64 from a
 * Jacobi-scaled matrix (unit diagonal, so |L| <= ~1 and fp16 storage neither overflows nor
 * loses the large entries) and then stored in fp16 (IEEE binary16, round-to-nearest-even via
 * {@link Float#floatToFloat16}) or fp32. Breakdown (a non-positive pivot, possible for IC of a
 * non-M-matrix) is cured by refactoring {@code A + alpha I} with alpha = 1e-6, 8e-6, ...
 * (Manteuffel, Math. Comp. 34(150), 1980).
 *
 * <p>Triangular solves read the factor from its storage precision and accumulate in fp32.
 *
 * @implNote Not thread-safe. Construction allocates; {@link #solve} allocates nothing.
 */
public final class IncompleteCholesky {
    private final int n;
    private final int b;
    private final int bb;
    private final int[] perm;
    private final int[] colPtr;
    private final int[] rowIdx;
    private final int patternBlocks;
    private final boolean half;
    private final short[] valuesF16;
    private final float[] valuesF32;
    private final float[] block;
    private final float[] work;
    private final double shiftUsed;
    private final long underflows;

    /**
     * @param n       block count
     * @param b       block size
     * @param perm    ordering, new position -> original block. Not modified (copied).
     * @param colPtr  block CSC column pointers of the lower pattern in the new ordering (diagonal first in each column)
     * @param rowIdx  block rows (new indices, ascending per column)
     * @param matrix  values of A in that layout (b x b row-major per block, diagonal blocks complete,
     *                fill blocks zero). Not modified.
     * @param dropTolerance off-diagonal blocks of L with Frobenius norm below this are dropped (0: keep
     *                all blocks of the pattern); meaningful for a Jacobi-scaled (unit diagonal) A
     * @param storage {@link DType#F16} (IEEE binary16, round-to-nearest-even) or {@link DType#F32}
     * @throws IllegalArgumentException for another storage type
     */
    public IncompleteCholesky(int n, int b, int[] perm, int[] colPtr, int[] rowIdx, double[] matrix,
                              double dropTolerance, DType storage) {
        if (storage != DType.F16 && storage != DType.F32) {
            throw new IllegalArgumentException("factor storage must be F16 or F32, got " + storage);
        }
        boolean half = storage == DType.F16;
        this.n = n;
        this.b = b;
        this.bb = b * b;
        this.perm = perm.clone();
        this.half = half;
        int slots = colPtr[n];
        boolean[] kept = new boolean[slots];
        double[] l = new double[slots * bb];
        // row lists of the pattern (columns k < j with a block in row j) and positions
        int[] rowCount = new int[n + 1];
        for (int j = 0; j < n; j++) {
            for (int q = colPtr[j] + 1; q < colPtr[j + 1]; q++) {
                rowCount[rowIdx[q]]++;
            }
        }
        int[] rowPtr = new int[n + 1];
        for (int i = 0; i < n; i++) {
            rowPtr[i + 1] = rowPtr[i] + rowCount[i];
        }
        int[] rowCol = new int[rowPtr[n]];
        int[] rowPos = new int[rowPtr[n]];
        int[] fill = Arrays.copyOf(rowPtr, n);
        for (int j = 0; j < n; j++) {
            for (int q = colPtr[j] + 1; q < colPtr[j + 1]; q++) {
                int i = rowIdx[q];
                rowCol[fill[i]] = j;
                rowPos[fill[i]++] = q;
            }
        }
        int[] map = new int[n];
        double alpha = 0;
        while (true) {
            System.arraycopy(matrix, 0, l, 0, l.length);
            Arrays.fill(map, -1);
            if (alpha > 0) {
                for (int j = 0; j < n; j++) {
                    int d = colPtr[j] * bb;
                    for (int r = 0; r < b; r++) {
                        l[d + r * b + r] += alpha;
                    }
                }
            }
            if (factor(l, colPtr, rowIdx, rowPtr, rowCol, rowPos, map, kept, dropTolerance)) {
                break;
            }
            alpha = alpha == 0 ? 1e-6 : alpha * 8;
            if (alpha > 1e3) {
                throw new IllegalStateException("incomplete Cholesky breaks down even with shift " + alpha);
            }
        }
        this.shiftUsed = alpha;
        // compress to the kept blocks
        int[] cp = new int[n + 1];
        for (int j = 0; j < n; j++) {
            int c = 0;
            for (int q = colPtr[j]; q < colPtr[j + 1]; q++) {
                if (kept[q]) {
                    c++;
                }
            }
            cp[j + 1] = cp[j] + c;
        }
        int[] ri = new int[cp[n]];
        double[] lk = new double[cp[n] * bb];
        int w = 0;
        for (int j = 0; j < n; j++) {
            for (int q = colPtr[j]; q < colPtr[j + 1]; q++) {
                if (kept[q]) {
                    ri[w] = rowIdx[q];
                    System.arraycopy(l, q * bb, lk, w * bb, bb);
                    w++;
                }
            }
        }
        this.colPtr = cp;
        this.rowIdx = ri;
        this.patternBlocks = slots;
        l = lk;
        long under = 0;
        if (half) {
            valuesF16 = new short[l.length];
            valuesF32 = null;
            for (int i = 0; i < l.length; i++) {
                short h = Float.floatToFloat16((float) l[i]);
                valuesF16[i] = h;
                if (l[i] != 0 && Math.abs(Float.float16ToFloat(h)) < 0x1.0p-14f) {
                    under++; // subnormal or flushed to zero in binary16
                }
            }
        } else {
            valuesF32 = new float[l.length];
            valuesF16 = null;
            for (int i = 0; i < l.length; i++) {
                valuesF32[i] = (float) l[i];
            }
        }
        this.underflows = under;
        this.block = new float[bb];
        this.work = new float[n * b];
    }

    private boolean factor(double[] l, int[] colPtr, int[] rowIdx, int[] rowPtr, int[] rowCol, int[] rowPos, int[] map,
                           boolean[] kept, double dropTolerance) {
        double drop2 = dropTolerance * dropTolerance;
        for (int j = 0; j < n; j++) {
            int c0 = colPtr[j];
            int c1 = colPtr[j + 1];
            for (int q = c0; q < c1; q++) {
                map[rowIdx[q]] = q;
            }
            for (int t = rowPtr[j]; t < rowPtr[j + 1]; t++) {
                int p = rowPos[t];
                if (!kept[p]) {
                    continue; // L(j, k) was dropped
                }
                int k = rowCol[t];
                int end = colPtr[k + 1];
                for (int q = p; q < end; q++) {
                    if (!kept[q]) {
                        continue;
                    }
                    int dst = map[rowIdx[q]];
                    if (dst >= 0) {
                        DenseBlocksF64.subtractABt(l, q * bb, l, p * bb, l, dst * bb, b);
                    }
                }
            }
            for (int q = c0; q < c1; q++) {
                map[rowIdx[q]] = -1;
            }
            int dj = c0 * bb;
            if (!DenseBlocksF64.choleskyInPlace(l, dj, b)) {
                return false;
            }
            kept[c0] = true;
            for (int q = c0 + 1; q < c1; q++) {
                DenseBlocksF64.solveRightLowerTransposed(l, dj, l, q * bb, b);
                double f = 0;
                for (int i = q * bb; i < (q + 1) * bb; i++) {
                    f += l[i] * l[i];
                }
                kept[q] = f >= drop2 && f > 0;
            }
        }
        return true;
    }

    /** @return blocks of the pattern the factor was computed on (before dropping) */
    public int patternBlocks() {
        return patternBlocks;
    }

    /** @return blocks kept in the factor (diagonal included) */
    public int keptBlocks() {
        return colPtr[n];
    }

    /** @return the diagonal shift that was needed (0 if none) */
    public double shift() {
        return shiftUsed;
    }

    /** @return stored nonzero entries of L (full b x b off-diagonal blocks, lower triangles of diagonal blocks) */
    public long nonZeros() {
        return (long) (colPtr[n] - n) * bb + (long) n * b * (b + 1) / 2;
    }

    /** @return factor entries that are subnormal or zero in fp16 although nonzero in fp64 */
    public long fp16Underflows() {
        return underflows;
    }

    /** @return the storage type of the factor, F16 or F32 */
    public DType storage() {
        return half ? DType.F16 : DType.F32;
    }

    private void load(int slot) {
        int o = slot * bb;
        if (half) {
            for (int i = 0; i < bb; i++) {
                block[i] = Float.float16ToFloat(valuesF16[o + i]);
            }
        } else {
            System.arraycopy(valuesF32, o, block, 0, bb);
        }
    }

    /**
     * {@code z = (L L^T)^-1 r} in the original ordering, fp32 arithmetic.
     *
     * @param r n*b values. Not modified.
     * @param z n*b values. Modified. May alias r.
     */
    public void solve(float[] r, float[] z) {
        float[] w = work;
        float[] blk = block;
        for (int k = 0; k < n; k++) {
            System.arraycopy(r, perm[k] * b, w, k * b, b);
        }
        for (int j = 0; j < n; j++) {
            int c0 = colPtr[j];
            load(c0);
            int o = j * b;
            for (int rr = 0; rr < b; rr++) {
                float s = w[o + rr];
                for (int k = 0; k < rr; k++) {
                    s -= blk[rr * b + k] * w[o + k];
                }
                w[o + rr] = s / blk[rr * b + rr];
            }
            for (int q = c0 + 1; q < colPtr[j + 1]; q++) {
                load(q);
                int t = rowIdx[q] * b;
                for (int rr = 0; rr < b; rr++) {
                    float s = 0;
                    for (int k = 0; k < b; k++) {
                        s += blk[rr * b + k] * w[o + k];
                    }
                    w[t + rr] -= s;
                }
            }
        }
        for (int j = n - 1; j >= 0; j--) {
            int c0 = colPtr[j];
            int o = j * b;
            for (int q = c0 + 1; q < colPtr[j + 1]; q++) {
                load(q);
                int t = rowIdx[q] * b;
                for (int k = 0; k < b; k++) {
                    float xk = w[t + k];
                    for (int c = 0; c < b; c++) {
                        w[o + c] -= blk[k * b + c] * xk;
                    }
                }
            }
            load(c0);
            for (int rr = b - 1; rr >= 0; rr--) {
                float s = w[o + rr];
                for (int k = rr + 1; k < b; k++) {
                    s -= blk[k * b + rr] * w[o + k];
                }
                w[o + rr] = s / blk[rr * b + rr];
            }
        }
        for (int k = 0; k < n; k++) {
            System.arraycopy(w, k * b, z, perm[k] * b, b);
        }
    }
}
