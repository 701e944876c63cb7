package org.edgeai.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.edgeai.kernel.ops.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * GEMV (f32, int8, f16 storage) and GEMM (f32, int8) on the acceptance sizes, for the scalar
 * reference and the Vector API kernels. {@code shape} is {@code MxK}: the matrix has M rows and K
 * columns; GEMV multiplies it by a K-vector, GEMM by a {@code K x N} matrix with {@code N = 256}
 * columns (a batch of 256 vectors). One operation = one multiply + one add, so a GEMV performs
 * {@code 2*M*K} ops and a GEMM {@code 2*M*N*K}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
@State(Scope.Thread)
public class KernelBench {
    /** Columns of the GEMM right-hand side. */
    public static final int GEMM_N = 256;

    @Param({"256x256", "1024x1024", "4096x1024"})
    public String shape;

    @Param({"reference", "vector"})
    public String impl;

    int m;
    int k;
    Kernels kernels;
    float[] a;
    float[] x;
    float[] y;
    float[] b;
    float[] c;
    byte[] aq;
    byte[] xq;
    byte[] bq;
    int[] acc;
    int[] cq;
    short[] ah;

    @Setup
    public void setup() {
        String[] s = shape.split("x");
        m = Integer.parseInt(s[0]);
        k = Integer.parseInt(s[1]);
        kernels = impl.equals("vector") ? Kernels.vector() : Kernels.reference();
        SplittableRandom r = new SplittableRandom(42);
        a = new float[m * k];
        ah = new short[m * k];
        aq = new byte[m * k];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (r.nextDouble() - 0.5);
            ah[i] = Float.floatToFloat16(a[i]);
            aq[i] = (byte) r.nextInt(-127, 128);
        }
        x = new float[k];
        xq = new byte[k];
        for (int i = 0; i < k; i++) {
            x[i] = (float) (r.nextDouble() - 0.5);
            xq[i] = (byte) r.nextInt(-128, 128);
        }
        y = new float[m];
        acc = new int[m];
        b = new float[k * GEMM_N];
        bq = new byte[k * GEMM_N];
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) (r.nextDouble() - 0.5);
            bq[i] = (byte) r.nextInt(-128, 128);
        }
        c = new float[m * GEMM_N];
        cq = new int[m * GEMM_N];
    }

    @Benchmark
    public float[] gemvF32() {
        kernels.gemvF32(m, k, a, 0, k, x, 0, y, 0);
        return y;
    }

    @Benchmark
    public int[] gemvI8() {
        kernels.gemvI8(m, k, aq, 0, k, xq, 0, 3, acc, 0);
        return acc;
    }

    @Benchmark
    public float[] gemvF16() {
        kernels.gemvF16(m, k, ah, 0, k, x, 0, y, 0);
        return y;
    }

    @Benchmark
    public float[] gemmF32() {
        kernels.gemmF32(m, GEMM_N, k, a, 0, k, b, 0, GEMM_N, c, 0, GEMM_N);
        return c;
    }

    @Benchmark
    public int[] gemmI8() {
        kernels.gemmI8(m, GEMM_N, k, aq, 0, k, bq, 0, GEMM_N, 3, cq, 0, GEMM_N);
        return cq;
    }
}
