package org.edgeai.kernel.graph;

/**
 * Prices a {@link ModelGraph} on some hardware. Implemented by {@code accelerator-sim} (the
 * simulated Neural Engine) and by measured lookup tables; consumed by the NAS through this
 * interface so capability modules never depend on each other ({@code platform} wires them).
 */
public interface GraphCostModel {
    /**
     * @param graph the network. Not modified.
     * @return latency, memory and energy estimates
     * @throws IllegalArgumentException if the graph contains an op the model cannot price
     */
    GraphCost price(ModelGraph graph);

    /**
     * @param latencySeconds      end-to-end latency of one execution
     * @param peakActivationBytes peak activation memory
     * @param parameterBytes      parameter memory
     * @param energyJoules        energy of one execution (NaN when not modelled)
     */
    record GraphCost(double latencySeconds, long peakActivationBytes, long parameterBytes, double energyJoules) {
    }
}
