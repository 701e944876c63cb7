package org.edgeai.slam.internal;

/**
 * Preconditioned conjugate gradients in fp32 (Hestenes and Stiefel 1952; Saad, "Iterative Methods
 * for Sparse Linear Systems", 2nd ed., algorithm 9.1) for {@code A x = b} with A symmetric positive
 * (semi)definite, given as an operator. Used as CGNR: A applies {@code J^T (J p) + D p} without
 * ever forming {@code J^T J}. Two stopping rules ({@link Rule}): the relative residual
 * {@code |r| <= tol |b|} (recursively updated residual), or Nash and Sofer's truncated-Newton rule
 * on the quadratic model {@code Q(x) = x^T A x / 2 - b^T x} (Oper. Res. Lett. 9(4), 1990; Ceres'
 * CG rule): stop when {@code i (Q_i - Q_{i-1}) / Q_i <= tol}. Both also stop after
 * {@code maxIterations} or when {@code |r| <= 1e-10 |b|}.
 *
 * @implNote Not thread-safe; vectors are allocated once in the constructor.
 */
public final class PcgF32 {
    /** Stopping rule. */
    public enum Rule {
        /** {@code |r| <= tol |b|}. */
        RESIDUAL,
        /** Nash-Sofer quadratic-model progress {@code i (Q_i - Q_{i-1}) / Q_i <= tol}. */
        QUADRATIC_MODEL
    }

    /** {@code q = A p}. */
    @FunctionalInterface
    public interface Operator {
        void apply(float[] p, float[] q);
    }

    /** {@code z = M^-1 r}. */
    @FunctionalInterface
    public interface Preconditioner {
        void apply(float[] r, float[] z);
    }

    private final int n;
    private final float[] r;
    private final float[] z;
    private final float[] p;
    private final float[] q;
    private long vectorOps;

    /** @param n system size */
    public PcgF32(int n) {
        this.n = n;
        r = new float[n];
        z = new float[n];
        p = new float[n];
        q = new float[n];
    }

    /** @return fp32 vector operations (elements touched by dots, axpys, copies) so far */
    public long vectorOps() {
        return vectorOps;
    }

    /**
     * @param b    right-hand side. Not modified.
     * @param x    solution, started from 0. Modified.
     * @param tol  relative residual tolerance in (0, 1)
     * @return iterations performed
     */
    public int solve(Operator a, Preconditioner m, float[] b, float[] x, int maxIterations, double tol, Rule rule) {
        java.util.Arrays.fill(x, 0);
        System.arraycopy(b, 0, r, 0, n);
        double bnorm = Math.sqrt(dot(b, b));
        if (bnorm == 0) {
            return 0;
        }
        m.apply(r, z);
        System.arraycopy(z, 0, p, 0, n);
        double rz = dot(r, z);
        vectorOps += 3L * n;
        int it = 0;
        double qPrev = 0;
        boolean quadratic = rule == Rule.QUADRATIC_MODEL;
        while (it < maxIterations) {
            a.apply(p, q);
            double pq = dot(p, q);
            if (!(pq > 0)) {
                break; // direction of non-positive curvature (numerically singular): keep x
            }
            float alpha = (float) (rz / pq);
            float rr0 = 0;
            float rr1 = 0;
            int i = 0;
            for (; i + 1 < n; i += 2) {
                x[i] += alpha * p[i];
                x[i + 1] += alpha * p[i + 1];
                float r0 = r[i] - alpha * q[i];
                float r1 = r[i + 1] - alpha * q[i + 1];
                r[i] = r0;
                r[i + 1] = r1;
                rr0 += r0 * r0;
                rr1 += r1 * r1;
            }
            if (i < n) {
                x[i] += alpha * p[i];
                float r0 = r[i] - alpha * q[i];
                r[i] = r0;
                rr0 += r0 * r0;
            }
            double rr = (double) rr0 + rr1;
            it++;
            vectorOps += 5L * n;
            if (Math.sqrt(rr) <= (quadratic ? 1e-10 : tol) * bnorm) {
                break;
            }
            if (quadratic) {
                // Q(x) = x^T A x / 2 - b^T x = -x^T (r + b) / 2 for CG iterates started at 0
                float xr0 = 0;
                float xr1 = 0;
                int k = 0;
                for (; k + 1 < n; k += 2) {
                    xr0 += x[k] * (r[k] + b[k]);
                    xr1 += x[k + 1] * (r[k + 1] + b[k + 1]);
                }
                if (k < n) {
                    xr0 += x[k] * (r[k] + b[k]);
                }
                double qNow = -0.5 * ((double) xr0 + xr1);
                vectorOps += 3L * n;

                if (qNow < 0 && it * (qNow - qPrev) / qNow <= tol) {
                    break;
                }
                qPrev = qNow;
            }
            m.apply(r, z);
            double rzNew = dot(r, z);
            float beta = (float) (rzNew / rz);
            rz = rzNew;
            for (int k = 0; k < n; k++) {
                p[k] = z[k] + beta * p[k];
            }
            vectorOps += 3L * n;
        }
        return it;
    }

    private double dot(float[] a, float[] c) {
        float s0 = 0;
        float s1 = 0;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            s0 += a[i] * c[i];
            s1 += a[i + 1] * c[i + 1];
        }
        if (i < n) {
            s0 += a[i] * c[i];
        }
        return (double) s0 + s1;
    }
}
