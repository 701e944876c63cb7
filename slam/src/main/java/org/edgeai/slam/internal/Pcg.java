package org.edgeai.slam.internal;

/**
 * Preconditioned conjugate gradients in fp32 (Hestenes and Stiefel 1952; Saad, "Iterative Methods
 * for Sparse Linear Systems", 2nd ed., algorithm 9.1) for {@code A x = b} with A symmetric positive
 * (semi)definite, given as an operator. Used as CGNR: A applies {@code J^T (J p) + D p} without
 * ever forming {@code J^T J}. Stops when the recursively updated residual satisfies
 * {@code |r| <= tol |b|} or after {@code maxIterations}. (Measured alternative: Nash and Sofer's
 * quadratic-model rule, Oper. Res. Lett. 9(4), 1990, as in Ceres, stopped too early on the
 * ill-conditioned MIT and parking-garage graphs and left LM wandering; see the slam README.)
 *
 * @implNote Not thread-safe; vectors are allocated once in the constructor.
 */
public final class Pcg {
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
    public Pcg(int n) {
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
    public int solve(Operator a, Preconditioner m, float[] b, float[] x, int maxIterations, double tol) {
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
            if (Math.sqrt(rr) <= tol * bnorm) {
                break;
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
