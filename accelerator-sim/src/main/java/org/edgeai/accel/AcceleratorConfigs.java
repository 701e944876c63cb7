package org.edgeai.accel;

import java.util.List;
import java.util.Locale;

/**
 * Named accelerator presets.
 *
 * <ul>
 *   <li>{@code npu-small}: a small Neural-Engine-like NPU (see {@link #neuralEngineSmall()}).</li>
 *   <li>{@code arr16_os}, {@code arr16_ws}, {@code arr32_os}, {@code arr32_ws}: the four SCALE-Sim v2
 *       configurations of the reference data ({@code ../shared/data/accel/scalesim/configs}): a 16x16
 *       or 32x32 systolic array, 64 KiB ifmap/filter/ofmap SRAM each, ideal DRAM interface
 *       ({@code InterfaceBandwidth: CALC}), 1-byte words. SCALE-Sim has no clock; 1 GHz is assumed
 *       for latencies.</li>
 *   <li>{@code arr16_is}, {@code arr32_is}: the same arrays with SCALE-Sim's input-stationary dataflow (no
 *       reference run exists for it; see {@link Dataflow#INPUT_STATIONARY}).</li>
 * </ul>
 */
public final class AcceleratorConfigs {
    private AcceleratorConfigs() {
    }

    /** 1 GHz: nominal accelerator clock of every preset. */
    public static final double DEFAULT_CLOCK_HZ = 1e9;

    /**
     * A mobile application core as the fp32 fallback: 2 GHz, two 128-bit FMA pipes (8 fp32 MACs per
     * cycle), one gathered MAC per cycle on sparse data, 4 bytes per core cycle (8 GB/s, the same
     * LPDDR4X channel the accelerator uses), 4-cycle FMA latency (Cortex-A76-class figures; an
     * assumption, not a measurement).
     */
    public static HostCore mobileHostCore() {
        return new HostCore(2e9, 8, 1, 4, 4);
    }

    /**
     * A small Neural-Engine-like NPU, built for this project (not a model of a specific chip):
     * parallelism factor P = 32 lanes of width W = 32 (1024 int8 MACs per cycle, 2 int8 TOPS at
     * 1 GHz), fp16 at half rate, 10-cycle lane pipeline; a 32-lane vector unit; 256 KiB ifmap, 256 KiB
     * weight and 128 KiB output SRAM, double buffered; 8 bytes per cycle of DRAM bandwidth (8 GB/s,
     * one LPDDR4X x16 channel); 100 cycles to launch an op; the {@link #mobileHostCore()}; 45 nm
     * energy constants of {@link EnergyTable#horowitz45nm(long)} for 256 KiB buffers.
     *
     * @return the {@code npu-small} preset
     */
    public static AcceleratorConfig neuralEngineSmall() {
        return new AcceleratorConfig("npu-small", new DotProductLanes(32, 32, 10), DEFAULT_CLOCK_HZ, 0.5,
                new VectorUnit(32, 4), new MemoryHierarchy(256 << 10, 256 << 10, 128 << 10, 8, true),
                mobileHostCore(), EnergyTable.horowitz45nm(256 << 10), 100);
    }

    /**
     * A SCALE-Sim-style systolic array: {@code size x size}, 64 KiB per operand buffer, double
     * buffered, ideal DRAM (SCALE-Sim's {@code CALC} bandwidth mode), no op launch cost, a vector unit
     * as wide as the array.
     *
     * @param size     array side (16 or 32 for the reference data), at least 1
     * @param dataflow output or weight stationary
     * @return the preset named {@code arr<size>_<os|ws|is>}
     * @throws IllegalArgumentException if size is not positive
     */
    public static AcceleratorConfig scaleSim(int size, Dataflow dataflow) {
        return scaleSim("arr" + size + "_" + dataflow.code(), size, size, dataflow, 64 << 10, 64 << 10, 64 << 10,
                Double.POSITIVE_INFINITY);
    }

    /**
     * A systolic accelerator as SCALE-Sim describes one (the form {@code .cfg} files map to).
     *
     * @param dramBytesPerCycle {@link Double#POSITIVE_INFINITY} for SCALE-Sim's {@code CALC} mode
     * @return the configuration
     * @throws IllegalArgumentException if a value is out of range
     */
    public static AcceleratorConfig scaleSim(String name, int rows, int cols, Dataflow dataflow, long ifmapSramBytes,
                                             long filterSramBytes, long ofmapSramBytes, double dramBytesPerCycle) {
        return new AcceleratorConfig(name, new SystolicArray(rows, cols, dataflow), DEFAULT_CLOCK_HZ, 0.5,
                new VectorUnit(cols, 4),
                new MemoryHierarchy(ifmapSramBytes, filterSramBytes, ofmapSramBytes, dramBytesPerCycle, true),
                mobileHostCore(), EnergyTable.horowitz45nm(Math.max(ifmapSramBytes, filterSramBytes)), 0);
    }

    /** @return every preset name, in a stable order */
    public static List<String> names() {
        return List.of("npu-small", "arr16_os", "arr16_ws", "arr32_os", "arr32_ws", "arr16_is", "arr32_is");
    }

    /**
     * @param name a preset name from {@link #names()} (case-insensitive; {@code arr32x32_os} is
     *             accepted for {@code arr32_os}, as SCALE-Sim names its runs)
     * @return the preset
     * @throws IllegalArgumentException naming the known presets if {@code name} is unknown
     */
    public static AcceleratorConfig byName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("npu-small")) {
            return neuralEngineSmall();
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("arr(\\d+)(?:x(\\d+))?_(os|ws|is)").matcher(n);
        if (m.matches() && (m.group(2) == null || m.group(2).equals(m.group(1)))) {
            int size = Integer.parseInt(m.group(1));
            if (size == 16 || size == 32) {
                return scaleSim(size, Dataflow.parse(m.group(3)));
            }
        }
        throw new IllegalArgumentException("unknown accelerator preset '" + name + "'; known: " + String.join(", ", names())
                + " (or a SCALE-Sim .cfg file)");
    }
}
