package org.edgeai.kernel.ops;

import org.edgeai.kernel.quant.Quantization;

/**
 * Scalar reference kernels: the plain, readable oracle every faster implementation is checked
 * against. Summation is strictly left to right in the declared order. See {@link Kernels} for the
 * contract of each method.
 *
 * @implNote Stateless and allocation-free; thread-safe.
 */
public final class ReferenceKernels implements Kernels {
    /** The shared instance. */
    public static final ReferenceKernels INSTANCE = new ReferenceKernels();

    private ReferenceKernels() {
    }

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public int vectorBits() {
        return 0;
    }

    @Override
    public void gemvF32(int rows, int cols, float[] a, int aOff, int lda, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < rows; i++) {
            float s = 0f;
            int row = aOff + i * lda;
            for (int j = 0; j < cols; j++) {
                s += a[row + j] * x[xOff + j];
            }
            y[yOff + i] = s;
        }
    }

    @Override
    public void gemvF16(int rows, int cols, short[] w, int wOff, int ldw, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < rows; i++) {
            float s = 0f;
            int row = wOff + i * ldw;
            for (int j = 0; j < cols; j++) {
                s += Float.float16ToFloat(w[row + j]) * x[xOff + j];
            }
            y[yOff + i] = s;
        }
    }

    @Override
    public void gemvI8(int rows, int cols, byte[] w, int wOff, int ldw, byte[] x, int xOff, int xZeroPoint,
                       int[] acc, int accOff) {
        for (int i = 0; i < rows; i++) {
            int s = 0;
            int row = wOff + i * ldw;
            for (int j = 0; j < cols; j++) {
                s += w[row + j] * (x[xOff + j] - xZeroPoint);
            }
            acc[accOff + i] = s;
        }
    }

    @Override
    public void gemmF32(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    s += a[aOff + i * lda + p] * b[bOff + p * ldb + j];
                }
                c[cOff + i * ldc + j] = s;
            }
        }
    }

    @Override
    public void gemmI8(int m, int n, int k, byte[] a, int aOff, int lda, byte[] b, int bOff, int ldb, int bZeroPoint,
                       int[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[aOff + i * lda + p] * (b[bOff + p * ldb + j] - bZeroPoint);
                }
                c[cOff + i * ldc + j] = s;
            }
        }
    }

    @Override
    public float dot(int n, float[] a, int aOff, float[] b, int bOff) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    @Override
    public void add(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] + b[bOff + i];
        }
    }

    @Override
    public void mul(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] * b[bOff + i];
        }
    }

    @Override
    public void scale(int n, float[] a, int aOff, float s, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = s * a[aOff + i];
        }
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void sigmoid(int n, float[] x, int xOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = (float) (1.0 / (1.0 + Math.exp(-x[xOff + i])));
        }
    }

    @Override
    public float maxAbs(int n, float[] x, int xOff) {
        float max = 0f;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Math.abs(x[xOff + i]));
        }
        return max;
    }

    @Override
    public void quantizeI8(int n, float[] x, int xOff, float scale, int zeroPoint, byte[] out, int outOff) {
        Quantization.quantize(x, xOff, n, scale, zeroPoint, out, outOff);
    }

    @Override
    public void tanh(int n, float[] x, int xOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = (float) Math.tanh(x[xOff + i]);
        }
    }

    @Override
    public void relu(int n, float[] x, int xOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = Math.max(x[xOff + i], 0f);
        }
    }

    @Override
    public void softmax(int n, float[] x, int xOff, float[] out, int outOff) {
        if (n == 0) {
            return;
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[xOff + i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(x[xOff + i] - max);
            out[outOff + i] = e;
            sum += e;
        }
        float inv = (float) (1.0 / sum);
        for (int i = 0; i < n; i++) {
            out[outOff + i] *= inv;
        }
    }
}
