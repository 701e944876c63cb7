package org.edgeai.platform.nas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.edgeai.nas.data.IdxImages;
import org.edgeai.nas.space.IbnSearchSpace;
import org.edgeai.nas.space.NetworkSpec;
import org.edgeai.nas.train.HeldOutRecheck;
import org.edgeai.nas.train.ShortTrainer;
import org.edgeai.platform.Cli;
import org.edgeai.platform.ConsoleProgress;
import org.edgeai.platform.JsonOption;
import org.edgeai.platform.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgeai nas recheck}: the seed table's networks scored on test images no search decision used.
 *
 * @implNote Single-use picocli command object; not thread-safe.
 */
@Command(name = "recheck", mixinStandardHelpOptions = true,
        description = "Train the baseline and the given networks with the seed table's seeds (same settings, so the same weights) and "
                + "score each on the 2,000-image test subset every search, fallback and confirmation selected on, and on the other "
                + "8,000 official Fashion-MNIST test images, which none of them saw: does each row still hold the baseline's "
                + "accuracy (mean minus --tolerance) there? Resumable (--work/recheck.csv). Run it under the training lock.")
public final class RecheckCommand implements Callable<Integer> {
    /** First example of the official test set that the 2,000-image subset does not contain. */
    static final int HELD_OUT_FROM = 2000;

    @Spec
    private CommandSpec spec;
    @Mixin
    private JsonOption json;
    @Mixin
    private NpuOptions npu;
    @Mixin
    private SeedTableTraining training;
    @Option(names = "--network", required = true, description = "network description to re-check, e.g. "
            + "s32|I5e2c32s1|I5e4c64s2|F3e2c32s2|F3e4c32s2|h256 (repeat the option for several)")
    private List<String> networks;
    @Option(names = "--baseline", description = "baseline description (default: the seed table's Fashion-MNIST IBN baseline)")
    private String baseline;
    @Option(names = "--seeds", defaultValue = "4", description = "training seeds per network, from --seed on (default ${DEFAULT-VALUE})")
    private int seeds;
    @Option(names = "--tolerance", defaultValue = "0.5", description = "accuracy a network may lose against the baseline's mean, points "
            + "(default ${DEFAULT-VALUE})")
    private double tolerance;

    /**
     * Trains (resuming from {@code --work/recheck.csv}) and prints whether each network holds the
     * baseline's accuracy (%) on the selection and the held-out images.
     *
     * @return 0
     * @throws IllegalStateException    if the data directory lacks {@code vision/} or its 2,000-image
     *                                  test subset is not the first 2,000 images of the full test set
     * @throws IllegalArgumentException if a network description is malformed
     * @throws Exception                if training or writing the journal or the plot fails
     */
    @Override
    public Integer call() throws Exception {
        NetworkSpec template = IbnSearchSpace.fashionMnist(IbnSearchSpace.Mode.STRUCTURE, IbnSearchSpace.ChannelPolicy.CURATED,
                npu.parallelism()).baseline();
        NetworkSpec base = baseline == null ? template : NetworkSpec.fromDescription(template, baseline);
        List<NetworkSpec> nets = new ArrayList<>();
        for (String d : networks) {
            nets.add(NetworkSpec.fromDescription(template, d));
        }
        HeldOutRecheck.Settings settings = new HeldOutRecheck.Settings(training.seed(), seeds, tolerance);
        var vision = training.vision(spec);
        IdxImages full = IdxImages.fashion(vision, IdxImages.FASHION_TEST_FULL);
        IdxImages subset = IdxImages.fashion(vision, IdxImages.FASHION_TEST_2K);
        IdxImages head = full.slice(0, subset.size());
        if (subset.size() != HELD_OUT_FROM || !Arrays.equals(head.labels(), subset.labels())
                || !Arrays.deepEquals(head.images(), subset.images())) {
            throw new IllegalStateException("the 2,000-image test subset is not the first 2,000 images of the full test set in "
                    + vision + ": cannot tell which test images the searches never saw");
        }
        IdxImages heldOut = full.slice(HELD_OUT_FROM, full.size());
        ShortTrainer trainer = training.trainer(spec);
        Files.createDirectories(training.work());
        HeldOutRecheck.Result r = HeldOutRecheck.run(base, nets, (n, seed, p) -> trainer.accuracies(n, seed, List.of(heldOut), p),
                NasCostModels.of(npu.accelerator(), npu.fusion()), settings, training.work().resolve("recheck.csv"),
                trainer.journalSettings(), ConsoleProgress.of(spec));
        if (trainer.cutShortCount() > 0) {
            spec.commandLine().getErr().printf("warning: the %.0f s budget cut %d training(s) short%n", training.budgetSeconds(),
                    trainer.cutShortCount());
        }
        if (r.baseline() != null && !r.rows().isEmpty()) {
            Path png = training.work().resolve("recheck.png");
            plot(png, r, seeds, full.size());
            spec.commandLine().getErr().println("plot: " + png);
        }
        if (json.json()) {
            Cli.printJson(spec, r);
            return 0;
        }
        var o = spec.commandLine().getOut();
        if (r.baseline() == null) {
            o.println("cancelled before the baseline was trained");
            o.flush();
            return 0;
        }
        o.printf("needed mean accuracy: %.2f%% on the selection subset (images 0-1999), %.2f%% on the held-out images 2000-%d%n",
                r.neededSelection(), r.neededHeldOut(), full.size() - 1);
        TextTable t = new TextTable("latency reduction", "memory reduction", "selection mean", "held-out mean", "holds (selection)",
                "holds (held out)", "network");
        List<HeldOutRecheck.Row> all = new ArrayList<>();
        all.add(r.baseline());
        all.addAll(r.rows());
        for (HeldOutRecheck.Row row : all) {
            t.row(String.format("%.1f%%", row.latencyReduction()), String.format("%.1f%%", row.memoryReduction()),
                    String.format("%.2f%%", row.selectionMean()), String.format("%.2f%%", row.heldOutMean()),
                    row.holdsSelection() ? "yes" : "no", row.holdsHeldOut() ? "yes" : "no", row.network());
        }
        o.print(t);
        o.flush();
        return 0;
    }

    /**
     * Writes each network's margin over the bar (its mean minus the baseline's mean plus the tolerance) on the selection
     * images and on the held-out images against its latency reduction, with the zero line (a point on or above it holds).
     *
     * @param file       target {@code .png} (written atomically)
     * @param r          a result with a baseline and at least one other row
     * @param seeds      training seeds behind each mean (for the title)
     * @param testImages size of the full test set (the held-out images are {@code HELD_OUT_FROM..testImages-1})
     * @throws IOException if the file cannot be written
     */
    static void plot(Path file, HeldOutRecheck.Result r, int seeds, int testImages) throws IOException {
        int n = r.rows().size();
        double[] x = new double[n];
        double[] sel = new double[n];
        double[] held = new double[n];
        double xLo = 0;
        double xHi = 0;
        for (int i = 0; i < n; i++) {
            HeldOutRecheck.Row row = r.rows().get(i);
            x[i] = row.latencyReduction();
            sel[i] = row.selectionMean() - r.neededSelection();
            held[i] = row.heldOutMean() - r.neededHeldOut();
            xLo = Math.min(xLo, x[i]);
            xHi = Math.max(xHi, x[i]);
        }
        NasPlots.write(file, "recheck: margin over the baseline's mean - tolerance, " + seeds + "-seed means", "latency reduction %",
                "margin, accuracy points", List.of(
                        new NasPlots.Series("selection images (0-" + (HELD_OUT_FROM - 1) + ")", x, sel, false),
                        new NasPlots.Series("held-out images (" + HELD_OUT_FROM + "-" + (testImages - 1) + ")", x, held, false),
                        new NasPlots.Series("holds above this line", new double[] {xLo, xHi}, new double[] {0, 0}, true)));
    }
}
