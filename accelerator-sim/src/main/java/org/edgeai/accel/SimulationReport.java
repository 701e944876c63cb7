package org.edgeai.accel;

import java.util.List;

/**
 * The simulated cost of one execution of a graph (ops run one after another).
 *
 * @param model               graph name
 * @param accelerator         configuration name
 * @param arrayDescription    the compute array, e.g. {@code "32x32 systolic, ws"}
 * @param clockHz             accelerator clock
 * @param layers              one report per op, in graph order
 * @param macs                total multiply-accumulates
 * @param computeCycles       sum of per-op compute cycles
 * @param stallCycles         sum of per-op DRAM stall cycles
 * @param totalCycles         sum of per-op total cycles
 * @param latencySeconds      {@code totalCycles / clockHz}
 * @param utilization         {@code macs / (totalCycles x MAC units)}
 * @param sramReadBytes       total on-chip buffer reads
 * @param sramWriteBytes      total on-chip buffer writes
 * @param dramReadBytes       total DRAM reads
 * @param dramWriteBytes      total DRAM writes
 * @param peakActivationBytes largest set of live activation tensors (device bytes; a residual
 *                            branch's input stays live until its add)
 * @param parameterBytes      parameter memory ({@link org.edgeai.kernel.graph.OpNode#weightBytes()} summed)
 * @param energy              energy breakdown
 */
public record SimulationReport(String model, String accelerator, String arrayDescription, double clockHz,
                               List<LayerReport> layers, long macs, long computeCycles, long stallCycles,
                               long totalCycles, double latencySeconds, double utilization, long sramReadBytes,
                               long sramWriteBytes, long dramReadBytes, long dramWriteBytes, long peakActivationBytes,
                               long parameterBytes, EnergyBreakdown energy) {
    /** Copies the layer list. */
    public SimulationReport {
        layers = List.copyOf(layers);
    }

    /** @return total energy of one execution, joules */
    public double energyJoules() {
        return energy.totalJoules();
    }
}
