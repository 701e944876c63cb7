package org.edgeai.kernel.simd;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.edgeai.kernel.ops.Kernels;
import org.edgeai.kernel.quant.Quantization;

/**
 * Vector API (JEP 508) implementation of {@link Kernels} on the platform's preferred vector shape
 * (512 bits with AVX-512, 256 with AVX2). On a 128-bit preferred shape (NEON, SSE-only, {@code -XX:MaxVectorSize=16})
 * the byte species below would be 32 bits wide, which the Vector API does not offer: the class then fails to
 * initialise and {@link Kernels#best()} falls back to the scalar reference kernels, reporting why (a known limit).
 *
 * <p>Blocking: GEMV processes 4 rows per pass so each {@code x} chunk is loaded once for 4 dot
 * products; GEMM uses a 4-row x 2-vector register tile over the whole {@code k} loop (8
 * accumulators), iterating row blocks outside column blocks so the {@code B} panel stays in L2.
 * int8 kernels widen bytes to int32 lanes ({@code B2I}) and accumulate exactly. f16 GEMV decodes
 * 4 rows x 256 columns at a time into a per-thread f32 block (see {@link #gemvF16}).
 *
 * @implNote Stateless apart from a per-thread f16 decode block; allocation-free in steady state; thread-safe. Loaded reflectively by
 * {@link Kernels#best()} so the kernel runs without {@code jdk.incubator.vector}.
 */
public final class VectorKernels implements Kernels {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final int FL = FS.length();
    private static final VectorSpecies<Integer> IS = IntVector.SPECIES_PREFERRED;
    private static final int IL = IS.length();
    /** Byte species with as many lanes as {@link #IS}: B2I widens it to exactly one int vector. */
    private static final VectorSpecies<Byte> BS = VectorSpecies.of(byte.class, VectorShape.forBitSize(IL * 8));

    /** Public no-argument constructor for reflective loading. */
    public VectorKernels() {
    }

    @Override
    public String name() {
        return "vector-" + FS.vectorBitSize();
    }

    @Override
    public int vectorBits() {
        return FS.vectorBitSize();
    }

    // ------------------------------------------------------------------------------------ f32

    @Override
    public void gemvF32(int rows, int cols, float[] a, int aOff, int lda, float[] x, int xOff, float[] y, int yOff) {
        int ub = FS.loopBound(cols);
        int i = 0;
        for (; i + 4 <= rows; i += 4) {
            int r0 = aOff + i * lda;
            int r1 = r0 + lda;
            int r2 = r1 + lda;
            int r3 = r2 + lda;
            FloatVector s0 = FloatVector.zero(FS);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            int j = 0;
            for (; j < ub; j += FL) {
                FloatVector xv = FloatVector.fromArray(FS, x, xOff + j);
                s0 = FloatVector.fromArray(FS, a, r0 + j).fma(xv, s0);
                s1 = FloatVector.fromArray(FS, a, r1 + j).fma(xv, s1);
                s2 = FloatVector.fromArray(FS, a, r2 + j).fma(xv, s2);
                s3 = FloatVector.fromArray(FS, a, r3 + j).fma(xv, s3);
            }
            float t0 = s0.reduceLanes(VectorOperators.ADD);
            float t1 = s1.reduceLanes(VectorOperators.ADD);
            float t2 = s2.reduceLanes(VectorOperators.ADD);
            float t3 = s3.reduceLanes(VectorOperators.ADD);
            for (; j < cols; j++) {
                float xj = x[xOff + j];
                t0 += a[r0 + j] * xj;
                t1 += a[r1 + j] * xj;
                t2 += a[r2 + j] * xj;
                t3 += a[r3 + j] * xj;
            }
            y[yOff + i] = t0;
            y[yOff + i + 1] = t1;
            y[yOff + i + 2] = t2;
            y[yOff + i + 3] = t3;
        }
        for (; i < rows; i++) {
            y[yOff + i] = dot(cols, a, aOff + i * lda, x, xOff);
        }
    }

    @Override
    public void gemmF32(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                        float[] c, int cOff, int ldc) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int a0 = aOff + i * lda;
            int c0 = cOff + i * ldc;
            int j = 0;
            for (; j + 2 * FL <= n; j += 2 * FL) {
                gemmTile4x2(k, a, a0, lda, b, bOff + j, ldb, c, c0 + j, ldc);
            }
            for (; j < n; j += FL) {
                VectorMask<Float> mask = FS.indexInRange(j, n);
                gemmTile4x1(k, a, a0, lda, b, bOff + j, ldb, c, c0 + j, ldc, mask);
            }
        }
        for (; i < m; i++) {
            int ai = aOff + i * lda;
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j += FL) {
                VectorMask<Float> mask = FS.indexInRange(j, n);
                FloatVector s = FloatVector.zero(FS);
                for (int p = 0; p < k; p++) {
                    FloatVector bv = FloatVector.fromArray(FS, b, bOff + p * ldb + j, mask);
                    s = bv.fma(FloatVector.broadcast(FS, a[ai + p]), s);
                }
                s.intoArray(c, ci + j, mask);
            }
        }
    }

    private static void gemmTile4x2(int k, float[] a, int a0, int lda, float[] b, int b0, int ldb,
                                    float[] c, int c0, int ldc) {
        FloatVector c00 = FloatVector.zero(FS);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        for (int p = 0; p < k; p++) {
            int bp = b0 + p * ldb;
            FloatVector b0v = FloatVector.fromArray(FS, b, bp);
            FloatVector b1v = FloatVector.fromArray(FS, b, bp + FL);
            FloatVector av = FloatVector.broadcast(FS, a[a0 + p]);
            c00 = b0v.fma(av, c00);
            c01 = b1v.fma(av, c01);
            av = FloatVector.broadcast(FS, a[a1 + p]);
            c10 = b0v.fma(av, c10);
            c11 = b1v.fma(av, c11);
            av = FloatVector.broadcast(FS, a[a2 + p]);
            c20 = b0v.fma(av, c20);
            c21 = b1v.fma(av, c21);
            av = FloatVector.broadcast(FS, a[a3 + p]);
            c30 = b0v.fma(av, c30);
            c31 = b1v.fma(av, c31);
        }
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + FL);
        c10.intoArray(c, c0 + ldc);
        c11.intoArray(c, c0 + ldc + FL);
        c20.intoArray(c, c0 + 2 * ldc);
        c21.intoArray(c, c0 + 2 * ldc + FL);
        c30.intoArray(c, c0 + 3 * ldc);
        c31.intoArray(c, c0 + 3 * ldc + FL);
    }

    private static void gemmTile4x1(int k, float[] a, int a0, int lda, float[] b, int b0, int ldb,
                                    float[] c, int c0, int ldc, VectorMask<Float> mask) {
        FloatVector s0 = FloatVector.zero(FS);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        for (int p = 0; p < k; p++) {
            FloatVector bv = FloatVector.fromArray(FS, b, b0 + p * ldb, mask);
            s0 = bv.fma(FloatVector.broadcast(FS, a[a0 + p]), s0);
            s1 = bv.fma(FloatVector.broadcast(FS, a[a0 + lda + p]), s1);
            s2 = bv.fma(FloatVector.broadcast(FS, a[a0 + 2 * lda + p]), s2);
            s3 = bv.fma(FloatVector.broadcast(FS, a[a0 + 3 * lda + p]), s3);
        }
        s0.intoArray(c, c0, mask);
        s1.intoArray(c, c0 + ldc, mask);
        s2.intoArray(c, c0 + 2 * ldc, mask);
        s3.intoArray(c, c0 + 3 * ldc, mask);
    }

    @Override
    public float dot(int n, float[] a, int aOff, float[] b, int bOff) {
        int ub = FS.loopBound(n);
        FloatVector s = FloatVector.zero(FS);
        int i = 0;
        for (; i < ub; i += FL) {
            s = FloatVector.fromArray(FS, a, aOff + i).fma(FloatVector.fromArray(FS, b, bOff + i), s);
        }
        float t = s.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            t += a[aOff + i] * b[bOff + i];
        }
        return t;
    }

    // ------------------------------------------------------------------------------------ f16

    /** Columns decoded per block; 4 rows x 256 floats = 4 KiB of scratch per thread. */
    private static final int F16_BLOCK = 256;
    /** Per-thread decode buffer: thread-safe, allocation-free after a thread's first call. */
    private static final ThreadLocal<float[]> F16_SCRATCH = ThreadLocal.withInitial(() -> new float[4 * F16_BLOCK]);

    /**
     * Decodes binary16 weights block by block with {@link Float#float16ToFloat}, which C2
     * intrinsifies and vectorizes ({@code vcvtph2ps} on x86, {@code fcvtl} on AArch64), into a
     * per-thread f32 block, then runs the f32 FMA loop on it. Measured 3-4x faster than decoding
     * binary16 bit patterns with Vector API integer operations in registers.
     */
    @Override
    public void gemvF16(int rows, int cols, short[] w, int wOff, int ldw, float[] x, int xOff, float[] y, int yOff) {
        float[] s = F16_SCRATCH.get();
        final int bl = F16_BLOCK;
        int i = 0;
        for (; i + 4 <= rows; i += 4) {
            FloatVector s0 = FloatVector.zero(FS);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            float t0 = 0f;
            float t1 = 0f;
            float t2 = 0f;
            float t3 = 0f;
            for (int j0 = 0; j0 < cols; j0 += bl) {
                int len = Math.min(bl, cols - j0);
                for (int r = 0; r < 4; r++) {
                    int src = wOff + (i + r) * ldw + j0;
                    int dst = r * bl;
                    for (int j = 0; j < len; j++) {
                        s[dst + j] = Float.float16ToFloat(w[src + j]);
                    }
                }
                int ub = FS.loopBound(len);
                int j = 0;
                for (; j < ub; j += FL) {
                    FloatVector xv = FloatVector.fromArray(FS, x, xOff + j0 + j);
                    s0 = FloatVector.fromArray(FS, s, j).fma(xv, s0);
                    s1 = FloatVector.fromArray(FS, s, bl + j).fma(xv, s1);
                    s2 = FloatVector.fromArray(FS, s, 2 * bl + j).fma(xv, s2);
                    s3 = FloatVector.fromArray(FS, s, 3 * bl + j).fma(xv, s3);
                }
                for (; j < len; j++) {
                    float xj = x[xOff + j0 + j];
                    t0 += s[j] * xj;
                    t1 += s[bl + j] * xj;
                    t2 += s[2 * bl + j] * xj;
                    t3 += s[3 * bl + j] * xj;
                }
            }
            y[yOff + i] = t0 + s0.reduceLanes(VectorOperators.ADD);
            y[yOff + i + 1] = t1 + s1.reduceLanes(VectorOperators.ADD);
            y[yOff + i + 2] = t2 + s2.reduceLanes(VectorOperators.ADD);
            y[yOff + i + 3] = t3 + s3.reduceLanes(VectorOperators.ADD);
        }
        for (; i < rows; i++) {
            FloatVector acc = FloatVector.zero(FS);
            float t = 0f;
            for (int j0 = 0; j0 < cols; j0 += bl) {
                int len = Math.min(bl, cols - j0);
                int src = wOff + i * ldw + j0;
                for (int j = 0; j < len; j++) {
                    s[j] = Float.float16ToFloat(w[src + j]);
                }
                int ub = FS.loopBound(len);
                int j = 0;
                for (; j < ub; j += FL) {
                    acc = FloatVector.fromArray(FS, s, j).fma(FloatVector.fromArray(FS, x, xOff + j0 + j), acc);
                }
                for (; j < len; j++) {
                    t += s[j] * x[xOff + j0 + j];
                }
            }
            y[yOff + i] = t + acc.reduceLanes(VectorOperators.ADD);
        }
    }

    // ------------------------------------------------------------------------------------ int8

    private static IntVector widen(byte[] v, int off) {
        return (IntVector) ByteVector.fromArray(BS, v, off).convertShape(VectorOperators.B2I, IS, 0);
    }

    private static IntVector widen(byte[] v, int off, VectorMask<Byte> mask) {
        return (IntVector) ByteVector.fromArray(BS, v, off, mask).convertShape(VectorOperators.B2I, IS, 0);
    }

    @Override
    public void gemvI8(int rows, int cols, byte[] w, int wOff, int ldw, byte[] x, int xOff, int xZeroPoint,
                       int[] acc, int accOff) {
        int ub = BS.loopBound(cols);
        int i = 0;
        for (; i + 4 <= rows; i += 4) {
            int r0 = wOff + i * ldw;
            IntVector s0 = IntVector.zero(IS);
            IntVector s1 = s0;
            IntVector s2 = s0;
            IntVector s3 = s0;
            int j = 0;
            for (; j < ub; j += IL) {
                IntVector xv = widen(x, xOff + j).sub(xZeroPoint);
                s0 = s0.add(widen(w, r0 + j).mul(xv));
                s1 = s1.add(widen(w, r0 + ldw + j).mul(xv));
                s2 = s2.add(widen(w, r0 + 2 * ldw + j).mul(xv));
                s3 = s3.add(widen(w, r0 + 3 * ldw + j).mul(xv));
            }
            int t0 = s0.reduceLanes(VectorOperators.ADD);
            int t1 = s1.reduceLanes(VectorOperators.ADD);
            int t2 = s2.reduceLanes(VectorOperators.ADD);
            int t3 = s3.reduceLanes(VectorOperators.ADD);
            for (; j < cols; j++) {
                int xj = x[xOff + j] - xZeroPoint;
                t0 += w[r0 + j] * xj;
                t1 += w[r0 + ldw + j] * xj;
                t2 += w[r0 + 2 * ldw + j] * xj;
                t3 += w[r0 + 3 * ldw + j] * xj;
            }
            acc[accOff + i] = t0;
            acc[accOff + i + 1] = t1;
            acc[accOff + i + 2] = t2;
            acc[accOff + i + 3] = t3;
        }
        for (; i < rows; i++) {
            int r = wOff + i * ldw;
            IntVector s = IntVector.zero(IS);
            int j = 0;
            for (; j < ub; j += IL) {
                s = s.add(widen(w, r + j).mul(widen(x, xOff + j).sub(xZeroPoint)));
            }
            int t = s.reduceLanes(VectorOperators.ADD);
            for (; j < cols; j++) {
                t += w[r + j] * (x[xOff + j] - xZeroPoint);
            }
            acc[accOff + i] = t;
        }
    }

    @Override
    public void gemmI8(int m, int n, int k, byte[] a, int aOff, int lda, byte[] b, int bOff, int ldb, int bZeroPoint,
                       int[] c, int cOff, int ldc) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int a0 = aOff + i * lda;
            for (int j = 0; j < n; j += IL) {
                VectorMask<Byte> bm = BS.indexInRange(j, n);
                VectorMask<Integer> im = IS.indexInRange(j, n);
                IntVector s0 = IntVector.zero(IS);
                IntVector s1 = s0;
                IntVector s2 = s0;
                IntVector s3 = s0;
                for (int p = 0; p < k; p++) {
                    IntVector bv = widen(b, bOff + p * ldb + j, bm).sub(bZeroPoint);
                    s0 = s0.add(bv.mul(a[a0 + p]));
                    s1 = s1.add(bv.mul(a[a0 + lda + p]));
                    s2 = s2.add(bv.mul(a[a0 + 2 * lda + p]));
                    s3 = s3.add(bv.mul(a[a0 + 3 * lda + p]));
                }
                int ci = cOff + i * ldc + j;
                s0.intoArray(c, ci, im);
                s1.intoArray(c, ci + ldc, im);
                s2.intoArray(c, ci + 2 * ldc, im);
                s3.intoArray(c, ci + 3 * ldc, im);
            }
        }
        for (; i < m; i++) {
            int ai = aOff + i * lda;
            for (int j = 0; j < n; j += IL) {
                VectorMask<Byte> bm = BS.indexInRange(j, n);
                IntVector s = IntVector.zero(IS);
                for (int p = 0; p < k; p++) {
                    s = s.add(widen(b, bOff + p * ldb + j, bm).sub(bZeroPoint).mul(a[ai + p]));
                }
                s.intoArray(c, cOff + i * ldc + j, IS.indexInRange(j, n));
            }
        }
    }

    // ------------------------------------------------------------------------------------ elementwise

    @Override
    public void add(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        int i = 0;
        for (int ub = FS.loopBound(n); i < ub; i += FL) {
            FloatVector.fromArray(FS, a, aOff + i).add(FloatVector.fromArray(FS, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = a[aOff + i] + b[bOff + i];
        }
    }

    @Override
    public void mul(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        int i = 0;
        for (int ub = FS.loopBound(n); i < ub; i += FL) {
            FloatVector.fromArray(FS, a, aOff + i).mul(FloatVector.fromArray(FS, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = a[aOff + i] * b[bOff + i];
        }
    }

    @Override
    public void scale(int n, float[] a, int aOff, float s, float[] out, int outOff) {
        int i = 0;
        for (int ub = FS.loopBound(n); i < ub; i += FL) {
            FloatVector.fromArray(FS, a, aOff + i).mul(s).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = s * a[aOff + i];
        }
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        for (int ub = FS.loopBound(n); i < ub; i += FL) {
            FloatVector.fromArray(FS, x, xOff + i).fma(FloatVector.broadcast(FS, alpha), FloatVector.fromArray(FS, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void sigmoid(int n, float[] x, int xOff, float[] out, int outOff) {
        int i = 0;
        for (int ub = FS.loopBound(n); i < ub; i += FL) {
            FloatVector e = FloatVector.fromArray(FS, x, xOff + i).neg().lanewise(VectorOperators.EXP);
            FloatVector.broadcast(FS, 1f).div(e.add(1f)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = (float) (1.0 / (1.0 + Math.exp(-x[xOff + i])));
        }
    }

    @Override
    public float maxAbs(int n, float[] x, int xOff) {
        // compare + blend only: lanewise MAX/ABS on floats are not intrinsified everywhere (profiled)
        int i = 0;
        FloatVector m = FloatVector.zero(FS);
        VectorMask<Float> nan = FS.maskAll(false);
        for (int ub = FS.loopBound(n); i < ub; i += FL) {
            FloatVector v = FloatVector.fromArray(FS, x, xOff + i);
            v = v.blend(v.neg(), v.compare(VectorOperators.LT, 0f));
            nan = nan.or(v.compare(VectorOperators.NE, v));
            m = m.blend(v, v.compare(VectorOperators.GT, m));
        }
        if (nan.anyTrue()) {
            return Float.NaN;
        }
        float max = 0f;
        for (int l = 0; l < FL; l++) {
            max = Math.max(max, m.lane(l));
        }
        for (; i < n; i++) {
            max = Math.max(max, Math.abs(x[xOff + i]));
        }
        return max;
    }

    /** 1.5 * 2^23: adding and subtracting it rounds a float of magnitude <= 2^22 to an integer, ties to even. */
    private static final float RINT_MAGIC = 12582912f;

    private static FloatVector clamp(FloatVector v, float lo, float hi) {
        return v.blend(lo, v.compare(VectorOperators.LT, lo)).blend(hi, v.compare(VectorOperators.GT, hi));
    }

    @Override
    public void quantizeI8(int n, float[] x, int xOff, float scale, int zeroPoint, byte[] out, int outOff) {
        int i = 0;
        float zp = zeroPoint;
        for (int ub = FS.loopBound(n); i < ub; i += FL) {
            FloatVector r = FloatVector.fromArray(FS, x, xOff + i).div(scale);
            VectorMask<Float> nan = r.compare(VectorOperators.NE, r);
            // clamp first (beyond +-256 the result saturates anyway), then rint, shift, saturate
            r = clamp(clamp(r, -256f, 256f).add(RINT_MAGIC).sub(RINT_MAGIC).add(zp), -128f, 127f).blend(zp, nan);
            ((ByteVector) r.convertShape(VectorOperators.F2B, BS, 0)).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = Quantization.quantize(x[xOff + i], scale, zeroPoint);
        }
    }

    @Override
    public void tanh(int n, float[] x, int xOff, float[] out, int outOff) {
        int i = 0;
        for (int ub = FS.loopBound(n); i < ub; i += FL) {
            FloatVector.fromArray(FS, x, xOff + i).lanewise(VectorOperators.TANH).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = (float) Math.tanh(x[xOff + i]);
        }
    }

    @Override
    public void relu(int n, float[] x, int xOff, float[] out, int outOff) {
        int i = 0;
        for (int ub = FS.loopBound(n); i < ub; i += FL) {
            FloatVector.fromArray(FS, x, xOff + i).max(0f).intoArray(out, outOff + i);
        }
        for (; i < n; i++) {
            out[outOff + i] = Math.max(x[xOff + i], 0f);
        }
    }

    @Override
    public void softmax(int n, float[] x, int xOff, float[] out, int outOff) {
        if (n == 0) {
            return;
        }
        int ub = FS.loopBound(n);
        FloatVector mv = FloatVector.broadcast(FS, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i < ub; i += FL) {
            mv = mv.max(FloatVector.fromArray(FS, x, xOff + i));
        }
        float max = mv.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            max = Math.max(max, x[xOff + i]);
        }
        FloatVector sv = FloatVector.zero(FS);
        i = 0;
        for (; i < ub; i += FL) {
            FloatVector e = FloatVector.fromArray(FS, x, xOff + i).sub(max).lanewise(VectorOperators.EXP);
            e.intoArray(out, outOff + i);
            sv = sv.add(e);
        }
        double sum = sv.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float e = (float) Math.exp(x[xOff + i] - max);
            out[outOff + i] = e;
            sum += e;
        }
        scale(n, out, outOff, (float) (1.0 / sum), out, outOff);
    }
}
