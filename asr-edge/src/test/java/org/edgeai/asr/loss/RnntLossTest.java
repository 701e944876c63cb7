package org.edgeai.asr.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RnntLossTest {
    private static final int BLANK = 0;

    private static double logProb(float[] z, int node, int vocab, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < vocab; j++) {
            max = Math.max(max, z[node * vocab + j]);
        }
        double s = 0;
        for (int j = 0; j < vocab; j++) {
            s += Math.exp(z[node * vocab + j] - max);
        }
        return z[node * vocab + k] - max - Math.log(s);
    }

    /** Sum over every alignment: every monotone lattice path from (0,0) emitting U labels and T blanks. */
    private static double enumerate(float[] z, int t, int u, int frames, int[] labels, int uStride, int vocab) {
        int node = t * uStride + u;
        double p = 0;
        if (t == frames - 1 && u == labels.length) {
            return Math.exp(logProb(z, node, vocab, BLANK));
        }
        if (t < frames - 1) {
            p += Math.exp(logProb(z, node, vocab, BLANK)) * enumerate(z, t + 1, u, frames, labels, uStride, vocab);
        }
        if (u < labels.length) {
            p += Math.exp(logProb(z, node, vocab, labels[u])) * enumerate(z, t, u + 1, frames, labels, uStride, vocab);
        }
        return p;
    }

    private static float[] randomLogits(Random r, int n) {
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = (float) (1.5 * r.nextGaussian());
        }
        return z;
    }

    @Test
    void matchesBruteForceOverAllAlignments() {
        Random r = new Random(345);
        int vocab = 4;
        int[][] cases = {{}, {1}, {2, 2}, {1, 3, 2}, {3, 1, 1, 2}};
        for (int[] labels : cases) {
            for (int frames = 1; frames <= 5; frames++) {
                int uStride = labels.length + 2; // padded label axis
                float[] z = randomLogits(r, frames * uStride * vocab);
                double expected = -Math.log(enumerate(z, 0, 0, frames, labels, uStride, vocab));
                LossResult got = new RnntLoss(BLANK).compute(z, 0, frames, labels.length, uStride, vocab, labels,
                        new float[z.length], 0);
                assertEquals(expected, got.negLogLikelihood(), 1e-6 * Math.max(1, expected),
                        "T=" + frames + " U=" + labels.length);
            }
        }
    }

    @Test
    void gradientMatchesFiniteDifferencesAndPaddingGetsZero() {
        Random r = new Random(99);
        int frames = 4;
        int vocab = 5;
        int[] labels = {2, 4, 2};
        int uStride = 5;
        float[] z = randomLogits(r, frames * uStride * vocab);
        float[] grad = new float[z.length];
        java.util.Arrays.fill(grad, 9f);
        RnntLoss loss = new RnntLoss(BLANK);
        loss.compute(z, 0, frames, labels.length, uStride, vocab, labels, grad, 0);
        double h = 1e-3;
        for (int i = 0; i < z.length; i++) {
            float keep = z[i];
            z[i] = (float) (keep + h);
            double up = loss.compute(z, 0, frames, labels.length, uStride, vocab, labels, null, 0).negLogLikelihood();
            z[i] = (float) (keep - h);
            double down = loss.compute(z, 0, frames, labels.length, uStride, vocab, labels, null, 0).negLogLikelihood();
            z[i] = keep;
            assertEquals((up - down) / (2 * h), grad[i], 2e-3, "d/dz[" + i + "]");
        }
    }

    @Test
    void rejectsBlankLabelsAndShortStride() {
        assertThrows(IllegalArgumentException.class,
                () -> new RnntLoss(BLANK).compute(new float[40], 0, 2, 1, 2, 4, new int[] {0}, null, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new RnntLoss(BLANK).compute(new float[40], 0, 2, 2, 2, 4, new int[] {1, 2}, null, 0));
    }
}
