package org.edgeai.kernel.nn;

import java.util.Objects;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.ops.Kernels;

/**
 * {@link Linear} with f32 weights.
 *
 * @implNote Stateless apart from the weights; thread-safe.
 */
public final class LinearF32 implements Linear {
    private final float[] w;
    private final int rows;
    private final int cols;
    private final Kernels k;

    /**
     * @param w row-major {@code [rows, cols]}; shared, not copied
     * @throws IllegalArgumentException if {@code w.length != rows * cols}
     */
    public LinearF32(float[] w, int rows, int cols, Kernels kernels) {
        if (rows < 0 || cols < 0 || w.length != rows * cols) {
            throw new IllegalArgumentException("weights length " + w.length + " != " + rows + "x" + cols);
        }
        this.w = w;
        this.rows = rows;
        this.cols = cols;
        this.k = Objects.requireNonNull(kernels);
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
        return DType.F32;
    }

    @Override
    public void apply(float[] x, int xOff, float[] y, int yOff) {
        k.gemvF32(rows, cols, w, 0, cols, x, xOff, y, yOff);
    }

    @Override
    public void applyBatch(int n, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        k.gemmF32(rows, n, cols, w, 0, cols, x, xOff, ldx, y, yOff, ldy);
    }

    @Override
    public float[] weightsF32() {
        return w.clone();
    }
}
