package org.edgeai.slam.bench;

import java.nio.file.Path;

/**
 * One benchmark file with its reference figures.
 *
 * @param name            file name without extension, e.g. {@code "intel"}
 * @param kind            {@code "pgo2d"}, {@code "pgo3d"} or {@code "ba"}
 * @param file            the problem file
 * @param groundTruth     ground-truth poses (g2o VERTEX lines), or null
 * @param bestPeerChi2    lowest positive final chi2 any peer reached (peer_results.csv), or NaN
 * @param bestPeer        which peer run that was, e.g. {@code "g2o gn_var_cholmod"}, or ""
 * @param bestKnownChi2   the lowest chi2 known from a chordal start (data README), or NaN
 * @param ceresCpuSeconds Ceres' single-thread CPU seconds with its sparse Cholesky / Schur solver, or NaN
 * @param ceresIterations Ceres' iterations in that run, or -1
 */
public record Dataset(String name, String kind, Path file, Path groundTruth, double bestPeerChi2, String bestPeer,
                      double bestKnownChi2, double ceresCpuSeconds, int ceresIterations) {
}
