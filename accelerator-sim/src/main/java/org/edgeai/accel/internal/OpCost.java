package org.edgeai.accel.internal;

import org.edgeai.accel.ExecutionUnit;
import org.edgeai.accel.Precision;

/**
 * Mutable result of lowering one op (reused across ops; see {@link OpCoster}). Byte counts are
 * device bytes.
 */
public final class OpCost {
    /** Where the op runs. */
    public ExecutionUnit unit;
    /** Arithmetic precision. */
    public Precision precision;
    /** Multiply-accumulates. */
    public long macs;
    /** Compute cycles at the accelerator clock (host time converted). */
    public long computeCycles;
    /** Array folds or lane passes (0 off the array). */
    public long folds;
    /** Mean fraction of MAC units with useful work per fold (0 off the array). */
    public double mappingEfficiency;
    /** Buffer reads feeding the compute unit. */
    public long sramReadBytes;
    /** Buffer writes of results (partial sums included). */
    public long sramWriteBytes;
    /** The primary input tensor. */
    public long inBytes;
    /** Further input operands (the skip branch of a residual add); 0 if none. */
    public long skipBytes;
    /** The output tensor. */
    public long outBytes;
    /** Parameters (weights, bias, scales; a sparse op's matrix) moved from DRAM per pass. */
    public long weightBytes;
    /** Passes over the weights when they do not stay resident (time steps of a recurrent op); 1 otherwise. */
    public long weightPasses;
    /** Operands stream through once (vector, sparse and host ops); no blocking. */
    public boolean streamed;
    /** Arithmetic energy, pJ. */
    public double arithmeticPj;

    /** Resets every field. */
    public void clear() {
        unit = null;
        precision = null;
        macs = 0;
        computeCycles = 0;
        folds = 0;
        mappingEfficiency = 0;
        sramReadBytes = 0;
        sramWriteBytes = 0;
        inBytes = 0;
        skipBytes = 0;
        outBytes = 0;
        weightBytes = 0;
        weightPasses = 1;
        streamed = false;
        arithmeticPj = 0;
    }
}
