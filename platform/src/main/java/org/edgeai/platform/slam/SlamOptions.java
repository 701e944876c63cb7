package org.edgeai.platform.slam;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.edgeai.slam.factor.RobustLoss;
import org.edgeai.slam.solve.Algorithm;
import org.edgeai.slam.solve.InformationPolicy;
import org.edgeai.slam.solve.InitMethod;
import org.edgeai.slam.solve.LinearSolverType;
import org.edgeai.slam.solve.SolverConfig;

/** Parsing of the solver options shared by the CLI and the gRPC adapter. */
final class SlamOptions {
    private SlamOptions() {
    }

    static LinearSolverType solver(String s) {
        return switch (norm(s, "cholesky")) {
            case "cholesky", "fp64" -> LinearSolverType.CHOLESKY;
            case "cgnr", "fp32" -> LinearSolverType.CGNR;
            case "mixed", "fp16" -> LinearSolverType.MIXED;
            default -> throw new IllegalArgumentException("unknown solver '" + s + "' (expected cholesky, cgnr or mixed)");
        };
    }

    static Algorithm algorithm(String s) {
        return switch (norm(s, "lm")) {
            case "lm", "levenberg-marquardt" -> Algorithm.LEVENBERG_MARQUARDT;
            case "gn", "gauss-newton" -> Algorithm.GAUSS_NEWTON;
            default -> throw new IllegalArgumentException("unknown algorithm '" + s + "' (expected lm or gn)");
        };
    }

    static InitMethod init(String s) {
        return switch (norm(s, "chordal")) {
            case "chordal" -> InitMethod.CHORDAL;
            case "spanning-tree", "odometry", "tree" -> InitMethod.SPANNING_TREE;
            case "file", "none" -> InitMethod.FILE;
            default -> throw new IllegalArgumentException("unknown init '" + s + "' (expected chordal, spanning-tree or file)");
        };
    }

    static RobustLoss loss(String s) {
        return switch (norm(s, "none")) {
            case "none" -> RobustLoss.NONE;
            case "huber" -> RobustLoss.HUBER;
            case "cauchy" -> RobustLoss.CAUCHY;
            default -> throw new IllegalArgumentException("unknown loss '" + s + "' (expected none, huber or cauchy)");
        };
    }

    private static String norm(String s, String dflt) {
        return s == null || s.isBlank() ? dflt : s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static SolverConfig config(String solver, String algorithm, String init, int maxIterations, boolean psdProjection,
                               String loss, double lossScale) {
        return SolverConfig.builder().linearSolver(solver(solver)).algorithm(algorithm(algorithm)).init(init(init))
                .maxIterations(maxIterations)
                .informationPolicy(psdProjection ? InformationPolicy.PROJECT_PSD : InformationPolicy.REJECT)
                .loss(loss(loss), lossScale).build();
    }

    /** An input path as given if it exists, else relative to the data directory. */
    static Path resolveInput(String input, Path dataDir) {
        Path p = Path.of(input);
        if (Files.exists(p) || p.isAbsolute()) {
            return p;
        }
        Path d = dataDir.resolve(input);
        return Files.exists(d) ? d : p;
    }
}
