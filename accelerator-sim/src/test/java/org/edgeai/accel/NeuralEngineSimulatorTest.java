package org.edgeai.accel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.edgeai.accel.zoo.ModelZoo;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.graph.Activation;
import org.edgeai.kernel.graph.GraphCostModel;
import org.edgeai.kernel.graph.ModelGraph;
import org.edgeai.kernel.graph.OpKind;
import org.edgeai.kernel.graph.OpNode;
import org.edgeai.kernel.graph.OpSpec;
import org.edgeai.kernel.nn.CausalConv1d;
import org.edgeai.kernel.nn.Conv2d;
import org.edgeai.kernel.nn.Dense;
import org.edgeai.kernel.nn.DepthwiseConv2d;
import org.edgeai.kernel.nn.GlobalAvgPool2d;
import org.edgeai.kernel.nn.GruCell;
import org.edgeai.kernel.nn.Layer;
import org.edgeai.kernel.nn.LstmCell;
import org.edgeai.kernel.nn.Residual;
import org.edgeai.kernel.nn.Sequential;
import org.junit.jupiter.api.Test;

/** Hand-computed expectations for the cycle, memory, fusion and energy models. */
class NeuralEngineSimulatorTest {
    private static final MemoryHierarchy IDEAL = new MemoryHierarchy(256 << 10, 256 << 10, 128 << 10,
            Double.POSITIVE_INFINITY, true);

    /** npu-small with an ideal memory and no launch cost: compute cycles only. */
    private static NeuralEngineSimulator computeOnly() {
        return new NeuralEngineSimulator(AcceleratorConfig.builder().memory(IDEAL).opLaunchCycles(0).build());
    }

    private static LayerReport single(NeuralEngineSimulator sim, OpNode op) {
        return sim.simulate(new ModelGraph("g", List.of(op))).layers().getFirst();
    }

    private static OpNode pointwise(DType t, int cin, int hw, int cout) {
        return Conv2d.pointwise(t, cin, hw, hw, cout, new float[cout * cin], null, Activation.NONE).describe("pw").getFirst();
    }

    @Test
    void outputChannelsArePaddedToTheParallelismFactor() {
        NeuralEngineSimulator sim = computeOnly();
        // E = 196 pixels, ceil(Cout / 32) passes, ceil(64 / 32) = 2 reduction steps, 10-cycle pipeline
        assertEquals(196 * 1 * 2 + 10, single(sim, pointwise(DType.I8, 64, 14, 32)).computeCycles());
        assertEquals(196 * 2 * 2 + 10, single(sim, pointwise(DType.I8, 64, 14, 33)).computeCycles());
        assertEquals(single(sim, pointwise(DType.I8, 64, 14, 33)).computeCycles(),
                single(sim, pointwise(DType.I8, 64, 14, 64)).computeCycles(), "33 channels cost like 64 at P = 32");
        // input channels padded to the width W = 32
        assertEquals(single(sim, pointwise(DType.I8, 33, 14, 32)).computeCycles(),
                single(sim, pointwise(DType.I8, 64, 14, 32)).computeCycles());
        assertTrue(single(sim, pointwise(DType.I8, 32, 14, 32)).computeCycles()
                < single(sim, pointwise(DType.I8, 33, 14, 32)).computeCycles());
        LayerReport full = single(sim, pointwise(DType.I8, 64, 14, 64));
        assertEquals(196L * 64 * 64 / (double) ((196 * 2 * 2 + 10) * 1024), full.utilization(), 1e-12);
        assertEquals(1.0, full.mappingEfficiency(), 1e-12);
    }

    @Test
    void depthwiseAndStemPackShortReductions() {
        NeuralEngineSimulator sim = computeOnly();
        OpNode dw = DepthwiseConv2d.of(DType.I8, 96, 14, 14, 3, 1, 1, new float[96 * 9], null, Activation.RELU6)
                .describe("dw").getFirst();
        // 96 channels on 32 lanes = 3 passes, 9 taps packed into one 32-wide step
        assertEquals(196 * 3 + 10, single(sim, dw).computeCycles());
        OpNode stem = Conv2d.of(DType.I8, 3, 32, 32, 16, 3, 2, 1, new float[16 * 27], null, Activation.RELU).describe("stem")
                .getFirst();
        // 16x16 outputs, 16 channels = 1 pass, 27 = 3 channels x 9 taps packed into one step
        assertEquals(256 + 10, single(sim, stem).computeCycles());
    }

    @Test
    void fp16RunsAtTheConfiguredFractionOfInt8Throughput() {
        NeuralEngineSimulator sim = computeOnly();
        LayerReport i8 = single(sim, pointwise(DType.I8, 64, 14, 64));
        LayerReport f16 = single(sim, pointwise(DType.F16, 64, 14, 64));
        assertEquals(Precision.INT8, i8.precision());
        assertEquals(Precision.FP16, f16.precision());
        assertEquals(2 * i8.computeCycles(), f16.computeCycles());
    }

    @Test
    void fp32WeightsFallBackToTheHostCore() {
        NeuralEngineSimulator sim = computeOnly();
        OpNode dense = Dense.of(DType.F32, 1024, 1024, new float[1024 * 1024], new float[1024], Activation.NONE)
                .describe("fc").getFirst();
        LayerReport r = single(sim, dense);
        assertEquals(ExecutionUnit.HOST, r.unit());
        assertEquals(Precision.FP32, r.precision());
        // max(1M MACs / 8 per cycle, 4,202,496 bytes / 4 per cycle) host cycles at 2 GHz, in 1 GHz cycles
        long bytes = 1024 * 4 + 1024 * 4 + 1024L * 1024 * 4 + 1024 * 4;
        double hostCycles = Math.max(1024 * 1024 / 8.0, bytes / 4.0);
        assertEquals((long) Math.ceil(hostCycles / 2), r.computeCycles());
        assertEquals(bytes - 1024 * 4, r.dramReadBytes());
    }

    @Test
    void weightsThatDoNotFitStallTheArray() {
        NeuralEngineSimulator sim = new NeuralEngineSimulator(AcceleratorConfigs.neuralEngineSmall());
        OpNode fc = Dense.of(DType.I8, 1024, 1024, new float[1024 * 1024], new float[1024], Activation.NONE).describe("fc")
                .getFirst();
        LayerReport r = single(sim, fc);
        long compute = 32 * 32 + 10;
        long weights = 1024L * 1024 + 1024 * 4 + 1024 * 4; // int8 weights, f32 bias, f32 per-row scales
        assertEquals(compute, r.computeCycles());
        assertEquals(1024 + weights, r.dramReadBytes());
        assertEquals(1024, r.dramWriteBytes());
        long dramCycles = (long) Math.ceil((1024 + weights + 1024) / 8.0);
        assertEquals(dramCycles - compute, r.stallCycles());
        assertEquals(dramCycles + 100, r.totalCycles());

        AcceleratorConfig single = AcceleratorConfigs.neuralEngineSmall().toBuilder()
                .memory(new MemoryHierarchy(256 << 10, 256 << 10, 128 << 10, 8, false)).build();
        LayerReport s = single(new NeuralEngineSimulator(single), fc);
        assertEquals(dramCycles, s.stallCycles(), "without double buffering transfers do not overlap compute");
    }

    @Test
    void oversizedWorkingSetsUseTheCheaperBlocking() {
        AcceleratorConfig tiny = AcceleratorConfig.builder().opLaunchCycles(0)
                .memory(new MemoryHierarchy(4096, 4096, 4096, Double.POSITIVE_INFINITY, true)).build();
        OpNode pw = Conv2d.pointwise(DType.I8, 64, 16, 16, 64, new float[64 * 64], new float[64], Activation.NONE)
                .describe("pw").getFirst();
        LayerReport r = single(new NeuralEngineSimulator(tiny), pw);
        long in = 64 * 256;
        long w = 64 * 64 + 64 * 4 + 64 * 4;
        long keepWeights = w + in * ((w + 2047) / 2048);
        long keepInput = in + w * ((in + 2047) / 2048);
        assertEquals(Math.min(keepWeights, keepInput), r.dramReadBytes());
        assertTrue(r.dramReadBytes() > in + w);
    }

    /** An inverted bottleneck written with kernel layers: expand, depthwise, project, residual add. */
    private static Layer invertedBottleneck() {
        return new Residual(new Sequential(List.of(
                Conv2d.pointwise(DType.I8, 16, 14, 14, 96, new float[96 * 16], new float[96], Activation.RELU6),
                DepthwiseConv2d.of(DType.I8, 96, 14, 14, 3, 1, 1, new float[96 * 9], new float[96], Activation.RELU6),
                Conv2d.pointwise(DType.I8, 96, 14, 14, 16, new float[16 * 96], new float[16], Activation.NONE))));
    }

    @Test
    void fusedInvertedBottleneckKeepsIntermediatesOnChip() {
        ModelGraph g = invertedBottleneck().toGraph("ibn");
        assertEquals(List.of("ibn.body.0", "ibn.body.1", "ibn.body.2", "ibn.add"), g.ops().stream().map(OpNode::name).toList());
        long x = 16 * 196;
        long hidden = 96 * 196;
        long weights = g.parameterBytes();
        AcceleratorConfig cfg = AcceleratorConfigs.neuralEngineSmall();

        SimulationReport none = new NeuralEngineSimulator(cfg, FusionPolicy.NONE).simulate(g);
        assertEquals(x + hidden + hidden + x + x + weights, none.dramReadBytes());
        assertEquals(hidden + hidden + x + x, none.dramWriteBytes());
        // peak: at the depthwise op the block input (residual branch) is still live
        assertEquals(x + hidden + hidden, none.peakActivationBytes());

        SimulationReport auto = new NeuralEngineSimulator(cfg, FusionPolicy.AUTO).simulate(g);
        assertEquals(x + weights, auto.dramReadBytes());
        assertEquals(x, auto.dramWriteBytes());
        assertTrue(auto.layers().get(1).fusedInput() && auto.layers().get(2).fusedInput() && auto.layers().get(3).fusedInput());
        assertFalse(auto.layers().get(0).fusedInput());
        assertTrue(auto.energyJoules() < none.energyJoules());
        assertTrue(auto.totalCycles() <= none.totalCycles());
        assertEquals(none.computeCycles(), auto.computeCycles());

        List<OpNode> declared = g.ops().stream().map(o -> o.withFusionGroup("ibn")).toList();
        SimulationReport d = new NeuralEngineSimulator(cfg, FusionPolicy.DECLARED).simulate(new ModelGraph("ibn", declared));
        assertEquals(auto.dramReadBytes(), d.dramReadBytes());
        assertEquals(auto.dramWriteBytes(), d.dramWriteBytes());
        SimulationReport undeclared = new NeuralEngineSimulator(cfg, FusionPolicy.DECLARED).simulate(g);
        assertEquals(none.dramReadBytes(), undeclared.dramReadBytes());
    }

    @Test
    void intermediatesThatDoNotFitSpill() {
        // a 1 KiB output buffer cannot hold 4 rows of the 96-channel expanded map
        AcceleratorConfig small = AcceleratorConfig.builder()
                .memory(new MemoryHierarchy(256 << 10, 256 << 10, 1024, 8, true)).build();
        ModelGraph g = invertedBottleneck().toGraph("ibn");
        SimulationReport r = new NeuralEngineSimulator(small, FusionPolicy.AUTO).simulate(g);
        assertFalse(r.layers().get(1).fusedInput());
        assertFalse(r.layers().get(2).fusedInput());
        assertTrue(r.layers().get(3).fusedInput(), "an elementwise consumer streams");
    }

    @Test
    void energyAddsArithmeticSramAndDram() {
        AcceleratorConfig cfg = AcceleratorConfigs.scaleSim(16, Dataflow.OUTPUT_STATIONARY);
        OpNode pw = pointwise(DType.I8, 64, 14, 64);
        LayerReport r = single(new NeuralEngineSimulator(cfg), pw);
        long e = 196;
        long k = 64;
        long n = 64;
        long rowFolds = (e + 15) / 16;
        long colFolds = n / 16;
        assertEquals(rowFolds * colFolds * (k + 16 + 16 - 2), r.computeCycles());
        long sramOperands = colFolds * e * k + rowFolds * k * n + e * n;
        long dramRead = e * k + pw.weightBytes();
        long dramWrite = e * n;
        assertEquals(dramRead, r.dramReadBytes());
        assertEquals(sramOperands + dramRead + dramWrite, r.sramReadBytes() + r.sramWriteBytes());
        EnergyTable en = cfg.energy();
        double expectedPj = e * k * n * EnergyTable.HOROWITZ_INT8_MAC_PJ + (sramOperands + dramRead + dramWrite) * en.sramPjPerByte()
                + (dramRead + dramWrite) * EnergyTable.HOROWITZ_DRAM_PJ_PER_BYTE;
        assertEquals(expectedPj * 1e-12, r.energyJoules(), 1e-18);
        assertEquals(0, r.stallCycles(), "SCALE-Sim presets have an ideal DRAM interface");
    }

    @Test
    void sramEnergyFollowsHorowitzPoints() {
        assertEquals(10 / 8.0, EnergyTable.sramPjPerByte(8 << 10), 1e-12);
        assertEquals(20 / 8.0, EnergyTable.sramPjPerByte(32 << 10), 1e-12);
        assertEquals(100 / 8.0, EnergyTable.sramPjPerByte(1 << 20), 1e-12);
        assertEquals(10 / 8.0, EnergyTable.sramPjPerByte(1024), 1e-12);
        double mid = EnergyTable.sramPjPerByte(16 << 10);
        assertEquals(Math.sqrt(10 * 20) / 8, mid, 1e-9);
    }

    @Test
    void lstmStepMatchesScaleSimFusedStepPlusGateWork() {
        AcceleratorConfig cfg = AcceleratorConfigs.scaleSim(16, Dataflow.OUTPUT_STATIONARY);
        OpNode lstm = LstmCell.of(DType.I8, 40, 128, new float[512 * 40], new float[512 * 128], new float[512], new float[512])
                .describe("lstm").getFirst();
        LayerReport r = single(new NeuralEngineSimulator(cfg), lstm);
        // SCALE-Sim rnn_gemm lstm_D40_H128_fused_step on 16x16 os: 6335 (+1, last-cycle index);
        // gates: (4 + 3) * 128 elements on 16 vector lanes + 4 cycles latency
        assertEquals(6336 + 56 + 4, r.computeCycles());

        // 100 steps: the batched input projection (15679 + 1) + 100 recurrent steps (5055 + 1) wins
        OpNode seq = new OpNode("lstm100", OpKind.LSTM, new OpSpec.Recurrent(40, 128, 4, 100), DType.I8, DType.I8);
        assertEquals(15680 + 100 * 5056 + 100 * 60, single(new NeuralEngineSimulator(cfg), seq).computeCycles());
    }

    @Test
    void sparseKernelsRunInFp16OnTheVectorUnitAndFp32OnTheHost() {
        NeuralEngineSimulator sim = new NeuralEngineSimulator(AcceleratorConfigs.neuralEngineSmall());
        OpSpec.Sparse a = new OpSpec.Sparse(1000, 1000, 10_000, 1);
        LayerReport f16 = single(sim, new OpNode("spmv", OpKind.SPMV, a, DType.F16, DType.F16));
        assertEquals(ExecutionUnit.VECTOR, f16.unit());
        assertEquals(1000 + 4, f16.computeCycles(), "10 nonzeros per row fit one 32-lane step");
        long matrix16 = 10_000 * 6 + 1001 * 4;
        assertEquals(matrix16 + 2000, f16.dramReadBytes());
        assertEquals((long) Math.ceil((matrix16 + 4000) / 8.0) - 1004, f16.stallCycles());

        LayerReport f32 = single(sim, new OpNode("spmv", OpKind.SPMV, a, DType.F32, DType.F32));
        assertEquals(ExecutionUnit.HOST, f32.unit());
        long bytes32 = 10_000 * 8 + 1001 * 4 + 4000 + 4000;
        assertEquals((long) Math.ceil(Math.max(10_000, bytes32 / 4.0) / 2), f32.computeCycles());
        assertTrue(f16.latencySeconds() < f32.latencySeconds(), "fp16 moves fewer bytes");

        OpSpec.Sparse l = new OpSpec.Sparse(1000, 1000, 5_000, 1);
        LayerReport solve = single(sim, new OpNode("trsv", OpKind.TRIANGULAR_SOLVE, l, DType.F16, DType.F16));
        assertEquals(1000 * (1 + 4), solve.computeCycles(), "rows are solved one after another");
    }

    @Test
    void pricesEveryKernelLayer() {
        Layer net = new Sequential(List.of(
                Conv2d.of(DType.I8, 3, 32, 32, 16, 3, 2, 1, new float[16 * 27], new float[16], Activation.RELU),
                invertedBottleneckOn16(),
                new GlobalAvgPool2d(16, 16, 16),
                Dense.of(DType.I8, 16, 10, new float[160], new float[10], Activation.NONE)));
        ModelGraph g = net.toGraph("net");
        SimulationReport r = new NeuralEngineSimulator(AcceleratorConfigs.neuralEngineSmall(), FusionPolicy.AUTO).simulate(g);
        assertEquals(g.ops().size(), r.layers().size());
        assertEquals(g.totalMacs(), r.macs());
        assertEquals(g.parameterBytes(), r.parameterBytes());
        for (LayerReport l : r.layers()) {
            boolean vector = l.kind() == OpKind.POOL || l.kind() == OpKind.ELEMENTWISE;
            assertEquals(vector ? ExecutionUnit.VECTOR : ExecutionUnit.ARRAY, l.unit(), l.name());
            assertTrue(l.totalCycles() > 0 && l.energyJoules() > 0, l.name());
        }

        ModelGraph speech = new Sequential(List.of(
                CausalConv1d.of(DType.F16, 40, 64, 3, 1, new float[64 * 40 * 3], null, Activation.RELU),
                GruCell.of(DType.F16, 64, 64, new float[192 * 64], new float[192 * 64], new float[192], new float[192]),
                LstmCell.of(DType.I8, 64, 32, new float[128 * 64], new float[128 * 32], new float[128], new float[128]),
                Dense.of(DType.F32, 32, 8, new float[256], null, Activation.NONE))).toGraph("speech");
        SimulationReport s = new NeuralEngineSimulator(AcceleratorConfigs.neuralEngineSmall()).simulate(speech);
        assertEquals(List.of(ExecutionUnit.ARRAY, ExecutionUnit.ARRAY, ExecutionUnit.ARRAY, ExecutionUnit.HOST),
                s.layers().stream().map(LayerReport::unit).toList());
        assertEquals(List.of(Precision.FP16, Precision.FP16, Precision.INT8, Precision.FP32),
                s.layers().stream().map(LayerReport::precision).toList());
    }

    private static Layer invertedBottleneckOn16() {
        return new Residual(new Sequential(List.of(
                Conv2d.pointwise(DType.I8, 16, 16, 16, 64, new float[64 * 16], new float[64], Activation.RELU6),
                DepthwiseConv2d.of(DType.I8, 64, 16, 16, 3, 1, 1, new float[64 * 9], new float[64], Activation.RELU6),
                Conv2d.pointwise(DType.I8, 64, 16, 16, 16, new float[16 * 64], new float[16], Activation.NONE))));
    }

    @Test
    void priceAgreesWithSimulate() {
        for (FusionPolicy p : FusionPolicy.values()) {
            for (AcceleratorConfig cfg : List.of(AcceleratorConfigs.neuralEngineSmall(),
                    AcceleratorConfigs.scaleSim(32, Dataflow.WEIGHT_STATIONARY))) {
                NeuralEngineSimulator sim = new NeuralEngineSimulator(cfg, p);
                for (String model : ModelZoo.names()) {
                    ModelGraph g = ModelZoo.build(model, DType.I8);
                    SimulationReport r = sim.simulate(g);
                    GraphCostModel.GraphCost c = sim.price(g);
                    assertEquals(r.latencySeconds(), c.latencySeconds(), 0, model);
                    assertEquals(r.peakActivationBytes(), c.peakActivationBytes(), model);
                    assertEquals(r.parameterBytes(), c.parameterBytes(), model);
                    assertEquals(r.energyJoules(), c.energyJoules(), 1e-15, model);
                    long sum = r.layers().stream().mapToLong(LayerReport::totalCycles).sum();
                    assertEquals(sum, r.totalCycles(), model);
                    assertEquals(r.totalCycles() / cfg.clockHz(), r.latencySeconds(), 1e-15);
                }
            }
        }
    }

    @Test
    void projectionShortcutStaysLiveUntilTheAdd() {
        ModelGraph g = ModelZoo.resNet18(DType.I8, 224);
        SimulationReport r = new NeuralEngineSimulator(AcceleratorConfigs.neuralEngineSmall(), FusionPolicy.NONE).simulate(g);
        long peak = 0;
        // brute force: at op i, the live tensors are its inputs and output plus every residual
        // branch tensor produced before i and consumed after i
        for (int i = 0; i < g.ops().size(); i++) {
            OpNode op = g.ops().get(i);
            int bytes = op.activationType() == DType.I8 ? 1 : 2; // device storage: int8, else fp16
            long live = (op.spec().inputElements() + op.spec().outputElements()) * bytes;
            for (int k = i + 1; k < g.ops().size(); k++) {
                OpNode add = g.ops().get(k);
                if (!add.name().endsWith(".add")) {
                    continue;
                }
                String block = add.name().substring(0, add.name().length() - 4);
                int source = -1;
                for (int j = 0; j < k; j++) {
                    if (g.ops().get(j).name().equals(block + ".shortcut") || g.ops().get(j).name().equals(block + ".body.0")) {
                        source = j;
                        break;
                    }
                }
                if (source >= 0 && source < i) {
                    live += add.spec().outputElements() * (add.activationType() == DType.I8 ? 1 : 2);
                }
            }
            peak = Math.max(peak, live);
        }
        assertEquals(peak, r.peakActivationBytes());
    }

    @Test
    void rejectsInvalidInput() {
        assertThrows(IllegalArgumentException.class, () -> AcceleratorConfig.builder().fp16RateRatio(0).build());
        assertThrows(IllegalArgumentException.class, () -> AcceleratorConfig.builder().clockHz(Double.NaN).build());
        assertThrows(IllegalArgumentException.class, () -> new MemoryHierarchy(0, 1, 1, 1, true));
        assertThrows(IllegalArgumentException.class, () -> new MemoryHierarchy(1, 1, 1, Double.NaN, true));
        assertThrows(IllegalArgumentException.class, () -> new SystolicArray(0, 4, Dataflow.WEIGHT_STATIONARY));
        assertThrows(IllegalArgumentException.class, () -> new DotProductLanes(32, 0, 1));
        assertEquals(Dataflow.INPUT_STATIONARY, Dataflow.parse(" IS "));
        IllegalArgumentException df = assertThrows(IllegalArgumentException.class, () -> Dataflow.parse("rs"));
        assertTrue(df.getMessage().contains("'rs'") && df.getMessage().contains("os, ws or is"), df.getMessage());
        IllegalArgumentException preset = assertThrows(IllegalArgumentException.class, () -> AcceleratorConfigs.byName("tpu"));
        assertTrue(preset.getMessage().contains("npu-small"), preset.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new NeuralEngineSimulator(AcceleratorConfigs.neuralEngineSmall()).simulate(new ModelGraph("empty", List.of())));
    }

    @Test
    void presetsByName() {
        assertEquals(AcceleratorConfigs.scaleSim(32, Dataflow.OUTPUT_STATIONARY), AcceleratorConfigs.byName("arr32x32_os"));
        for (String n : AcceleratorConfigs.names()) {
            assertEquals(n, AcceleratorConfigs.byName(n.toUpperCase(java.util.Locale.ROOT)).name());
        }
    }
}
