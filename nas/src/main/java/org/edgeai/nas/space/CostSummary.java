package org.edgeai.nas.space;

import org.edgeai.kernel.graph.GraphCostModel;

/**
 * What a cost model says about one candidate.
 *
 * @param latencyMs           latency of one inference, ms
 * @param peakActivationBytes peak activation memory, bytes
 * @param parameterBytes      parameter memory, bytes
 * @param macs                multiply-accumulates of one inference
 * @implNote Immutable; thread-safe ({@link #of} is as thread-safe as the cost model it is given).
 */
public record CostSummary(double latencyMs, long peakActivationBytes, long parameterBytes, long macs) {
    /** @return parameter plus peak activation bytes (the memory-budget measure) */
    public long memoryBytes() {
        return parameterBytes + peakActivationBytes;
    }

    /**
     * Prices a candidate.
     *
     * @param spec  the candidate
     * @param model the cost model (the simulated NPU in production)
     * @return its costs
     */
    public static CostSummary of(NetworkSpec spec, GraphCostModel model) {
        var g = CandidateNetworks.graph(spec);
        GraphCostModel.GraphCost c = model.price(g);
        return new CostSummary(c.latencySeconds() * 1e3, c.peakActivationBytes(), c.parameterBytes(), g.totalMacs());
    }
}
