package org.edgeai.accel;

import java.util.Locale;

/**
 * How a {@link SystolicArray} maps a convolution lowered to a matrix product
 * {@code O[E, N] = I[E, K] * F[K, N]} (E output pixels, N filters, K = window size
 * {@code KH * KW * Cin}), after SCALE-Sim (Samajdar et al., "A Systematic Methodology for
 * Characterizing Scalability of DNN Accelerators using SCALE-Sim", ISPASS 2020, Sec. III).
 */
public enum Dataflow {
    /**
     * Output stationary: each PE owns one output; E is spread over the rows, N over the columns, and
     * the K-long reduction streams through the array in time.
     */
    OUTPUT_STATIONARY("os"),
    /**
     * Weight stationary: each PE holds one weight; K is spread over the rows, N over the columns,
     * and the E output pixels stream through in time.
     */
    WEIGHT_STATIONARY("ws"),
    /**
     * Input stationary: each PE holds one input (IFMAP) word; K is spread over the rows, the E output pixels over the
     * columns, and the N filters stream through in time (scale-sim-v2 {@code systolic_compute_is.py}).
     */
    INPUT_STATIONARY("is");

    private final String code;

    Dataflow(String code) {
        this.code = code;
    }

    /** @return SCALE-Sim's short name ({@code "os"} or {@code "ws"}) */
    public String code() {
        return code;
    }

    /**
     * @param code {@code os}/{@code ws}/{@code is} (SCALE-Sim's spelling) or the enum name, any case
     * @return the dataflow
     * @throws IllegalArgumentException for anything else
     */
    public static Dataflow parse(String code) {
        String c = code.trim().toLowerCase(Locale.ROOT);
        for (Dataflow d : values()) {
            if (d.code.equals(c) || d.name().toLowerCase(Locale.ROOT).equals(c)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown dataflow '" + code + "' (expected os, ws or is)");
    }
}
