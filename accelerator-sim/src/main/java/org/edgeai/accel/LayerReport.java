package org.edgeai.accel;

import org.edgeai.kernel.graph.OpKind;

/**
 * The simulated cost of one op. Cycles are accelerator cycles (host time is converted at the
 * accelerator clock); bytes are device bytes.
 *
 * @param name               op name
 * @param kind               op kind
 * @param unit               where it ran
 * @param precision          arithmetic precision
 * @param macs               multiply-accumulates
 * @param computeCycles      cycles of the compute unit alone (for a systolic array: folds x
 *                           (fill + stream + drain), as SCALE-Sim counts them)
 * @param stallCycles        cycles waiting for DRAM beyond what double buffering hides
 * @param launchCycles       fixed op launch cost
 * @param totalCycles        {@code computeCycles + stallCycles + launchCycles}
 * @param latencySeconds     {@code totalCycles / clockHz}
 * @param utilization        {@code macs / (computeCycles x MAC units)} for array ops, 0 otherwise
 * @param folds              array tiles (systolic folds or lane passes); 0 off the array
 * @param mappingEfficiency  mean fraction of MAC units holding useful work per fold (SCALE-Sim's
 *                           "mapping efficiency"); 0 off the array
 * @param sramReadBytes      on-chip buffer reads (operands fed to the compute unit plus data
 *                           read out for DRAM writes)
 * @param sramWriteBytes     on-chip buffer writes (results plus DRAM fills)
 * @param dramReadBytes      DRAM reads
 * @param dramWriteBytes     DRAM writes
 * @param energyJoules       energy of this op
 * @param fusedInput         the input came from the previous op on chip
 * @param fusedOutput        the output stayed on chip for the next op
 */
public record LayerReport(String name, OpKind kind, ExecutionUnit unit, Precision precision, long macs,
                          long computeCycles, long stallCycles, long launchCycles, long totalCycles,
                          double latencySeconds, double utilization, long folds, double mappingEfficiency,
                          long sramReadBytes, long sramWriteBytes, long dramReadBytes, long dramWriteBytes,
                          double energyJoules, boolean fusedInput, boolean fusedOutput) {
}
