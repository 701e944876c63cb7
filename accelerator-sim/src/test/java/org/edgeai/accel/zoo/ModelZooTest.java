package org.edgeai.accel.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.graph.Activation;
import org.edgeai.kernel.graph.ModelGraph;
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

/** The zoo's graphs are exactly what the same networks built from kernel layers describe. */
class ModelZooTest {

    private static Layer conv(DType t, int cin, int h, int cout, int k, int s, int p, Activation a) {
        return Conv2d.of(t, cin, h, h, cout, k, s, p, new float[cout * cin * k * k], new float[cout], a);
    }

    private static Layer dw(DType t, int c, int h, int s, Activation a) {
        return DepthwiseConv2d.of(t, c, h, h, 3, s, 1, new float[c * 9], new float[c], a);
    }

    /** MobileNetV2 written independently with kernel layers (paper Table 2). */
    private static ModelGraph kernelMobileNetV2(DType t, int res) {
        List<Layer> top = new ArrayList<>();
        top.add(conv(t, 3, res, 32, 3, 2, 1, Activation.RELU6));
        int h = res / 2;
        int c = 32;
        int[][] cfg = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
        for (int[] b : cfg) {
            for (int r = 0; r < b[2]; r++) {
                int s = r == 0 ? b[3] : 1;
                List<Layer> body = new ArrayList<>();
                if (b[0] != 1) {
                    body.add(conv(t, c, h, c * b[0], 1, 1, 0, Activation.RELU6));
                }
                body.add(dw(t, c * b[0], h, s, Activation.RELU6));
                int oh = s == 1 ? h : h / 2;
                body.add(conv(t, c * b[0], oh, b[1], 1, 1, 0, Activation.NONE));
                Layer block = new Sequential(body);
                top.add(s == 1 && c == b[1] ? new Residual(block) : block);
                h = oh;
                c = b[1];
            }
        }
        top.add(conv(t, c, h, 1280, 1, 1, 0, Activation.RELU6));
        top.add(new GlobalAvgPool2d(1280, h, h));
        top.add(Dense.of(t, 1280, 1000, new float[1280 * 1000], new float[1000], Activation.NONE));
        return new Sequential(top).toGraph("mobilenetv2");
    }

    @Test
    void mobileNetV2MatchesKernelLayers() {
        for (DType t : List.of(DType.I8, DType.F32)) {
            assertEquals(kernelMobileNetV2(t, 32), ModelZoo.mobileNetV2(t, 32), t.toString());
        }
        ModelGraph full = ModelZoo.mobileNetV2(DType.I8, 224);
        // 300M multiply-adds and 3.4M parameters (paper, Table 3 / Sec. 6.1)
        assertEquals(300.8e6, full.totalMacs(), 1.5e6);
        long params = full.ops().stream().mapToLong(o -> o.spec().weightElements()).sum();
        assertEquals(3.4e6, params, 0.1e6);
    }

    @Test
    void mobileNetV1MatchesKernelLayers() {
        List<Layer> top = new ArrayList<>();
        top.add(conv(DType.I8, 3, 64, 32, 3, 2, 1, Activation.RELU));
        int h = 32;
        int c = 32;
        int[][] blocks = {{64, 1}, {128, 2}, {128, 1}, {256, 2}, {256, 1}, {512, 2}, {512, 1}, {512, 1}, {512, 1}, {512, 1},
                {512, 1}, {1024, 2}, {1024, 1}};
        for (int[] b : blocks) {
            int oh = b[1] == 1 ? h : h / 2;
            top.add(new Sequential(List.of(dw(DType.I8, c, h, b[1], Activation.RELU),
                    conv(DType.I8, c, oh, b[0], 1, 1, 0, Activation.RELU))));
            h = oh;
            c = b[0];
        }
        top.add(new GlobalAvgPool2d(c, h, h));
        top.add(Dense.of(DType.I8, c, 1000, new float[c * 1000], new float[1000], Activation.NONE));
        assertEquals(new Sequential(top).toGraph("mobilenetv1"), ModelZoo.mobileNetV1(DType.I8, 64));
        // 569M multiply-adds, 4.2M parameters (paper, Table 1 / Table 8)
        ModelGraph full = ModelZoo.mobileNetV1(DType.I8, 224);
        assertEquals(569e6, full.totalMacs(), 2e6);
        assertEquals(4.2e6, full.ops().stream().mapToLong(o -> o.spec().weightElements()).sum(), 0.05e6);
    }

    @Test
    void recurrentModelsMatchKernelLayers() {
        ModelGraph kws = new Sequential(List.of(
                Dense.of(DType.I8, 40, 128, new float[40 * 128], new float[128], Activation.RELU),
                GruCell.of(DType.I8, 128, 128, new float[384 * 128], new float[384 * 128], new float[384], new float[384]),
                GruCell.of(DType.I8, 128, 128, new float[384 * 128], new float[384 * 128], new float[384], new float[384]),
                Dense.of(DType.I8, 128, 12, new float[128 * 12], new float[12], Activation.NONE))).toGraph("gru-kws");
        assertEquals(kws, ModelZoo.gruKeywordSpotter(DType.I8));
        ModelGraph asr = new Sequential(List.of(
                LstmCell.of(DType.F16, 80, 320, new float[1280 * 80], new float[1280 * 320], new float[1280], new float[1280]),
                LstmCell.of(DType.F16, 320, 320, new float[1280 * 320], new float[1280 * 320], new float[1280], new float[1280]),
                LstmCell.of(DType.F16, 320, 320, new float[1280 * 320], new float[1280 * 320], new float[1280], new float[1280]),
                Dense.of(DType.F16, 320, 512, new float[320 * 512], new float[512], Activation.RELU),
                Dense.of(DType.F16, 512, 4096, new float[512 * 4096], new float[4096], Activation.NONE))).toGraph("lstm-asr");
        assertEquals(asr, ModelZoo.lstmAcousticModel(DType.F16));
    }

    @Test
    void resNet18HasThePublishedSize() {
        ModelGraph g = ModelZoo.resNet18(DType.I8, 224);
        // 1.8 GFLOPs (multiply-adds) and 11.7M parameters (He et al., Table 1)
        assertEquals(1.82e9, g.totalMacs(), 0.02e9);
        assertEquals(11.7e6, g.ops().stream().mapToLong(o -> o.spec().weightElements()).sum(), 0.1e6);
    }

    @Test
    void poseGraphSolveHasTheIntelDataSetSize() throws java.io.IOException {
        List<String> g2o = java.nio.file.Files.readAllLines(org.edgeai.kernel.testing.TestData.require("slam/pgo2d/intel.g2o"));
        int poses = (int) g2o.stream().filter(l -> l.startsWith("VERTEX")).count();
        int edges = (int) g2o.stream().filter(l -> l.startsWith("EDGE")).count();
        ModelGraph fp16 = ModelZoo.build("pgo-pcg-intel", DType.F16);
        assertEquals(ModelZoo.poseGraphPcgIteration(DType.F16, poses, edges), fp16);
        org.edgeai.kernel.graph.OpSpec.Sparse h = (org.edgeai.kernel.graph.OpSpec.Sparse) fp16.ops().getFirst().spec();
        assertEquals(3 * poses, h.rows());
        assertEquals(9L * poses + 18L * edges, h.nonZeros(), "3x3 block per pose, two per edge");
        var sim = new org.edgeai.accel.NeuralEngineSimulator(org.edgeai.accel.AcceleratorConfigs.neuralEngineSmall());
        var half = sim.simulate(fp16);
        var single = sim.simulate(ModelZoo.build("pgo-pcg-intel", DType.F32));
        assertTrue(half.latencySeconds() < single.latencySeconds());
        assertTrue(half.energyJoules() < single.energyJoules());
        assertTrue(half.dramReadBytes() < single.dramReadBytes());
    }

    @Test
    void unknownModelNamesTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelZoo.build("vgg", DType.I8));
        assertEquals(true, e.getMessage().contains("mobilenetv2"));
        assertThrows(IllegalArgumentException.class, () -> ModelZoo.mobileNetV2(DType.I8, 100));
    }
}
