package org.edgeai.nas.train;

import ai.djl.ndarray.types.Shape;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.edgeai.kernel.Progress;
import org.edgeai.nas.bench.Nb201Cell;
import org.edgeai.nas.data.IdxImages;
import org.edgeai.nas.internal.CsvTable;
import org.edgeai.nas.internal.Journal;
import org.edgeai.nas.internal.Ranking;

/**
 * Checks {@link ZeroShotProxies} where published scores exist: on the NAS-Bench-201 architectures of
 * {@code nb201_zero_cost_proxies_<dataset>.csv} (NAS-Bench-Suite-Zero scores computed by NASLib with
 * PyTorch, and each architecture's fully trained validation accuracy), our NASWOT, synflow and jacob_cov
 * are computed on the same cells ({@link Nb201Networks}) and compared twice: rank correlation with the
 * published score of the same proxy (does our implementation rank the architectures as NASLib's does?)
 * and with the accuracy, beside the published score's own correlation with it (do we reproduce the
 * published 0.73-0.82?).
 *
 * <p>Inputs differ from the published run in one way, stated in the results: the minibatch is the first
 * {@code batch} Fashion-MNIST images (the only image data here), zero-padded from 28x28 to 32x32 and copied
 * to three channels, instead of CIFAR images. synflow does not depend on the data (all-ones input).
 * Initial weights differ too (another random generator), so even identical code gives rho below 1.
 *
 * <p>Rows are journaled ({@code nb201_index,naswot,synflow,jacob_cov}) so a run resumes.
 *
 * @implNote Not thread-safe; networks are scored one at a time on the caller's thread.
 */
public final class Nb201ProxyCheck {
    /** Channels, height and width of the NAS-Bench-201 input. */
    public static final int CHANNELS = 3;
    /** Input side, pixels. */
    public static final int SIDE = 32;

    private Nb201ProxyCheck() {
    }

    /**
     * One architecture.
     *
     * @param index     NAS-Bench-201 index
     * @param arch      architecture string
     * @param accuracy  published validation accuracy of the fully trained network, %
     * @param ours      our scores
     * @param published NASLib's scores ({@code nwot}, {@code synflow}, {@code jacov} columns)
     */
    public record Row(int index, String arch, double accuracy, ZeroShotProxies.Scores ours, ZeroShotProxies.Scores published) {
    }

    /**
     * Spearman rho of each proxy with some reference.
     *
     * @param naswot   NASWOT's rho
     * @param synflow  synflow's rho
     * @param jacobCov jacob_cov's rho
     */
    public record Correlations(double naswot, double synflow, double jacobCov) {
        static Correlations of(List<Row> rows, java.util.function.ToDoubleFunction<Row> reference,
                               java.util.function.Function<Row, ZeroShotProxies.Scores> scores) {
            double[] ref = rows.stream().mapToDouble(reference).toArray();
            return new Correlations(
                    Ranking.spearman(rows.stream().mapToDouble(r -> scores.apply(r).naswot()).toArray(), ref),
                    Ranking.spearman(rows.stream().mapToDouble(r -> scores.apply(r).synflow()).toArray(), ref),
                    Ranking.spearman(rows.stream().mapToDouble(r -> scores.apply(r).jacobCov()).toArray(), ref));
        }
    }

    /**
     * Result.
     *
     * @param rows                  scored architectures, file order
     * @param batch                 minibatch size
     * @param oursVsAccuracy        rho of our scores with the accuracy
     * @param publishedVsAccuracy   rho of the published scores with the accuracy (same rows)
     * @param oursVsPublished       rho of our score with the published score of the same proxy
     */
    public record Result(List<Row> rows, int batch, Correlations oursVsAccuracy, Correlations publishedVsAccuracy,
                         Correlations oursVsPublished) {
    }

    /**
     * @param proxies the published scores ({@code nb201_zero_cost_proxies_<dataset>.csv})
     * @param images  minibatch source (28x28 or smaller single-channel images)
     * @param batch   minibatch size, in [2, images]
     * @param limit   score at most this many rows (file order), &gt;= 3
     * @param classes classifier width (10 for CIFAR-10, 100 for CIFAR-100, 120 for ImageNet16-120)
     * @param seed    initialisation seed
     * @param journal journal file or null
     * @param progress progress and cancellation
     * @return the rows and correlations (fewer rows if cancelled)
     * @throws IllegalArgumentException if the file lacks a column, a value is not a number, an architecture
     *                                  string is malformed, or a size argument is out of range
     * @throws UncheckedIOException     if a file cannot be read or the journal written
     */
    public static Result run(Path proxies, IdxImages images, int batch, int limit, int classes, long seed, Path journal,
                             Progress progress) {
        if (batch < 2 || batch > images.size()) {
            throw new IllegalArgumentException("batch must be in [2, " + images.size() + "], got " + batch);
        }
        if (limit < 3) {
            throw new IllegalArgumentException("need at least 3 architectures, got " + limit);
        }
        if (images.rows() > SIDE || images.cols() > SIDE) {
            throw new IllegalArgumentException("images larger than " + SIDE + "x" + SIDE + ": " + images.rows() + "x" + images.cols());
        }
        CsvTable t = CsvTable.read(proxies);
        int cIndex = t.require("nb201_index");
        int cArch = t.require("arch_str");
        int cAcc = t.require("val_accuracy");
        int cNwot = t.require("nwot");
        int cSyn = t.require("synflow");
        int cJac = t.require("jacov");
        Journal.requireSettings(journal, "classes=" + classes + " batch=" + batch + " seed=" + seed + " images=" + images.size());
        Map<Integer, ZeroShotProxies.Scores> done = read(journal);
        float[] x = input(images, batch);
        Shape shape = new Shape(batch, CHANNELS, SIDE, SIDE);
        int n = Math.min(limit, t.rows().size());
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < n && !progress.cancelled(); r++) {
            int index = (int) t.number(r, cIndex);
            String arch = t.rows().get(r)[cArch];
            Nb201Cell cell;
            try {
                cell = Nb201Cell.parse(arch);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(t.where(r) + ": " + e.getMessage(), e);
            }
            ZeroShotProxies.Scores published = new ZeroShotProxies.Scores(score(t, r, cNwot), score(t, r, cSyn), score(t, r, cJac));
            ZeroShotProxies.Scores ours = done.get(index);
            if (ours == null) {
                ours = ZeroShotProxies.compute((hook, linear) -> Nb201Networks.build(cell, classes, hook), x, shape, seed);
                Journal.append(journal, index + "," + ours.naswot() + "," + ours.synflow() + "," + ours.jacobCov());
            }
            rows.add(new Row(index, arch, t.number(r, cAcc), ours, published));
            progress.report("nb201 proxies", rows.size(), n, String.format("#%d naswot %.1f (%.1f) synflow %.2f (%.2f) jacob %.1f (%.1f)",
                    index, ours.naswot(), published.naswot(), ours.synflow(), published.synflow(), ours.jacobCov(),
                    published.jacobCov()));
        }
        if (rows.size() < 3) {
            return new Result(rows, batch, null, null, null);
        }
        return new Result(rows, batch, Correlations.of(rows, Row::accuracy, Row::ours),
                Correlations.of(rows, Row::accuracy, Row::published),
                new Correlations(
                        Ranking.spearman(column(rows, r -> r.ours().naswot()), column(rows, r -> r.published().naswot())),
                        Ranking.spearman(column(rows, r -> r.ours().synflow()), column(rows, r -> r.published().synflow())),
                        Ranking.spearman(column(rows, r -> r.ours().jacobCov()), column(rows, r -> r.published().jacobCov()))));
    }

    /**
     * @param v values. Not modified.
     * @return each value's rank as a percentile, 0 (smallest) to 100 (largest), ties at their mid-rank
     */
    public static double[] rankPercentiles(double[] v) {
        double[] rk = Ranking.ranks(v);
        for (int i = 0; i < rk.length; i++) {
            rk[i] = 100 * (rk[i] - 1) / Math.max(1, rk.length - 1);
        }
        return rk;
    }

    /** A published score: a number or +-inf (NASWOT's log-determinant of a singular kernel is -inf), not NaN. */
    private static double score(CsvTable t, int row, int column) {
        String v = t.rows().get(row)[column].trim();
        return switch (v) {
            case "-inf", "-Infinity" -> Double.NEGATIVE_INFINITY;
            case "inf", "Infinity" -> Double.POSITIVE_INFINITY;
            default -> t.number(row, column);
        };
    }

    private static double[] column(List<Row> rows, java.util.function.ToDoubleFunction<Row> f) {
        return rows.stream().mapToDouble(f).toArray();
    }

    /**
     * @return the first {@code batch} images as {@code [batch, 3, 32, 32]}: each centred in a zero 32x32 frame and
     *         copied to the three channels
     */
    static float[] input(IdxImages images, int batch) {
        int plane = SIDE * SIDE;
        float[] x = new float[batch * CHANNELS * plane];
        int top = (SIDE - images.rows()) / 2;
        int left = (SIDE - images.cols()) / 2;
        for (int k = 0; k < batch; k++) {
            float[] img = images.images()[k];
            for (int c = 0; c < CHANNELS; c++) {
                int base = (k * CHANNELS + c) * plane;
                for (int i = 0; i < images.rows(); i++) {
                    System.arraycopy(img, i * images.cols(), x, base + (top + i) * SIDE + left, images.cols());
                }
            }
        }
        return x;
    }

    private static Map<Integer, ZeroShotProxies.Scores> read(Path journal) {
        Map<Integer, ZeroShotProxies.Scores> m = new HashMap<>();
        Journal.read(journal, "nb201_index,naswot,synflow,jacob_cov", 4, f -> m.put(Integer.parseInt(f[0]),
                new ZeroShotProxies.Scores(Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]))));
        return m;
    }
}
