package org.edgeai.asr.loss;

import java.util.Arrays;
import org.edgeai.asr.internal.LogMath;

/**
 * Connectionist temporal classification loss and its gradient with respect to the unnormalized
 * network outputs (logits), by the forward-backward recursions in log space.
 *
 * <p>Source: A. Graves, S. Fernandez, F. Gomez, J. Schmidhuber, "Connectionist Temporal
 * Classification: Labelling Unsegmented Sequence Data with Recurrent Neural Networks", ICML 2006,
 * eqs. 5-16. With the extended label sequence {@code l'} (blanks between labels and at both ends,
 * length {@code S = 2U + 1}), {@code alpha_t(s)} sums all path prefixes ending in {@code l'_s} at
 * {@code t} (including {@code y_t}), {@code beta_t(s)} all suffixes after {@code t} given
 * {@code l'_s} at {@code t} (excluding {@code y_t}, a variant of eq. 10 that avoids the division by
 * {@code y_t} of eq. 14). Then {@code p = alpha_{T-1}(S-1) + alpha_{T-1}(S-2)} and, with
 * {@code y = softmax(z)}, {@code d(-ln p)/dz_{t,k} = y_{t,k} - (1/p) sum_{s: l'_s = k} alpha_t(s) beta_t(s)}
 * (eq. 16).
 *
 * @implNote Holds scratch buffers sized for the longest input seen: not thread-safe; one per
 * training thread.
 */
public final class CtcLoss {
    private final int blank;
    private double[] logProbs = new double[0];
    private double[] alpha = new double[0];
    private double[] beta = new double[0];

    /** @param blank index of the blank symbol */
    public CtcLoss(int blank) {
        if (blank < 0) {
            throw new IllegalArgumentException("blank index must be >= 0, got " + blank);
        }
        this.blank = blank;
    }

    /**
     * Computes the loss and, optionally, its gradient for one sequence.
     *
     * @param logits {@code [T, V]} row-major from {@code off}, unnormalized. Not modified.
     * @param frames T, the number of valid frames
     * @param vocab V, the number of symbols (including blank)
     * @param labels U label ids from {@code labels[0]}, none equal to blank. Not modified.
     * @param grad {@code [T, V]} from {@code gradOff}, overwritten with {@code d(-ln p)/d logits};
     *             or null to skip the gradient
     * @return the negative log-likelihood (infeasible when {@code T} is too short for the labels)
     * @throws IllegalArgumentException if a label is the blank or out of range
     */
    public LossResult compute(float[] logits, int off, int frames, int vocab, int[] labels, int numLabels,
                              float[] grad, int gradOff) {
        if (frames <= 0) {
            throw new IllegalArgumentException("frames must be positive, got " + frames);
        }
        for (int i = 0; i < numLabels; i++) {
            if (labels[i] == blank || labels[i] < 0 || labels[i] >= vocab) {
                throw new IllegalArgumentException("label " + labels[i] + " at " + i + " is blank or outside [0, " + vocab + ")");
            }
        }
        int s = 2 * numLabels + 1;
        int needed = numLabels;
        for (int i = 1; i < numLabels; i++) {
            if (labels[i] == labels[i - 1]) {
                needed++;
            }
        }
        if (grad != null) {
            Arrays.fill(grad, gradOff, gradOff + frames * vocab, 0f);
        }
        if (needed > frames) {
            return new LossResult(Double.POSITIVE_INFINITY, false);
        }
        ensure(frames, vocab, s);
        for (int t = 0; t < frames; t++) {
            LogMath.logSoftmax(logits, off + t * vocab, vocab, logProbs, t * vocab);
        }
        double ninf = LogMath.NEG_INF;
        Arrays.fill(alpha, 0, frames * s, ninf);
        Arrays.fill(beta, 0, frames * s, ninf);
        // forward (eqs. 6-9)
        alpha[0] = logProbs[blank];
        if (s > 1) {
            alpha[1] = logProbs[labels[0]];
        }
        for (int t = 1; t < frames; t++) {
            int row = t * s;
            int prev = (t - 1) * s;
            for (int j = 0; j < s; j++) {
                int sym = symbol(j, labels);
                double a = alpha[prev + j];
                if (j >= 1) {
                    a = LogMath.logAdd(a, alpha[prev + j - 1]);
                }
                if (j >= 2 && sym != blank && sym != symbol(j - 2, labels)) {
                    a = LogMath.logAdd(a, alpha[prev + j - 2]);
                }
                alpha[row + j] = a == ninf ? ninf : a + logProbs[t * vocab + sym];
            }
        }
        int last = (frames - 1) * s;
        double logP = alpha[last + s - 1];
        if (s > 1) {
            logP = LogMath.logAdd(logP, alpha[last + s - 2]);
        }
        if (logP == ninf) {
            return new LossResult(Double.POSITIVE_INFINITY, false);
        }
        if (grad == null) {
            return new LossResult(-logP, true);
        }
        // backward (beta excludes y_t): beta_{T-1}(s) = 0 for the two final states
        beta[last + s - 1] = 0;
        if (s > 1) {
            beta[last + s - 2] = 0;
        }
        for (int t = frames - 2; t >= 0; t--) {
            int row = t * s;
            int next = (t + 1) * s;
            for (int j = 0; j < s; j++) {
                int sym = symbol(j, labels);
                double b = beta[next + j] + logProbs[(t + 1) * vocab + sym];
                if (j + 1 < s) {
                    b = LogMath.logAdd(b, beta[next + j + 1] + logProbs[(t + 1) * vocab + symbol(j + 1, labels)]);
                }
                if (j + 2 < s) {
                    int sym2 = symbol(j + 2, labels);
                    if (sym2 != blank && sym2 != sym) {
                        b = LogMath.logAdd(b, beta[next + j + 2] + logProbs[(t + 1) * vocab + sym2]);
                    }
                }
                beta[row + j] = b;
            }
        }
        // gradient (eq. 16): y - occupancy
        for (int t = 0; t < frames; t++) {
            int g = gradOff + t * vocab;
            for (int k = 0; k < vocab; k++) {
                grad[g + k] = (float) Math.exp(logProbs[t * vocab + k]);
            }
            for (int j = 0; j < s; j++) {
                double occ = alpha[t * s + j] + beta[t * s + j] - logP;
                if (occ > -60) {
                    grad[g + symbol(j, labels)] -= (float) Math.exp(occ);
                }
            }
        }
        return new LossResult(-logP, true);
    }

    private int symbol(int j, int[] labels) {
        return (j & 1) == 0 ? blank : labels[j >> 1];
    }

    private void ensure(int frames, int vocab, int s) {
        if (logProbs.length < frames * vocab) {
            logProbs = new double[frames * vocab];
        }
        if (alpha.length < frames * s) {
            alpha = new double[frames * s];
            beta = new double[frames * s];
        }
    }
}
