package org.edgeai.accel;

/** Arithmetic precision an op executes in. */
public enum Precision {
    /** int8 x int8 products, int32 accumulation (1-byte activations and weights). */
    INT8(1),
    /** fp16 products, fp32 accumulation (2-byte activations and weights). */
    FP16(2),
    /** fp32 on the host core (4-byte activations and weights). */
    FP32(4);

    private final int bytes;

    Precision(int bytes) {
        this.bytes = bytes;
    }

    /** @return bytes per stored element */
    public int bytes() {
        return bytes;
    }
}
