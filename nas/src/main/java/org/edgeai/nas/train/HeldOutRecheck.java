package org.edgeai.nas.train;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.edgeai.kernel.Progress;
import org.edgeai.kernel.graph.GraphCostModel;
import org.edgeai.nas.internal.Journal;
import org.edgeai.nas.space.CostSummary;
import org.edgeai.nas.space.NetworkSpec;

/**
 * Re-scores the seed table's networks on test images that no search, fallback or confirmation ever looked at.
 *
 * <p>The seed table selects and confirms networks by their accuracy on one evaluation set (the 2,000-image
 * Fashion-MNIST test subset), so the reported row accuracies carry a selection bias: among many candidates, the
 * ones that scored high on those images were kept (the winner's curse). Training is deterministic per seed, so the
 * same networks trained with the same seeds can be scored on images none of those decisions used (the other 8,000
 * official test images): an unbiased check of "at the baseline's accuracy within the tolerance". Each training also
 * re-scores the selection set, which must reproduce the journaled accuracies (the same weights).
 *
 * <p>A network holds on a set when its mean accuracy over the seeds is at least the baseline's mean minus the
 * tolerance (the table's rule; a tie holds to within 1e-9, whichever way binary64 rounds it).
 *
 * @implNote Not thread-safe; trainings run one at a time on the caller's thread.
 */
public final class HeldOutRecheck {
    private HeldOutRecheck() {
    }

    /** Trains a network with one seed and scores it on the selection set and the held-out set. */
    @FunctionalInterface
    public interface Scorer {
        /**
         * @return {selection-set accuracy, held-out accuracy}, %
         */
        double[] score(NetworkSpec spec, long seed, Progress progress);
    }

    /**
     * @param firstSeed first training seed (the table's search seed)
     * @param seeds     seeds per network ({@code firstSeed .. firstSeed + seeds - 1}), &gt;= 1 (the table uses 4)
     * @param tolerance accuracy a network may lose against the baseline's mean, points, &gt;= 0 (the table's 0.5)
     */
    public record Settings(long firstSeed, int seeds, double tolerance) {
        /** @throws IllegalArgumentException naming the bad value */
        public Settings {
            if (seeds < 1 || !(tolerance >= 0)) {
                throw new IllegalArgumentException("need seeds >= 1 and tolerance >= 0, got " + seeds + " and " + tolerance);
            }
        }
    }

    /**
     * One network.
     *
     * @param network          description
     * @param latencyReduction latency reduction against the baseline on the cost model, %
     * @param memoryReduction  parameter + peak activation memory reduction against the baseline, %
     * @param selection        accuracy per seed on the selection set, %
     * @param heldOut          accuracy per seed on the held-out set, %
     * @param selectionMean    mean of {@code selection}
     * @param heldOutMean      mean of {@code heldOut}
     * @param holdsSelection   holds the baseline's accuracy on the selection set
     * @param holdsHeldOut     holds it on the held-out set
     */
    public record Row(String network, double latencyReduction, double memoryReduction, List<Double> selection, List<Double> heldOut,
                      double selectionMean, double heldOutMean, boolean holdsSelection, boolean holdsHeldOut) {
    }

    /**
     * @param baseline        the baseline's row (reductions 0)
     * @param rows            the other networks, in the order given
     * @param neededSelection accuracy a network's selection-set mean needs, %
     * @param neededHeldOut   accuracy its held-out mean needs, %
     */
    public record Result(Row baseline, List<Row> rows, double neededSelection, double neededHeldOut) {
    }

    /**
     * @param baseline the baseline network
     * @param networks networks to re-check (the baseline is skipped if listed)
     * @param scorer   training and scoring
     * @param cost     cost model for the reductions
     * @param settings seeds and tolerance
     * @param journal  {@code network,seed,selection,heldout} rows of finished trainings (read, then appended), or null
     * @param progress progress and cancellation
     * @return the rows, or the rows finished so far if cancelled (unfinished networks are left out)
     * @throws UncheckedIOException     if the journal cannot be read or written
     * @throws IllegalArgumentException if a journal line other than the last is malformed
     */
    public static Result run(NetworkSpec baseline, List<NetworkSpec> networks, Scorer scorer, GraphCostModel cost, Settings settings,
                             Path journal, Progress progress) {
        return run(baseline, networks, scorer, cost, settings, journal, "", progress);
    }

    /**
     * As {@link #run(NetworkSpec, List, Scorer, GraphCostModel, Settings, Path, Progress)}, with the journal bound to
     * what the scorer's accuracies depend on ({@link Journal#requireSettings}).
     *
     * @param journalSettings e.g. {@code ShortTrainer.journalSettings()}; empty leaves the journal unbound
     * @throws IllegalArgumentException also if the journal was written with other settings
     */
    public static Result run(NetworkSpec baseline, List<NetworkSpec> networks, Scorer scorer, GraphCostModel cost, Settings settings,
                             Path journal, String journalSettings, Progress progress) {
        Journal.requireSettings(journal, journalSettings);
        Map<String, double[]> done = read(journal);
        CostSummary base = CostSummary.of(baseline, cost);
        List<NetworkSpec> all = new ArrayList<>();
        all.add(baseline);
        for (NetworkSpec n : networks) {
            if (!n.describe().equals(baseline.describe())) {
                all.add(n);
            }
        }
        int total = all.size() * settings.seeds();
        int step = 0;
        List<double[][]> scores = new ArrayList<>();
        for (NetworkSpec n : all) {
            double[][] s = new double[2][settings.seeds()];
            for (int k = 0; k < settings.seeds(); k++) {
                long seed = settings.firstSeed() + k;
                String key = n.describe() + "," + seed;
                double[] a = done.get(key);
                if (a == null) {
                    if (progress.cancelled()) {
                        return result(all.subList(0, scores.size()), scores, base, cost, settings);
                    }
                    a = scorer.score(n, seed, progress);
                    Journal.append(journal, key + "," + a[0] + "," + a[1]);
                    done.put(key, a);
                }
                s[0][k] = a[0];
                s[1][k] = a[1];
                progress.report("recheck", ++step, total, String.format("%s seed %d: %.2f%% selection, %.2f%% held out", n.describe(),
                        seed, a[0], a[1]));
            }
            scores.add(s);
        }
        return result(all, scores, base, cost, settings);
    }

    private static Result result(List<NetworkSpec> nets, List<double[][]> scores, CostSummary base, GraphCostModel cost, Settings s) {
        if (scores.isEmpty()) {
            return new Result(null, List.of(), Double.NaN, Double.NaN);
        }
        double needSel = mean(scores.get(0)[0]) - s.tolerance();
        double needHeld = mean(scores.get(0)[1]) - s.tolerance();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < scores.size(); i++) {
            CostSummary c = i == 0 ? base : CostSummary.of(nets.get(i), cost);
            double ms = mean(scores.get(i)[0]);
            double mh = mean(scores.get(i)[1]);
            rows.add(new Row(nets.get(i).describe(), 100 * (1 - c.latencyMs() / base.latencyMs()),
                    100 * (1 - (double) c.memoryBytes() / base.memoryBytes()), boxed(scores.get(i)[0]), boxed(scores.get(i)[1]), ms, mh,
                    ms >= needSel - 1e-9, mh >= needHeld - 1e-9));
        }
        return new Result(rows.get(0), List.copyOf(rows.subList(1, rows.size())), needSel, needHeld);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static List<Double> boxed(double[] v) {
        List<Double> l = new ArrayList<>(v.length);
        for (double x : v) {
            l.add(x);
        }
        return List.copyOf(l);
    }

    private static Map<String, double[]> read(Path journal) {
        Map<String, double[]> m = new HashMap<>();
        Journal.read(journal, "network,seed,selection,heldout", 4, f -> m.put(f[0] + "," + Long.parseLong(f[1]),
                new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[3])}));
        return m;
    }
}
