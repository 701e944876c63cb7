package org.edgeai.accel.scalesim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.edgeai.accel.AcceleratorConfig;
import org.edgeai.accel.AcceleratorConfigs;
import org.edgeai.accel.Dataflow;
import org.edgeai.accel.NeuralEngineSimulator;
import org.edgeai.accel.SystolicArray;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.graph.ModelGraph;
import org.edgeai.kernel.graph.OpKind;
import org.edgeai.kernel.graph.OpNode;
import org.edgeai.kernel.graph.OpSpec;
import org.edgeai.kernel.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScaleSimReadersTest {
    private static final String CONV_HEADER =
            "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,";

    private static ModelGraph parse(String... rows) {
        return ScaleSimTopology.parse("t", "t.csv", List.of(rows), null, Map.of());
    }

    @Test
    void convRowsFollowScaleSimOutputSizes() {
        ModelGraph g = parse(CONV_HEADER, "Conv1,224,224,7,7,3,64,2,", "pw, 14, 14, 1, 1, 32, 16, 1", "rect,9,20,3,5,2,4,1,2,");
        OpSpec.Conv2d c1 = (OpSpec.Conv2d) g.ops().get(0).spec();
        // ceil((224 - 7 + 2) / 2) = 110, one partial window at the end = 1 row of end padding
        assertEquals(110, c1.outHeight());
        assertEquals(110, c1.outWidth());
        assertEquals(1, c1.padH());
        assertEquals(113_836_800L, g.ops().get(0).macs(), "the macs column of the reference data");
        assertEquals(OpKind.CONV2D, g.ops().get(0).kind());
        assertEquals(OpKind.POINTWISE_CONV2D, g.ops().get(1).kind());
        assertEquals(DType.I8, g.ops().get(1).weightType());
        OpSpec.Conv2d rect = (OpSpec.Conv2d) g.ops().get(2).spec();
        assertEquals(7, rect.outHeight());
        assertEquals(9, rect.outWidth(), "ceil((20 - 5 + 2) / 2)");
        assertEquals(2, rect.strideW());
    }

    @Test
    void depthwiseConventions() {
        ModelGraph dp = parse(CONV_HEADER, "Conv2_DP,114,114,3,3,32,1,1,", "DP_mult,10,10,3,3,4,2,1,");
        OpNode d = dp.ops().getFirst();
        assertEquals(OpKind.DEPTHWISE_CONV2D, d.kind());
        assertEquals(32, ((OpSpec.Conv2d) d.spec()).groups());
        assertEquals(32L * 112 * 112 * 9, d.macs());
        OpSpec.Conv2d mult = (OpSpec.Conv2d) dp.ops().get(1).spec();
        assertEquals(OpKind.CONV2D, dp.ops().get(1).kind());
        assertEquals(4, mult.groups());
        assertEquals(8, mult.outChannels());

        ModelGraph meta = ScaleSimTopology.parse("t", "t.csv", List.of(CONV_HEADER, "dw,30,30,3,3,1,1,1,", "pw,28,28,1,1,192,32,1,"),
                null, Map.of("dw", 192, "pw", 0));
        assertEquals(OpKind.DEPTHWISE_CONV2D, meta.ops().getFirst().kind());
        assertEquals(192L * 28 * 28 * 9, meta.ops().getFirst().macs());

        // a depthwise layer written as C channels and 1 filter (shipped mobilenet.csv) stays a convolution
        ModelGraph v1 = parse(CONV_HEADER, "Conv2,112,112,3,3,32,1,1,");
        assertEquals(OpKind.CONV2D, v1.ops().getFirst().kind());
        assertEquals(1, ((OpSpec.Conv2d) v1.ops().getFirst().spec()).outChannels());
    }

    @Test
    void gemmFormatIsDetected() {
        ModelGraph g = parse("Layer,M,N,K,", "lstm,100,512,40,", "step, 1, 512, 168");
        assertEquals(OpKind.GEMM, g.ops().getFirst().kind());
        assertEquals(new OpSpec.Gemm(100, 512, 40, false), g.ops().getFirst().spec());
        assertEquals(new OpSpec.Gemm(1, 512, 168, false), g.ops().get(1).spec());
    }

    @Test
    void duplicateNamesGetASuffix() {
        ModelGraph g = parse(CONV_HEADER, "a,8,8,3,3,4,4,1,", "a,8,8,3,3,4,4,1,");
        assertEquals(List.of("a", "a#2"), g.ops().stream().map(OpNode::name).toList());
    }

    @Test
    void malformedRowsNameFileAndLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse(CONV_HEADER, "a,8,8,3,3,4,4,1,", "b,8,8,9,3,4,4,1,"));
        assertTrue(e.getMessage().startsWith("t.csv:3: filter 9x3 larger than IFMAP 8x8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse(CONV_HEADER, "a,8,8,3,3,-4,4,1,"));
        assertTrue(e.getMessage().contains("t.csv:2: channels must be positive"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse("Layer,M,N,K,", "g,1,2"));
        assertTrue(e.getMessage().contains("t.csv:2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> parse(CONV_HEADER));
        assertTrue(e.getMessage().contains("no layers"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ScaleSimTopology.parse("t", "t.csv",
                List.of(CONV_HEADER, "dw,8,8,3,3,4,1,1,"), null, Map.of("dw", 4)));
        assertTrue(e.getMessage().contains("1 channel and 1 filter"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ScaleSimTopology.parse("t", "t.csv",
                List.of(CONV_HEADER, "a,8,8,3,3,4,1,1,"), null, Map.of("missing", 4)));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void referenceTopologiesReadWithTheirSideFiles() throws IOException {
        Path dir = TestData.require("accel/scalesim/topologies");
        ModelGraph v2 = ScaleSimTopology.read(dir.resolve("mobilenetv2_padded.csv"));
        assertEquals(53, v2.ops().size());
        assertEquals(17, v2.ops().stream().filter(o -> o.kind() == OpKind.DEPTHWISE_CONV2D).count());
        assertEquals(300_774_272L, v2.totalMacs(), "README: 300.8M MACs");
        assertEquals(1_471_181_568L, ScaleSimTopology.read(dir.resolve("resnet18_shipped.csv")).totalMacs());
        assertEquals(565_519_488L, ScaleSimTopology.read(dir.resolve("mobilenetv1_shipped.csv")).totalMacs());
        assertEquals(11_988_992L, ScaleSimTopology.read(dir.resolve("rnn_gemm.csv")).totalMacs());
    }

    @Test
    void configFilesMapToTheSystolicPresets() throws IOException {
        Path dir = TestData.require("accel/scalesim/configs");
        for (int size : new int[] {16, 32}) {
            for (Dataflow df : List.of(Dataflow.OUTPUT_STATIONARY, Dataflow.WEIGHT_STATIONARY)) { // the reference configurations
                AcceleratorConfig c = ScaleSimConfig.read(dir.resolve("arr" + size + "_" + df.code() + ".cfg"));
                AcceleratorConfig preset = AcceleratorConfigs.scaleSim(size, df);
                assertEquals(new SystolicArray(size, size, df), c.array());
                assertEquals(preset.memory(), c.memory());
                assertEquals("arr" + size + "x" + size + "_" + df.code(), c.name());
            }
        }
    }

    @Test
    void userBandwidthAndErrors(@TempDir Path tmp) throws IOException {
        List<String> base = List.of("[architecture_presets]", "ArrayHeight: 8", "ArrayWidth = 4", "IfmapSramSzkB: 2",
                "FilterSramSzkB: 2", "OfmapSramSzkB: 1", "Dataflow : ws", "Bandwidth : 10", "[run_presets]",
                "InterfaceBandwidth: USER");
        AcceleratorConfig c = ScaleSimConfig.parse("x", "x.cfg", base);
        assertEquals(new SystolicArray(8, 4, Dataflow.WEIGHT_STATIONARY), c.array());
        assertEquals(10, c.memory().dramBytesPerCycle());
        assertEquals(2048, c.memory().ifmapSramBytes());
        assertEquals("x", c.name());
        // at 1 word per cycle, streaming a 1 MiB weight matrix (1,048,576 cycles) outlasts the
        // 8x4 WS GEMV (ceil(1024/8) * ceil(1024/4) folds * (1 + 16 + 4 - 2) = 622,592 cycles)
        List<String> slow = new java.util.ArrayList<>(base);
        slow.set(7, "Bandwidth : 1");
        ModelGraph g = ScaleSimTopology.parse("t", "t", List.of("Layer,M,N,K,", "fc,1,1024,1024,"), null, Map.of());
        var r = new NeuralEngineSimulator(ScaleSimConfig.parse("x", "x.cfg", slow)).simulate(g);
        assertEquals(622_592, r.computeCycles());
        assertEquals(1024 + 1024 * 1024 + 1024 + 1024 * 4, r.computeCycles() + r.stallCycles(), "DRAM-bound: in + weights"
                + " + per-row scales + out at 1 B/cycle");
        assertEquals(0, new NeuralEngineSimulator(c).simulate(g).stallCycles(), "10 B/cycle keeps up");

        List<String> is = new java.util.ArrayList<>(base);
        is.set(6, "Dataflow : is");
        assertEquals(Dataflow.INPUT_STATIONARY, ((SystolicArray) ScaleSimConfig.parse("x", "x.cfg", is).array()).dataflow());
        List<String> rs = new java.util.ArrayList<>(base);
        rs.set(6, "Dataflow : rs");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScaleSimConfig.parse("x", "x.cfg", rs));
        assertTrue(e.getMessage().startsWith("x.cfg:7:") && e.getMessage().contains("'rs'"), e.getMessage());
        List<String> missing = base.subList(0, 2);
        e = assertThrows(IllegalArgumentException.class, () -> ScaleSimConfig.parse("x", "x.cfg", missing));
        assertTrue(e.getMessage().contains("arraywidth"), e.getMessage());
        List<String> bad = new java.util.ArrayList<>(base);
        bad.set(1, "ArrayHeight: sixteen");
        e = assertThrows(IllegalArgumentException.class, () -> ScaleSimConfig.parse("x", "x.cfg", bad));
        assertTrue(e.getMessage().contains("x.cfg:2"), e.getMessage());
        Path f = tmp.resolve("mine.cfg");
        Files.write(f, base);
        assertEquals("mine", ScaleSimConfig.read(f).name());
    }
}
