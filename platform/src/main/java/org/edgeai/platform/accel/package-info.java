/**
 * The {@code edgeai sim} command (SCALE-Sim topologies, zoo models, presets, the SCALE-Sim parity
 * report), its latency plot and the {@code edgeai.v1.Accelerator} gRPC adapter. Thin: parsing,
 * printing and plotting only; the simulator is {@code org.edgeai.accel}.
 */
package org.edgeai.platform.accel;
