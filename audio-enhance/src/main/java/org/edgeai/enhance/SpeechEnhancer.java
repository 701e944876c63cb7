package org.edgeai.enhance;

/**
 * Streaming mono speech enhancer: one {@link #frameSamples()} block in, one block out.
 *
 * @implNote Implementations are allocation-free per frame and not thread-safe: one instance per
 * stream, {@link #reset()} between streams.
 */
public interface SpeechEnhancer {

    /** @return samples per call (10 ms at the configured rate); query it, never assume it */
    int frameSamples();

    /**
     * @return algorithmic delay in samples: output sample n corresponds to input sample
     *         {@code n - delaySamples()}
     */
    int delaySamples();

    /**
     * Enhances one frame.
     *
     * @param in     PCM, {@link #frameSamples()} samples from {@code inOff}, full scale [-1, 1] at
     *               {@code config().sampleRateHz()}. Not modified.
     * @param inOff  offset into {@code in}
     * @param out    enhanced PCM, same layout, delayed by {@link #delaySamples()}. Modified. May alias
     *               {@code in}.
     * @param outOff offset into {@code out}
     * @return speech-presence estimate in [0, 1] of the frame being output (the energy-weighted mean of
     *         the squared band gains: the share of the noisy energy the enhancer keeps)
     * @throws IllegalArgumentException if a range is shorter than {@link #frameSamples()} (message gives
     *                                  both)
     */
    float process(float[] in, int inOff, float[] out, int outOff);

    /** Returns to the initial state (silence history), keeping the configuration and model. */
    void reset();

    /** @return the configuration */
    EnhancerConfig config();
}
