package org.edgeai.kernel.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.edgeai.kernel.ops.Kernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every {@link Kernels} implementation must pass: results against an independent
 * double-precision (float kernels) or exact long (integer kernels) oracle, over awkward sizes
 * (0, 1, primes, non-multiples of every vector width), offsets and leading dimensions larger than
 * the row length. Subclasses supply the implementation.
 */
public abstract class KernelsContract {
    /** Awkward sizes: 0, 1, primes, powers of two and their neighbours. */
    protected static final int[] SIZES = {0, 1, 2, 3, 5, 7, 8, 13, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 257};

    /** @return the implementation under test */
    protected abstract Kernels kernels();

    static Stream<int[]> shapes() {
        RandomGenerator r = Rng.of(11);
        return IntStream.range(0, 40).mapToObj(i -> new int[] {
                SIZES[r.nextInt(SIZES.length)], SIZES[r.nextInt(SIZES.length)], SIZES[r.nextInt(SIZES.length)]});
    }

    static Stream<Integer> lengths() {
        return IntStream.of(SIZES).boxed();
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void gemvF32MatchesDoubleOracle(int[] s) {
        int rows = s[0];
        int cols = s[1];
        int lda = cols + 3;
        RandomGenerator r = Rng.of(rows * 1000L + cols);
        float[] a = Rng.floats(r, 5 + rows * lda, 1f);
        float[] x = Rng.floats(r, 2 + cols, 1f);
        float[] y = new float[4 + rows];
        kernels().gemvF32(rows, cols, a, 5, lda, x, 2, y, 4);
        for (int i = 0; i < rows; i++) {
            double e = 0;
            double abs = 0;
            for (int j = 0; j < cols; j++) {
                double p = (double) a[5 + i * lda + j] * x[2 + j];
                e += p;
                abs += Math.abs(p);
            }
            assertEquals(e, y[4 + i], Tolerances.dot(cols, abs), "row " + i + " of " + rows + "x" + cols);
        }
        for (int i = 0; i < 4; i++) {
            assertEquals(0f, y[i], "gemv wrote before its output offset");
        }
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void gemvF16MatchesDoubleOracleOfDecodedWeights(int[] s) {
        int rows = s[0];
        int cols = s[1];
        int ldw = cols + 1;
        RandomGenerator r = Rng.of(rows * 7L + cols);
        short[] w = new short[3 + rows * ldw];
        for (int i = 0; i < w.length; i++) {
            // cover normals, subnormals, zeros of both signs; no Inf/NaN (they would poison sums)
            float v = switch (r.nextInt(8)) {
                case 0 -> (float) ((r.nextDouble() - 0.5) * 1e-5); // subnormal range of binary16
                case 1 -> r.nextBoolean() ? 0f : -0f;
                default -> (float) ((r.nextDouble() * 2 - 1) * 8);
            };
            w[i] = Float.floatToFloat16(v);
        }
        float[] x = Rng.floats(r, cols, 1f);
        float[] y = new float[rows];
        kernels().gemvF16(rows, cols, w, 3, ldw, x, 0, y, 0);
        for (int i = 0; i < rows; i++) {
            double e = 0;
            double abs = 0;
            for (int j = 0; j < cols; j++) {
                double p = (double) Float.float16ToFloat(w[3 + i * ldw + j]) * x[j];
                e += p;
                abs += Math.abs(p);
            }
            assertEquals(e, y[i], Tolerances.dot(cols, abs), "row " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void gemvI8IsExact(int[] s) {
        int rows = s[0];
        int cols = s[1];
        int ldw = cols + 2;
        RandomGenerator r = Rng.of(rows * 31L + cols);
        byte[] w = Rng.bytes(r, 1 + rows * ldw, -128, 127);
        byte[] x = Rng.bytes(r, 3 + cols, -128, 127);
        int zp = r.nextInt(-128, 128);
        int[] acc = new int[2 + rows];
        kernels().gemvI8(rows, cols, w, 1, ldw, x, 3, zp, acc, 2);
        for (int i = 0; i < rows; i++) {
            long e = 0;
            for (int j = 0; j < cols; j++) {
                e += (long) w[1 + i * ldw + j] * (x[3 + j] - zp);
            }
            assertEquals(e, acc[2 + i], "row " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void gemmF32MatchesDoubleOracle(int[] s) {
        int m = s[0];
        int n = s[1];
        int k = s[2];
        int lda = k + 1;
        int ldb = n + 2;
        int ldc = n + 3;
        RandomGenerator r = Rng.of(m * 10007L + n * 101L + k);
        float[] a = Rng.floats(r, 1 + m * lda, 1f);
        float[] b = Rng.floats(r, 2 + k * ldb, 1f);
        float[] c = new float[3 + m * ldc];
        java.util.Arrays.fill(c, Float.NaN); // every output must be overwritten, padding untouched
        kernels().gemmF32(m, n, k, a, 1, lda, b, 2, ldb, c, 3, ldc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double e = 0;
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    double v = (double) a[1 + i * lda + p] * b[2 + p * ldb + j];
                    e += v;
                    abs += Math.abs(v);
                }
                assertEquals(e, c[3 + i * ldc + j], Tolerances.dot(k, abs), "C[" + i + "," + j + "]");
            }
            for (int j = n; j < ldc && 3 + i * ldc + j < c.length; j++) {
                assertTrue(Float.isNaN(c[3 + i * ldc + j]), "gemm wrote outside C's row " + i + " at column " + j);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void gemmI8IsExact(int[] s) {
        int m = s[0];
        int n = s[1];
        int k = s[2];
        int lda = k + 3;
        int ldb = n + 1;
        int ldc = n + 2;
        RandomGenerator r = Rng.of(m * 7919L + n * 31L + k);
        byte[] a = Rng.bytes(r, m * lda, -127, 127);
        byte[] b = Rng.bytes(r, 4 + k * ldb, -128, 127);
        int zp = r.nextInt(-128, 128);
        int[] c = new int[m * ldc];
        kernels().gemmI8(m, n, k, a, 0, lda, b, 4, ldb, zp, c, 0, ldc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                long e = 0;
                for (int p = 0; p < k; p++) {
                    e += (long) a[i * lda + p] * (b[4 + p * ldb + j] - zp);
                }
                assertEquals(e, c[i * ldc + j], "C[" + i + "," + j + "]");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void elementwiseOpsMatchDefinitions(int n) {
        RandomGenerator r = Rng.of(n);
        float[] a = Rng.floats(r, n + 1, 4f);
        float[] b = Rng.floats(r, n + 2, 4f);
        float[] out = new float[n + 3];
        Kernels k = kernels();
        k.add(n, a, 1, b, 2, out, 3);
        for (int i = 0; i < n; i++) {
            assertEquals(a[1 + i] + b[2 + i], out[3 + i], 0f);
        }
        k.mul(n, a, 1, b, 2, out, 3);
        for (int i = 0; i < n; i++) {
            assertEquals(a[1 + i] * b[2 + i], out[3 + i], 0f);
        }
        k.scale(n, a, 1, -1.5f, out, 3);
        for (int i = 0; i < n; i++) {
            assertEquals(-1.5f * a[1 + i], out[3 + i], 0f);
        }
        float[] y = b.clone();
        k.axpy(n, 0.25f, a, 1, y, 2);
        for (int i = 0; i < n; i++) {
            assertEquals(b[2 + i] + 0.25 * a[1 + i], y[2 + i], 2 * Math.ulp(Math.abs(b[2 + i]) + Math.abs(a[1 + i])));
        }
        double e = 0;
        double abs = 0;
        for (int i = 0; i < n; i++) {
            e += (double) a[1 + i] * b[2 + i];
            abs += Math.abs((double) a[1 + i] * b[2 + i]);
        }
        assertEquals(e, k.dot(n, a, 1, b, 2), Tolerances.dot(n, abs));
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void int8QuantizationRoundsHalfToEvenSaturatesAndMapsNanToTheZeroPoint(int n) {
        RandomGenerator r = Rng.of(300 + n);
        float[] x = new float[n + 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = switch (r.nextInt(9)) {
                case 0 -> (r.nextInt(81) - 40) * 0.5f * 0.1f;       // exact halves of the scale below: ties
                case 1 -> Float.NaN;
                case 2 -> r.nextBoolean() ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
                case 3 -> (float) ((r.nextDouble() - 0.5) * 1e9);  // far beyond the int8 range
                case 4 -> r.nextBoolean() ? 0f : -0f;
                default -> (float) ((r.nextDouble() - 0.5) * 30);  // around and beyond +-12.7
            };
        }
        Kernels k = kernels();
        for (int zp : new int[] {0, -128, 5, 127}) {
            float scale = 0.1f;
            byte[] out = new byte[n + 4];
            k.quantizeI8(n, x, 2, scale, zp, out, 3);
            for (int i = 0; i < n; i++) {
                float v = x[2 + i];
                float q = v / scale;                              // the float division the definition uses
                long expected = Float.isNaN(q) ? zp : Math.max(-128, Math.min(127, (long) Math.rint((double) q) + zp));
                if (Double.isInfinite(q)) {
                    expected = q > 0 ? 127 : -128;
                }
                assertEquals(expected, out[3 + i], "x=" + v + " zp=" + zp);
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(0, out[i], "quantizeI8 wrote before its output offset");
            }
        }
        float[] finite = Rng.floats(r, n + 1, 7f);
        float max = 0f;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Math.abs(finite[1 + i]));
        }
        assertEquals(max, k.maxAbs(n, finite, 1), 0f);
        if (n > 0) {
            finite[1 + n / 2] = Float.NaN;
            assertTrue(Float.isNaN(k.maxAbs(n, finite, 1)), "a NaN makes maxAbs NaN");
        }
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void activationsMatchMathLibrary(int n) {
        RandomGenerator r = Rng.of(100 + n);
        float[] x = Rng.floats(r, n, 12f);
        if (n > 2) {
            x[0] = 0f;
            x[1] = -90f; // saturation must not produce NaN
            x[2] = 90f;
        }
        float[] out = new float[n];
        Kernels k = kernels();
        k.sigmoid(n, x, 0, out, 0);
        for (int i = 0; i < n; i++) {
            assertEquals(1.0 / (1.0 + Math.exp(-x[i])), out[i], 4e-7, "sigmoid(" + x[i] + ")");
        }
        k.tanh(n, x, 0, out, 0);
        for (int i = 0; i < n; i++) {
            assertEquals(Math.tanh(x[i]), out[i], 4e-7, "tanh(" + x[i] + ")");
        }
        k.relu(n, x, 0, out, 0);
        for (int i = 0; i < n; i++) {
            assertEquals(Math.max(0f, x[i]), out[i], 0f);
        }
        // in-place aliasing is allowed
        float[] y = x.clone();
        k.tanh(n, y, 0, y, 0);
        for (int i = 0; i < n; i++) {
            assertEquals(Math.tanh(x[i]), y[i], 4e-7);
        }
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void softmaxIsStableAndNormalized(int n) {
        RandomGenerator r = Rng.of(200 + n);
        float[] x = Rng.floats(r, n, 30f);
        for (int i = 0; i < n; i += 5) {
            x[i] += 500f; // would overflow exp() without the max shift
        }
        float[] out = new float[n];
        kernels().softmax(n, x, 0, out, 0);
        if (n == 0) {
            return;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float v : x) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : x) {
            sum += Math.exp(v - max);
        }
        double total = 0;
        for (int i = 0; i < n; i++) {
            double e = Math.exp(x[i] - max) / sum;
            assertEquals(e, out[i], 1e-6 + 1e-5 * e, "softmax[" + i + "]");
            total += out[i];
        }
        assertEquals(1.0, total, 1e-5);
    }
}
