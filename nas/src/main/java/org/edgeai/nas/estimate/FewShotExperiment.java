package org.edgeai.nas.estimate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.edgeai.kernel.Progress;
import org.edgeai.nas.bench.Nb201Cell;
import org.edgeai.nas.bench.Nb201Table;
import org.edgeai.nas.internal.Ranking;

/**
 * The few-sample protocol of HELP (Lee et al., NeurIPS 2021) on the shared NAS-Bench-201 table, with HELP's device
 * split: estimators of the source (meta-training) devices are fitted on the training architectures of the usual
 * seeded split; for each target (meta-test) device and each sample count N, N architectures of the training part are
 * drawn (seeded, per repetition), the target estimator is fitted on their target latencies only, and Spearman rho and
 * the share within +-10 % are measured on the held-out architectures. Two target estimators are compared: the
 * {@link FewShotTransfer} from the sources, and this module's {@link LatencyEstimator} fitted on the N rows alone.
 *
 * <p>Not thread-safe (sequential); each call fits one estimator per source device, which dominates the time.
 */
public final class FewShotExperiment {
    /** HELP's NAS-Bench-201 meta-training devices (HayeonLee/HELP, script/run_nas_metad2a.sh). */
    public static final List<String> HELP_SOURCES = List.of("1080ti_1", "1080ti_32", "1080ti_256", "silver_4114", "silver_4210r",
            "samsung_a50", "pixel3", "essential_ph_1", "samsung_s7");
    /** HELP's NAS-Bench-201 meta-test devices (same file). */
    public static final List<String> HELP_TARGETS = List.of("titan_rtx_256", "gold_6226", "fpga", "pixel2", "raspi4", "eyeriss");

    private FewShotExperiment() {
    }

    /**
     * One target device at one sample count, over the repetitions.
     *
     * @param device             target device column
     * @param samples            N, the target's measured architectures
     * @param repetitions        draws of the N architectures
     * @param transferSpearman   mean Spearman rho of the transfer over the repetitions (held-out architectures)
     * @param transferWithin10   mean share within +-10 %, transfer
     * @param directSpearman     mean Spearman rho of the estimator fitted on the N rows alone (NaN when N is too small for
     *                           its cross-validation)
     * @param directWithin10     mean share within +-10 %, direct
     * @param transferSpearmanSd standard deviation of the transfer's rho over the repetitions
     * @param chosenSources      the source chosen by each repetition's transfer
     * @param combinedSpearman   mean rho of {@link TransferEstimator}'s choice (direct from {@link TransferEstimator#MIN_DIRECT}
     *                           rows when {@link TransferEstimator#preferDirect} says so, else the transfer)
     * @param combinedWithin10   its mean share within +-10 %
     * @param directChosen       repetitions in which the choice was the direct estimator
     */
    public record Row(String device, int samples, int repetitions, double transferSpearman, double transferWithin10,
                      double directSpearman, double directWithin10, double transferSpearmanSd, List<String> chosenSources,
                      double combinedSpearman, double combinedWithin10, int directChosen) {
    }

    /**
     * @param table       shared NAS-Bench-201 table
     * @param sources     source device columns
     * @param targets     target device columns (none of them a source)
     * @param sampleCounts N values, each in [3, training rows]
     * @param repetitions draws per (target, N), &gt;= 1
     * @param sourceRows  training architectures each source estimator is fitted on (0 = the whole training part; HELP
     *                    meta-trains on 900 per source device), one seeded draw shared by the sources
     * @param holdOut     held-out share of the architecture split, in (0, 1)
     * @param splitSeed   seed of the split
     * @param cfg         estimator settings (sources and direct fits)
     * @param progress    progress
     * @return one row per (target, N), targets outermost
     * @throws IllegalArgumentException if a device is unknown, a target is also a source, a sample count or
     *                                  {@code sourceRows} is out of range, {@code repetitions < 1}, or {@code holdOut}
     *                                  is not in (0, 1)
     */
    public static List<Row> run(Nb201Table table, List<String> sources, List<String> targets, List<Integer> sampleCounts,
                                int repetitions, int sourceRows, double holdOut, long splitSeed, EstimatorConfig cfg,
                                Progress progress) {
        for (String t : targets) {
            if (sources.contains(t)) {
                throw new IllegalArgumentException("target " + t + " is also a source");
            }
            table.deviceColumn(t);
        }
        if (repetitions < 1) {
            throw new IllegalArgumentException("need at least one repetition, got " + repetitions);
        }
        int[][] split = Ranking.split(table.size(), holdOut, splitSeed);
        Nb201Table train = table.subset(split[0]);
        Nb201Table test = table.subset(split[1]);
        for (int n : sampleCounts) {
            if (n < 3 || n > train.size()) {
                throw new IllegalArgumentException("sample count must be in [3, " + train.size() + "], got " + n);
            }
        }
        if (sourceRows < 0 || sourceRows > train.size()) {
            throw new IllegalArgumentException("source rows must be in [0, " + train.size() + "], got " + sourceRows);
        }
        Nb201Table srcFit = sourceRows == 0 ? train : train.subset(draw(train.size(), sourceRows, splitSeed * 17 + 5));
        // Source estimators: predictions for every training and held-out architecture.
        List<double[]> srcTrain = new ArrayList<>();
        List<double[]> srcTest = new ArrayList<>();
        int k = 0;
        for (String s : sources) {
            progress.report("few-shot sources", k++, sources.size(), s);
            LatencyEstimator<Nb201Cell> est = LatencyEstimator.fitNb201(srcFit.cells(), srcFit.latency(s), cfg);
            srcTrain.add(predict(est, train));
            srcTest.add(predict(est, test));
        }
        progress.report("few-shot sources", sources.size(), sources.size(), "fitted");
        List<Row> rows = new ArrayList<>();
        int step = 0;
        int steps = targets.size() * sampleCounts.size();
        for (String t : targets) {
            double[] yTrain = train.latency(t);
            double[] yTest = test.latency(t);
            for (int n : sampleCounts) {
                progress.report("few-shot targets", step++, steps, t + " N=" + n);
                double[] tRho = new double[repetitions];
                double[] tW = new double[repetitions];
                double[] dRho = new double[repetitions];
                double[] dW = new double[repetitions];
                double[] cRho = new double[repetitions];
                double[] cW = new double[repetitions];
                int directChosen = 0;
                List<String> chosen = new ArrayList<>();
                for (int r = 0; r < repetitions; r++) {
                    int[] pick = draw(train.size(), n, splitSeed * 31 + 1000L * n + r);
                    double[] y = new double[n];
                    List<double[]> ps = new ArrayList<>();
                    for (double[] all : srcTrain) {
                        double[] p = new double[n];
                        for (int i = 0; i < n; i++) {
                            p[i] = all[pick[i]];
                        }
                        ps.add(p);
                    }
                    for (int i = 0; i < n; i++) {
                        y[i] = yTrain[pick[i]];
                    }
                    FewShotTransfer tr = FewShotTransfer.fit(ps, y);
                    chosen.add(sources.get(tr.source()));
                    double[] pt = new double[test.size()];
                    for (int i = 0; i < pt.length; i++) {
                        pt[i] = tr.predictMs(srcTest.get(tr.source())[i]);
                    }
                    tRho[r] = Ranking.spearman(pt, yTest);
                    tW[r] = Ranking.withinFraction(pt, yTest, 0.1);
                    Nb201Table few = train.subset(pick);
                    LatencyEstimator<Nb201Cell> direct = null;
                    try {
                        direct = LatencyEstimator.fitNb201(few.cells(), few.latency(t), cfg);
                        double[] pd = predict(direct, test);
                        dRho[r] = Ranking.spearman(pd, yTest);
                        dW[r] = Ranking.withinFraction(pd, yTest, 0.1);
                    } catch (IllegalArgumentException tooFew) {
                        dRho[r] = Double.NaN; // fewer rows than the estimator's cross-validation folds need
                        dW[r] = Double.NaN;
                    }
                    if (n >= TransferEstimator.MIN_DIRECT && TransferEstimator.preferDirect(tr, direct)) {
                        directChosen++;
                        cRho[r] = dRho[r];
                        cW[r] = dW[r];
                    } else {
                        cRho[r] = tRho[r];
                        cW[r] = tW[r];
                    }
                }
                rows.add(new Row(t, n, repetitions, mean(tRho), mean(tW), mean(dRho), mean(dW), sd(tRho), List.copyOf(chosen),
                        mean(cRho), mean(cW), directChosen));
            }
        }
        progress.report("few-shot targets", steps, steps, "done");
        return rows;
    }

    private static double[] predict(LatencyEstimator<Nb201Cell> est, Nb201Table t) {
        double[] p = new double[t.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = est.predictMs(t.cells().get(i));
        }
        return p;
    }

    /** @return n distinct row indices in [0, size), seeded (partial Fisher-Yates) */
    static int[] draw(int size, int n, long seed) {
        int[] idx = new int[size];
        for (int i = 0; i < size; i++) {
            idx[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int j = i + rng.nextInt(size - i);
            int tmp = idx[i];
            idx[i] = idx[j];
            idx[j] = tmp;
        }
        return java.util.Arrays.copyOf(idx, n);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double sd(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }
}
