package org.edgeai.kernel.quant;

import java.util.Arrays;

/**
 * Affine quantization parameters: {@code real = scale * (q - zeroPoint)}.
 *
 * <p>Either per-tensor ({@code axis == -1}, one scale and zero point) or per-channel along
 * {@code axis} (one scale and zero point per index of that axis). Weights use symmetric
 * per-output-channel quantization ({@code axis == 0}, all zero points 0); activations use one
 * scale and zero point per tensor. Follows TFLite's quantization spec
 * (tensorflow.org/lite/performance/quantization_spec).
 *
 * @param scales     positive, finite scales; length 1 when per-tensor
 * @param zeroPoints zero points in [-128, 127] for int8; same length as {@code scales}
 * @param axis       the quantized axis, or -1 for per-tensor
 */
public record QuantParams(float[] scales, int[] zeroPoints, int axis) {

    /**
     * @throws IllegalArgumentException if lengths differ, a scale is not positive and finite,
     *                                  or a per-tensor record has more than one scale
     */
    public QuantParams {
        if (scales.length == 0 || scales.length != zeroPoints.length) {
            throw new IllegalArgumentException("scales and zeroPoints must be non-empty and of equal length: "
                    + scales.length + " vs " + zeroPoints.length);
        }
        if (axis < -1) {
            throw new IllegalArgumentException("axis must be >= -1, got " + axis);
        }
        if (axis == -1 && scales.length != 1) {
            throw new IllegalArgumentException("per-tensor quantization takes one scale, got " + scales.length);
        }
        for (int i = 0; i < scales.length; i++) {
            if (!(scales[i] > 0f) || !Float.isFinite(scales[i])) {
                throw new IllegalArgumentException("scale[" + i + "] must be positive and finite, got " + scales[i]);
            }
        }
        scales = scales.clone();
        zeroPoints = zeroPoints.clone();
    }

    /** @return per-tensor parameters */
    public static QuantParams perTensor(float scale, int zeroPoint) {
        return new QuantParams(new float[] {scale}, new int[] {zeroPoint}, -1);
    }

    /** @return symmetric per-channel parameters along {@code axis} (zero points 0) */
    public static QuantParams symmetricPerChannel(float[] scales, int axis) {
        return new QuantParams(scales, new int[scales.length], axis);
    }

    /** @return true when quantized per tensor */
    public boolean isPerTensor() {
        return axis == -1;
    }

    /** @return the scale for channel {@code c} (or the only scale) */
    public float scale(int c) {
        return isPerTensor() ? scales[0] : scales[c];
    }

    /** @return the zero point for channel {@code c} (or the only one) */
    public int zeroPoint(int c) {
        return isPerTensor() ? zeroPoints[0] : zeroPoints[c];
    }

    @Override
    public float[] scales() {
        return scales.clone();
    }

    @Override
    public int[] zeroPoints() {
        return zeroPoints.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QuantParams q && axis == q.axis && Arrays.equals(scales, q.scales)
                && Arrays.equals(zeroPoints, q.zeroPoints);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(scales) + Arrays.hashCode(zeroPoints)) + axis;
    }

    @Override
    public String toString() {
        return "QuantParams[axis=" + axis + ", scales=" + Arrays.toString(scales) + ", zeroPoints="
                + Arrays.toString(zeroPoints) + "]";
    }
}
