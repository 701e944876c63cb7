package org.edgeai.kernel.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.random.RandomGenerator;
import org.edgeai.kernel.testing.KernelsContract;
import org.edgeai.kernel.testing.Rng;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernels: the shared contract, plus direct agreement with the reference kernels.
 * The build runs tests with {@code --add-modules jdk.incubator.vector}, so the vector
 * implementation must be available here; its absence is a failure, not a skip.
 */
class VectorKernelsTest extends KernelsContract {
    @Override
    protected Kernels kernels() {
        return Kernels.vector();
    }

    @Test
    void vectorImplementationIsSelectedByDefault() {
        assertTrue(Kernels.vectorAvailable(), "jdk.incubator.vector must be resolved in tests");
        assertEquals(Kernels.vector().name(), Kernels.best().name());
        assertTrue(Kernels.vector().vectorBits() >= 128);
    }

    @Test
    void integerKernelsAgreeBitExactlyWithReference() {
        RandomGenerator r = Rng.of(5);
        int rows = 67;
        int cols = 301;
        byte[] w = Rng.bytes(r, rows * cols, -127, 127);
        byte[] x = Rng.bytes(r, cols * 19, -128, 127);
        int[] a = new int[rows];
        int[] b = new int[rows];
        Kernels.reference().gemvI8(rows, cols, w, 0, cols, x, 0, -7, a, 0);
        Kernels.vector().gemvI8(rows, cols, w, 0, cols, x, 0, -7, b, 0);
        assertArrayEquals(a, b);
        int[] c1 = new int[rows * 19];
        int[] c2 = new int[rows * 19];
        Kernels.reference().gemmI8(rows, 19, cols, w, 0, cols, x, 0, 19, 3, c1, 0, 19);
        Kernels.vector().gemmI8(rows, 19, cols, w, 0, cols, x, 0, 19, 3, c2, 0, 19);
        assertArrayEquals(c1, c2);
    }

    @Test
    void f16DecodingHandlesEveryBitPattern() {
        // Pattern p sits alone in column p % 64 of row p / 64 (zeros elsewhere) and x is one-hot on
        // that column, so y = decode(p) exactly; 64 columns make the vector path (not the scalar
        // tail) decode every one of the 65536 binary16 patterns: normals, subnormals, +-0, Inf, NaN.
        int cols = 64;
        int rows = 65536 / cols;
        float[] y = new float[rows];
        for (int j = 0; j < cols; j++) {
            short[] w = new short[rows * cols];
            for (int r = 0; r < rows; r++) {
                w[r * cols + j] = (short) (r * cols + j);
            }
            float[] x = new float[cols];
            x[j] = 1f;
            Kernels.vector().gemvF16(rows, cols, w, 0, cols, x, 0, y, 0);
            for (int r = 0; r < rows; r++) {
                float e = Float.float16ToFloat((short) (r * cols + j));
                String what = "pattern 0x" + Integer.toHexString(r * cols + j);
                if (Float.isNaN(e)) {
                    assertTrue(Float.isNaN(y[r]), what);
                } else {
                    assertEquals(e, y[r], 0f, what); // +0 == -0 here: the sum adds +0 terms
                }
            }
        }
    }
}
