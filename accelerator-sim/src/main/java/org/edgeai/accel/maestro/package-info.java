/**
 * Comparison with MAESTRO (Kwon et al., "Understanding Reuse, Performance, and Hardware Cost of DNN
 * Dataflows: A Data-Centric Approach", MICRO 2019) per layer, on the reference runs of
 * {@code ../shared/data/accel/maestro}. A report, not a parity target: MAESTRO models other
 * dataflows and a NoC/off-chip bandwidth limit.
 */
package org.edgeai.accel.maestro;
