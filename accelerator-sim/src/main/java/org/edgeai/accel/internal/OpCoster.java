package org.edgeai.accel.internal;

import static org.edgeai.accel.internal.ArrayCycles.ceilDiv;

import org.edgeai.accel.AcceleratorConfig;
import org.edgeai.accel.DotProductLanes;
import org.edgeai.accel.ExecutionUnit;
import org.edgeai.accel.Precision;
import org.edgeai.accel.SystolicArray;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.graph.OpKind;
import org.edgeai.kernel.graph.OpNode;
import org.edgeai.kernel.graph.OpSpec;

/**
 * Lowers one op onto the accelerator and computes its compute cycles, on-chip traffic and
 * arithmetic energy (DRAM traffic, stalls and fusion are decided by the simulator, which sees the
 * neighbours).
 *
 * <p>Placement: ops with weights run on the array in int8 (I8 weights) or fp16 (F16 weights) and
 * fall back to the host core in fp32 (F32 or I32 weights). Weightless ops (elementwise, pooling,
 * softmax) run where their producer ran: the vector unit after an accelerator op, the host after a
 * host op. Sparse ops run on the vector unit for int8/fp16 values and on the host for fp32.
 *
 * <p>Lowering to a matrix product {@code [E, K] x [K, N]} per group: convolution E = output pixels,
 * K = KH * KW * Cin/groups, N = Cout/groups (a depthwise convolution is C groups of a 1-channel,
 * 1-filter convolution, SCALE-Sim's serial per-channel model); causal Conv1d E = time steps,
 * K = Cin * kernel; GEMM as given. A GRU/LSTM layer is priced both as per-step fused GEMVs
 * ({@code [1, I + H] x [I + H, gates*H]} per step) and as one input projection batched over the
 * steps plus per-step recurrent GEMVs, and the cheaper is taken; the gate nonlinearities run on the
 * vector unit after each step.
 *
 * @implNote Holds scratch state: not thread-safe; allocation-free per op.
 */
public final class OpCoster {
    private final AcceleratorConfig config;
    private final long macUnits;
    // scratch for one lowered matrix product
    private long pCycles;
    private long pFolds;
    private double pUsedFolds;
    private long pIfmapWords;
    private long pFilterWords;
    private long pOfmapWords;

    /** @param config the accelerator */
    public OpCoster(AcceleratorConfig config) {
        this.config = config;
        this.macUnits = config.array().macUnits();
    }

    /**
     * @param op            the op. Not modified.
     * @param producerOnHost whether the previous op ran on the host (placement of weightless ops)
     * @param out           filled with the cost. Modified.
     * @throws IllegalArgumentException if the op cannot be priced
     */
    public void cost(OpNode op, boolean producerOnHost, OpCost out) {
        out.clear();
        out.unit = unitOf(op, producerOnHost);
        out.macs = op.macs();
        switch (op.spec()) {
            case OpSpec.Conv2d c -> {
                int g = c.groups();
                dense(op, out, g, (long) c.outHeight() * c.outWidth(), c.outChannels() / g, c.inChannels() / g,
                        (long) c.kernelH() * c.kernelW());
            }
            case OpSpec.Conv1d c -> dense(op, out, 1, c.steps(), c.outChannels(), c.inChannels(), c.kernel());
            case OpSpec.Gemm m -> dense(op, out, 1, m.m(), m.n(), m.k(), 1);
            case OpSpec.Recurrent r -> recurrent(op, r, out);
            case OpSpec.Elementwise e -> {
                long work = op.kind() == OpKind.SOFTMAX ? 3 * e.elements() : e.elements() * Math.max(1, e.operands() - 1);
                int latencies = op.kind() == OpKind.SOFTMAX ? 3 : 1;
                weightless(op, out, work, latencies, e.elements(), (long) (e.operands() - 1) * e.elements(), e.elements());
            }
            case OpSpec.Pool p -> weightless(op, out, p.outputElements() * p.kernelH() * p.kernelW(), 1,
                    p.inputElements(), 0, p.outputElements());
            case OpSpec.Sparse s -> sparse(op, s, out);
        }
    }

    /**
     * @return where the op runs (see the class comment)
     */
    public static ExecutionUnit unitOf(OpNode op, boolean producerOnHost) {
        return switch (op.kind()) {
            case ELEMENTWISE, SOFTMAX, POOL -> producerOnHost ? ExecutionUnit.HOST : ExecutionUnit.VECTOR;
            case SPMV, TRIANGULAR_SOLVE -> onAccelerator(op.weightType()) ? ExecutionUnit.VECTOR : ExecutionUnit.HOST;
            default -> onAccelerator(op.weightType()) ? ExecutionUnit.ARRAY : ExecutionUnit.HOST;
        };
    }

    private static boolean onAccelerator(DType weights) {
        return weights == DType.I8 || weights == DType.F16;
    }

    /**
     * @return bytes per activation element where the op runs: 1 for int8, 2 for fp16 on the
     *         accelerator (fp32-labelled activations are stored as fp16 there), the declared size on the host
     */
    public static int activationBytes(OpNode op, ExecutionUnit unit) {
        if (unit == ExecutionUnit.HOST) {
            return op.activationType().byteSize();
        }
        return op.activationType() == DType.I8 ? 1 : 2;
    }

    private Precision acceleratorPrecision(OpNode op) {
        boolean weighted = op.spec().weightElements() > 0 || op.kind() == OpKind.SPMV || op.kind() == OpKind.TRIANGULAR_SOLVE;
        DType t = weighted ? op.weightType() : op.activationType();
        return t == DType.I8 ? Precision.INT8 : Precision.FP16;
    }

    private void dense(OpNode op, OpCost out, long groups, long e, long n, long cin, long taps) {
        int ab = activationBytes(op, out.unit);
        out.inBytes = op.spec().inputElements() * ab;
        out.outBytes = op.spec().outputElements() * ab;
        out.weightBytes = op.weightBytes();
        if (out.unit == ExecutionUnit.HOST) {
            host(out, out.macs, config.host().f32MacsPerCycle(), 0);
            return;
        }
        out.precision = acceleratorPrecision(op);
        product(groups, e, n, cin, taps);
        finishArray(out, ab);
    }

    private void recurrent(OpNode op, OpSpec.Recurrent r, OpCost out) {
        int ab = activationBytes(op, out.unit);
        out.inBytes = r.inputElements() * ab;
        out.outBytes = r.outputElements() * ab;
        out.weightBytes = op.weightBytes();
        out.weightPasses = r.steps();
        long n = (long) r.gates() * r.hiddenSize();
        if (out.unit == ExecutionUnit.HOST) {
            host(out, out.macs, config.host().f32MacsPerCycle(), 0);
            return;
        }
        out.precision = acceleratorPrecision(op);
        // (a) fused per-step GEMV over [x, h]
        product(1, 1, n, r.inputSize() + r.hiddenSize(), 1);
        long aCycles = pCycles * r.steps();
        long aFolds = pFolds * r.steps();
        double aUsed = pUsedFolds * r.steps();
        long aIf = pIfmapWords * r.steps();
        long aW = pFilterWords * r.steps();
        long aOf = pOfmapWords * r.steps();
        // (b) input projection batched over the steps + per-step recurrent GEMV
        product(1, r.steps(), n, r.inputSize(), 1);
        long bCycles = pCycles;
        long bFolds = pFolds;
        double bUsed = pUsedFolds;
        long bIf = pIfmapWords;
        long bW = pFilterWords;
        long bOf = pOfmapWords;
        product(1, 1, n, r.hiddenSize(), 1);
        bCycles += pCycles * r.steps();
        bFolds += pFolds * r.steps();
        bUsed += pUsedFolds * r.steps();
        bIf += pIfmapWords * r.steps();
        bW += pFilterWords * r.steps();
        bOf += pOfmapWords * r.steps();
        boolean a = aCycles <= bCycles;
        pCycles = a ? aCycles : bCycles;
        pFolds = a ? aFolds : bFolds;
        pUsedFolds = a ? aUsed : bUsed;
        pIfmapWords = a ? aIf : bIf;
        pFilterWords = a ? aW : bW;
        pOfmapWords = a ? aOf : bOf;
        finishArray(out, ab);
        // gate nonlinearities and state update on the vector unit, after each step's product:
        // gates*H activations plus about 3H multiplies/adds per step
        long vectorWork = (long) (r.gates() + 3) * r.hiddenSize();
        out.computeCycles += r.steps() * (ceilDiv(vectorWork, config.vector().lanes()) + config.vector().latencyCycles());
        out.arithmeticPj += r.steps() * vectorWork * config.energy().vectorOpPj();
    }

    private void finishArray(OpCost out, int ab) {
        long cycles = pCycles;
        if (out.precision == Precision.FP16) {
            cycles = (long) Math.ceil(cycles / config.fp16RateRatio());
        }
        int wb = out.precision.bytes();
        out.computeCycles = cycles;
        out.folds = pFolds;
        out.mappingEfficiency = pFolds == 0 ? 0 : pUsedFolds / pFolds;
        out.sramReadBytes = pIfmapWords * ab + pFilterWords * wb;
        out.sramWriteBytes = pOfmapWords * ab;
        out.arithmeticPj = out.macs * (out.precision == Precision.INT8 ? config.energy().int8MacPj() : config.energy().fp16MacPj());
    }

    /**
     * Cycles and operand words of {@code groups} matrix products {@code [e, cin*taps] x [cin*taps, n]}
     * on the configured array, into the p* scratch fields.
     */
    private void product(long groups, long e, long n, long cin, long taps) {
        switch (config.array()) {
            case SystolicArray s -> {
                long k = cin * taps;
                int rows = s.rows();
                int cols = s.cols();
                long folds;
                long cycles;
                double used;
                long ifw;
                long fw;
                long ofw;
                long colFolds = ceilDiv(n, cols);
                switch (s.dataflow()) {
                    case OUTPUT_STATIONARY -> {
                        folds = ArrayCycles.outputStationaryFolds(e, n, rows, cols);
                        cycles = ArrayCycles.outputStationaryCycles(e, n, k, rows, cols);
                        used = (double) e * n / ((double) rows * cols);
                        ifw = colFolds * e * k;
                        fw = ceilDiv(e, rows) * k * n;
                        ofw = e * n;
                    }
                    case WEIGHT_STATIONARY -> {
                        folds = ArrayCycles.weightStationaryFolds(n, k, rows, cols);
                        cycles = ArrayCycles.weightStationaryCycles(e, n, k, rows, cols);
                        used = (double) k * n / ((double) rows * cols);
                        ifw = colFolds * e * k;
                        fw = k * n;
                        ofw = ceilDiv(k, rows) * e * n;
                    }
                    case INPUT_STATIONARY -> {
                        folds = ArrayCycles.inputStationaryFolds(e, k, rows, cols);
                        cycles = ArrayCycles.inputStationaryCycles(e, n, k, rows, cols);
                        used = (double) k * e / ((double) rows * cols);
                        ifw = e * k;
                        fw = ceilDiv(e, cols) * k * n;
                        ofw = ceilDiv(k, rows) * e * n;
                    }
                    default -> throw new IllegalStateException();
                }
                pCycles = groups * cycles;
                pFolds = groups * folds;
                pUsedFolds = groups * used;
                pIfmapWords = groups * ifw;
                pFilterWords = groups * fw;
                pOfmapWords = groups * ofw;
            }
            case DotProductLanes l -> {
                int p = l.parallelismFactor();
                int w = l.width();
                long steps = ArrayCycles.laneReductionSteps(taps, cin, w);
                long passes = ArrayCycles.lanePasses(groups, n, p);
                long groupsPerPass = n >= p ? 1 : Math.min(groups, p / n);
                long activeLanes = Math.min(p, n * groupsPerPass);
                long streamCycles = passes * e * steps;
                pCycles = streamCycles + l.pipelineDepthCycles();
                pFolds = passes;
                pUsedFolds = streamCycles == 0 ? 0 : (double) groups * e * n * cin * taps / ((double) e * steps * p * w);
                pIfmapWords = streamCycles * w * groupsPerPass;
                // each lane latches its W weights for one reduction step and reuses them over the
                // E pixels of the pass (partial sums stay in per-lane accumulators)
                pFilterWords = passes * steps * activeLanes * w;
                pOfmapWords = groups * e * n;
            }
        }
    }

    private void weightless(OpNode op, OpCost out, long work, int latencies, long inElements, long skipElements,
                            long outElements) {
        int ab = activationBytes(op, out.unit);
        out.inBytes = inElements * ab;
        out.skipBytes = skipElements * ab;
        out.outBytes = outElements * ab;
        out.streamed = true;
        if (out.unit == ExecutionUnit.HOST) {
            host(out, work, config.host().f32MacsPerCycle(), 0);
            return;
        }
        out.precision = acceleratorPrecision(op);
        out.computeCycles = ceilDiv(work, config.vector().lanes()) + (long) latencies * config.vector().latencyCycles();
        out.sramReadBytes = out.inBytes + out.skipBytes;
        out.sramWriteBytes = out.outBytes;
        out.arithmeticPj = work * config.energy().vectorOpPj();
    }

    private void sparse(OpNode op, OpSpec.Sparse s, OpCost out) {
        boolean solve = op.kind() == OpKind.TRIANGULAR_SOLVE;
        Precision p = out.unit == ExecutionUnit.HOST ? Precision.FP32 : acceleratorPrecision(op);
        int vb = p.bytes();
        long work = s.nonZeros() * s.rhs();
        // CSR: values + int32 column indices + int32 row pointers
        out.weightBytes = s.nonZeros() * (vb + 4L) + (s.rows() + 1L) * 4;
        out.inBytes = (long) s.cols() * s.rhs() * vb;
        out.outBytes = (long) s.rows() * s.rhs() * vb;
        out.streamed = true;
        if (out.unit == ExecutionUnit.HOST) {
            long chain = solve ? (long) s.rows() * s.rhs() * config.host().dependencyLatencyCycles() : 0;
            host(out, work, config.host().sparseMacsPerCycle(), chain);
            return;
        }
        out.precision = p;
        long rowSteps = ceilDiv(ceilDiv(s.nonZeros(), s.rows()), config.vector().lanes());
        int lat = config.vector().latencyCycles();
        out.computeCycles = solve ? (long) s.rows() * s.rhs() * (rowSteps + lat) : (long) s.rows() * s.rhs() * rowSteps + lat;
        out.sramReadBytes = out.weightBytes + work * vb;
        out.sramWriteBytes = out.outBytes;
        out.arithmeticPj = work * (p == Precision.INT8 ? config.energy().int8MacPj() : config.energy().fp16MacPj());
    }

    /** Host time: the slower of arithmetic and memory streaming, converted to accelerator cycles. */
    private void host(OpCost out, long work, double workPerCycle, long chainCycles) {
        out.precision = Precision.FP32;
        out.streamed = true;
        long bytes = out.inBytes + out.skipBytes + out.outBytes + out.weightBytes;
        double hostCycles = Math.max(work / workPerCycle + chainCycles, bytes / config.host().bytesPerCycle());
        out.computeCycles = (long) Math.ceil(hostCycles * config.clockHz() / config.host().clockHz());
        out.arithmeticPj = work * config.energy().hostMacPj();
    }
}
