package org.edgeai.nas.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.edgeai.kernel.Progress;
import org.edgeai.kernel.io.TextFiles;
import org.edgeai.nas.data.IdxImages;
import org.edgeai.nas.internal.Ranking;
import org.edgeai.nas.search.CandidateEvaluator;
import org.edgeai.nas.space.IbnSearchSpace;
import org.edgeai.nas.space.NetworkSpec;

/**
 * Zero-shot proxies against short-training accuracy on candidates sampled uniformly from a search
 * space: per candidate the three {@link ZeroShotProxies} scores and the multishot accuracy, then the
 * Spearman rank correlation of each proxy with the accuracy. Rows are journaled
 * ({@code network,accuracy,naswot,synflow,jacob_cov}) so the run resumes.
 */
public final class ZeroShotExperiment {
    private ZeroShotExperiment() {
    }

    /**
     * One candidate.
     *
     * @param network  description
     * @param accuracy short-training accuracy, %
     * @param scores   proxy scores
     */
    public record Sample(String network, double accuracy, ZeroShotProxies.Scores scores) {
    }

    /**
     * Result.
     *
     * @param samples          candidates in sampling order
     * @param spearmanNaswot   rho(NASWOT, accuracy)
     * @param spearmanSynflow  rho(synflow, accuracy)
     * @param spearmanJacobCov rho(jacob_cov, accuracy)
     */
    public record Result(List<Sample> samples, double spearmanNaswot, double spearmanSynflow, double spearmanJacobCov) {
    }

    /**
     * @param space      sampling space
     * @param candidates number of candidates, &gt;= 3
     * @param evaluator  short training
     * @param proxyData  images for the proxy minibatch
     * @param batch      proxy minibatch size
     * @param seed       sampling, initialisation and training seed
     * @param journal    journal file or null
     * @return the samples and correlations
     */
    public static Result run(IbnSearchSpace space, int candidates, CandidateEvaluator evaluator, IdxImages proxyData, int batch,
                             long seed, Path journal, Progress progress) {
        return run(space, candidates, evaluator, proxyData, batch, seed, journal, false, progress);
    }

    /**
     * As {@link #run(IbnSearchSpace, int, CandidateEvaluator, IdxImages, int, long, Path, Progress)}, optionally
     * recomputing the proxies of journaled candidates while keeping their journaled accuracies (the
     * expensive part): for a corrected or changed proxy. Rescored rows are appended to the journal
     * (the last row of a network wins when it is read back).
     *
     * @param rescore true to recompute the journaled candidates' proxies
     */
    public static Result run(IbnSearchSpace space, int candidates, CandidateEvaluator evaluator, IdxImages proxyData, int batch,
                             long seed, Path journal, boolean rescore, Progress progress) {
        if (candidates < 3) {
            throw new IllegalArgumentException("need at least 3 candidates, got " + candidates);
        }
        Map<String, Sample> done = read(journal);
        SplittableRandom rng = new SplittableRandom(seed);
        int[] ch = space.choices();
        List<Sample> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        int draws = 0;
        while (out.size() < candidates && draws++ < 100 * candidates && !progress.cancelled()) {
            int[] g = new int[ch.length];
            for (int i = 0; i < g.length; i++) {
                g[i] = rng.nextInt(ch[i]);
            }
            NetworkSpec spec = space.decode(g, "candidate");
            String key = spec.describe();
            if (!seen.add(key)) {
                continue;
            }
            Sample s = done.get(key);
            if (s != null && rescore) {
                s = new Sample(key, s.accuracy(), ZeroShotProxies.compute(spec, proxyData, batch, seed));
                append(journal, s);
            } else if (s == null) {
                ZeroShotProxies.Scores sc = ZeroShotProxies.compute(spec, proxyData, batch, seed);
                double acc = evaluator.accuracy(spec, seed, progress);
                s = new Sample(key, acc, sc);
                append(journal, s);
            }
            out.add(s);
            progress.report("zero-shot", out.size(), candidates, String.format("%s acc %.2f%% naswot %.1f synflow %.2f jacob %.1f",
                    key, s.accuracy(), s.scores().naswot(), s.scores().synflow(), s.scores().jacobCov()));
        }
        double[] acc = out.stream().mapToDouble(Sample::accuracy).toArray();
        return new Result(out, Ranking.spearman(out.stream().mapToDouble(x -> x.scores().naswot()).toArray(), acc),
                Ranking.spearman(out.stream().mapToDouble(x -> x.scores().synflow()).toArray(), acc),
                Ranking.spearman(out.stream().mapToDouble(x -> x.scores().jacobCov()).toArray(), acc));
    }

    private static void append(Path journal, Sample s) {
        if (journal == null) {
            return;
        }
        try {
            Files.writeString(journal, s.network() + "," + s.accuracy() + "," + s.scores().naswot() + "," + s.scores().synflow() + ","
                    + s.scores().jacobCov() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + journal + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Sample> read(Path journal) {
        Map<String, Sample> m = new HashMap<>();
        if (journal == null || !Files.exists(journal)) {
            return m;
        }
        try {
            for (String line : TextFiles.readLines(journal)) {
                String[] f = line.split(",");
                if (f.length != 5) {
                    continue; // a line cut by a crash: that candidate is recomputed
                }
                m.put(f[0], new Sample(f[0], Double.parseDouble(f[1]), new ZeroShotProxies.Scores(Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4]))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + journal + ": " + e.getMessage(), e);
        }
        return m;
    }
}
