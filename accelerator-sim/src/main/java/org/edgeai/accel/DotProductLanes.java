package org.edgeai.accel;

/**
 * A Neural-Engine-style array of {@code P} parallel dot-product lanes of width {@code W}: every cycle
 * each lane multiplies a W-element slice of its weights with a W-element slice of input activations
 * and accumulates. {@code P} is the <em>parallelism factor</em> of "Optimizing neural networks for
 * special-purpose hardware" (Amazon Science blog, amazon.science/blog/optimizing-neural-networks-for-special-purpose-hardware): the number of dot products — output
 * channels — computed at once. Output channels are therefore padded up to a multiple of {@code P}
 * (33 output channels cost as much as 64 when P = 32) and input channels up to a multiple of
 * {@code W}; reductions shorter than {@code W} (the 3-channel stem, depthwise taps) are packed
 * across kernel taps. Depthwise and grouped convolutions place independent groups on separate
 * lanes. Each lane latches the W weights of one reduction step and reuses them over all output
 * pixels of a pass while its partial sums stay in accumulator registers, so weights are read from
 * SRAM once per pass and input vectors, broadcast to all lanes, once per cycle.
 *
 * @param parallelismFactor   P, number of lanes (dot products per cycle), at least 1
 * @param width               W, elements reduced per lane per cycle, at least 1
 * @param pipelineDepthCycles cycles from the first operand to the first result (multiplier and
 *                            adder tree), paid once per op; at least 0
 */
public record DotProductLanes(int parallelismFactor, int width, int pipelineDepthCycles) implements ComputeArray {
    /** @throws IllegalArgumentException if a size is out of range */
    public DotProductLanes {
        if (parallelismFactor < 1 || width < 1 || pipelineDepthCycles < 0) {
            throw new IllegalArgumentException("dot-product lanes need P >= 1, W >= 1, depth >= 0; got P=" + parallelismFactor
                    + " W=" + width + " depth=" + pipelineDepthCycles);
        }
    }

    @Override
    public long macUnits() {
        return (long) parallelismFactor * width;
    }

    @Override
    public String describe() {
        return "P=" + parallelismFactor + " lanes x W=" + width;
    }
}
