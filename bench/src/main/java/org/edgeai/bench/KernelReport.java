package org.edgeai.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link KernelBench} and {@link PeakBench} and prints the kernel acceptance table: GOPS of
 * the Vector API kernels, GOPS of the scalar reference, the speed-up, and the share of the measured
 * single-core peak ({@link PeakBench}: f32 FMA for float kernels, int32 multiply-add for int8).
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar
 * org.edgeai.bench.KernelReport [out.md] [--quick]}. Takes about 10 minutes (2 with --quick).
 */
public final class KernelReport {
    private KernelReport() {
    }

    /**
     * @param args optional Markdown output path, optional {@code --quick}
     * @throws RunnerException if JMH fails
     * @throws IOException     if the report cannot be written
     */
    public static void main(String[] args) throws RunnerException, IOException {
        boolean quick = java.util.Arrays.asList(args).contains("--quick");
        OptionsBuilder ob = new OptionsBuilder();
        ob.include(KernelBench.class.getName() + ".(gemvF32|gemvI8|gemvF16|gemmF32|gemmI8)$")
                .include(PeakBench.class.getName())
                .forks(1)
                .warmupIterations(quick ? 1 : 3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 2 : 5).measurementTime(TimeValue.seconds(1))
                .shouldFailOnError(true);
        Options options = ob.build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Double> micros = new LinkedHashMap<>();
        for (RunResult r : results) {
            var p = r.getParams();
            String method = p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.') + 1);
            String key = method + (p.getParamsKeys().contains("shape") ? " " + p.getParam("shape") + " " + p.getParam("impl") : "");
            micros.put(key, r.getPrimaryResult().getScore());
        }
        double peakF32 = PeakBench.ITERATIONS * 12.0 * PeakBench.floatLanes() * 2 / (micros.get("fmaF32") * 1e3);
        double peakI32 = PeakBench.ITERATIONS * 12.0 * PeakBench.intLanes() * 2 / (micros.get("mulAddI32") * 1e3);
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Measured single-core peak: f32 FMA %.1f GFLOPS, int32 mul+add %.1f GOPS (%d-bit vectors)%n%n",
                peakF32, peakI32, PeakBench.floatLanes() * 32));
        md.append("| kernel | shape (MxK, N) | reference GOPS | vector GOPS | speed-up | % of peak |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (String method : new String[] {"gemvF32", "gemvI8", "gemvF16", "gemmF32", "gemmI8"}) {
            for (String shape : new String[] {"256x256", "1024x1024", "4096x1024"}) {
                String[] mk = shape.split("x");
                double ops = 2.0 * Long.parseLong(mk[0]) * Long.parseLong(mk[1]) * (method.startsWith("gemm") ? KernelBench.GEMM_N : 1);
                Double ref = micros.get(method + " " + shape + " reference");
                Double vec = micros.get(method + " " + shape + " vector");
                if (ref == null || vec == null) {
                    continue;
                }
                double gRef = ops / (ref * 1e3);
                double gVec = ops / (vec * 1e3);
                double peak = method.endsWith("I8") ? peakI32 : peakF32;
                md.append(String.format(Locale.ROOT, "| %s | %s%s | %.2f | %.2f | %.1fx | %.0f%% |%n", method, shape,
                        method.startsWith("gemm") ? ", " + KernelBench.GEMM_N : "", gRef, gVec, gVec / gRef, 100 * gVec / peak));
            }
        }
        System.out.println();
        System.out.print(md);
        if (args.length > 0 && !args[0].startsWith("--")) {
            Files.writeString(Path.of(args[0]), md);
        }
    }
}
