package org.edgeai.kernel.graph;

import org.edgeai.kernel.ops.Kernels;

/** Pointwise nonlinearities a layer can apply to its output (fused into the op on accelerators). */
public enum Activation {
    /** Identity. */
    NONE,
    /** {@code max(x, 0)}. */
    RELU,
    /** {@code min(max(x, 0), 6)} (MobileNetV2). */
    RELU6,
    /** {@code 1 / (1 + exp(-x))}. */
    SIGMOID,
    /** {@code tanh(x)}. */
    TANH;

    /**
     * Applies the activation in place.
     *
     * @param x values {@code [off, off + n)}. Modified.
     */
    public void applyInPlace(Kernels k, float[] x, int off, int n) {
        switch (this) {
            case NONE -> { }
            case RELU -> k.relu(n, x, off, x, off);
            case RELU6 -> {
                for (int i = off; i < off + n; i++) {
                    x[i] = Math.min(Math.max(x[i], 0f), 6f);
                }
            }
            case SIGMOID -> k.sigmoid(n, x, off, x, off);
            case TANH -> k.tanh(n, x, off, x, off);
        }
    }

    /** @return the stable code used in model files */
    public int code() {
        return ordinal();
    }

    /** @return the activation with this code @throws IllegalArgumentException if unknown */
    public static Activation ofCode(int code) {
        if (code < 0 || code >= values().length) {
            throw new IllegalArgumentException("unknown activation code " + code);
        }
        return values()[code];
    }
}
