package org.edgeai.kernel.quant;

/**
 * Static int8 quantization helpers: rounding, saturation, weight and activation quantization.
 *
 * <p>All rounding is round-half-to-even ({@link Math#rint}); every float-to-int8 conversion
 * saturates to [-128, 127]. Weights are quantized symmetrically per output channel (row of a
 * row-major {@code [rows, cols]} matrix): {@code scale_r = max_j |w[r, j]| / 127}, zero point 0, so
 * the int8 range used is [-127, 127] (TFLite quantization spec, "per-axis" weights). Activations
 * are quantized asymmetrically per tensor with a zero point that represents real 0 exactly.
 *
 * <p>Thread-safe (stateless).
 */
public final class Quantization {
    /** Smallest int8 value. */
    public static final int I8_MIN = -128;
    /** Largest int8 value. */
    public static final int I8_MAX = 127;

    private Quantization() {
    }

    /** @return {@code v} clamped to [-128, 127] */
    public static int saturateI8(long v) {
        return (int) Math.max(I8_MIN, Math.min(I8_MAX, v));
    }

    /**
     * Quantizes one value: {@code q = saturate(rint(x / scale) + zeroPoint)}.
     *
     * @param x         real value; NaN maps to the zero point
     * @param scale     positive scale
     * @param zeroPoint zero point in [-128, 127]
     * @return the int8 value
     */
    public static byte quantize(float x, float scale, int zeroPoint) {
        float r = x / scale;
        if (Float.isNaN(r)) {
            return (byte) zeroPoint;
        }
        double q = Math.rint(r) + zeroPoint;
        return (byte) Math.max(I8_MIN, Math.min(I8_MAX, q));
    }

    /** @return {@code scale * (q - zeroPoint)} */
    public static float dequantize(byte q, float scale, int zeroPoint) {
        return scale * (q - zeroPoint);
    }

    /**
     * Quantizes {@code n} values.
     *
     * @param x   source, from {@code xOff}. Not modified.
     * @param out destination, from {@code outOff}. Modified.
     */
    public static void quantize(float[] x, int xOff, int n, float scale, int zeroPoint, byte[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = quantize(x[xOff + i], scale, zeroPoint);
        }
    }

    /**
     * Dequantizes {@code n} values.
     *
     * @param q   source, from {@code qOff}. Not modified.
     * @param out destination, from {@code outOff}. Modified.
     */
    public static void dequantize(byte[] q, int qOff, int n, float scale, int zeroPoint, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = scale * (q[qOff + i] - zeroPoint);
        }
    }

    /**
     * Symmetric per-row int8 quantization of a row-major {@code [rows, cols]} matrix.
     *
     * @param w weights, length {@code >= rows * cols}. Not modified.
     * @return int8 matrix with one scale per row; an all-zero row gets scale 1 (any positive
     *         value represents it exactly)
     * @throws IllegalArgumentException if a weight is not finite or the sizes are inconsistent
     */
    public static QuantizedMatrix quantizePerRow(float[] w, int rows, int cols) {
        if (rows < 0 || cols < 0 || (long) rows * cols > w.length) {
            throw new IllegalArgumentException("matrix " + rows + "x" + cols + " does not fit in " + w.length + " weights");
        }
        byte[] q = new byte[rows * cols];
        float[] scales = new float[rows];
        for (int r = 0; r < rows; r++) {
            float max = 0f;
            for (int c = 0; c < cols; c++) {
                float v = w[r * cols + c];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("weight [" + r + ", " + c + "] is not finite: " + v);
                }
                max = Math.max(max, Math.abs(v));
            }
            float s = max / I8_MAX;
            // an all-zero row, or one so small (subnormal) that max / 127 underflows to 0: scale 1, every code 0
            float scale = s > 0f ? s : 1f;
            scales[r] = scale;
            for (int c = 0; c < cols; c++) {
                q[r * cols + c] = quantize(w[r * cols + c], scale, 0);
            }
        }
        return new QuantizedMatrix(rows, cols, q, scales);
    }

    /**
     * Asymmetric per-tensor activation parameters for the real range {@code [min, max]}, widened
     * to contain 0 so that real zero (padding, ReLU output) is exactly representable:
     * {@code scale = (max - min) / 255}, {@code zeroPoint = rint(-128 - min / scale)}.
     *
     * @throws IllegalArgumentException if a bound is not finite or {@code min > max}
     */
    public static QuantParams activationParams(float min, float max) {
        if (!Float.isFinite(min) || !Float.isFinite(max) || min > max) {
            throw new IllegalArgumentException("invalid activation range [" + min + ", " + max + "]");
        }
        min = Math.min(min, 0f);
        max = Math.max(max, 0f);
        if (max == min) {
            return QuantParams.perTensor(1f, 0);
        }
        float scale = (max - min) / 255f;
        int zp = saturateI8((long) Math.rint(I8_MIN - min / scale));
        return QuantParams.perTensor(scale, zp);
    }

    /**
     * Symmetric per-tensor activation parameters for {@code max |x|} over {@code n} values (zero
     * point 0), as used for dynamic ("hybrid") quantization of a layer input at run time.
     *
     * @param x values from {@code off}. Not modified.
     * @return the scale {@code max|x| / 127}, or 1 when all values are 0
     */
    public static float symmetricScale(float[] x, int off, int n) {
        float max = 0f;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Math.abs(x[off + i]));
        }
        return symmetricScaleOfMax(max);
    }

    /**
     * @param maxAbs the largest magnitude of the values (as {@code Kernels#maxAbs} gives it)
     * @return the symmetric scale {@code maxAbs / 127}; 1 when {@code maxAbs} is 0 or not finite
     */
    public static float symmetricScaleOfMax(float maxAbs) {
        return maxAbs > 0f && Float.isFinite(maxAbs) ? maxAbs / I8_MAX : 1f;
    }
}
