/**
 * The Neural Engine simulator: prices any {@link org.edgeai.kernel.graph.ModelGraph} (the description
 * every kernel layer produces with {@code toGraph(name)}) on a configurable edge accelerator.
 *
 * <p>The hardware is an {@link org.edgeai.accel.AcceleratorConfig}: a compute array
 * ({@link org.edgeai.accel.DotProductLanes} — P parallel dot products of width W, P being the
 * <em>parallelism factor</em> — or an R x C {@link org.edgeai.accel.SystolicArray} with
 * output- or weight-stationary {@link org.edgeai.accel.Dataflow}), a vector unit for elementwise,
 * pooling and sparse kernels, per-operand SRAM buffers, a DRAM interface, a host core for fp32
 * fallbacks, and per-access energy constants. Named presets live in
 * {@link org.edgeai.accel.AcceleratorConfigs}.
 *
 * <p>{@link org.edgeai.accel.NeuralEngineSimulator} turns a graph into a
 * {@link org.edgeai.accel.SimulationReport} (per-layer and total cycles, latency, utilization,
 * SRAM/DRAM traffic, peak activation and parameter memory, energy) and implements
 * {@link org.edgeai.kernel.graph.GraphCostModel} for the NAS. The systolic cycle model reproduces
 * SCALE-Sim v2's compute cycles in closed form; SCALE-Sim inputs are read by
 * {@link org.edgeai.accel.scalesim}.
 */
package org.edgeai.accel;
