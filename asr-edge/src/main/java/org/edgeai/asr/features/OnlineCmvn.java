package org.edgeai.asr.features;

import java.util.Arrays;

/**
 * Causal (streaming) cepstral mean and variance normalization with a global prior, after Kaldi's
 * online CMVN ({@code OnlineCmvn}, Povey et al., the Kaldi toolkit, 2011): frame {@code t} is
 * normalized with the running mean
 * {@code m_t = (priorFrames * mu + sum_{s<=t} x_s) / (priorFrames + t + 1)} and the global standard
 * deviation {@code sigma}: {@code y_t = (x_t - m_t) / sigma}. The running mean absorbs per-speaker
 * gain and channel offsets (a gain change is an additive offset on log-mel features) without
 * needing the whole utterance; the prior keeps the first frames stable.
 *
 * @implNote Owns its running sums: not thread-safe, one per stream, {@link #reset()} between
 * streams; allocation-free.
 */
public final class OnlineCmvn {
    private final float[] globalMean;
    private final float[] invStd;
    private final double priorFrames;
    private final double[] sum;
    private long count;

    /**
     * @param globalMean per-bin mean {@code [dim]} of the training features. Not modified (copied).
     * @param globalStd per-bin standard deviation {@code [dim]}, positive. Not modified (copied).
     * @param priorFrames weight of the global mean, in frames (e.g. 100 = 1 s at a 10 ms hop); >= 0
     * @throws IllegalArgumentException if lengths differ, a std is not positive, or priorFrames < 0
     */
    public OnlineCmvn(float[] globalMean, float[] globalStd, double priorFrames) {
        if (globalMean.length != globalStd.length || globalMean.length == 0) {
            throw new IllegalArgumentException("mean and std lengths " + globalMean.length + " / " + globalStd.length);
        }
        if (!(priorFrames >= 0)) {
            throw new IllegalArgumentException("priorFrames must be >= 0, got " + priorFrames);
        }
        this.globalMean = globalMean.clone();
        this.invStd = new float[globalStd.length];
        for (int i = 0; i < globalStd.length; i++) {
            if (!(globalStd[i] > 0)) {
                throw new IllegalArgumentException("std[" + i + "] must be positive, got " + globalStd[i]);
            }
            invStd[i] = 1f / globalStd[i];
        }
        this.priorFrames = priorFrames;
        this.sum = new double[globalMean.length];
    }

    /** @return feature dimension */
    public int dim() {
        return globalMean.length;
    }

    /**
     * Normalizes one frame and adds it to the running statistics.
     *
     * @param in {@code dim} features from {@code inOff}. Not modified.
     * @param out {@code dim} normalized features from {@code outOff}. Overwritten; may alias {@code in}.
     */
    public void apply(float[] in, int inOff, float[] out, int outOff) {
        count++;
        double denom = priorFrames + count;
        for (int i = 0; i < globalMean.length; i++) {
            float x = in[inOff + i];
            sum[i] += x;
            double m = (priorFrames * globalMean[i] + sum[i]) / denom;
            out[outOff + i] = (float) ((x - m) * invStd[i]);
        }
    }

    /** Clears the running statistics (start of a new speaker/stream). */
    public void reset() {
        Arrays.fill(sum, 0);
        count = 0;
    }

    /** @return the global mean (a copy) */
    public float[] globalMean() {
        return globalMean.clone();
    }

    /** @return the global standard deviation (a copy) */
    public float[] globalStd() {
        float[] s = new float[invStd.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = 1f / invStd[i];
        }
        return s;
    }
}
