package org.edgeai.kernel.testing;

/** Shared numeric tolerances for comparing float results computed in different summation orders. */
public final class Tolerances {
    /** Unit roundoff of binary32. */
    public static final double F32_EPS = Math.ulp(1f) / 2;
    /** Unit roundoff of binary16. */
    public static final double F16_EPS = Math.scalb(1.0, -11);

    private Tolerances() {
    }

    /**
     * Bound for a length-{@code n} dot product computed in f32 in two different orders:
     * {@code 2 * n * eps * sum|a_i b_i|} (Higham, Accuracy and Stability of Numerical Algorithms,
     * 2nd ed., eq. 3.5, for both results against the exact value).
     *
     * @param absSum {@code sum_i |a_i * b_i|}
     */
    public static double dot(int n, double absSum) {
        return 2.0 * Math.max(n, 1) * F32_EPS * absSum + 1e-30;
    }
}
