package org.edgeai.enhance;

import java.util.Objects;
import org.edgeai.enhance.model.PercepNetModel;
import org.edgeai.kernel.DType;

/**
 * Configuration of a {@link PercepNetEnhancer}.
 *
 * @param sampleRateHz processing rate in Hz: the rate the model was trained for (16000 for the
 *                     shipped model)
 * @param weightType   precision of the network weights on the kernel: I8 (default), F16 or F32
 * @param postFilter   apply PercepNet's envelope post-filter (default: the model's {@link PercepNetModel#postFilter()})
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

    /** @return 16 kHz, int8 weights, comb filter and post-filter on (PercepNet's setting; see {@link #forModel} for a model's own) */
    public static EnhancerConfig defaults() {
        return new EnhancerConfig(16000, DType.I8, true, true);
    }

    /**
     * @param model the model to run
     * @param type  weight precision
     * @return the model's rate, the given precision, the comb filter on and the post-filter as the model's metadata says
     *         ({@link PercepNetModel#postFilter()})
     */
    public static EnhancerConfig forModel(PercepNetModel model, DType type) {
        return new EnhancerConfig(model.sampleRateHz(), type, model.postFilter(), true);
    }

    /** @return this configuration with the post-filter on or off */
    public EnhancerConfig withPostFilter(boolean on) {
        return new EnhancerConfig(sampleRateHz, weightType, on, combFilter);
    }

    /** @return this configuration with another weight precision */
    public EnhancerConfig withWeightType(DType type) {
        return new EnhancerConfig(sampleRateHz, type, postFilter, combFilter);
    }
}
