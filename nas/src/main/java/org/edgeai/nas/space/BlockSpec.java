package org.edgeai.nas.space;

/**
 * One block of a candidate network.
 *
 * @param kind        IBN or fused IBN
 * @param kernel      spatial kernel size, odd, &gt;= 1
 * @param expansion   expansion ratio, &gt;= 1 (expanded channels = {@code expansion * inChannels})
 * @param stride      1 or 2
 * @param outChannels output channels, &gt;= 1
 * @implNote Immutable; thread-safe.
 */
public record BlockSpec(BlockKind kind, int kernel, int expansion, int stride, int outChannels) {
    /**
     * @throws IllegalArgumentException naming the bad value
     * @throws NullPointerException     if {@code kind} is null
     */
    public BlockSpec {
        java.util.Objects.requireNonNull(kind, "kind");
        if (kernel < 1 || kernel % 2 == 0) {
            throw new IllegalArgumentException("kernel must be odd and >= 1, got " + kernel);
        }
        if (expansion < 1) {
            throw new IllegalArgumentException("expansion must be >= 1, got " + expansion);
        }
        if (stride != 1 && stride != 2) {
            throw new IllegalArgumentException("stride must be 1 or 2, got " + stride);
        }
        if (outChannels < 1) {
            throw new IllegalArgumentException("outChannels must be >= 1, got " + outChannels);
        }
    }

    /** @return a copy with another kind */
    public BlockSpec withKind(BlockKind k) {
        return new BlockSpec(k, kernel, expansion, stride, outChannels);
    }

    /** @return a copy with other output channels */
    public BlockSpec withOutChannels(int c) {
        return new BlockSpec(kind, kernel, expansion, stride, c);
    }
}
