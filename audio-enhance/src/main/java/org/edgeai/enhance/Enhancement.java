package org.edgeai.enhance;

import java.util.Arrays;

/**
 * Whole-signal helpers around a streaming {@link SpeechEnhancer}.
 *
 * @implNote Stateless; thread-safe as long as each thread uses its own enhancer.
 */
public final class Enhancement {
    private Enhancement() {
    }

    /**
     * Runs a whole signal through a (reset) enhancer, flushing the delay with zeros, and returns the
     * output aligned with the input: {@code out[n]} estimates the clean {@code in[n]}.
     *
     * @param enhancer the enhancer; reset before use. Its state is modified.
     * @param in       samples at the enhancer's rate. Not modified.
     * @return {@code [in.length]} enhanced samples
     */
    public static float[] enhanceAligned(SpeechEnhancer enhancer, float[] in) {
        enhancer.reset();
        int hop = enhancer.frameSamples();
        int d = enhancer.delaySamples();
        int total = in.length + d;
        int frames = (total + hop - 1) / hop;
        float[] padded = Arrays.copyOf(in, frames * hop);
        float[] out = new float[frames * hop];
        for (int t = 0; t < frames; t++) {
            enhancer.process(padded, t * hop, out, t * hop);
        }
        return Arrays.copyOfRange(out, d, d + in.length);
    }
}
