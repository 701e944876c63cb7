package org.edgeai.kernel.ops;

import java.util.Locale;

/**
 * The numeric kernels every on-device model runs on: GEMV/GEMM in f32, int8 and f16 storage,
 * elementwise arithmetic and activations.
 *
 * <p>Two implementations exist: {@link #reference()}, plain scalar Java that serves as the oracle,
 * and a Vector API implementation (JEP 508, incubating in JDK 25) returned by {@link #best()} when
 * {@code jdk.incubator.vector} is resolved. Both pass the same contract tests; integer kernels agree
 * exactly, float kernels within a summation-order tolerance.
 *
 * <p>Conventions for every method: matrices are row-major with an explicit offset and leading
 * dimension (row stride, {@code >= cols}); vectors are contiguous from their offset; output arrays
 * are <b>Modified</b>, inputs are <b>Not modified</b>; outputs must not alias inputs unless the
 * method says so. Sizes may be 0. Kernels run on the caller's thread, allocate nothing and keep no
 * state, so an instance is thread-safe. Hot paths do not validate bounds beyond what the JVM does
 * (an out-of-range offset throws {@link ArrayIndexOutOfBoundsException}).
 */
public interface Kernels {

    /** @return a short name, e.g. {@code "reference"} or {@code "vector-512"} */
    String name();

    /** @return the SIMD register width in bits used by this implementation (0 for scalar) */
    int vectorBits();

    /**
     * f32 GEMV: {@code y[i] = sum_j A[i, j] * x[j]} for {@code i < rows}, {@code j < cols}.
     *
     * @param a {@code A[i, j] = a[aOff + i * lda + j]}
     * @param y overwritten, length {@code rows} from {@code yOff}
     */
    void gemvF32(int rows, int cols, float[] a, int aOff, int lda, float[] x, int xOff, float[] y, int yOff);

    /**
     * f16-storage GEMV with f32 accumulation: {@code y[i] = sum_j f32(W[i, j]) * x[j]}.
     *
     * @param w binary16 bit patterns ({@link Float#floatToFloat16}), {@code W[i, j] = w[wOff + i * ldw + j]}
     * @param y overwritten
     */
    void gemvF16(int rows, int cols, short[] w, int wOff, int ldw, float[] x, int xOff, float[] y, int yOff);

    /**
     * int8 GEMV with int32 accumulation: {@code acc[i] = sum_j W[i, j] * (x[j] - xZeroPoint)}.
     * Exact (no overflow for {@code cols < 2^16}).
     *
     * @param w          int8 weights, {@code W[i, j] = w[wOff + i * ldw + j]}
     * @param x          int8 activations
     * @param xZeroPoint zero point of {@code x}, in [-128, 127]
     * @param acc        overwritten int32 accumulators, length {@code rows} from {@code accOff}
     */
    void gemvI8(int rows, int cols, byte[] w, int wOff, int ldw, byte[] x, int xOff, int xZeroPoint, int[] acc, int accOff);

    /**
     * f32 GEMM: {@code C[i, j] = sum_p A[i, p] * B[p, j]}, {@code A in R^{m x k}}, {@code B in R^{k x n}}.
     *
     * @param c overwritten {@code C[i, j] = c[cOff + i * ldc + j]}
     */
    void gemmF32(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                 float[] c, int cOff, int ldc);

    /**
     * int8 GEMM with int32 accumulation: {@code C[i, j] = sum_p A[i, p] * (B[p, j] - bZeroPoint)}.
     * {@code A} holds weights (symmetric, zero point 0), {@code B} activations.
     *
     * @param c overwritten int32 accumulators
     */
    void gemmI8(int m, int n, int k, byte[] a, int aOff, int lda, byte[] b, int bOff, int ldb, int bZeroPoint,
                int[] c, int cOff, int ldc);

    /** @return {@code sum_i a[i] * b[i]} over {@code n} elements */
    float dot(int n, float[] a, int aOff, float[] b, int bOff);

    /** {@code out[i] = a[i] + b[i]}; {@code out} may alias {@code a} or {@code b} at the same offset. */
    void add(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff);

    /** {@code out[i] = a[i] * b[i]}; {@code out} may alias {@code a} or {@code b} at the same offset. */
    void mul(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff);

    /** {@code out[i] = s * a[i]}; {@code out} may alias {@code a} at the same offset. */
    void scale(int n, float[] a, int aOff, float s, float[] out, int outOff);

    /** {@code y[i] += alpha * x[i]} (y modified). */
    void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

    /**
     * Largest magnitude {@code max_i |x[i]|} of {@code n} values, as {@code Math.max} folds it: 0 for
     * {@code n == 0}, NaN if any value is NaN.
     */
    float maxAbs(int n, float[] x, int xOff);

    /**
     * Affine int8 quantization, element by element exactly
     * {@link org.edgeai.kernel.quant.Quantization#quantize(float, float, int)}:
     * {@code out[i] = saturate(rint(x[i] / scale) + zeroPoint)} (round half to even, saturate to
     * [-128, 127]); NaN maps to the zero point.
     *
     * @param scale     positive scale
     * @param zeroPoint zero point in [-128, 127]
     */
    void quantizeI8(int n, float[] x, int xOff, float scale, int zeroPoint, byte[] out, int outOff);

    /** {@code out[i] = 1 / (1 + exp(-x[i]))}; may alias at the same offset. */
    void sigmoid(int n, float[] x, int xOff, float[] out, int outOff);

    /** {@code out[i] = tanh(x[i])}; may alias at the same offset. */
    void tanh(int n, float[] x, int xOff, float[] out, int outOff);

    /** {@code out[i] = max(x[i], 0)}; may alias at the same offset. */
    void relu(int n, float[] x, int xOff, float[] out, int outOff);

    /**
     * Numerically stable softmax {@code out[i] = exp(x[i] - max) / sum_j exp(x[j] - max)}; may alias
     * at the same offset. {@code n == 0} does nothing.
     */
    void softmax(int n, float[] x, int xOff, float[] out, int outOff);

    // ------------------------------------------------------------------------------------ selection

    /** @return the scalar reference kernels (the oracle) */
    static Kernels reference() {
        return ReferenceKernels.INSTANCE;
    }

    /**
     * The fastest kernels available: the Vector API implementation when {@code jdk.incubator.vector}
     * is resolved (JVM flag {@code --add-modules jdk.incubator.vector}), else {@link #reference()}.
     * The system property {@code edgeai.kernels=reference|vector} forces a choice.
     *
     * @return a shared, thread-safe instance
     */
    static Kernels best() {
        return KernelSelection.BEST;
    }

    /** @return true when the Vector API implementation could be loaded */
    static boolean vectorAvailable() {
        return KernelSelection.VECTOR != null;
    }

    /** @return the Vector API kernels @throws IllegalStateException when the Vector API is not resolved */
    static Kernels vector() {
        if (KernelSelection.VECTOR == null) {
            throw new IllegalStateException("Vector API kernels unavailable: run the JVM with --add-modules jdk.incubator.vector ("
                    + KernelSelection.VECTOR_PROBLEM + ")");
        }
        return KernelSelection.VECTOR;
    }
}

/** Loads the optional Vector API implementation once. */
final class KernelSelection {
    static final String VECTOR_PROBLEM;
    static final Kernels VECTOR;
    static final Kernels BEST;

    static {
        Kernels v = null;
        String problem = null;
        try {
            Class<?> c = Class.forName("org.edgeai.kernel.simd.VectorKernels");
            v = (Kernels) c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            problem = e.toString();
        }
        VECTOR = v;
        VECTOR_PROBLEM = problem;
        String forced = System.getProperty("edgeai.kernels", "").toLowerCase(Locale.ROOT);
        BEST = forced.equals("reference") || v == null ? ReferenceKernels.INSTANCE : v;
    }

    private KernelSelection() {
    }
}
