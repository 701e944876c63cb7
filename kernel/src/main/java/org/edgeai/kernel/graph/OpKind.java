package org.edgeai.kernel.graph;

/** The operator types a {@link ModelGraph} can contain; each has one {@link OpSpec} shape type. */
public enum OpKind {
    /** Standard 2-D convolution ({@link OpSpec.Conv2d}, groups 1). */
    CONV2D,
    /** Depthwise 2-D convolution ({@link OpSpec.Conv2d} with groups == in channels == out channels). */
    DEPTHWISE_CONV2D,
    /** 1x1 convolution ({@link OpSpec.Conv2d} with a 1x1 kernel, stride 1, no padding). */
    POINTWISE_CONV2D,
    /** Causal 1-D convolution over time, one output frame per step ({@link OpSpec.Conv1d}). */
    CONV1D,
    /** Fully connected layer or any matrix product ({@link OpSpec.Gemm}). */
    GEMM,
    /** One GRU step per time step ({@link OpSpec.Recurrent}). */
    GRU,
    /** One LSTM step per time step ({@link OpSpec.Recurrent}). */
    LSTM,
    /** Elementwise arithmetic: residual add, multiply, standalone activation ({@link OpSpec.Elementwise}). */
    ELEMENTWISE,
    /** Average or max pooling, including global pooling ({@link OpSpec.Pool}). */
    POOL,
    /** Softmax over a vector ({@link OpSpec.Elementwise}). */
    SOFTMAX,
    /** Sparse matrix times dense vector, CSR ({@link OpSpec.Sparse}). */
    SPMV,
    /** Sparse triangular solve, forward or backward substitution ({@link OpSpec.Sparse}). */
    TRIANGULAR_SOLVE
}
