package org.edgeai.nas.train;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.edgeai.kernel.Progress;
import org.edgeai.nas.data.IdxImages;
import org.edgeai.nas.estimate.MeasurementCeiling;
import org.edgeai.nas.internal.Journal;
import org.edgeai.nas.internal.Ranking;
import org.edgeai.nas.search.CandidateEvaluator;
import org.edgeai.nas.space.IbnSearchSpace;
import org.edgeai.nas.space.NetworkSpec;

/**
 * Zero-shot proxies against short-training accuracy on candidates sampled uniformly from a search
 * space: per candidate the three {@link ZeroShotProxies} scores and the multishot accuracy, then the
 * Spearman rank correlation of each proxy with the accuracy. Rows are journaled
 * ({@code network,accuracy,naswot,synflow,jacob_cov}) so the run resumes.
 *
 * <p><b>Retest</b> ({@link Retest}): each candidate trained a second time with another training seed gives the
 * short-training accuracy's own test-retest rho, and with it the attenuation ceiling on any proxy's rho against one
 * training ({@link MeasurementCeiling#bound}: Spearman 1904), so a low proxy rho can be read against what the
 * accuracies allow. Retest trainings are journaled as {@code network,seed,accuracy} rows.
 *
 * @implNote Not thread-safe; trainings run one at a time on the caller's thread.
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
     * @param retest           what the second trainings show, or null without a {@link Retest}
     */
    public record Result(List<Sample> samples, double spearmanNaswot, double spearmanSynflow, double spearmanJacobCov,
                         RetestResult retest) {
    }

    /**
     * A second training of every candidate.
     *
     * @param seed    training (initialisation and data order) seed of the second training; must differ from the
     *                first training's seed
     * @param journal {@code network,seed,accuracy} journal of second trainings (the run resumes from it), or null
     */
    public record Retest(long seed, Path journal) {
    }

    /**
     * What the second trainings show.
     *
     * @param seed             the second training's seed
     * @param accuracy         second-training accuracy per candidate, %, in {@link Result#samples()} order (a fresh array;
     *                         record equality compares it by reference)
     * @param bound            test-retest rho between the two trainings' accuracies and the ceiling sqrt(rho) on any
     *                         proxy's rho against one training's accuracy, with a 95 % bootstrap interval
     * @param spearmanNaswot   rho(NASWOT, mean of the two accuracies)
     * @param spearmanSynflow  rho(synflow, mean of the two accuracies)
     * @param spearmanJacobCov rho(jacob_cov, mean of the two accuracies)
     */
    public record RetestResult(long seed, double[] accuracy, MeasurementCeiling.Bound bound, double spearmanNaswot,
                               double spearmanSynflow, double spearmanJacobCov) {
    }

    /**
     * @param space      sampling space
     * @param candidates number of candidates, &gt;= 3
     * @param evaluator  short training
     * @param proxyData  images for the proxy minibatch
     * @param batch      proxy minibatch size
     * @param seed       sampling, initialisation and training seed
     * @param journal    journal file or null
     * @param progress   receives per-candidate progress and the evaluator's training progress;
     *                   {@link Progress#cancelled()} stops the sampling (the result covers the candidates done,
     *                   and a correlation over fewer than two is NaN)
     * @return the samples and correlations
     * @throws IllegalArgumentException if {@code candidates < 3}, or a journal line other than the last is malformed
     * @throws UncheckedIOException     if the journal cannot be read or written
     */
    public static Result run(IbnSearchSpace space, int candidates, CandidateEvaluator evaluator, IdxImages proxyData, int batch,
                             long seed, Path journal, Progress progress) {
        return run(space, candidates, evaluator, proxyData, batch, seed, journal, false, null, progress);
    }

    /**
     * As {@link #run(IbnSearchSpace, int, CandidateEvaluator, IdxImages, int, long, Path, Progress)}, optionally
     * recomputing the proxies of journaled candidates while keeping their journaled accuracies (the
     * expensive part): for a corrected or changed proxy. Rescored rows are appended to the journal
     * (the last row of a network wins when it is read back).
     *
     * @param rescore true to recompute the journaled candidates' proxies
     * @param retest  a second training of every candidate, or null for none
     * @return the samples and correlations ({@link Result#retest()} null without a retest, or if cancelled before
     *         every candidate was sampled)
     * @throws IllegalArgumentException if {@code candidates < 3}, the retest seed equals {@code seed}, or a journal
     *                                  line other than the last is malformed
     * @throws UncheckedIOException     if a journal cannot be read or written
     */
    public static Result run(IbnSearchSpace space, int candidates, CandidateEvaluator evaluator, IdxImages proxyData, int batch,
                             long seed, Path journal, boolean rescore, Retest retest, Progress progress) {
        if (candidates < 3) {
            throw new IllegalArgumentException("need at least 3 candidates, got " + candidates);
        }
        if (retest != null && retest.seed() == seed) {
            throw new IllegalArgumentException("the retest seed must differ from the training seed " + seed);
        }
        String trained = evaluator.journalSettings();
        Journal.requireSettings(journal, trained.isEmpty() ? "" : trained + " seed=" + seed + " proxy_batch=" + batch
                + " proxy_images=" + proxyData.size());
        Map<String, Sample> done = read(journal);
        SplittableRandom rng = new SplittableRandom(seed);
        int[] ch = space.choices();
        List<Sample> out = new ArrayList<>();
        List<NetworkSpec> specs = new ArrayList<>();
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
            specs.add(spec);
            progress.report("zero-shot", out.size(), candidates, String.format("%s acc %.2f%% naswot %.1f synflow %.2f jacob %.1f",
                    key, s.accuracy(), s.scores().naswot(), s.scores().synflow(), s.scores().jacobCov()));
        }
        double[] acc = out.stream().mapToDouble(Sample::accuracy).toArray();
        double[] naswot = out.stream().mapToDouble(x -> x.scores().naswot()).toArray();
        double[] synflow = out.stream().mapToDouble(x -> x.scores().synflow()).toArray();
        double[] jacob = out.stream().mapToDouble(x -> x.scores().jacobCov()).toArray();
        RetestResult rr = null;
        if (retest != null && out.size() == candidates && !progress.cancelled()) {
            rr = retest(specs, out, evaluator, retest, naswot, synflow, jacob, progress);
        }
        return new Result(out, Ranking.spearman(naswot, acc), Ranking.spearman(synflow, acc), Ranking.spearman(jacob, acc), rr);
    }

    private static RetestResult retest(List<NetworkSpec> specs, List<Sample> out, CandidateEvaluator evaluator, Retest retest,
                                       double[] naswot, double[] synflow, double[] jacob, Progress progress) {
        Journal.requireSettings(retest.journal(), evaluator.journalSettings());
        Map<String, Double> done = readRetest(retest.journal(), retest.seed());
        double[] second = new double[out.size()];
        double[] mean = new double[out.size()];
        for (int i = 0; i < out.size(); i++) {
            String key = out.get(i).network();
            Double a = done.get(key);
            if (a == null) {
                a = evaluator.accuracy(specs.get(i), retest.seed(), progress);
                Journal.append(retest.journal(), key + "," + retest.seed() + "," + a);
            }
            second[i] = a;
            mean[i] = (out.get(i).accuracy() + a) / 2;
            progress.report("zero-shot retest", i + 1, out.size(), String.format("%s acc %.2f%% / %.2f%% (seed %d)", key,
                    out.get(i).accuracy(), a, retest.seed()));
            if (progress.cancelled()) {
                return null;
            }
        }
        double[] first = out.stream().mapToDouble(Sample::accuracy).toArray();
        MeasurementCeiling.Bound bound = MeasurementCeiling.bound(first, second, 1000, retest.seed());
        return new RetestResult(retest.seed(), second, bound, Ranking.spearman(naswot, mean), Ranking.spearman(synflow, mean),
                Ranking.spearman(jacob, mean));
    }

    private static Map<String, Double> readRetest(Path journal, long seed) {
        Map<String, Double> m = new HashMap<>();
        Journal.read(journal, "network,seed,accuracy", 3, f -> {
            double a = Double.parseDouble(f[2]);
            if (Long.parseLong(f[1]) == seed) {
                m.put(f[0], a);
            }
        });
        return m;
    }

    private static void append(Path journal, Sample s) {
        Journal.append(journal, s.network() + "," + s.accuracy() + "," + s.scores().naswot() + "," + s.scores().synflow() + ","
                + s.scores().jacobCov());
    }

    private static Map<String, Sample> read(Path journal) {
        Map<String, Sample> m = new HashMap<>();
        Journal.read(journal, "network,accuracy,naswot,synflow,jacob_cov", 5, f -> m.put(f[0], new Sample(f[0],
                Double.parseDouble(f[1]), new ZeroShotProxies.Scores(Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                Double.parseDouble(f[4])))));
        return m;
    }
}
