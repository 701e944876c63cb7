package org.edgeai.accel.internal;

/**
 * Closed-form cycle counts of one matrix product {@code O[E, N] = I[E, K] * F[K, N]} on a compute
 * array. Pure functions of integers; no allocation.
 *
 * <h2>Systolic array (SCALE-Sim v2)</h2>
 * SCALE-Sim maps the product onto an R x C array as spatial dimensions {@code Sr x Sc} and a
 * temporal dimension {@code T} (scale-sim-v2 {@code topology_utils.calc_spatio_temporal_params}):
 * output stationary {@code (Sr, Sc, T) = (E, N, K)}, weight stationary {@code (K, N, E)}, input stationary
 * {@code (K, E, N)}. The
 * product is cut into {@code ceil(Sr / R) * ceil(Sc / C)} folds that run one after another, and
 * each fold's operand stream is padded with the pipeline fill and drain
 * ({@code systolic_compute_os/ws.create_*_demand_mat}):
 * <ul>
 *   <li>OS: T cycles of operands, C - 1 cycles for the outputs to drain, R - 1 cycles of input skew:
 *       {@code T + R + C - 2} per fold;</li>
 *   <li>WS: R cycles to load the weights, T cycles of inputs, C - 1 drain, R - 1 skew:
 *       {@code T + 2R + C - 2} per fold;</li>
 *   <li>IS ({@code systolic_compute_is}): the same with the roles of inputs and weights exchanged: R cycles to load
 *       the inputs, T = N cycles of weights, {@code T + 2R + C - 2} per fold.</li>
 * </ul>
 * SCALE-Sim reports the index of the last cycle (the count minus one) as "Total Cycles" when the
 * memory never stalls; these functions return the count.
 */
public final class ArrayCycles {
    private ArrayCycles() {
    }

    /** @return {@code ceil(a / b)} for {@code a >= 0, b > 0} */
    public static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** @return number of OS folds: {@code ceil(E / R) * ceil(N / C)} */
    public static long outputStationaryFolds(long e, long n, int rows, int cols) {
        return ceilDiv(e, rows) * ceilDiv(n, cols);
    }

    /** @return OS cycles: {@code folds * (K + R + C - 2)} */
    public static long outputStationaryCycles(long e, long n, long k, int rows, int cols) {
        return outputStationaryFolds(e, n, rows, cols) * (k + rows + cols - 2);
    }

    /** @return number of WS folds: {@code ceil(K / R) * ceil(N / C)} */
    public static long weightStationaryFolds(long n, long k, int rows, int cols) {
        return ceilDiv(k, rows) * ceilDiv(n, cols);
    }

    /** @return WS cycles: {@code folds * (E + 2R + C - 2)} */
    public static long weightStationaryCycles(long e, long n, long k, int rows, int cols) {
        return weightStationaryFolds(n, k, rows, cols) * (e + 2L * rows + cols - 2);
    }

    /** @return number of IS folds: {@code ceil(K / R) * ceil(E / C)} */
    public static long inputStationaryFolds(long e, long k, int rows, int cols) {
        return ceilDiv(k, rows) * ceilDiv(e, cols);
    }

    /** @return IS cycles: {@code folds * (N + 2R + C - 2)} */
    public static long inputStationaryCycles(long e, long n, long k, int rows, int cols) {
        return inputStationaryFolds(e, k, rows, cols) * (n + 2L * rows + cols - 2);
    }

    /**
     * Reduction steps per output on dot-product lanes of width W: input channels are processed in
     * W-wide vectors, one kernel tap at a time ({@code taps * ceil(cin / W)}), except that a reduction
     * with fewer than W channels packs taps and channels together ({@code ceil(taps * cin / W)}).
     *
     * @param taps kernel taps {@code KH * KW} (1 for a matrix product)
     * @param cin  input channels per group (K for a matrix product)
     */
    public static long laneReductionSteps(long taps, long cin, int width) {
        return cin >= width ? taps * ceilDiv(cin, width) : ceilDiv(taps * cin, width);
    }

    /**
     * Passes of the P lanes over the output channels of a grouped product: output channels are
     * padded to a multiple of P; groups narrower than P share a pass
     * ({@code floor(P / nPerGroup)} groups at once, e.g. P channels of a depthwise convolution).
     *
     * @param groups    independent groups
     * @param nPerGroup output channels per group
     */
    public static long lanePasses(long groups, long nPerGroup, int parallelism) {
        long groupsPerPass = nPerGroup >= parallelism ? 1 : parallelism / nPerGroup;
        return ceilDiv(groups, groupsPerPass) * ceilDiv(nPerGroup, parallelism);
    }
}
