package org.edgeai.accel;

/**
 * Which consecutive ops keep their intermediate tensor on chip. An intermediate is kept only if the
 * consumer's working stripe of it (kernel-height + stride rows for a convolution, a few elements for
 * an elementwise op, the whole tensor otherwise) fits the output buffer; otherwise it spills to DRAM
 * as usual. A fused chain also keeps a residual branch's input on chip when it fits the input
 * buffer, so a fused inverted bottleneck (expand, depthwise, project, add) reads one tensor from
 * DRAM and writes one.
 */
public enum FusionPolicy {
    /** Layer by layer: every op reads its inputs from and writes its output to DRAM. */
    NONE,
    /** Fuse consecutive ops that carry the same non-null {@link org.edgeai.kernel.graph.OpNode#fusionGroup()}. */
    DECLARED,
    /**
     * {@link #DECLARED}, plus what an NPU compiler fuses by itself when the second op consumes the
     * first one's output: conv/matmul followed by an elementwise op, pooling or softmax, and any
     * producer or consumer of a depthwise convolution (fused-IBN and depthwise-separable blocks).
     */
    AUTO
}
