package org.edgeai.kernel.quant;

/**
 * A row-major {@code [rows, cols]} int8 matrix with one symmetric scale per row:
 * {@code w[r, c] ~= scales[r] * data[r * cols + c]}.
 *
 * @param rows   number of rows (output channels)
 * @param cols   number of columns (inputs)
 * @param data   int8 values, length {@code rows * cols}; shared, not copied (treat as immutable)
 * @param scales per-row scales, length {@code rows}; shared, not copied
 */
public record QuantizedMatrix(int rows, int cols, byte[] data, float[] scales) {
    /** @throws IllegalArgumentException if the array lengths do not match the shape */
    public QuantizedMatrix {
        if (rows < 0 || cols < 0 || data.length != rows * cols || scales.length != rows) {
            throw new IllegalArgumentException("QuantizedMatrix " + rows + "x" + cols + " needs " + rows * cols
                    + " values and " + rows + " scales, got " + data.length + " and " + scales.length);
        }
    }

    /** @return the dequantized row-major matrix (allocates) */
    public float[] dequantize() {
        float[] w = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                w[r * cols + c] = scales[r] * data[r * cols + c];
            }
        }
        return w;
    }

    /** @return the per-channel quantization parameters (axis 0) */
    public QuantParams params() {
        return QuantParams.symmetricPerChannel(scales, 0);
    }
}
