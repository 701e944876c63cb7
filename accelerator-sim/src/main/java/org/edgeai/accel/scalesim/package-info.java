/**
 * SCALE-Sim v2 interoperability: topology CSVs (convolution and GEMM formats) and {@code .cfg}
 * files become {@link org.edgeai.kernel.graph.ModelGraph}s and
 * {@link org.edgeai.accel.AcceleratorConfig}s, so SCALE-Sim inputs are priced by the same code path
 * as kernel networks; SCALE-Sim's per-layer reports can be read back and compared
 * ({@link org.edgeai.accel.scalesim.ScaleSimParity}).
 */
package org.edgeai.accel.scalesim;
