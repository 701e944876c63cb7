package org.edgeai.accel;

/**
 * On-chip SRAM buffers per operand and the DRAM interface.
 *
 * <p>Model (per op): an operand that fits its buffer is fetched from DRAM once; when neither the
 * input feature map nor the weights fit, the cheaper of the two blockings is used (keep a block of
 * weights resident and re-stream the input once per weight block, or the reverse), which is the
 * extra DRAM traffic of an oversized working set. With double buffering half of each buffer is
 * usable for a resident tile (SCALE-Sim's {@code active_buf_frac = 0.5}) and transfers overlap
 * compute, so only the excess of transfer time over compute time stalls the array; without it,
 * transfers and compute serialize.
 *
 * @param ifmapSramBytes     input feature map buffer, bytes, at least 1
 * @param filterSramBytes    weight buffer, bytes, at least 1
 * @param ofmapSramBytes     output buffer, bytes, at least 1 (also holds fused intermediates)
 * @param dramBytesPerCycle  DRAM bandwidth in bytes per accelerator cycle, positive;
 *                           {@link Double#POSITIVE_INFINITY} models an ideal interface (SCALE-Sim's
 *                           {@code InterfaceBandwidth: CALC}, which never stalls)
 * @param doubleBuffered     whether transfers overlap compute
 */
public record MemoryHierarchy(long ifmapSramBytes, long filterSramBytes, long ofmapSramBytes, double dramBytesPerCycle,
                              boolean doubleBuffered) {
    /** @throws IllegalArgumentException if a size or the bandwidth is not positive (NaN included) */
    public MemoryHierarchy {
        if (ifmapSramBytes < 1 || filterSramBytes < 1 || ofmapSramBytes < 1) {
            throw new IllegalArgumentException("SRAM buffers must be at least 1 byte, got ifmap=" + ifmapSramBytes
                    + " filter=" + filterSramBytes + " ofmap=" + ofmapSramBytes);
        }
        if (!(dramBytesPerCycle > 0)) {
            throw new IllegalArgumentException("DRAM bandwidth must be positive (or infinite), got " + dramBytesPerCycle);
        }
    }

    /** @return total on-chip SRAM in bytes */
    public long totalSramBytes() {
        return ifmapSramBytes + filterSramBytes + ofmapSramBytes;
    }

    /** @return whether the DRAM interface is ideal (never stalls) */
    public boolean idealDram() {
        return dramBytesPerCycle == Double.POSITIVE_INFINITY;
    }
}
