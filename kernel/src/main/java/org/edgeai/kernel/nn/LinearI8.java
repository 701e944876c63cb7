package org.edgeai.kernel.nn;

import java.util.Objects;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.ops.Kernels;
import org.edgeai.kernel.quant.QuantParams;
import org.edgeai.kernel.quant.QuantizedMatrix;
import org.edgeai.kernel.quant.Quantization;

/**
 * {@link Linear} with symmetric per-row int8 weights: the input is quantized to int8 (with fixed
 * per-tensor parameters from calibration, or dynamically per call with the symmetric scale
 * {@code max|x| / 127}), multiplied in int8 with int32 accumulation, and dequantized:
 * {@code y[i] = sW[i] * sX * acc[i]}. This is TFLite's "dynamic range" scheme when the input
 * parameters are dynamic and its full-integer accumulation otherwise.
 *
 * @implNote Owns quantization scratch buffers (grown on first use of a larger batch, then reused):
 * not thread-safe.
 */
public final class LinearI8 implements Linear {
    private final QuantizedMatrix w;
    private final QuantParams inputParams;
    private final Kernels k;
    private byte[] xq;
    private int[] acc;

    /**
     * @param w           quantized weights
     * @param inputParams fixed per-tensor input quantization, or null for dynamic per-call scaling
     * @throws IllegalArgumentException if {@code inputParams} is per-channel or its zero point is outside [-128, 127], or
     *                                  the rows are longer than {@link #MAX_COLS}
     */
    public LinearI8(QuantizedMatrix w, QuantParams inputParams, Kernels kernels) {
        this.w = Objects.requireNonNull(w);
        if (inputParams != null && !inputParams.isPerTensor()) {
            throw new IllegalArgumentException("input quantization must be per tensor, got axis " + inputParams.axis());
        }
        if (inputParams != null && (inputParams.zeroPoint(0) < -128 || inputParams.zeroPoint(0) > 127)) {
            throw new IllegalArgumentException("int8 input zero point must be in [-128, 127], got " + inputParams.zeroPoint(0));
        }
        if (w.cols() > MAX_COLS) {
            // |x - zp| <= 255 and |w| <= 127: longer rows could overflow the kernels' int32 accumulators
            throw new IllegalArgumentException("int8 rows of " + w.cols() + " columns exceed " + MAX_COLS
                    + " (the int32 accumulator is exact only below 2^16 products)");
        }
        this.inputParams = inputParams;
        this.k = Objects.requireNonNull(kernels);
        this.xq = new byte[w.cols()];
        this.acc = new int[w.rows()];
    }

    /** Longest int8 row (columns) a map accepts: below 2^16 products the int32 accumulators cannot overflow. */
    public static final int MAX_COLS = (1 << 16) - 1;

    /** @return a map with per-row quantized {@code w} and dynamic input quantization */
    public static LinearI8 fromF32(float[] w, int rows, int cols, Kernels kernels) {
        if (w.length != rows * cols) {
            throw new IllegalArgumentException("weights length " + w.length + " != " + rows + "x" + cols);
        }
        return new LinearI8(Quantization.quantizePerRow(w, rows, cols), null, kernels);
    }

    /** @return the quantized weights */
    public QuantizedMatrix weights() {
        return w;
    }

    /** @return fixed input parameters, or null when the input is quantized dynamically */
    public QuantParams inputParams() {
        return inputParams;
    }

    @Override
    public int rows() {
        return w.rows();
    }

    @Override
    public int cols() {
        return w.cols();
    }

    @Override
    public DType weightType() {
        return DType.I8;
    }

    @Override
    public void apply(float[] x, int xOff, float[] y, int yOff) {
        int cols = w.cols();
        float sx;
        int zp;
        if (inputParams == null) {
            sx = Quantization.symmetricScaleOfMax(k.maxAbs(cols, x, xOff));
            zp = 0;
        } else {
            sx = inputParams.scale(0);
            zp = inputParams.zeroPoint(0);
        }
        k.quantizeI8(cols, x, xOff, sx, zp, xq, 0);
        k.gemvI8(w.rows(), cols, w.data(), 0, cols, xq, 0, zp, acc, 0);
        float[] sw = w.scales();
        for (int i = 0; i < w.rows(); i++) {
            y[yOff + i] = sw[i] * sx * acc[i];
        }
    }

    @Override
    public void applyBatch(int n, float[] x, int xOff, int ldx, float[] y, int yOff, int ldy) {
        int cols = w.cols();
        int rows = w.rows();
        if (xq.length < cols * n) {
            xq = new byte[cols * n];
        }
        if (acc.length < rows * n) {
            acc = new int[rows * n];
        }
        float sx;
        int zp;
        if (inputParams == null) {
            float max = 0f;
            for (int p = 0; p < cols; p++) {
                for (int j = 0; j < n; j++) {
                    max = Math.max(max, Math.abs(x[xOff + p * ldx + j]));
                }
            }
            sx = Quantization.symmetricScaleOfMax(max);
            zp = 0;
        } else {
            sx = inputParams.scale(0);
            zp = inputParams.zeroPoint(0);
        }
        for (int p = 0; p < cols; p++) {
            k.quantizeI8(n, x, xOff + p * ldx, sx, zp, xq, p * n);
        }
        k.gemmI8(rows, n, cols, w.data(), 0, cols, xq, 0, n, zp, acc, 0, n);
        float[] sw = w.scales();
        for (int i = 0; i < rows; i++) {
            float s = sw[i] * sx;
            for (int j = 0; j < n; j++) {
                y[yOff + i * ldy + j] = s * acc[i * n + j];
            }
        }
    }

    @Override
    public float[] weightsF32() {
        return w.dequantize();
    }
}
