package org.edgeai.slam.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.emory.mathcs.csparsej.tdouble.Dcs_cholsol;
import edu.emory.mathcs.csparsej.tdouble.Dcs_common.Dcs;
import edu.emory.mathcs.csparsej.tdouble.Dcs_compress;
import edu.emory.mathcs.csparsej.tdouble.Dcs_entry;
import edu.emory.mathcs.csparsej.tdouble.Dcs_util;
import java.util.random.RandomGenerator;
import org.edgeai.kernel.testing.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Block sparse Cholesky against CSparse's scalar {@code cs_cholsol} on random SPD block matrices. */
class BlockCholeskyF64Test {

    @ParameterizedTest
    @CsvSource({"1,3,0", "2,3,1", "7,2,10", "13,3,30", "40,6,90", "101,3,300", "57,9,120"})
    void solvesLikeCSparse(int n, int b, int extraEdges) {
        RandomGenerator r = Rng.of(1000L * n + b);
        // a chain plus random loop closures, like a pose graph
        int m = Math.max(0, n - 1) + extraEdges;
        int[] ei = new int[m];
        int[] ej = new int[m];
        int k = 0;
        for (int i = 0; i + 1 < n; i++) {
            ei[k] = i;
            ej[k++] = i + 1;
        }
        while (k < m) {
            int i = r.nextInt(n);
            int j = r.nextInt(n);
            if (i != j) {
                ei[k] = i;
                ej[k++] = j;
            }
        }
        int nb = n * b;
        double[] dense = new double[nb * nb];
        // A = sum over edges of J^T J with random J blocks + a small diagonal: SPD
        for (int e = 0; e < m; e++) {
            double[] ja = random(r, b * b);
            double[] jb = random(r, b * b);
            addJtJ(dense, nb, ei[e], ej[e], ja, jb, b);
        }
        for (int i = 0; i < nb; i++) {
            dense[i * nb + i] += 0.5;
        }
        for (BlockCholeskyF64.Ordering ord : BlockCholeskyF64.Ordering.values()) {
            BlockCholeskyF64 chol = BlockCholeskyF64.analyze(n, b, ei, ej, m, ord);
            chol.clearMatrix();
            double[] a = chol.matrix();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    int s = chol.slot(i, j);
                    if (s < 0) {
                        continue;
                    }
                    boolean t = chol.storesTransposed(i, j);
                    if (i != j && t) {
                        continue; // stored through (j, i)
                    }
                    for (int rr = 0; rr < b; rr++) {
                        for (int cc = 0; cc < b; cc++) {
                            a[s * b * b + rr * b + cc] = dense[(i * b + rr) * nb + j * b + cc];
                        }
                    }
                }
            }
            assertTrue(chol.factor(null), "SPD matrix must factor");
            double[] rhs = random(r, nb);
            double[] x = new double[nb];
            chol.solve(rhs, x);
            double[] ref = rhs.clone();
            Dcs t = Dcs_util.cs_spalloc(nb, nb, nb * nb, true, true);
            for (int i = 0; i < nb; i++) {
                for (int j = 0; j < nb; j++) {
                    if (dense[i * nb + j] != 0) {
                        Dcs_entry.cs_entry(t, i, j, dense[i * nb + j]);
                    }
                }
            }
            assertTrue(Dcs_cholsol.cs_cholsol(1, Dcs_compress.cs_compress(t), ref));
            for (int i = 0; i < nb; i++) {
                assertEquals(ref[i], x[i], 1e-9 * Math.max(1, Math.abs(ref[i])), "x[" + i + "] with " + ord);
            }
            // residual check A x = rhs
            for (int i = 0; i < nb; i++) {
                double s = 0;
                for (int j = 0; j < nb; j++) {
                    s += dense[i * nb + j] * x[j];
                }
                assertEquals(rhs[i], s, 1e-9 * Math.max(1, Math.abs(rhs[i])));
            }
            // a shift on the diagonal equals adding it to A
            double[] shift = new double[nb];
            java.util.Arrays.fill(shift, 2.0);
            assertTrue(chol.factor(shift));
            chol.solve(rhs, x);
            for (int i = 0; i < nb; i++) {
                double s = 2.0 * x[i];
                for (int j = 0; j < nb; j++) {
                    s += dense[i * nb + j] * x[j];
                }
                assertEquals(rhs[i], s, 1e-9 * Math.max(1, Math.abs(rhs[i])));
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"5,3", "9,6"})
    void reportsIndefiniteMatrices(int n, int b) {
        int[] ei = new int[n - 1];
        int[] ej = new int[n - 1];
        for (int i = 0; i + 1 < n; i++) {
            ei[i] = i;
            ej[i] = i + 1;
        }
        BlockCholeskyF64 chol = BlockCholeskyF64.analyze(n, b, ei, ej, n - 1, BlockCholeskyF64.Ordering.AMD);
        chol.clearMatrix();
        double[] a = chol.matrix();
        for (int i = 0; i < n; i++) {
            int s = chol.slot(i, i);
            for (int d = 0; d < b; d++) {
                a[s * b * b + d * b + d] = i == n / 2 && d == 1 ? -1 : 1;
            }
        }
        assertFalse(chol.factor(null));
    }

    private static double[] random(RandomGenerator r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble() * 2 - 1;
        }
        return v;
    }

    private static void addJtJ(double[] a, int nb, int i, int j, double[] ja, double[] jb, int b) {
        int[] idx = {i, j};
        double[][] js = {ja, jb};
        for (int p = 0; p < 2; p++) {
            for (int q = 0; q < 2; q++) {
                for (int rr = 0; rr < b; rr++) {
                    for (int cc = 0; cc < b; cc++) {
                        double s = 0;
                        for (int t = 0; t < b; t++) {
                            s += js[p][t * b + rr] * js[q][t * b + cc];
                        }
                        a[(idx[p] * b + rr) * nb + idx[q] * b + cc] += s;
                    }
                }
            }
        }
    }

    /** An allocation beyond the heap is refused by name (a dense bundle-adjustment Schur complement from a small request). */
    @org.junit.jupiter.api.Test
    void allocationsBeyondTheHeapAreRefusedByName() {
        long max = Runtime.getRuntime().maxMemory();
        BlockCholeskyF64.requireHeap("small", 1 << 20);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> BlockCholeskyF64.requireHeap("the sparse Cholesky factor", max));
        assertTrue(e.getMessage().startsWith("the sparse Cholesky factor would need") && e.getMessage().contains("-Xmx"), e.getMessage());
    }
}
