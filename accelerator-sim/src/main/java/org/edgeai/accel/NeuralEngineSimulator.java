package org.edgeai.accel;

import static org.edgeai.accel.internal.ArrayCycles.ceilDiv;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.edgeai.accel.internal.OpCost;
import org.edgeai.accel.internal.OpCoster;
import org.edgeai.kernel.graph.GraphCostModel;
import org.edgeai.kernel.graph.ModelGraph;
import org.edgeai.kernel.graph.OpKind;
import org.edgeai.kernel.graph.OpNode;
import org.edgeai.kernel.graph.OpSpec;

/**
 * Prices a {@link ModelGraph} on an {@link AcceleratorConfig}: ops run one after another in graph
 * order; each op's time is its compute time, plus the DRAM time that double buffering cannot hide,
 * plus a fixed launch cost.
 *
 * <h2>Compute</h2>
 * Every op is lowered onto the array, the vector unit or the host (see
 * {@link org.edgeai.accel.internal.OpCoster} for placement and lowering).
 * <ul>
 *   <li>Systolic array, R x C: the SCALE-Sim v2 closed forms of
 *       {@link org.edgeai.accel.internal.ArrayCycles} — output stationary
 *       {@code ceil(E/R) ceil(N/C) (K + R + C - 2)}, weight stationary
 *       {@code ceil(K/R) ceil(N/C) (E + 2R + C - 2)} cycles for an {@code [E, K] x [K, N]}
 *       product — times the number of groups.</li>
 *   <li>Dot-product lanes, P x W: {@code passes * E * steps + depth}, where passes pads the output
 *       channels to a multiple of the parallelism factor P and steps pads input channels to a
 *       multiple of W.</li>
 *   <li>fp16 ops take {@code 1 / fp16RateRatio} times the int8 cycles.</li>
 * </ul>
 *
 * <h2>Memory</h2>
 * See {@link MemoryHierarchy}: resident-or-blocked DRAM traffic per op, stalls = excess of DRAM
 * time over compute time (double buffered) or all DRAM time (single buffered). Fusion
 * ({@link FusionPolicy}) removes the DRAM write of a producer and the read of its consumer.
 *
 * <h2>Energy</h2>
 * MACs x per-MAC energy of the precision, vector and host operations x their energies, and bytes
 * x per-byte energies of SRAM (operand reads, result writes, DRAM fills and drains) and DRAM; see
 * {@link EnergyTable} for the sources.
 *
 * @implNote Immutable and thread-safe; {@link #price} allocates a few primitive arrays per call and
 *           nothing per op.
 */
public final class NeuralEngineSimulator implements GraphCostModel {
    private final AcceleratorConfig config;
    private final FusionPolicy fusion;

    /**
     * @param config the accelerator
     * @param fusion which ops keep intermediates on chip
     */
    public NeuralEngineSimulator(AcceleratorConfig config, FusionPolicy fusion) {
        this.config = Objects.requireNonNull(config, "config");
        this.fusion = Objects.requireNonNull(fusion, "fusion");
    }

    /** Simulator with {@link FusionPolicy#DECLARED}. */
    public NeuralEngineSimulator(AcceleratorConfig config) {
        this(config, FusionPolicy.DECLARED);
    }

    /** @return the accelerator */
    public AcceleratorConfig config() {
        return config;
    }

    /** @return the fusion policy */
    public FusionPolicy fusion() {
        return fusion;
    }

    /**
     * @param graph the network. Not modified.
     * @return per-layer and total costs
     * @throws IllegalArgumentException if the graph is empty
     */
    public SimulationReport simulate(ModelGraph graph) {
        Totals t = new Totals();
        List<LayerReport> layers = new ArrayList<>(graph.ops().size());
        run(graph, t, layers);
        long units = config.array().macUnits();
        return new SimulationReport(graph.name(), config.name(), config.array().describe(), config.clockHz(), layers,
                t.macs, t.compute, t.stall, t.total, t.total / config.clockHz(),
                t.total == 0 ? 0 : t.macs / ((double) t.total * units), t.sramRead, t.sramWrite, t.dramRead, t.dramWrite,
                t.peakActivation, t.parameters,
                new EnergyBreakdown(t.arrayPj * 1e-12, t.vectorPj * 1e-12, t.hostPj * 1e-12, t.sramPj * 1e-12,
                        t.dramPj * 1e-12));
    }

    /**
     * @param graph the network. Not modified.
     * @return latency, peak activation memory, parameter memory and energy (same figures as
     *         {@link #simulate}, without the per-layer records)
     * @throws IllegalArgumentException if the graph is empty
     */
    @Override
    public GraphCost price(ModelGraph graph) {
        Totals t = new Totals();
        run(graph, t, null);
        double energy = (t.arrayPj + t.vectorPj + t.hostPj + t.sramPj + t.dramPj) * 1e-12;
        return new GraphCost(t.total / config.clockHz(), t.peakActivation, t.parameters, energy);
    }

    /** Running totals of one simulation. */
    private static final class Totals {
        long macs;
        long compute;
        long stall;
        long total;
        long sramRead;
        long sramWrite;
        long dramRead;
        long dramWrite;
        long peakActivation;
        long parameters;
        double arrayPj;
        double vectorPj;
        double hostPj;
        double sramPj;
        double dramPj;
    }

    private void run(ModelGraph graph, Totals t, List<LayerReport> sink) {
        List<OpNode> ops = graph.ops();
        int n = ops.size();
        if (n == 0) {
            throw new IllegalArgumentException("graph " + graph.name() + " has no ops");
        }
        MemoryHierarchy mem = config.memory();
        double usable = mem.doubleBuffered() ? 0.5 : 1.0;
        long capIfmap = (long) (mem.ifmapSramBytes() * usable);
        long capFilter = (long) (mem.filterSramBytes() * usable);
        long capOfmap = (long) (mem.ofmapSramBytes() * usable);

        // Pass 1: placement, activation sizes, fusion, residual branches.
        boolean[] host = new boolean[n];
        int[] actBytes = new int[n];
        boolean[] fusedIn = new boolean[n];
        int[] skipSource = new int[n];
        boolean[] skipOnChip = new boolean[n];
        boolean[] forceWrite = new boolean[n];
        long[] liveDelta = new long[n + 1];
        for (int i = 0; i < n; i++) {
            OpNode op = ops.get(i);
            ExecutionUnit u = OpCoster.unitOf(op, i > 0 && host[i - 1]);
            host[i] = u == ExecutionUnit.HOST;
            actBytes[i] = OpCoster.activationBytes(op, u);
            fusedIn[i] = i > 0 && !host[i] && !host[i - 1] && fuses(ops.get(i - 1), op)
                    && stripeBytes(op, actBytes[i - 1], ops.get(i - 1).spec().outputElements()) <= capOfmap;
            skipSource[i] = -1;
            if (op.kind() == OpKind.ELEMENTWISE && op.spec() instanceof OpSpec.Elementwise e && e.operands() >= 2) {
                int found = findSkipSource(ops, i, e.elements());
                if (found != NO_SKIP) {
                    int j = found >= 0 ? found : -found - 1;
                    boolean isOutput = found < 0;
                    skipSource[i] = j;
                    long skipBytes = e.elements() * (long) actBytes[i];
                    boolean chained = true;
                    for (int m = j + 1; m <= i && chained; m++) {
                        chained = fusedIn[m];
                    }
                    skipOnChip[i] = chained && skipBytes <= capIfmap;
                    int writer = isOutput ? j : j - 1;
                    if (!skipOnChip[i] && writer >= 0) {
                        forceWrite[writer] = true;
                    }
                    liveDelta[j + 1] += skipBytes;
                    liveDelta[i] -= skipBytes;
                }
            }
        }

        // Pass 2: cost every op.
        OpCoster coster = new OpCoster(config);
        OpCost c = new OpCost();
        long units = config.array().macUnits();
        double bw = mem.dramBytesPerCycle();
        EnergyTable en = config.energy();
        long live = 0;
        for (int i = 0; i < n; i++) {
            OpNode op = ops.get(i);
            coster.cost(op, i > 0 && host[i - 1], c);
            boolean outFused = i + 1 < n && fusedIn[i + 1] && !forceWrite[i];
            long dramRead;
            long dramWrite;
            long stall = 0;
            long sramRead = c.sramReadBytes;
            long sramWrite = c.sramWriteBytes;
            if (c.unit == ExecutionUnit.HOST) {
                dramRead = c.inBytes + c.skipBytes + c.weightBytes;
                dramWrite = c.outBytes;
            } else {
                long in = fusedIn[i] ? 0 : c.inBytes;
                long skip = skipOnChip[i] ? 0 : c.skipBytes;
                long w = c.weightBytes;
                if (c.streamed || fusedIn[i] || in <= capIfmap || w <= capFilter) {
                    dramRead = in + skip + w;
                } else {
                    long keepWeights = w + in * ceilDiv(w, Math.max(1, capFilter));
                    long keepInput = in + w * ceilDiv(in, Math.max(1, capIfmap));
                    dramRead = Math.min(keepWeights, keepInput) + skip;
                }
                if (c.weightPasses > 1 && w > capFilter) {
                    dramRead += w * (c.weightPasses - 1);
                }
                dramWrite = outFused ? 0 : c.outBytes;
                if (!mem.idealDram()) {
                    long dramCycles = (long) Math.ceil((dramRead + dramWrite) / bw);
                    stall = mem.doubleBuffered() ? Math.max(0, dramCycles - c.computeCycles) : dramCycles;
                }
                sramWrite += dramRead;
                sramRead += dramWrite;
            }
            long launch = config.opLaunchCycles();
            long total = c.computeCycles + stall + launch;
            double arithmeticPj = c.arithmeticPj;
            double sramPj = (sramRead + sramWrite) * en.sramPjPerByte();
            double dramPj = (dramRead + dramWrite) * en.dramPjPerByte();
            switch (c.unit) {
                case ARRAY -> t.arrayPj += arithmeticPj;
                case VECTOR -> t.vectorPj += arithmeticPj;
                case HOST -> t.hostPj += arithmeticPj;
            }
            t.sramPj += sramPj;
            t.dramPj += dramPj;
            t.macs += c.macs;
            t.compute += c.computeCycles;
            t.stall += stall;
            t.total += total;
            t.sramRead += sramRead;
            t.sramWrite += sramWrite;
            t.dramRead += dramRead;
            t.dramWrite += dramWrite;
            t.parameters += op.weightBytes();
            live += liveDelta[i];
            t.peakActivation = Math.max(t.peakActivation, live + c.inBytes + c.skipBytes + c.outBytes);
            if (sink != null) {
                boolean onArray = c.unit == ExecutionUnit.ARRAY;
                double util = onArray && c.computeCycles > 0 ? c.macs / ((double) c.computeCycles * units) : 0;
                sink.add(new LayerReport(op.name(), op.kind(), c.unit, c.precision, c.macs, c.computeCycles, stall, launch,
                        total, total / config.clockHz(), util, c.folds, c.mappingEfficiency, sramRead, sramWrite,
                        dramRead, dramWrite, (arithmeticPj + sramPj + dramPj) * 1e-12, fusedIn[i], outFused));
            }
        }
    }

    /** Whether {@code consumer} may take {@code producer}'s output on chip under the policy. */
    private boolean fuses(OpNode producer, OpNode consumer) {
        if (fusion == FusionPolicy.NONE) {
            return false;
        }
        if (consumer.fusionGroup() != null && consumer.fusionGroup().equals(producer.fusionGroup())) {
            return true;
        }
        if (fusion != FusionPolicy.AUTO
                || producer.spec().outputElements() != primaryInputElements(consumer.spec())) {
            return false;
        }
        OpKind pk = producer.kind();
        OpKind ck = consumer.kind();
        boolean producerDense = pk == OpKind.CONV2D || pk == OpKind.POINTWISE_CONV2D || pk == OpKind.DEPTHWISE_CONV2D
                || pk == OpKind.GEMM || pk == OpKind.CONV1D;
        boolean consumerPost = ck == OpKind.ELEMENTWISE || ck == OpKind.POOL || ck == OpKind.SOFTMAX;
        boolean consumerConv = ck == OpKind.CONV2D || ck == OpKind.POINTWISE_CONV2D || ck == OpKind.DEPTHWISE_CONV2D;
        return (producerDense && consumerPost) || (ck == OpKind.DEPTHWISE_CONV2D && producerDense)
                || (pk == OpKind.DEPTHWISE_CONV2D && consumerConv);
    }

    /** @return elements of the op's first input (an elementwise op's other operands excluded) */
    private static long primaryInputElements(OpSpec spec) {
        return spec instanceof OpSpec.Elementwise e ? e.elements() : spec.inputElements();
    }

    /**
     * Bytes of the producer's output the consumer needs on chip at once: kernel-height + stride rows
     * for a convolution or pooling window, a few vectors for an elementwise op, the whole tensor
     * otherwise.
     */
    private long stripeBytes(OpNode consumer, int bytesPerElement, long producerOutElements) {
        long full = producerOutElements * bytesPerElement;
        return switch (consumer.spec()) {
            case OpSpec.Conv2d c -> Math.min(full,
                    (long) Math.min(c.inHeight(), c.kernelH() + c.strideH()) * c.inWidth() * c.inChannels() * bytesPerElement);
            case OpSpec.Pool p -> Math.min(full,
                    (long) Math.min(p.inHeight(), p.kernelH() + p.stride()) * p.inWidth() * p.channels() * bytesPerElement);
            case OpSpec.Elementwise e when consumer.kind() == OpKind.ELEMENTWISE ->
                    Math.min(full, 2L * config.vector().lanes() * bytesPerElement);
            default -> full;
        };
    }

    private static final int NO_SKIP = Integer.MIN_VALUE;

    /**
     * Finds the skip operand of the residual add at {@code add}. Kernel naming first: for
     * {@code X.add}, the output of {@code X.shortcut} if present (a projection shortcut), else the
     * input of the first {@code X.body...} op ({@code Residual}'s identity skip). Otherwise the
     * nearest earlier op whose input has the add's size.
     *
     * @return {@code j} if the skip is the input of op j, {@code -j - 1} if it is the output of op j,
     *         {@link #NO_SKIP} if none is found
     */
    private static int findSkipSource(List<OpNode> ops, int add, long elements) {
        String name = ops.get(add).name();
        if (name.endsWith(".add")) {
            // allocation-free prefix matching: this runs for every add on the NAS pricing path
            int prefix = name.length() - ".add".length();
            int body = -1;
            for (int j = 0; j < add; j++) {
                String other = ops.get(j).name();
                if (!other.regionMatches(0, name, 0, prefix)) {
                    continue;
                }
                if (other.length() == prefix + ".shortcut".length() && other.startsWith(".shortcut", prefix)) {
                    return ops.get(j).spec().outputElements() == elements ? -j - 1 : NO_SKIP;
                }
                if (body < 0 && other.startsWith(".body", prefix)
                        && (other.length() == prefix + 5 || other.charAt(prefix + 5) == '.')) {
                    body = j;
                }
            }
            if (body >= 0) {
                return primaryInputElements(ops.get(body).spec()) == elements ? body : NO_SKIP;
            }
        }
        for (int j = add - 1; j >= 0; j--) {
            if (primaryInputElements(ops.get(j).spec()) == elements) {
                return j;
            }
        }
        return NO_SKIP;
    }
}
