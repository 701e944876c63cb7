package org.edgeai.enhance;

import java.util.Objects;
import org.edgeai.kernel.DType;

/**
 * Configuration of a {@link PercepNetEnhancer}.
 *
 * @param sampleRateHz processing rate in Hz: the rate the model was trained for (16000 for the
 *                     shipped model)
 * @param weightType   precision of the network weights on the kernel: I8 (default), F16 or F32
 * @param postFilter   apply PercepNet's envelope post-filter (default true)
 * @param combFilter   apply the pitch comb filter with the predicted strengths r_b (default true)
 */
public record EnhancerConfig(int sampleRateHz, DType weightType, boolean postFilter, boolean combFilter) {
    /** @throws IllegalArgumentException if the rate is unsupported or the precision is I32 */
    public EnhancerConfig {
        Objects.requireNonNull(weightType, "weightType");
        if (sampleRateHz != 16000 && sampleRateHz != 48000) {
            throw new IllegalArgumentException("unsupported sample rate " + sampleRateHz + " Hz; supported: 16000, 48000");
        }
        if (weightType == DType.I32) {
            throw new IllegalArgumentException("weights must be F32, F16 or I8, got " + weightType);
        }
    }

    /** @return 16 kHz, int8 weights, comb filter and post-filter on (the shipped model's setting) */
    public static EnhancerConfig defaults() {
        return new EnhancerConfig(16000, DType.I8, true, true);
    }

    /** @return this configuration with another weight precision */
    public EnhancerConfig withWeightType(DType type) {
        return new EnhancerConfig(sampleRateHz, type, postFilter, combFilter);
    }
}
