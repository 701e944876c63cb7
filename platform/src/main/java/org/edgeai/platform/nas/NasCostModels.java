package org.edgeai.platform.nas;

import java.io.IOException;
import org.edgeai.accel.FusionPolicy;
import org.edgeai.kernel.graph.GraphCostModel;
import org.edgeai.platform.accel.AcceleratorCostModels;

/** Wires the simulated NPU (accelerator-sim) into the NAS as its {@link GraphCostModel}. */
final class NasCostModels {
    /** Default accelerator preset: the small Neural-Engine-like NPU (P = 32 lanes). */
    static final String DEFAULT_PRESET = "npu-small";

    private NasCostModels() {
    }

    /**
     * @param preset accelerator preset or SCALE-Sim cfg path
     * @param fusion fusion policy name (none, declared, auto)
     * @return the cost model
     * @throws IOException              if a cfg file cannot be read
     * @throws IllegalArgumentException if the preset or policy is unknown
     */
    static GraphCostModel of(String preset, String fusion) throws IOException {
        return AcceleratorCostModels.neuralEngine(preset, policy(fusion));
    }

    /**
     * @param fusion fusion policy name (none, declared, auto; case-insensitive)
     * @return the policy
     * @throws IllegalArgumentException if unknown
     */
    static FusionPolicy policy(String fusion) {
        try {
            return FusionPolicy.valueOf(fusion.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--fusion must be none, declared or auto, got '" + fusion + "'");
        }
    }
}
