package org.edgeai.slam.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.random.RandomGenerator;
import org.edgeai.kernel.testing.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The unrolled block kernels against the generic reference loop, for every block size. */
class DenseBlocksF64Test {
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 9, 11})
    void specialisedSubtractABtMatchesTheReference(int b) {
        RandomGenerator r = Rng.of(17L * b);
        int off = 5;
        double[] a = new double[off + b * b];
        double[] bm = new double[off + b * b];
        double[] c = new double[off + b * b];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextDouble() - 0.5;
            bm[i] = r.nextDouble() - 0.5;
            c[i] = r.nextDouble() - 0.5;
        }
        double[] expected = c.clone();
        DenseBlocksF64.subtractABtGeneric(a, off, bm, off, expected, off, b);
        DenseBlocksF64.subtractABt(a, off, bm, off, c, off, b);
        for (int i = 0; i < c.length; i++) {
            assertEquals(expected[i], c[i], 1e-15, "b=" + b + " index " + i);
        }
        // and the reference itself against the definition
        double[] c0 = new double[b * b];
        double[] c1 = new double[b * b];
        DenseBlocksF64.subtractABtGeneric(a, off, bm, off, c1, 0, b);
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) {
                for (int k = 0; k < b; k++) {
                    c0[i * b + j] -= a[off + i * b + k] * bm[off + j * b + k];
                }
                assertEquals(c0[i * b + j], c1[i * b + j], 1e-15);
            }
        }
    }
}
