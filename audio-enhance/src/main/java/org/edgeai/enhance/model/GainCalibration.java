package org.edgeai.enhance.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * A per-band monotone map from the network's band gain to the gain applied: piecewise linear
 * through {@code K} knots at the bin centres {@code (k + 1/2) / K}, constant beyond the first and
 * the last knot, clamped to [0, 1].
 *
 * <h2>Why</h2>
 * The network is trained with PercepNet's gain loss (squared plus 10x quartic error of
 * {@code sqrt(g)}). Where the network is unsure, the value that minimises that loss is pulled toward
 * mid-range gains much more than the conditional mean {@code E[g | network output]} (the
 * minimum-mean-square-error gain): the quartic term punishes the large errors of a confident wrong
 * answer. The knots hold {@code E[g | output in bin k]}, estimated on synthetic training-distribution
 * mixtures (never on evaluation data) by {@code org.edgeai.enhance.train.CalibrationFit}, made
 * non-decreasing (pool-adjacent-violators), so the map is the least-squares recalibration of the
 * network's gains (histogram binning followed by isotonic regression; Zadrozny and Elkan, KDD 2002).
 *
 * @implNote Immutable; thread-safe. {@link #apply} is allocation-free.
 */
public final class GainCalibration {
    private final int bands;
    private final int knots;
    private final float[] table;

    /**
     * @param bands number of bands B
     * @param knots knots per band K (at least 2)
     * @param table {@code [B, K]} row-major gains at the knots, each row non-decreasing, in [0, 1]. Copied.
     * @throws IllegalArgumentException if the sizes disagree, a value is outside [0, 1] or NaN, or a row decreases
     */
    public GainCalibration(int bands, int knots, float[] table) {
        Objects.requireNonNull(table, "table");
        if (bands < 1 || knots < 2 || table.length != bands * knots) {
            throw new IllegalArgumentException("calibration needs B >= 1 bands, K >= 2 knots and B*K values; got B=" + bands + ", K="
                    + knots + ", " + table.length + " values");
        }
        for (int b = 0; b < bands; b++) {
            for (int k = 0; k < knots; k++) {
                float v = table[b * knots + k];
                if (!(v >= 0f && v <= 1f)) {
                    throw new IllegalArgumentException("calibration value " + v + " of band " + b + ", knot " + k + " is outside [0, 1]");
                }
                if (k > 0 && v < table[b * knots + k - 1]) {
                    throw new IllegalArgumentException("calibration of band " + b + " decreases at knot " + k);
                }
            }
        }
        this.bands = bands;
        this.knots = knots;
        this.table = table.clone();
    }

    /** @return B */
    public int bands() {
        return bands;
    }

    /** @return K */
    public int knots() {
        return knots;
    }

    /** @return a copy of the {@code [B, K]} table */
    public float[] table() {
        return table.clone();
    }

    /**
     * Maps band gains.
     *
     * @param gains {@code [B]} network gains in [0, 1]. Not modified.
     * @param out   {@code [B]} calibrated gains. Modified; may alias {@code gains}.
     */
    public void apply(float[] gains, float[] out) {
        for (int b = 0; b < bands; b++) {
            out[b] = map(b, gains[b]);
        }
    }

    /** @return the calibrated value of network gain {@code g} in band {@code b} */
    public float map(int b, float g) {
        float p = g * knots - 0.5f;
        int base = b * knots;
        if (!(p > 0f)) {
            return table[base];
        }
        if (p >= knots - 1) {
            return table[base + knots - 1];
        }
        int i = (int) p;
        float f = p - i;
        return (1 - f) * table[base + i] + f * table[base + i + 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GainCalibration c && c.bands == bands && c.knots == knots && Arrays.equals(c.table, table);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * bands + knots) + Arrays.hashCode(table);
    }

    @Override
    public String toString() {
        return "GainCalibration[bands=" + bands + ", knots=" + knots + "]";
    }
}
