package org.edgeai.kernel.nn;

import java.util.Objects;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.ops.Kernels;

/**
 * {@link Linear} with IEEE binary16 weight storage ({@link Float#floatToFloat16}, round to nearest
 * even) and f32 accumulation. Batches are computed column by column with the f16 GEMV.
 *
 * @implNote Owns a column scratch buffer: not thread-safe.
 */
public final class LinearF16 implements Linear {
    private final short[] w;
    private final int rows;
    private final int cols;
    private final Kernels k;
    private float[] colIn = new float[0];
    private float[] colOut = new float[0];

    /**
     * @param w binary16 bits, row-major {@code [rows, cols]}; shared, not copied
     * @throws IllegalArgumentException if {@code w.length != rows * cols}
     */
    public LinearF16(short[] w, int rows, int cols, Kernels kernels) {
        if (rows < 0 || cols < 0 || w.length != rows * cols) {
            throw new IllegalArgumentException("weights length " + w.length + " != " + rows + "x" + cols);
        }
        this.w = w;
        this.rows = rows;
        this.cols = cols;
        this.k = Objects.requireNonNull(kernels);
    }

    /** Largest finite binary16 value. */
    public static final float F16_MAX = 65504f;

    /**
     * @return a map whose weights are {@code w} rounded to binary16
     * @throws IllegalArgumentException if a weight is not finite or exceeds {@link #F16_MAX} in magnitude
     */
    public static LinearF16 fromF32(float[] w, int rows, int cols, Kernels kernels) {
        short[] h = new short[w.length];
        for (int i = 0; i < w.length; i++) {
            if (!Float.isFinite(w[i]) || Math.abs(w[i]) > F16_MAX) {
                // binary16 would hold it as +-infinity: whole output rows would turn NaN/Inf at run time
                throw new IllegalArgumentException("weight " + i + " = " + w[i] + " is not representable in binary16 (|w| <= "
                        + F16_MAX + ")");
            }
            h[i] = Float.floatToFloat16(w[i]);
        }
        return new LinearF16(h, rows, cols, kernels);
    }

    /** @return the binary16 weights (shared) */
    public short[] weights() {
        return w;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public DType weightType() {
        return DType.F16;
    }

    @Override
    public void apply(float[] x, int xOff, float[] y, int yOff) {
        k.gemvF16(rows, cols, w, 0, cols, x, xOff, y, yOff);
    }

    @Override
    public void applyBatch(int n, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        if (colIn.length < cols) {
            colIn = new float[cols];
        }
        if (colOut.length < rows) {
            colOut = new float[rows];
        }
        for (int j = 0; j < n; j++) {
            for (int p = 0; p < cols; p++) {
                colIn[p] = x[xOff + p * ldx + j];
            }
            k.gemvF16(rows, cols, w, 0, cols, colIn, 0, colOut, 0);
            for (int i = 0; i < rows; i++) {
                y[yOff + i * ldy + j] = colOut[i];
            }
        }
    }

    @Override
    public float[] weightsF32() {
        float[] f = new float[w.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = Float.float16ToFloat(w[i]);
        }
        return f;
    }
}
