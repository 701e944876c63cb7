package org.edgeai.nas.space;

import org.edgeai.kernel.graph.GraphCostModel;
import org.edgeai.kernel.graph.ModelGraph;
import org.edgeai.kernel.graph.OpNode;
import org.edgeai.kernel.graph.OpSpec;

/**
 * TEST FIXTURE, not the simulator: a closed-form dot-product-lane cost model (P lanes of width W at
 * 1 GHz, 100 launch cycles per op) used to test the search against the {@link GraphCostModel}
 * interface until accelerator-sim is wired in. A convolution takes
 * {@code ceil(Cout / P) * ceil(Cin/groups * KH * KW / W) * OH * OW} cycles; a depthwise one
 * reduces only KH*KW taps per lane pass, so it wastes most of a wide lane.
 */
final class AnalyticLaneCostFixture implements GraphCostModel {
    private final int lanes;
    private final int width;

    AnalyticLaneCostFixture(int lanes, int width) {
        this.lanes = lanes;
        this.width = width;
    }

    @Override
    public GraphCost price(ModelGraph graph) {
        long cycles = 0;
        for (OpNode op : graph.ops()) {
            cycles += 100;
            switch (op.spec()) {
                case OpSpec.Conv2d c -> {
                    long passes = ceil(c.outChannels(), lanes);
                    long steps = ceil((long) (c.inChannels() / c.groups()) * c.kernelH() * c.kernelW(), width);
                    if (c.depthwise()) {
                        passes = ceil(c.outChannels(), lanes);
                        steps = ceil((long) c.kernelH() * c.kernelW(), width);
                    }
                    cycles += passes * steps * c.outHeight() * c.outWidth();
                }
                case OpSpec.Gemm g -> cycles += ceil(g.n(), lanes) * ceil(g.k(), width) * g.m();
                default -> cycles += ceil(op.spec().outputElements() * Math.max(1, op.spec().inputElements() / Math.max(1, op.spec().outputElements())), lanes);
            }
        }
        return new GraphCost(cycles / 1e9, graph.peakActivationBytes(), graph.parameterBytes(), Double.NaN);
    }

    private static long ceil(long a, long b) {
        return (a + b - 1) / b;
    }
}
