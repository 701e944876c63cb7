package org.edgeai.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.edgeai.kernel.DataDirectory;
import org.edgeai.kernel.Progress;
import org.edgeai.slam.Slam;
import org.edgeai.slam.SlamProblem;
import org.edgeai.slam.solve.InitMethod;
import org.edgeai.slam.solve.LinearSolverType;
import org.edgeai.slam.solve.SolveReport;
import org.edgeai.slam.solve.SolverConfig;
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
 * One complete solve (initialisation, symbolic analysis and every LM iteration; file parsing in
 * {@code @Setup}) of a SLAM dataset with each linear solver: the JMH counterpart of
 * {@code edgeai slam bench}. Run with {@code -prof gc} to see the allocation per solve. With
 * {@code fixedIterations > 0} every solve runs exactly that many LM iterations (tolerances 0, file
 * initialisation), so the difference of {@code gc.alloc.rate.norm} between two values divided by
 * the difference of iterations is the allocation per iteration (measured: ~110 B, the iteration's
 * trace record; the setup buffers are allocated once per solve). Data: {@code $EDGEAI_DATA/slam} or
 * {@code ../shared/data/slam}.
 *
 * <pre>java -jar bench/target/benchmarks.jar SlamSolveBench -p dataset=pgo2d/intel.g2o -prof gc
 * java -jar bench/target/benchmarks.jar SlamSolveBench -p dataset=pgo2d/intel.g2o -p fixedIterations=2,6 -prof gc</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Thread)
public class SlamSolveBench {
    @Param({"pgo2d/intel.g2o", "pgo3d/sphere2500.g2o", "bal/problem-49-7776-pre.txt"})
    public String dataset;

    @Param({"CHOLESKY", "CGNR", "MIXED"})
    public String solver;

    /** 0: the default configuration; n > 0: exactly n LM iterations from the file estimate. */
    @Param({"0"})
    public int fixedIterations;

    SlamProblem problem;
    SolverConfig config;

    @Setup
    public void setup() throws IOException {
        Path file = DataDirectory.require(DataDirectory.resolve(null), "slam").resolve(dataset);
        problem = Slam.load(file, false);
        SolverConfig.Builder b = SolverConfig.builder().linearSolver(LinearSolverType.valueOf(solver));
        if (fixedIterations > 0) {
            b.init(InitMethod.FILE).maxIterations(fixedIterations).functionTolerance(0).gradientTolerance(0)
                    .parameterTolerance(0);
        }
        config = b.build();
    }

    @Benchmark
    public SolveReport solve() {
        return Slam.solve(problem, config, Progress.NONE, null).report();
    }
}
