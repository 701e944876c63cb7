package org.edgeai.nas.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.graph.ModelGraph;
import org.edgeai.kernel.graph.OpKind;
import org.edgeai.kernel.graph.OpNode;
import org.edgeai.kernel.nn.Sequential;
import org.junit.jupiter.api.Test;

class CandidateNetworksTest {
    private static NetworkSpec tiny(BlockKind kind) {
        return new NetworkSpec("t", 1, 8, 8, 4, 3, 1,
                List.of(new BlockSpec(kind, 3, 2, 1, 4), new BlockSpec(kind, 3, 3, 2, 6)), 0, 3);
    }

    @Test
    void ibnBlocksHaveTheMobileNetV2Ops() {
        ModelGraph g = CandidateNetworks.graph(tiny(BlockKind.IBN));
        List<OpKind> kinds = g.ops().stream().map(OpNode::kind).toList();
        assertEquals(List.of(OpKind.CONV2D,
                OpKind.POINTWISE_CONV2D, OpKind.DEPTHWISE_CONV2D, OpKind.POINTWISE_CONV2D, OpKind.ELEMENTWISE,
                OpKind.POINTWISE_CONV2D, OpKind.DEPTHWISE_CONV2D, OpKind.POINTWISE_CONV2D,
                OpKind.POOL, OpKind.GEMM), kinds);
        // MACs by hand: stem 4*8*8*1*9; b1 expand 8*64*4, dw 8*64*9, project 4*64*8; b2 expand 12*64*4,
        // dw stride 2 -> 4x4: 12*16*9, project 6*16*12; fc 3*6.
        long macs = 4 * 64 * 9 + (8 * 64 * 4 + 8 * 64 * 9 + 4 * 64 * 8) + (12 * 64 * 4 + 12 * 16 * 9 + 6 * 16 * 12) + 18;
        assertEquals(macs, g.totalMacs());
        assertEquals("t.1", g.ops().get(1).fusionGroup());
        assertEquals("t.2", g.ops().get(5).fusionGroup());
        assertEquals(null, g.ops().getFirst().fusionGroup());
    }

    @Test
    void fusedBlocksHaveNoDepthwiseOp() {
        ModelGraph g = CandidateNetworks.graph(tiny(BlockKind.FUSED_IBN));
        assertFalse(g.ops().stream().anyMatch(o -> o.kind() == OpKind.DEPTHWISE_CONV2D));
        long macs = 4 * 64 * 9 + (8 * 64 * 4 * 9 + 4 * 64 * 8) + (12 * 16 * 4 * 9 + 6 * 16 * 12) + 18;
        assertEquals(macs, g.totalMacs());
    }

    @Test
    void builtNetworkRunsOnTheCpu() {
        NetworkSpec spec = tiny(BlockKind.IBN);
        Sequential net = CandidateNetworks.build(spec, DType.F32, WeightSource.heNormal(1));
        assertEquals(64, net.inputSize());
        assertEquals(3, net.outputSize());
        float[] in = new float[64];
        for (int i = 0; i < in.length; i++) {
            in[i] = (i % 7) / 7f;
        }
        float[] out = new float[3];
        net.forward(in, 0, out, 0);
        for (float v : out) {
            assertTrue(Float.isFinite(v));
        }
        assertTrue(CandidateNetworks.residual(spec, 0));
        assertFalse(CandidateNetworks.residual(spec, 1));
    }

    @Test
    void specRejectsBadShapes() {
        assertThrows(IllegalArgumentException.class, () -> new BlockSpec(BlockKind.IBN, 2, 1, 1, 4));
        assertThrows(IllegalArgumentException.class, () -> new BlockSpec(BlockKind.IBN, 3, 1, 3, 4));
        assertThrows(IllegalArgumentException.class, () -> new NetworkSpec("x", 1, 8, 8, 4, 3, 1, List.of(), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new NetworkSpec("x", 1, 8, 8, 4, 2, 1, List.of(), 0, 2));
        // sizes whose tensors cannot be int-indexed are refused by name (was: overflow / OutOfMemoryError in build)
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NetworkSpec("x", 1, 28, 28, 32, 3, 2,
                List.of(new BlockSpec(BlockKind.FUSED_IBN, 3, 1, 1, 100_000_000)), 0, 10));
        assertTrue(e.getMessage().contains("block 1 projection weights would have 3200000000 elements"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new NetworkSpec("x", 1, 100_000, 100_000, 32, 3, 1, List.of(), 0, 10));
        new NetworkSpec("ok", 1, 28, 28, 32, 3, 2, List.of(new BlockSpec(BlockKind.FUSED_IBN, 5, 6, 1, 512)), 1280, 10);
    }
}
