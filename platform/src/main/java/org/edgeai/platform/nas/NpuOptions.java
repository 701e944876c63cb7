package org.edgeai.platform.nas;

import picocli.CommandLine.Option;

/**
 * The simulated-NPU options shared by the nas commands that price networks ({@code rules},
 * {@code fused-sweep}, {@code seed-table}, {@code search}): accelerator preset, fusion policy and the
 * parallelism factor P the curated channel widths align to. Used as a picocli {@code @Mixin}; {@code NasCostModels.of(accelerator(), fusion())} builds the cost model.
 *
 * @implNote Single-use picocli mixin object; not thread-safe.
 */
public final class NpuOptions {
    @Option(names = "--accelerator", defaultValue = NasCostModels.DEFAULT_PRESET,
            description = "accelerator-sim preset that prices the networks (default ${DEFAULT-VALUE})")
    String accelerator;
    @Option(names = "--fusion", defaultValue = "auto", description = "none, declared or auto (default ${DEFAULT-VALUE})")
    String fusion;
    @Option(names = "--parallelism", defaultValue = "32", description = "parallelism factor P for channel alignment (default ${DEFAULT-VALUE})")
    int parallelism;

    /** @return the accelerator preset name */
    public String accelerator() {
        return accelerator;
    }

    /** @return the fusion policy name */
    public String fusion() {
        return fusion;
    }

    /** @return the parallelism factor P */
    public int parallelism() {
        return parallelism;
    }
}
