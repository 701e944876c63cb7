package org.edgeai.enhance;

import java.util.Arrays;
import java.util.Objects;

/**
 * Adapts a frame-based {@link SpeechEnhancer} to chunks of any length and removes its delay: the
 * concatenated outputs of {@link #push} and {@link #finish} have exactly as many samples as were
 * pushed, and equal {@link Enhancement#enhanceAligned} of the concatenated input, sample for sample.
 * Used by the gRPC service (one instance per call).
 *
 * @implNote Owns the enhancer and buffers: not thread-safe. {@link #push} allocates its result.
 */
public final class EnhanceStream {
    private final SpeechEnhancer enhancer;
    private final int hop;
    private final float[] pending;
    private int pendingCount;
    private final float[] frameOut;
    private long inputSamples;
    private long skip;
    private boolean finished;
    private float lastSpeech;

    /** @param enhancer a fresh or reset enhancer (reset here) */
    public EnhanceStream(SpeechEnhancer enhancer) {
        this.enhancer = Objects.requireNonNull(enhancer);
        enhancer.reset();
        this.hop = enhancer.frameSamples();
        this.pending = new float[hop];
        this.frameOut = new float[hop];
        this.skip = enhancer.delaySamples();
    }

    /** @return the wrapped enhancer's delay in samples (what the stream hides) */
    public int delaySamples() {
        return enhancer.delaySamples();
    }

    private double presenceSum;
    private long presenceFrames;

    /** @return mean speech-presence estimate over the frames processed so far (0 before any) */
    public double meanSpeechPresence() {
        return presenceFrames == 0 ? 0 : presenceSum / presenceFrames;
    }

    /** @return speech-presence estimate of the last processed frame */
    public float lastSpeechPresence() {
        return lastSpeech;
    }

    /**
     * @param chunk samples. Not modified.
     * @return the enhanced samples that became available (possibly empty)
     * @throws IllegalStateException after {@link #finish}
     */
    public float[] push(float[] chunk) {
        if (finished) {
            throw new IllegalStateException("stream already finished");
        }
        inputSamples += chunk.length;
        int frames = (pendingCount + chunk.length) / hop;
        float[] out = new float[frames * hop];
        int produced = 0;
        int pos = 0;
        while (pos < chunk.length) {
            int n = Math.min(hop - pendingCount, chunk.length - pos);
            System.arraycopy(chunk, pos, pending, pendingCount, n);
            pendingCount += n;
            pos += n;
            if (pendingCount == hop) {
                lastSpeech = enhancer.process(pending, 0, frameOut, 0);
                presenceSum += lastSpeech;
                presenceFrames++;
                System.arraycopy(frameOut, 0, out, produced, hop);
                produced += hop;
                pendingCount = 0;
            }
        }
        return dropDelay(out, produced);
    }

    /**
     * Flushes the delay line with zeros.
     *
     * @return the remaining samples, so that the total output length equals the input length
     */
    public float[] finish() {
        if (finished) {
            throw new IllegalStateException("stream already finished");
        }
        finished = true;
        // Feed zero-padded frames until every input sample has come out.
        int total = pendingCount + enhancer.delaySamples();
        int frames = (total + hop - 1) / hop;
        float[] out = new float[frames * hop];
        Arrays.fill(pending, pendingCount, hop, 0f);
        for (int f = 0; f < frames; f++) {
            lastSpeech = enhancer.process(pending, 0, frameOut, 0);
            presenceSum += lastSpeech;
            presenceFrames++;
            System.arraycopy(frameOut, 0, out, f * hop, hop);
            Arrays.fill(pending, 0f);
        }
        pendingCount = 0;
        int drop = (int) Math.min(skip, out.length);
        skip -= drop;
        int want = (int) Math.max(0, Math.min(inputSamples - outputSamples, out.length - drop));
        outputSamples += want;
        return Arrays.copyOfRange(out, drop, drop + want);
    }

    private long outputSamples;

    private float[] dropDelay(float[] out, int n) {
        int drop = (int) Math.min(skip, n);
        skip -= drop;
        float[] r = Arrays.copyOfRange(out, drop, n);
        outputSamples += r.length;
        return r;
    }
}
