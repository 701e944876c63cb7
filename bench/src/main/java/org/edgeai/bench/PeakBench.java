package org.edgeai.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The single-core arithmetic ceiling the JVM can reach: {@link #ITERATIONS} rounds of 12
 * independent FMA chains on register-resident vectors (12 chains hide the FMA latency on current
 * x86 cores), and the same for int32 multiply-add (the ceiling of the int8 kernels, which widen to
 * int32 lanes; the Vector API cannot emit VNNI dot-product instructions). Ops per invocation =
 * {@code ITERATIONS * 12 * lanes * 2}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class PeakBench {
    /** Rounds per invocation. */
    public static final int ITERATIONS = 100_000;
    static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Integer> IS = IntVector.SPECIES_PREFERRED;

    public float seed = 1.0001f;

    /** @return f32 lanes of the preferred vector */
    public static int floatLanes() {
        return FS.length();
    }

    /** @return int32 lanes of the preferred vector */
    public static int intLanes() {
        return IS.length();
    }

    @Benchmark
    public float fmaF32() {
        FloatVector m = FloatVector.broadcast(FS, 0.999f);
        FloatVector d = FloatVector.broadcast(FS, 1e-7f);
        FloatVector a0 = FloatVector.broadcast(FS, seed);
        FloatVector a1 = a0.add(1);
        FloatVector a2 = a0.add(2);
        FloatVector a3 = a0.add(3);
        FloatVector a4 = a0.add(4);
        FloatVector a5 = a0.add(5);
        FloatVector a6 = a0.add(6);
        FloatVector a7 = a0.add(7);
        FloatVector a8 = a0.add(8);
        FloatVector a9 = a0.add(9);
        FloatVector a10 = a0.add(10);
        FloatVector a11 = a0.add(11);
        for (int i = 0; i < ITERATIONS; i++) {
            a0 = a0.fma(m, d);
            a1 = a1.fma(m, d);
            a2 = a2.fma(m, d);
            a3 = a3.fma(m, d);
            a4 = a4.fma(m, d);
            a5 = a5.fma(m, d);
            a6 = a6.fma(m, d);
            a7 = a7.fma(m, d);
            a8 = a8.fma(m, d);
            a9 = a9.fma(m, d);
            a10 = a10.fma(m, d);
            a11 = a11.fma(m, d);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }

    @Benchmark
    public int mulAddI32() {
        IntVector m = IntVector.broadcast(IS, 3);
        IntVector a0 = IntVector.broadcast(IS, (int) seed);
        IntVector a1 = a0.add(1);
        IntVector a2 = a0.add(2);
        IntVector a3 = a0.add(3);
        IntVector a4 = a0.add(4);
        IntVector a5 = a0.add(5);
        IntVector a6 = a0.add(6);
        IntVector a7 = a0.add(7);
        IntVector a8 = a0.add(8);
        IntVector a9 = a0.add(9);
        IntVector a10 = a0.add(10);
        IntVector a11 = a0.add(11);
        for (int i = 0; i < ITERATIONS; i++) {
            a0 = a0.mul(m).add(m);
            a1 = a1.mul(m).add(m);
            a2 = a2.mul(m).add(m);
            a3 = a3.mul(m).add(m);
            a4 = a4.mul(m).add(m);
            a5 = a5.mul(m).add(m);
            a6 = a6.mul(m).add(m);
            a7 = a7.mul(m).add(m);
            a8 = a8.mul(m).add(m);
            a9 = a9.mul(m).add(m);
            a10 = a10.mul(m).add(m);
            a11 = a11.mul(m).add(m);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }
}
