package org.edgeai.accel;

import java.util.Objects;

/**
 * The simulated accelerator. Build one with {@link #builder()} or take a preset from
 * {@link AcceleratorConfigs}.
 *
 * @param name            label used in reports
 * @param array           the MAC array
 * @param clockHz         accelerator clock, Hz, positive and finite (latency = cycles / clockHz)
 * @param fp16RateRatio   fp16 MAC throughput as a fraction of int8 throughput, in (0, 1]; an fp16
 *                        op takes {@code ceil(cycles / fp16RateRatio)} array cycles
 * @param vector          the vector unit
 * @param memory          SRAM buffers and DRAM interface
 * @param host            the core that runs fp32 fallbacks
 * @param energy          energy constants
 * @param opLaunchCycles  fixed cost of issuing one op (descriptor fetch, synchronization), cycles,
 *                        at least 0; 0 reproduces SCALE-Sim
 */
public record AcceleratorConfig(String name, ComputeArray array, double clockHz, double fp16RateRatio, VectorUnit vector,
                                MemoryHierarchy memory, HostCore host, EnergyTable energy, int opLaunchCycles) {

    /** @throws IllegalArgumentException if a value is out of range; NullPointerException if one is null */
    public AcceleratorConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(array, "array");
        Objects.requireNonNull(vector, "vector");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(energy, "energy");
        if (!HostCore.positiveFinite(clockHz)) {
            throw new IllegalArgumentException("clockHz must be positive and finite, got " + clockHz);
        }
        if (!(fp16RateRatio > 0 && fp16RateRatio <= 1)) {
            throw new IllegalArgumentException("fp16RateRatio must be in (0, 1], got " + fp16RateRatio);
        }
        if (opLaunchCycles < 0) {
            throw new IllegalArgumentException("opLaunchCycles must be >= 0, got " + opLaunchCycles);
        }
    }

    /** @return peak int8 multiply-accumulates per second */
    public double peakMacsPerSecond() {
        return array.macUnits() * clockHz;
    }

    /** @return a builder initialised with this configuration */
    public Builder toBuilder() {
        return new Builder().name(name).array(array).clockHz(clockHz).fp16RateRatio(fp16RateRatio).vector(vector)
                .memory(memory).host(host).energy(energy).opLaunchCycles(opLaunchCycles);
    }

    /**
     * @return a builder with the defaults of {@link AcceleratorConfigs#neuralEngineSmall()} (so only
     *         the fields that differ need to be set)
     */
    public static Builder builder() {
        return AcceleratorConfigs.neuralEngineSmall().toBuilder();
    }

    /** Mutable builder; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private String name;
        private ComputeArray array;
        private double clockHz;
        private double fp16RateRatio;
        private VectorUnit vector;
        private MemoryHierarchy memory;
        private HostCore host;
        private EnergyTable energy;
        private int opLaunchCycles;

        Builder() {
        }

        /** @return this */
        public Builder name(String v) {
            name = v;
            return this;
        }

        /** @return this */
        public Builder array(ComputeArray v) {
            array = v;
            return this;
        }

        /** @return this */
        public Builder clockHz(double v) {
            clockHz = v;
            return this;
        }

        /** @return this */
        public Builder fp16RateRatio(double v) {
            fp16RateRatio = v;
            return this;
        }

        /** @return this */
        public Builder vector(VectorUnit v) {
            vector = v;
            return this;
        }

        /** @return this */
        public Builder memory(MemoryHierarchy v) {
            memory = v;
            return this;
        }

        /** @return this */
        public Builder host(HostCore v) {
            host = v;
            return this;
        }

        /** @return this */
        public Builder energy(EnergyTable v) {
            energy = v;
            return this;
        }

        /** @return this */
        public Builder opLaunchCycles(int v) {
            opLaunchCycles = v;
            return this;
        }

        /**
         * @return the validated configuration
         * @throws IllegalArgumentException if a value is out of range
         */
        public AcceleratorConfig build() {
            return new AcceleratorConfig(name, array, clockHz, fp16RateRatio, vector, memory, host, energy, opLaunchCycles);
        }
    }
}
