package org.edgeai.accel;

/**
 * The accelerator's vector (post-processing) unit: elementwise arithmetic, pooling, softmax and the
 * sparse kernels (SpMV, triangular solve) in int8 or fp16. Activations fused into a convolution
 * (an {@link org.edgeai.kernel.graph.Activation} on the op) are applied in the array's output
 * pipeline and cost nothing here.
 *
 * @param lanes         elements processed per cycle, at least 1
 * @param latencyCycles pipeline latency of one dependent operation (paid once per op, and once per
 *                      row of a triangular solve, whose rows depend on each other); at least 0
 */
public record VectorUnit(int lanes, int latencyCycles) {
    /** @throws IllegalArgumentException if out of range */
    public VectorUnit {
        if (lanes < 1 || latencyCycles < 0) {
            throw new IllegalArgumentException("vector unit needs lanes >= 1 and latency >= 0, got " + lanes + ", " + latencyCycles);
        }
    }
}
