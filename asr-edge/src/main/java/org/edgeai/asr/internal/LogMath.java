package org.edgeai.asr.internal;

/** Log-space helpers shared by the losses and the beam searches (not API). Stateless; thread-safe. */
public final class LogMath {
    /** ln 0. */
    public static final double NEG_INF = Double.NEGATIVE_INFINITY;

    private LogMath() {
    }

    /** @return {@code log(exp(a) + exp(b))} without overflow; -inf + -inf = -inf */
    public static double logAdd(double a, double b) {
        if (a == NEG_INF) {
            return b;
        }
        if (b == NEG_INF) {
            return a;
        }
        return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
    }

    /**
     * Log-softmax of one row.
     *
     * @param z  {@code n} logits from {@code off}. Not modified.
     * @param out {@code n} log-probabilities from {@code outOff}. Overwritten; may alias z.
     */
    public static void logSoftmax(float[] z, int off, int n, double[] out, int outOff) {
        double max = NEG_INF;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, z[off + i]);
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.exp(z[off + i] - max);
        }
        double lse = max + Math.log(s);
        for (int i = 0; i < n; i++) {
            out[outOff + i] = z[off + i] - lse;
        }
    }
}
