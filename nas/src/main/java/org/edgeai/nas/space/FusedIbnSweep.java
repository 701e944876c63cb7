package org.edgeai.nas.space;

import org.edgeai.kernel.graph.GraphCostModel;

/**
 * Exhaustive V2 check: every fused / unfused assignment of the blocks of a baseline (the V2 space
 * of {@link IbnSearchSpace.Mode#FUSED}) priced on a cost model, without training. It answers how
 * much fused IBNs can save on a given NPU at all.
 *
 * @implNote Stateless; thread-safe if the cost model is.
 */
public final class FusedIbnSweep {
    private FusedIbnSweep() {
    }

    /**
     * Result.
     *
     * @param configurations    configurations priced
     * @param baselineLatencyMs the baseline's latency, ms
     * @param bestLatencyMs     the fastest configuration's latency, ms
     * @param reduction         {@code 1 - best / baseline}, in [0, 1)
     * @param fasterCount       configurations faster than the baseline by more than 0.1 %
     * @param best              the fastest configuration's description
     */
    public record Result(int configurations, double baselineLatencyMs, double bestLatencyMs, double reduction, int fasterCount,
                         String best) {
    }

    /**
     * @param space a space in {@link IbnSearchSpace.Mode#FUSED} mode (at most 2^20 configurations)
     * @param cost  the cost model
     * @return the sweep
     * @throws IllegalArgumentException if the space is too large to enumerate
     */
    public static Result run(IbnSearchSpace space, GraphCostModel cost) {
        long total = space.configurations(1 << 20);
        double base = CostSummary.of(space.baseline(), cost).latencyMs();
        double best = Double.MAX_VALUE;
        String bestName = "";
        int faster = 0;
        for (long code = 0; code < total; code++) {
            int[] g = space.genotype(code);
            NetworkSpec n = space.decode(g, "candidate");
            double l = CostSummary.of(n, cost).latencyMs();
            if (l < base * 0.999) {
                faster++;
            }
            if (l < best) {
                best = l;
                bestName = n.describe();
            }
        }
        return new Result((int) total, base, best, Math.max(0, 1 - best / base), faster, bestName);
    }
}
