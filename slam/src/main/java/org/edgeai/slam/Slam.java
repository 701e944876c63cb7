package org.edgeai.slam;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import org.edgeai.kernel.Progress;
import org.edgeai.kernel.io.TextFiles;
import org.edgeai.slam.graph.BundleProblem;
import org.edgeai.slam.graph.PoseGraph;
import org.edgeai.slam.io.BalReader;
import org.edgeai.slam.io.BalWriter;
import org.edgeai.slam.io.G2oReader;
import org.edgeai.slam.io.G2oWriter;
import org.edgeai.slam.io.SlamFormatException;
import org.edgeai.slam.solve.BundleAdjuster;
import org.edgeai.slam.solve.BundleResult;
import org.edgeai.slam.solve.IterationRecord;
import org.edgeai.slam.solve.PoseGraphOptimizer;
import org.edgeai.slam.solve.PoseGraphResult;
import org.edgeai.slam.solve.SolverConfig;

/**
 * Entry point: load a g2o or BAL file, solve it, write the result.
 *
 * <p>{@snippet :
 * SlamProblem problem = Slam.load(Path.of("intel.g2o"), false);
 * SlamSolution s = Slam.solve(problem, SolverConfig.defaults(), Progress.NONE, null);
 * Slam.write(s.optimized(), Path.of("intel-optimized.g2o"));
 * }
 *
 * @implNote Stateless; thread-safe.
 */
public final class Slam {
    private Slam() {
    }

    /**
     * Reads a pose graph (g2o: the first record is a {@code VERTEX_}/{@code EDGE_}/{@code FIX} tag) or
     * a BAL problem (the first token is an integer).
     *
     * @param skipUnknownTags g2o only: skip (and log) unsupported tags instead of failing
     * @throws SlamFormatException on malformed content (file and line named)
     * @throws IOException         if the file cannot be read
     */
    public static SlamProblem load(Path file, boolean skipUnknownTags) throws IOException {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new IOException("no such file: " + file);
        }
        String first = firstToken(file);
        if (first == null) {
            throw new SlamFormatException(file, 0, "the file is empty");
        }
        if (first.matches("[0-9]+")) {
            return BalReader.read(file);
        }
        return G2oReader.read(file, skipUnknownTags);
    }

    private static String firstToken(Path file) throws IOException {
        try (BufferedReader in = TextFiles.newReader(file)) {
            String line;
            while ((line = in.readLine()) != null) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                int sp = t.indexOf(' ');
                int tab = t.indexOf('\t');
                int end = sp < 0 ? tab : tab < 0 ? sp : Math.min(sp, tab);
                return end < 0 ? t : t.substring(0, end);
            }
        }
        return null;
    }

    /**
     * Solves a problem with the configured solver.
     *
     * @param progress progress and cancellation ({@link Progress#NONE} for none)
     * @param listener per-iteration callback, may be null
     * @return the solution; non-convergence is a status in the report
     * @throws IllegalArgumentException for unusable input, e.g. indefinite information matrices
     *                                  under {@link org.edgeai.slam.solve.InformationPolicy#REJECT}
     */
    public static SlamSolution solve(SlamProblem problem, SolverConfig config, Progress progress,
                                     Consumer<IterationRecord> listener) {
        Objects.requireNonNull(problem, "problem");
        return switch (problem) {
            case PoseGraph g -> {
                PoseGraphResult r = new PoseGraphOptimizer(config).optimize(g, progress, listener);
                yield new SlamSolution(r.optimized(), r.start(), r.report());
            }
            case BundleProblem b -> {
                BundleResult r = new BundleAdjuster(config).optimize(b, progress, listener);
                yield new SlamSolution(r.optimized(), b, r.report());
            }
        };
    }

    /**
     * Writes a problem in its own format (g2o or BAL), atomically: a temporary file in the target
     * directory renamed over the target, so a failure never leaves a partial file.
     *
     * @throws IOException if writing fails (the target is then unchanged)
     */
    public static void write(SlamProblem problem, Path target) throws IOException {
        switch (problem) {
            case PoseGraph g -> G2oWriter.write(g, target);
            case BundleProblem b -> BalWriter.write(b, target);
        }
    }
}
