package org.edgeai.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.edgeai.kernel.quant.QuantParams;
import org.junit.jupiter.api.Test;

class TensorTest {
    @Test
    void rowMajorLayoutAndViews() {
        float[] d = new float[24];
        for (int i = 0; i < d.length; i++) {
            d[i] = i;
        }
        Tensor t = Tensor.ofF32(d, 2, 3, 4);
        assertArrayEquals(new int[] {12, 4, 1}, t.strides());
        assertEquals(1 * 12 + 2 * 4 + 3, t.getFloat(1, 2, 3));
        Tensor tr = t.transpose(0, 2); // [4, 3, 2]
        assertEquals(t.getFloat(1, 2, 3), tr.getFloat(3, 2, 1));
        assertFalse(tr.isContiguous());
        Tensor c = tr.contiguous();
        assertTrue(c.isContiguous());
        assertEquals(t.getFloat(0, 1, 2), c.getFloat(2, 1, 0));
        Tensor s = t.slice(1, 1, 3); // [2, 2, 4]
        assertEquals(t.getFloat(1, 1, 0), s.getFloat(1, 0, 0));
        assertEquals(24, t.reshape(6, 4).numel());
        assertThrows(IllegalStateException.class, () -> tr.reshape(24));
        assertThrows(IllegalArgumentException.class, () -> t.reshape(5, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> t.getFloat(2, 0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> t.getFloat(0, 0));
        s.setFloat(-1f, 0, 0, 0); // views alias their source
        assertEquals(-1f, t.getFloat(0, 1, 0));
    }

    @Test
    void dtypeConversions() {
        Tensor f = Tensor.ofF32(new float[] {0.1f, -2.5f, 65504f, 1e-6f}, 4);
        Tensor h = f.toF16();
        assertEquals(DType.F16, h.dtype());
        for (int i = 0; i < 4; i++) {
            assertEquals(Float.float16ToFloat(Float.floatToFloat16(f.getFloat(i))), h.getFloat(i), 0f);
        }
        Tensor q = Tensor.ofI8(new byte[] {-128, 0, 127, 5}, QuantParams.perTensor(0.5f, 3), 4);
        assertArrayEquals(new float[] {-65.5f, -1.5f, 62f, 1f}, q.toF32().f32(), 0f);
        Tensor pc = Tensor.ofI8(new byte[] {1, 2, 3, 4}, QuantParams.symmetricPerChannel(new float[] {1f, 10f}, 0), 2, 2);
        assertEquals(30f, pc.getFloat(1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> Tensor.ofI8(new byte[4], QuantParams.symmetricPerChannel(new float[] {1f, 1f, 1f}, 0), 2, 2));
        assertThrows(IllegalStateException.class, () -> f.i8());
        assertThrows(IllegalArgumentException.class, () -> Tensor.ofF32(new float[3], 2, 2));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(DType.F32, 65536, 65536));
        assertEquals(0, Tensor.zeros(DType.I32, 0, 5).numel());
    }
}
