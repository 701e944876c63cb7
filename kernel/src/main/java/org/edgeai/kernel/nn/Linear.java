package org.edgeai.kernel.nn;

import org.edgeai.kernel.DType;
import org.edgeai.kernel.ops.Kernels;

/**
 * A matrix {@code W in R^{rows x cols}} applied to vectors or column batches, with the weights
 * stored in one precision: {@link LinearF32}, {@link LinearF16} (binary16 storage, f32
 * accumulation) or {@link LinearI8} (symmetric per-row int8 weights, int8 activations, int32
 * accumulation, f32 dequantization). Every layer is written once over this interface, so the
 * precision variants of Dense, GRU, LSTM and the convolutions share their code.
 *
 * @implNote Instances may own scratch buffers (int8 quantizes its input): not thread-safe; use one
 * per stream.
 */
public sealed interface Linear permits LinearF32, LinearF16, LinearI8 {

    /** @return output size (rows of W) */
    int rows();

    /** @return input size (columns of W) */
    int cols();

    /** @return weight storage type */
    DType weightType();

    /**
     * {@code y = W x}.
     *
     * @param x input, {@code cols} values from {@code xOff}. Not modified.
     * @param y output, {@code rows} values from {@code yOff}. Overwritten; must not alias x.
     */
    void apply(float[] x, int xOff, float[] y, int yOff);

    /**
     * {@code Y = W X} for a batch of {@code n} columns: {@code X[cols, n]} with row stride {@code ldx},
     * {@code Y[rows, n]} with row stride {@code ldy} (this is the convolution-as-GEMM layout
     * {@code [channels, pixels]}).
     *
     * @param x not modified
     * @param y overwritten; must not alias x
     */
    void applyBatch(int n, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy);

    /** @return the weights as f32, row-major {@code [rows, cols]} (dequantized; allocates) */
    float[] weightsF32();

    /**
     * Builds a linear map of the given precision from f32 weights (quantizing or rounding them).
     *
     * @param type    F32, F16 or I8
     * @param w       row-major {@code [rows, cols]}. Not modified (copied).
     * @param kernels the kernels to run on
     * @throws IllegalArgumentException if the type is I32 or the sizes do not match
     */
    static Linear of(DType type, float[] w, int rows, int cols, Kernels kernels) {
        return switch (type) {
            case F32 -> new LinearF32(w.clone(), rows, cols, kernels);
            case F16 -> LinearF16.fromF32(w, rows, cols, kernels);
            case I8 -> LinearI8.fromF32(w, rows, cols, kernels);
            case I32 -> throw new IllegalArgumentException("no I32 weight storage; use F32, F16 or I8");
        };
    }
}
