package org.edgeai.kernel;

/**
 * Element types of {@link Tensor} storage.
 *
 * <p>Storage type names the backing array: {@code F32 -> float[]}, {@code F16 -> short[]} holding
 * IEEE 754 binary16 bit patterns ({@link Float#floatToFloat16}, round-to-nearest-even),
 * {@code I8 -> byte[]}, {@code I32 -> int[]}.
 */
public enum DType {
    /** IEEE 754 binary32. */
    F32(4, 1),
    /** IEEE 754 binary16 bit patterns in a {@code short[]}; arithmetic is done in F32. */
    F16(2, 2),
    /** Signed 8-bit integers, usually quantized with a {@link org.edgeai.kernel.quant.QuantParams}. */
    I8(1, 3),
    /** Signed 32-bit integers (accumulators, indices). */
    I32(4, 4);

    private final int byteSize;
    private final int code;

    DType(int byteSize, int code) {
        this.byteSize = byteSize;
        this.code = code;
    }

    /** @return bytes per element */
    public int byteSize() {
        return byteSize;
    }

    /** @return the stable numeric code used by the model file format (never reorder these) */
    public int code() {
        return code;
    }

    /**
     * @param code a code from {@link #code()}
     * @return the dtype
     * @throws IllegalArgumentException if no dtype has this code
     */
    public static DType ofCode(int code) {
        for (DType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown dtype code " + code + " (known: 1=F32, 2=F16, 3=I8, 4=I32)");
    }
}
