package org.edgeai.platform.accel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.edgeai.accel.AcceleratorConfig;
import org.edgeai.accel.AcceleratorConfigs;
import org.edgeai.accel.scalesim.ScaleSimConfig;
import org.edgeai.accel.scalesim.ScaleSimTopology;
import org.edgeai.accel.zoo.ModelZoo;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.graph.ModelGraph;

/** Resolves the {@code --topology} and {@code --config} arguments (files or names). */
final class SimInputs {
    private SimInputs() {
    }

    /** Weight precision of zoo models. */
    enum ModelPrecision {
        INT8(DType.I8), FP16(DType.F16), FP32(DType.F32);

        final DType type;

        ModelPrecision(DType type) {
            this.type = type;
        }
    }

    /**
     * @param topology  a SCALE-Sim CSV path or a zoo model name
     * @param dwMeta    explicit depthwise side file or null (a sibling {@code _dwmeta.csv} is used otherwise)
     * @param format    explicit CSV format or null to detect
     * @param precision weight precision for zoo models
     */
    static ModelGraph graph(String topology, Path dwMeta, ScaleSimTopology.Format format, ModelPrecision precision)
            throws IOException {
        Path file = Path.of(topology);
        if (Files.isRegularFile(file)) {
            if (dwMeta != null) {
                return ScaleSimTopology.read(file, format, dwMeta);
            }
            Path sibling = ScaleSimTopology.siblingDepthwiseMeta(file);
            return ScaleSimTopology.read(file, format, Files.isRegularFile(sibling) ? sibling : null);
        }
        if (topology.toLowerCase(Locale.ROOT).endsWith(".csv")) {
            throw new IllegalArgumentException("topology file not found: " + file.toAbsolutePath());
        }
        return ModelZoo.build(topology, precision.type);
    }

    /** @param config a SCALE-Sim {@code .cfg} path or a preset name */
    static AcceleratorConfig config(String config) throws IOException {
        Path file = Path.of(config);
        if (Files.isRegularFile(file)) {
            return ScaleSimConfig.read(file);
        }
        if (config.toLowerCase(Locale.ROOT).endsWith(".cfg")) {
            throw new IllegalArgumentException("config file not found: " + file.toAbsolutePath());
        }
        return AcceleratorConfigs.byName(config);
    }
}
