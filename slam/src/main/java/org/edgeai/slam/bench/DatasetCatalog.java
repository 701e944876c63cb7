package org.edgeai.slam.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.edgeai.kernel.io.TextFiles;

/**
 * The benchmark files of a SLAM data directory ({@code <data>/slam}): every top-level
 * {@code pgo2d/*.g2o}, {@code pgo3d/*.g2o} and {@code bal/*.txt}, with ground truth from
 * {@code <kind dir>/groundtruth/<name>_groundtruth_poses.g2o} (M3500 uses manhattanOlson3500's, whose
 * 5598 edges it holds merged) and the peer figures from {@code peer_results.csv}.
 *
 * @implNote Stateless; thread-safe.
 */
public final class DatasetCatalog {
    /**
     * chi2 from a chordal initialisation (data README, "Best-known optimum" table; Ceres LM +
     * sparse Cholesky from a chordal-relaxation start).
     */
    private static final Map<String, Double> BEST_KNOWN = Map.ofEntries(
            Map.entry("intel", 45.0047), Map.entry("MITb", 41.1633), Map.entry("M3500", 137.9131),
            Map.entry("manhattanOlson3500", 146.0767), Map.entry("CSAIL", 38.9563), Map.entry("FR079", 37.5985),
            Map.entry("city10000", 511.985), Map.entry("smallGrid3D", 458.1540), Map.entry("sphere2500", 727.1497),
            Map.entry("torus3D", 14574.75), Map.entry("parking-garage", 1.238692),
            Map.entry("cubicle_blockdiag_info", 2379.910));
    private static final Map<String, String> GROUND_TRUTH_ALIAS = Map.of("M3500", "manhattanOlson3500");

    private DatasetCatalog() {
    }

    /**
     * @param problemFile a g2o file
     * @return its ground-truth poses file by the catalog's convention
     *         ({@code groundtruth/<name>_groundtruth_poses.g2o} next to it), or null if there is none
     */
    public static Path groundTruthFor(Path problemFile) {
        Path dir = problemFile.toAbsolutePath().getParent();
        String fn = problemFile.getFileName().toString();
        if (dir == null || !fn.endsWith(".g2o")) {
            return null;
        }
        String name = fn.substring(0, fn.length() - 4);
        Path cand = dir.resolve("groundtruth").resolve(GROUND_TRUTH_ALIAS.getOrDefault(name, name)
                + "_groundtruth_poses.g2o");
        return Files.isRegularFile(cand) ? cand : null;
    }

    /**
     * @param slamDir the {@code slam} data directory
     * @return the datasets found, pose graphs 2D, then 3D, then BA, each sorted by name
     * @throws IOException if a directory cannot be listed or the peer file cannot be read
     */
    public static List<Dataset> scan(Path slamDir) throws IOException {
        Map<String, double[]> best = new HashMap<>();
        Map<String, String> bestPeer = new HashMap<>();
        Map<String, double[]> ceres = new HashMap<>();
        Path peers = slamDir.resolve("peer_results.csv");
        if (Files.isRegularFile(peers)) {
            readPeers(peers, best, bestPeer, ceres);
        }
        List<Dataset> out = new ArrayList<>();
        addKind(out, slamDir.resolve("pgo2d"), ".g2o", "pgo2d", best, bestPeer, ceres);
        addKind(out, slamDir.resolve("pgo3d"), ".g2o", "pgo3d", best, bestPeer, ceres);
        addKind(out, slamDir.resolve("bal"), ".txt", "ba", best, bestPeer, ceres);
        return out;
    }

    private static void addKind(List<Dataset> out, Path dir, String ext, String kind, Map<String, double[]> best,
                                Map<String, String> bestPeer, Map<String, double[]> ceres) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(ext)).sorted().toList();
        }
        for (Path f : files) {
            String fn = f.getFileName().toString();
            String name = fn.substring(0, fn.length() - ext.length());
            Path gt = null;
            if (!kind.equals("ba")) {
                Path cand = dir.resolve("groundtruth").resolve(GROUND_TRUTH_ALIAS.getOrDefault(name, name)
                        + "_groundtruth_poses.g2o");
                gt = Files.isRegularFile(cand) ? cand : null;
            }
            double[] b = best.get(name);
            double[] c = ceres.get(name);
            out.add(new Dataset(name, kind, f, gt, b == null ? Double.NaN : b[0], bestPeer.getOrDefault(name, ""),
                    BEST_KNOWN.getOrDefault(name, Double.NaN), c == null ? Double.NaN : c[0],
                    c == null ? -1 : (int) c[1]));
        }
    }

    /** Parses peer_results.csv: kind,dataset,peer,solver,threads,initial_chi2,final_chi2,iterations,cpu_s_min,... */
    private static void readPeers(Path csv, Map<String, double[]> best, Map<String, String> bestPeer,
                                  Map<String, double[]> ceres) throws IOException {
        List<String> lines = TextFiles.readLines(csv);
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            if (f.length < 9) {
                continue;
            }
            String dataset = f[1];
            String peer = f[2];
            String solver = f[3];
            double finalChi2 = parse(f[6]);
            double iterations = parse(f[7]);
            double cpu = parse(f[8]);
            boolean oneThread = "1".equals(f[4]);
            if (finalChi2 > 0 && Double.isFinite(finalChi2)) {
                double[] b = best.get(dataset);
                if (b == null || finalChi2 < b[0]) {
                    best.put(dataset, new double[] {finalChi2});
                    bestPeer.put(dataset, peer + " " + solver);
                }
            }
            boolean reference = peer.equals("ceres") && (solver.equals("chol") || solver.equals("sparse_schur"));
            if (reference && oneThread && Double.isFinite(cpu)) {
                ceres.put(dataset, new double[] {cpu, iterations});
            }
        }
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
