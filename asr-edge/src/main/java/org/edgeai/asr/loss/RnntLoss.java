package org.edgeai.asr.loss;

import java.util.Arrays;
import org.edgeai.asr.internal.LogMath;

/**
 * RNN transducer loss and its gradient with respect to the joiner's logits, by the forward-backward
 * recursions over the {@code T x (U+1)} output lattice in log space.
 *
 * <p>Source: A. Graves, "Sequence Transduction with Recurrent Neural Networks", ICML Representation
 * Learning Workshop 2012, arXiv:1211.3711, sec. 2.3-2.4. With {@code b(t,u)} the blank
 * log-probability and {@code y(t,u)} that of label {@code u+1} at lattice node {@code (t,u)}:
 * <pre>
 *   alpha(0,0) = 0,  alpha(t,u) = logadd(alpha(t-1,u) + b(t-1,u), alpha(t,u-1) + y(t,u-1))      (eq. 16)
 *   beta(T-1,U) = b(T-1,U),  beta(t,u) = logadd(beta(t+1,u) + b(t,u), beta(t,u+1) + y(t,u))     (eq. 18)
 *   ln p(y|x) = alpha(T-1,U) + b(T-1,U) = beta(0,0)                                               (eq. 17)
 *   d(-ln p)/d b(t,u) = -exp(alpha(t,u) + b(t,u) + beta(t+1,u) - ln p)                            (eq. 20)
 *   d(-ln p)/d y(t,u) = -exp(alpha(t,u) + y(t,u) + beta(t,u+1) - ln p)
 * </pre>
 * and through the softmax, {@code dL/dz_k = g_k - p_k sum_j g_j} for the log-probability gradient
 * {@code g} at each node.
 *
 * @implNote Holds scratch buffers sized for the largest lattice seen: not thread-safe.
 */
public final class RnntLoss {
    private final int blank;
    private double[] logProbs = new double[0];
    private double[] alpha = new double[0];
    private double[] beta = new double[0];

    /** @param blank index of the blank symbol */
    public RnntLoss(int blank) {
        if (blank < 0) {
            throw new IllegalArgumentException("blank index must be >= 0, got " + blank);
        }
        this.blank = blank;
    }

    /**
     * @param logits  joiner logits {@code [T_max, uStride, V]} row-major from {@code off}; node (t, u)
     *                at {@code off + (t * uStride + u) * V}. Not modified.
     * @param frames  T, valid encoder frames (>= 1)
     * @param numLabels U
     * @param uStride the padded label axis length, >= U + 1
     * @param labels  U label ids, none blank. Not modified.
     * @param grad    same layout as {@code logits} from {@code gradOff}: the T x (U+1) valid nodes
     *                are overwritten with {@code d(-ln p)/d logits}, padded nodes set to 0; or null
     * @return the negative log-likelihood
     * @throws IllegalArgumentException on a blank/out-of-range label or inconsistent sizes
     */
    public LossResult compute(float[] logits, int off, int frames, int numLabels, int uStride, int vocab, int[] labels,
                              float[] grad, int gradOff) {
        if (frames <= 0 || uStride < numLabels + 1) {
            throw new IllegalArgumentException("need frames >= 1 and uStride >= U + 1, got T=" + frames + " U=" + numLabels
                    + " stride=" + uStride);
        }
        for (int i = 0; i < numLabels; i++) {
            if (labels[i] == blank || labels[i] < 0 || labels[i] >= vocab) {
                throw new IllegalArgumentException("label " + labels[i] + " at " + i + " is blank or outside [0, " + vocab + ")");
            }
        }
        int u1 = numLabels + 1;
        int nodes = frames * u1;
        if (logProbs.length < nodes * vocab) {
            logProbs = new double[nodes * vocab];
        }
        if (alpha.length < nodes) {
            alpha = new double[nodes];
            beta = new double[nodes];
        }
        for (int t = 0; t < frames; t++) {
            for (int u = 0; u < u1; u++) {
                LogMath.logSoftmax(logits, off + (t * uStride + u) * vocab, vocab, logProbs, (t * u1 + u) * vocab);
            }
        }
        double ninf = LogMath.NEG_INF;
        for (int t = 0; t < frames; t++) {
            for (int u = 0; u < u1; u++) {
                double a;
                if (t == 0 && u == 0) {
                    a = 0;
                } else {
                    a = ninf;
                    if (t > 0) {
                        a = alpha[(t - 1) * u1 + u] + lp(t - 1, u, u1, vocab, blank);
                    }
                    if (u > 0) {
                        a = LogMath.logAdd(a, alpha[t * u1 + u - 1] + lp(t, u - 1, u1, vocab, labels[u - 1]));
                    }
                }
                alpha[t * u1 + u] = a;
            }
        }
        double logP = alpha[(frames - 1) * u1 + numLabels] + lp(frames - 1, numLabels, u1, vocab, blank);
        if (grad == null) {
            return new LossResult(-logP, Double.isFinite(logP));
        }
        for (int t = 0; t < frames; t++) {
            Arrays.fill(grad, gradOff + t * uStride * vocab, gradOff + (t + 1) * uStride * vocab, 0f);
        }
        int totalRows = gradOff + frames * uStride * vocab;
        if (!Double.isFinite(logP)) {
            return new LossResult(Double.POSITIVE_INFINITY, false);
        }
        for (int t = frames - 1; t >= 0; t--) {
            for (int u = numLabels; u >= 0; u--) {
                double b;
                if (t == frames - 1 && u == numLabels) {
                    b = lp(t, u, u1, vocab, blank);
                } else {
                    b = ninf;
                    if (t < frames - 1) {
                        b = beta[(t + 1) * u1 + u] + lp(t, u, u1, vocab, blank);
                    }
                    if (u < numLabels) {
                        b = LogMath.logAdd(b, beta[t * u1 + u + 1] + lp(t, u, u1, vocab, labels[u]));
                    }
                }
                beta[t * u1 + u] = b;
            }
        }
        assert totalRows <= grad.length;
        for (int t = 0; t < frames; t++) {
            for (int u = 0; u < u1; u++) {
                double a = alpha[t * u1 + u];
                double gBlank;
                if (t < frames - 1) {
                    gBlank = -Math.exp(a + lp(t, u, u1, vocab, blank) + beta[(t + 1) * u1 + u] - logP);
                } else {
                    gBlank = u == numLabels ? -Math.exp(a + lp(t, u, u1, vocab, blank) - logP) : 0;
                }
                double gLabel = u < numLabels ? -Math.exp(a + lp(t, u, u1, vocab, labels[u]) + beta[t * u1 + u + 1] - logP) : 0;
                double sum = gBlank + gLabel;
                int g = gradOff + (t * uStride + u) * vocab;
                int p = (t * u1 + u) * vocab;
                for (int k = 0; k < vocab; k++) {
                    grad[g + k] = (float) (-Math.exp(logProbs[p + k]) * sum);
                }
                grad[g + blank] += (float) gBlank;
                if (u < numLabels) {
                    grad[g + labels[u]] += (float) gLabel;
                }
            }
        }
        return new LossResult(-logP, true);
    }

    private double lp(int t, int u, int u1, int vocab, int k) {
        return logProbs[(t * u1 + u) * vocab + k];
    }
}
