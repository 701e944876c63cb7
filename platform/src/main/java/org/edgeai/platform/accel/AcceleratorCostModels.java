package org.edgeai.platform.accel;

import java.io.IOException;
import org.edgeai.accel.FusionPolicy;
import org.edgeai.accel.NeuralEngineSimulator;
import org.edgeai.kernel.graph.GraphCostModel;

/**
 * Platform wiring of the accelerator simulator as the kernel's {@link GraphCostModel}, so that
 * other capabilities (the NAS) price graphs without depending on {@code accelerator-sim}.
 *
 * @implNote Stateless; thread-safe.
 */
public final class AcceleratorCostModels {
    private AcceleratorCostModels() {
    }

    /**
     * @param configOrPreset a SCALE-Sim {@code .cfg} path or a preset name ({@code npu-small},
     *                       {@code arr16_os}, ...)
     * @param fusion         fusion policy ({@link FusionPolicy#AUTO} is what an NPU compiler does)
     * @return a thread-safe cost model
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException if the preset is unknown or the file malformed
     */
    public static GraphCostModel neuralEngine(String configOrPreset, FusionPolicy fusion) throws IOException {
        return new NeuralEngineSimulator(SimInputs.config(configOrPreset), fusion);
    }
}
