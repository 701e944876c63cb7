package org.edgeai.platform.nas;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.edgeai.kernel.DataDirectory;
import org.edgeai.nas.bench.FbnetTable;
import org.edgeai.nas.bench.Nb201Table;
import org.edgeai.nas.estimate.EstimatorConfig;
import org.edgeai.nas.estimate.EstimatorValidation;
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
 * {@code edgeai nas validate-estimator}: the estimator acceptance table on the shared data.
 *
 * @implNote Single-use picocli command object; not thread-safe.
 */
@Command(name = "validate-estimator", mixinStandardHelpOptions = true,
        description = "Split the shared NAS tables by architecture (seeded hold-out), fit on the training part, and report "
                + "per device the share of held-out architectures within +-10 %%, Spearman rho and training rows. NAS-Bench-201 "
                + "rows also get the figures with the benchmark-index calibration in separate columns, and the measurement ceiling: "
                + "the highest Spearman rho any architecture-only predictor can expect, sqrt of the test-retest rho of isomorphic "
                + "cell pairs (95%% bootstrap interval), and the same ceiling corrected for the pairs' narrower latency range "
                + "(simulated over the whole table with the pairs' noise).")
public final class ValidateEstimatorCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Mixin
    private JsonOption json;

    @Option(names = "--space", defaultValue = "all", description = "nb201, fbnet or all (default ${DEFAULT-VALUE})")
    private String space;
    @Option(names = "--devices", split = ",", defaultValue = "pixel3,raspi4,eyeriss,fpga",
            description = "device columns (default ${DEFAULT-VALUE})")
    private List<String> devices;
    @Option(names = "--hold-out", defaultValue = "0.2", description = "held-out share (default ${DEFAULT-VALUE})")
    private double holdOut;
    @Option(names = "--split-seed", defaultValue = "20261121")
    private long splitSeed;
    @Option(names = "--trees", defaultValue = "300")
    private int trees;
    @Option(names = "--index-calibration", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "nb201: also report the figures with the benchmark-index calibration (measurement order; shown in "
                    + "separate columns, never mixed into the architecture-only figures). Default on; --no-index-calibration skips it.")
    private boolean indexCalibration;
    @Option(names = "--seed", defaultValue = "1")
    private long seed;

    /**
     * Fits on the training part of each table and prints the acceptance table.
     *
     * @return 0
     * @throws IllegalArgumentException if {@code --space} is not nb201, fbnet or all, {@code --hold-out}
     *                                  is not in (0, 1), or a device column is missing
     * @throws IllegalStateException    if the data directory lacks {@code nas/}
     */
    @Override
    public Integer call() {
        Path dir = DataDirectory.require(Cli.dataDir(spec), "nas");
        EstimatorConfig cfg = EstimatorConfig.defaults().withTrees(trees).withSeed(seed).withIndexCalibration(indexCalibration);
        ConsoleProgress progress = ConsoleProgress.of(spec);
        List<EstimatorValidation.DeviceResult> results = new ArrayList<>();
        if (!space.equals("nb201") && !space.equals("fbnet") && !space.equals("all")) {
            throw new IllegalArgumentException("--space must be nb201, fbnet or all, got '" + space + "'");
        }
        if (!space.equals("nb201")) {
            results.addAll(EstimatorValidation.fbnet(FbnetTable.read(dir.resolve(FbnetTable.FILE)), devices, cfg, holdOut,
                    splitSeed, progress));
        }
        if (!space.equals("fbnet")) {
            results.addAll(EstimatorValidation.nb201(Nb201Table.read(dir.resolve(Nb201Table.FILE)), devices, cfg, holdOut,
                    splitSeed, progress));
        }
        if (json.json()) {
            Cli.printJson(spec, results);
            return 0;
        }
        TextTable t = new TextTable("space", "device", "train rows", "held out", "within 10%", "spearman",
                "index-cal within 10%", "index-cal spearman", "window", "additive within 10%", "additive spearman", "correction",
                "offset bands", "ceiling (95% CI)", "range-corrected ceiling");
        for (var r : results) {
            boolean cal = !Double.isNaN(r.calibratedWithin10());
            t.row(r.space(), r.device(), r.trainingRows(), r.heldOutRows(), pct(r.within10()), String.format("%.4f", r.spearman()),
                    cal ? pct(r.calibratedWithin10()) : "-", cal ? String.format("%.4f", r.calibratedSpearman()) : "-",
                    cal ? (r.calibrationWindow() == 0 ? "off" : "+-" + r.calibrationWindow() + " " + r.cv().calibrationStatistic()) : "-",
                    pct(r.additiveWithin10()), String.format("%.4f", r.additiveSpearman()), r.corrected() ? "kept" : "dropped",
                    r.cv().offsetBands(), r.ceiling() == null ? "-" : String.format("%.4f (%.4f-%.4f)", r.ceiling().ceiling(), r.ceiling().low(), r.ceiling().high()),
                    r.ceiling() == null ? "-" : String.format("%.4f", r.ceiling().wholeTable()));
        }
        spec.commandLine().getOut().print(t);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static String pct(double v) {
        return String.format("%.1f%%", 100 * v);
    }
}
