package org.edgeai.slam.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.random.RandomGenerator;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.testing.Rng;
import org.edgeai.kernel.testing.Tolerances;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Incomplete Cholesky factors against the exact block Cholesky, in fp32 and fp16 storage, and the
 * fp32 PCG against a direct solve.
 */
class IterativeSolverTest {
    /** A random SPD block matrix on a chain-plus-loops graph, Jacobi-scaled to unit diagonal. */
    private record Problem(int n, int b, int[] pi, int[] pj, int m, double[] dense) {
    }

    private static Problem problem(int n, int b, int loops, long seed) {
        RandomGenerator r = Rng.of(seed);
        int m = n - 1 + loops;
        int[] pi = new int[m];
        int[] pj = new int[m];
        int k = 0;
        for (int i = 0; i + 1 < n; i++) {
            pi[k] = i;
            pj[k++] = i + 1;
        }
        while (k < m) {
            int i = r.nextInt(n);
            int j = r.nextInt(n);
            if (i != j) {
                pi[k] = i;
                pj[k++] = j;
            }
        }
        int nb = n * b;
        double[] a = new double[nb * nb];
        for (int e = 0; e < m; e++) {
            double[] ja = new double[b * b];
            double[] jb = new double[b * b];
            for (int t = 0; t < b * b; t++) {
                ja[t] = r.nextDouble() - 0.5;
                jb[t] = r.nextDouble() - 0.5;
            }
            int[] idx = {pi[e], pj[e]};
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
        for (int i = 0; i < nb; i++) {
            a[i * nb + i] += 0.05;
        }
        double[] s = new double[nb];
        for (int i = 0; i < nb; i++) {
            s[i] = 1 / Math.sqrt(a[i * nb + i]);
        }
        for (int i = 0; i < nb; i++) {
            for (int j = 0; j < nb; j++) {
                a[i * nb + j] *= s[i] * s[j];
            }
        }
        return new Problem(n, b, pi, pj, m, a);
    }

    private static void fill(BlockCholeskyF64 c, Problem p) {
        double[] h = c.matrix();
        int b = p.b();
        int nb = p.n() * b;
        for (int i = 0; i < p.n(); i++) {
            for (int j = 0; j < p.n(); j++) {
                int s = c.slot(i, j);
                if (s < 0 || (i != j && c.storesTransposed(i, j))) {
                    continue;
                }
                for (int r = 0; r < b; r++) {
                    for (int q = 0; q < b; q++) {
                        h[s * b * b + r * b + q] = p.dense()[(i * b + r) * nb + j * b + q];
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"12,3,5", "30,6,20", "50,3,60"})
    void completePatternWithoutDroppingIsTheExactFactor(int n, int b, int loops) {
        Problem p = problem(n, b, loops, 31L * n + b);
        BlockCholeskyF64 c = BlockCholeskyF64.analyze(n, b, p.pi(), p.pj(), p.m(), BlockCholeskyF64.Ordering.AMD);
        fill(c, p);
        assertTrue(c.factor(null));
        RandomGenerator r = Rng.of(5);
        int nb = n * b;
        double[] rhs = new double[nb];
        float[] rhs32 = new float[nb];
        for (int i = 0; i < nb; i++) {
            rhs[i] = r.nextDouble() - 0.5;
            rhs32[i] = (float) rhs[i];
        }
        double[] exact = new double[nb];
        c.solve(rhs, exact);
        double norm = 0;
        for (double v : exact) {
            norm = Math.max(norm, Math.abs(v));
        }
        for (boolean half : new boolean[] {false, true}) {
            IncompleteCholesky ic = new IncompleteCholesky(n, b, c.permutation(), c.columnPointers(), c.rowIndices(),
                    c.matrix(), 0, half ? DType.F16 : DType.F32);
            assertEquals(0, ic.shift(), 0);
            assertEquals(c.factorBlocks(), ic.keptBlocks());
            float[] z = new float[nb];
            ic.solve(rhs32, z);
            // fp32: a few ulps times the conditioning; fp16 storage: its unit roundoff 2^-11 times the same
            double tol = (half ? 400 * Tolerances.F16_EPS : 4000 * Tolerances.F32_EPS) * norm;
            for (int i = 0; i < nb; i++) {
                assertEquals(exact[i], z[i], tol, (half ? "fp16" : "fp32") + " component " + i);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"40,3,30", "25,6,25"})
    void pcgWithAnIncompleteFactorSolvesTheSystem(int n, int b, int loops) {
        Problem p = problem(n, b, loops, 7L * n);
        int nb = n * b;
        BlockPattern pattern = BlockPattern.of(n, p.pi(), p.pj(), p.m(), BlockCholeskyF64.Ordering.NATURAL);
        double[] h = new double[pattern.slots() * b * b];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int s = pattern.slot(i, j);
                if (s < 0 || (i != j && pattern.storesTransposed(i, j))) {
                    continue;
                }
                for (int r = 0; r < b; r++) {
                    for (int q = 0; q < b; q++) {
                        h[s * b * b + r * b + q] = p.dense()[(i * b + r) * nb + j * b + q];
                    }
                }
            }
        }
        IncompleteCholesky ic0 = new IncompleteCholesky(n, b, pattern.perm(), pattern.colPtr(), pattern.rowIdx(), h, 0,
                DType.F16);
        float[] bvec = new float[nb];
        RandomGenerator r = Rng.of(3);
        for (int i = 0; i < nb; i++) {
            bvec[i] = (float) (r.nextDouble() - 0.5);
        }
        PcgF32.Operator a = (x, y) -> {
            for (int i = 0; i < nb; i++) {
                double s = 0;
                for (int j = 0; j < nb; j++) {
                    s += p.dense()[i * nb + j] * x[j];
                }
                y[i] = (float) s;
            }
        };
        PcgF32 pcg = new PcgF32(nb);
        float[] x = new float[nb];
        int withIc = pcg.solve(a, ic0::solve, bvec, x, 1000, 1e-5, PcgF32.Rule.RESIDUAL);
        float[] ax = new float[nb];
        a.apply(x, ax);
        double rn = 0;
        double bn = 0;
        for (int i = 0; i < nb; i++) {
            rn += (ax[i] - bvec[i]) * (double) (ax[i] - bvec[i]);
            bn += bvec[i] * (double) bvec[i];
        }
        assertTrue(Math.sqrt(rn) <= 1e-4 * Math.sqrt(bn), "true residual " + Math.sqrt(rn / bn));
        int plain = pcg.solve(a, (u, v) -> System.arraycopy(u, 0, v, 0, nb), bvec, new float[nb], 1000, 1e-5,
                PcgF32.Rule.RESIDUAL);
        assertTrue(withIc < plain, "IC(0) preconditioning must cut iterations: " + withIc + " vs " + plain);
    }
}
