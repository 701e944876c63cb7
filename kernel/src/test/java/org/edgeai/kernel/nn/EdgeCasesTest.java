package org.edgeai.kernel.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.edgeai.kernel.DType;
import org.edgeai.kernel.graph.Activation;
import org.edgeai.kernel.graph.OpSpec;
import org.edgeai.kernel.ops.Kernels;
import org.edgeai.kernel.quant.QuantParams;
import org.edgeai.kernel.quant.Quantization;
import org.edgeai.kernel.quant.QuantizedMatrix;
import org.junit.jupiter.api.Test;

/** Edge cases found in review: each was accepted (or crashed later) before. */
class EdgeCasesTest {
    @Test
    void aKernelLargerThanThePaddedInputIsRefusedAtAnyStride() {
        // (2 - 3) / 2 + 1 truncated to 1 before: a 3x3 kernel "fit" a 2x2 input at stride 2 (PyTorch refuses it)
        assertEquals(0, Conv2d.outSize(2, 3, 2, 0));
        assertEquals(1, Conv2d.outSize(3, 3, 2, 0));
        assertEquals(2, Conv2d.outSize(4, 3, 2, 1), "floor((4 + 1 - 3) / 2) + 1");
        assertThrows(IllegalArgumentException.class,
                () -> Conv2d.of(DType.F32, 1, 2, 2, 1, 3, 2, 0, new float[9], null, Activation.NONE));
        assertThrows(IllegalArgumentException.class, () -> Conv2d.outSize(8, 3, 0, 0), "stride 0");
    }

    @Test
    void aSubnormalRowQuantizesToZeroWithAUsableScale() {
        float[] w = {1e-44f, -1e-44f, 0.5f, -0.25f};
        QuantizedMatrix q = Quantization.quantizePerRow(w, 2, 2);
        assertEquals(1f, q.scales()[0], "max / 127 underflows to 0: the row is treated as zero");
        assertEquals(0, q.data()[0]);
        assertEquals(0, q.data()[1], "was -128 (division by a zero scale)");
        assertEquals(127, q.data()[2]);
        q.params(); // was: IllegalArgumentException "scale[0] must be positive"
    }

    @Test
    void binary16WeightsMustBeRepresentable() {
        LinearF16.fromF32(new float[] {65504f, -65504f}, 1, 2, Kernels.reference());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LinearF16.fromF32(new float[] {1f, 70000f}, 1, 2, Kernels.reference()));
        assertTrue(e.getMessage().contains("weight 1 = 70000.0"), e.getMessage());
    }

    @Test
    void int8MapsRefuseRowsTheAccumulatorCannotHoldAndOutOfRangeZeroPoints() {
        int cols = LinearI8.MAX_COLS + 1;
        QuantizedMatrix wide = new QuantizedMatrix(1, cols, new byte[cols], new float[] {1f});
        assertThrows(IllegalArgumentException.class, () -> new LinearI8(wide, null, Kernels.reference()));
        QuantizedMatrix ok = new QuantizedMatrix(1, 4, new byte[4], new float[] {1f});
        new LinearI8(ok, QuantParams.perTensor(0.1f, -128), Kernels.reference());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LinearI8(ok, QuantParams.perTensor(0.1f, 300), Kernels.reference()));
        assertTrue(e.getMessage().contains("zero point must be in [-128, 127], got 300"), e.getMessage());
    }

    @Test
    void recurrentCountsDoNotWrapInInt() {
        OpSpec.Recurrent r = new OpSpec.Recurrent(Integer.MAX_VALUE, 1, 3, 1);
        assertEquals(3L * (1L << 31), r.macs(), "inputSize + hiddenSize = 2^31 in long");
        assertEquals(3L * (1L << 31), r.weightElements());
    }
}
