package org.edgeai.accel;

/** Where an op runs. */
public enum ExecutionUnit {
    /** The MAC array (convolutions, matrix products, recurrent cells in int8/fp16). */
    ARRAY,
    /** The vector unit (elementwise, pooling, softmax, int8/fp16 sparse kernels). */
    VECTOR,
    /** The host core (fp32 fallback). */
    HOST
}
