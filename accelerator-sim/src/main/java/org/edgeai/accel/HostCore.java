package org.edgeai.accel;

/**
 * The application core that runs what the accelerator cannot: ops with fp32 weights (the
 * accelerator computes in int8 and fp16 only) and fp32 sparse kernels. Its time is converted into
 * accelerator cycles at the accelerator clock so that per-layer cycles add up.
 *
 * @param clockHz                  core clock, Hz, positive
 * @param f32MacsPerCycle          dense fp32 multiply-accumulates per cycle (SIMD lanes x FMA
 *                                 pipes), positive
 * @param sparseMacsPerCycle       sparse (gather-bound) fp32 multiply-accumulates per cycle, positive
 * @param bytesPerCycle            sustained memory bandwidth, bytes per core cycle, positive
 * @param dependencyLatencyCycles  latency of one dependent FMA chain step (paid per row of a
 *                                 triangular solve), at least 0
 */
public record HostCore(double clockHz, double f32MacsPerCycle, double sparseMacsPerCycle, double bytesPerCycle,
                       int dependencyLatencyCycles) {
    /** @throws IllegalArgumentException if a rate is not positive and finite */
    public HostCore {
        if (!positiveFinite(clockHz) || !positiveFinite(f32MacsPerCycle) || !positiveFinite(sparseMacsPerCycle)
                || !positiveFinite(bytesPerCycle) || dependencyLatencyCycles < 0) {
            throw new IllegalArgumentException("host core rates must be positive and finite: clock=" + clockHz
                    + " f32MacsPerCycle=" + f32MacsPerCycle + " sparseMacsPerCycle=" + sparseMacsPerCycle
                    + " bytesPerCycle=" + bytesPerCycle + " latency=" + dependencyLatencyCycles);
        }
    }

    static boolean positiveFinite(double v) {
        return v > 0 && Double.isFinite(v);
    }
}
