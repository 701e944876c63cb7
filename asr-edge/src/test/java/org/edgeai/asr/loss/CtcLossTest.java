package org.edgeai.asr.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CtcLossTest {
    private static final int BLANK = 0;

    /** -ln p by summing the probability of every one of the V^T paths that collapses to the labels. */
    static double bruteForce(float[] logits, int frames, int vocab, int[] labels) {
        double[][] p = new double[frames][vocab];
        for (int t = 0; t < frames; t++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < vocab; k++) {
                max = Math.max(max, logits[t * vocab + k]);
            }
            double s = 0;
            for (int k = 0; k < vocab; k++) {
                s += Math.exp(logits[t * vocab + k] - max);
            }
            for (int k = 0; k < vocab; k++) {
                p[t][k] = Math.exp(logits[t * vocab + k] - max) / s;
            }
        }
        int[] path = new int[frames];
        double total = 0;
        long count = (long) Math.pow(vocab, frames);
        for (long code = 0; code < count; code++) {
            long c = code;
            for (int t = 0; t < frames; t++) {
                path[t] = (int) (c % vocab);
                c /= vocab;
            }
            List<Integer> collapsed = new ArrayList<>();
            int prev = -1;
            for (int t = 0; t < frames; t++) {
                if (path[t] != prev && path[t] != BLANK) {
                    collapsed.add(path[t]);
                }
                prev = path[t];
            }
            if (collapsed.size() != labels.length) {
                continue;
            }
            boolean eq = true;
            for (int i = 0; i < labels.length; i++) {
                eq &= collapsed.get(i) == labels[i];
            }
            if (eq) {
                double pr = 1;
                for (int t = 0; t < frames; t++) {
                    pr *= p[t][path[t]];
                }
                total += pr;
            }
        }
        return -Math.log(total);
    }

    private static float[] randomLogits(Random r, int n) {
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = (float) (2 * r.nextGaussian());
        }
        return z;
    }

    @Test
    void matchesBruteForceOverAllAlignments() {
        Random r = new Random(345);
        int[][] cases = {{1}, {1, 2}, {2, 2}, {1, 2, 1}, {3, 3, 3}, {}, {1, 1}};
        int vocab = 4;
        for (int[] labels : cases) {
            for (int frames = 1; frames <= 6; frames++) {
                float[] z = randomLogits(r, frames * vocab);
                double expected = bruteForce(z, frames, vocab, labels);
                LossResult got = new CtcLoss(BLANK).compute(z, 0, frames, vocab, labels, labels.length, new float[frames * vocab], 0);
                if (Double.isInfinite(expected)) {
                    assertFalse(got.feasible(), "T=" + frames + " labels " + java.util.Arrays.toString(labels));
                } else {
                    assertTrue(got.feasible());
                    assertEquals(expected, got.negLogLikelihood(), 1e-6 * Math.max(1, expected),
                            "T=" + frames + " labels " + java.util.Arrays.toString(labels));
                }
            }
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Random r = new Random(7);
        int frames = 7;
        int vocab = 5;
        int[] labels = {1, 3, 3, 2};
        float[] z = randomLogits(r, frames * vocab);
        float[] grad = new float[z.length];
        CtcLoss loss = new CtcLoss(BLANK);
        loss.compute(z, 0, frames, vocab, labels, labels.length, grad, 0);
        double h = 1e-3;
        for (int i = 0; i < z.length; i++) {
            float keep = z[i];
            z[i] = (float) (keep + h);
            double up = loss.compute(z, 0, frames, vocab, labels, labels.length, null, 0).negLogLikelihood();
            z[i] = (float) (keep - h);
            double down = loss.compute(z, 0, frames, vocab, labels, labels.length, null, 0).negLogLikelihood();
            z[i] = keep;
            assertEquals((up - down) / (2 * h), grad[i], 2e-3, "d/dz[" + i + "]");
        }
    }

    @Test
    void gradientRowsSumToZeroAndRespectOffsets() {
        Random r = new Random(11);
        int frames = 30;
        int vocab = 29;
        int[] labels = {5, 1, 9, 1, 9, 1, 20};
        float[] z = new float[3 + frames * vocab];
        System.arraycopy(randomLogits(r, frames * vocab), 0, z, 3, frames * vocab);
        float[] grad = new float[5 + frames * vocab];
        new CtcLoss(BLANK).compute(z, 3, frames, vocab, labels, labels.length, grad, 5);
        for (int t = 0; t < frames; t++) {
            double s = 0;
            for (int k = 0; k < vocab; k++) {
                s += grad[5 + t * vocab + k];
            }
            assertEquals(0, s, 1e-4, "softmax gradient rows sum to zero");
        }
    }

    @Test
    void tooShortInputIsInfeasibleNotAnError() {
        LossResult res = new CtcLoss(BLANK).compute(new float[3 * 4], 0, 3, 4, new int[] {1, 1, 2}, 3, new float[12], 0);
        assertFalse(res.feasible());
        assertThrows(IllegalArgumentException.class,
                () -> new CtcLoss(BLANK).compute(new float[8], 0, 2, 4, new int[] {0}, 1, null, 0));
    }
}
