package org.edgeai.slam.internal;

import edu.emory.mathcs.csparsej.tdouble.Dcs_amd;
import edu.emory.mathcs.csparsej.tdouble.Dcs_common.Dcs;
import edu.emory.mathcs.csparsej.tdouble.Dcs_compress;
import edu.emory.mathcs.csparsej.tdouble.Dcs_entry;
import edu.emory.mathcs.csparsej.tdouble.Dcs_util;
import java.util.Arrays;

/**
 * The lower block pattern (no fill) of a symmetric block-sparse matrix in a chosen ordering:
 * block CSC with the diagonal block first in each column and rows ascending. Also home of the
 * block-graph orderings (CSparse AMD) shared with {@link BlockCholeskyF64}.
 *
 * @param n      block count
 * @param perm   new position -> original block
 * @param pinv   original block -> new position
 * @param colPtr column pointers (n + 1)
 * @param rowIdx block row (new index) per slot
 */
public record BlockPattern(int n, int[] perm, int[] pinv, int[] colPtr, int[] rowIdx) {

    /**
     * @param pairI    first block of each off-diagonal pair (duplicates and both orientations allowed)
     * @param pairJ    second block
     * @param pairs    number of pairs used
     * @param ordering AMD or natural
     */
    public static BlockPattern of(int n, int[] pairI, int[] pairJ, int pairs, BlockCholeskyF64.Ordering ordering) {
        long[] keys = uniquePairs(n, pairI, pairJ, pairs);
        int[] perm = ordering == BlockCholeskyF64.Ordering.AMD ? amd(n, keys) : identity(n);
        int[] pinv = new int[n];
        for (int i = 0; i < n; i++) {
            pinv[perm[i]] = i;
        }
        int[] cnt = new int[n];
        for (long k : keys) {
            int a = pinv[(int) (k >>> 32)];
            int c = pinv[(int) k];
            cnt[Math.min(a, c)]++;
        }
        int[] colPtr = new int[n + 1];
        for (int j = 0; j < n; j++) {
            colPtr[j + 1] = colPtr[j] + 1 + cnt[j];
        }
        int[] rowIdx = new int[colPtr[n]];
        int[] fill = new int[n];
        for (int j = 0; j < n; j++) {
            rowIdx[colPtr[j]] = j;
            fill[j] = colPtr[j] + 1;
        }
        for (long k : keys) {
            int a = pinv[(int) (k >>> 32)];
            int c = pinv[(int) k];
            rowIdx[fill[Math.min(a, c)]++] = Math.max(a, c);
        }
        for (int j = 0; j < n; j++) {
            Arrays.sort(rowIdx, colPtr[j] + 1, colPtr[j + 1]);
        }
        return new BlockPattern(n, perm, pinv, colPtr, rowIdx);
    }

    /** @return slot of original block (i, j) or its transpose, or -1 */
    public int slot(int i, int j) {
        int pi = pinv[i];
        int pj = pinv[j];
        int row = Math.max(pi, pj);
        int col = Math.min(pi, pj);
        int k = Arrays.binarySearch(rowIdx, colPtr[col], colPtr[col + 1], row);
        return k >= 0 ? k : -1;
    }

    /** @return true if the slot of (i, j) stores A(j, i) */
    public boolean storesTransposed(int i, int j) {
        return pinv[i] < pinv[j];
    }

    /** @return number of stored blocks */
    public int slots() {
        return colPtr[n];
    }

    /** Sorted unique (min << 32 | max) keys of the off-diagonal pairs. */
    static long[] uniquePairs(int n, int[] pairI, int[] pairJ, int pairs) {
        long[] keys = new long[pairs];
        int m = 0;
        for (int k = 0; k < pairs; k++) {
            int i = pairI[k];
            int j = pairJ[k];
            if (i < 0 || j < 0 || i >= n || j >= n || i == j) {
                throw new IllegalArgumentException("invalid block pair (" + i + ", " + j + ") for n=" + n);
            }
            keys[m++] = ((long) Math.min(i, j) << 32) | Math.max(i, j);
        }
        Arrays.sort(keys, 0, m);
        int u = 0;
        for (int k = 0; k < m; k++) {
            if (u == 0 || keys[k] != keys[u - 1]) {
                keys[u++] = keys[k];
            }
        }
        return Arrays.copyOf(keys, u);
    }

    static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }

    /** CSparse AMD ({@code cs_amd} with order 1, i.e. on A + A^T) of the block graph. */
    static int[] amd(int n, long[] keys) {
        if (n <= 1) {
            return identity(n);
        }
        Dcs t = Dcs_util.cs_spalloc(n, n, 2 * keys.length + n, true, true);
        for (int i = 0; i < n; i++) {
            Dcs_entry.cs_entry(t, i, i, 1);
        }
        for (long k : keys) {
            int i = (int) (k >>> 32);
            int j = (int) k;
            Dcs_entry.cs_entry(t, i, j, 1);
            Dcs_entry.cs_entry(t, j, i, 1);
        }
        int[] p = Dcs_amd.cs_amd(1, Dcs_compress.cs_compress(t));
        if (p == null) {
            throw new IllegalStateException("CSparse AMD ordering failed for n=" + n);
        }
        return Arrays.copyOf(p, n);
    }
}
