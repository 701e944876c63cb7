package org.edgeai.kernel.nn;

import org.edgeai.kernel.graph.GraphDescribable;

/**
 * A network layer for on-device inference. Streaming layers (Dense, GRU, LSTM, causal Conv1d)
 * map one time step's input vector to one output vector and carry their state between calls;
 * image layers (Conv2d and friends) map a whole {@code [C, H, W]} feature map.
 *
 * @implNote Layers own their state and scratch buffers: not thread-safe; one instance per stream,
 * {@link #reset()} between streams. {@link #forward} allocates nothing.
 */
public interface Layer extends GraphDescribable {

    /** @return number of input floats per call */
    int inputSize();

    /** @return number of output floats per call */
    int outputSize();

    /**
     * Runs the layer once.
     *
     * @param in  {@link #inputSize()} floats from {@code inOff}. Not modified.
     * @param out {@link #outputSize()} floats from {@code outOff}. Overwritten; must not alias {@code in}.
     */
    void forward(float[] in, int inOff, float[] out, int outOff);

    /** Clears the streaming state (hidden states, convolution history). No-op for stateless layers. */
    default void reset() {
    }
}
