package org.edgeai.platform.nas;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.edgeai.nas.bench.FbnetTable;
import org.edgeai.nas.bench.Nb201Table;
import org.edgeai.nas.estimate.EstimatorConfig;
import org.edgeai.nas.estimate.LatencyEstimator;
import org.edgeai.platform.Cli;
import org.edgeai.platform.JsonOption;
import org.edgeai.platform.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgeai nas estimate}: fit the latency estimator on TRAIN, predict QUERY.
 *
 * @implNote Single-use picocli command object; not thread-safe.
 */
@Command(name = "estimate", mixinStandardHelpOptions = true,
        description = "Fit the device latency estimator on TRAIN rows and print predicted_ms for each QUERY row "
                + "(files in the ../shared/data/nas format; QUERY needs only the id and architecture columns). "
                + "With --index-calibration (nb201) the benchmark's measurement order is used too, and every output row says so.")
public final class EstimateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Mixin
    private JsonOption json;

    @Option(names = "--space", required = true, description = "nb201 or fbnet")
    private String space;
    @Option(names = "--device", required = true, description = "latency column suffix, e.g. pixel3, raspi4, eyeriss, fpga")
    private String device;
    @Option(names = "--train", required = true, paramLabel = "TRAIN.csv")
    private Path train;
    @Option(names = "--predict", required = true, paramLabel = "QUERY.csv")
    private Path predict;
    @Option(names = "--trees", defaultValue = "300", description = "boosting rounds of the correction, 0 = decomposition only (default ${DEFAULT-VALUE})")
    private int trees;
    @Option(names = "--index-calibration", description = "nb201 only: also use the residuals of TRAIN rows with nearby nb201_index "
            + "(the benchmark's measurement order; the device drifted during the session). Valid only for held-out rows of "
            + "the same benchmark measurement, not for new architectures measured elsewhere. Off by default.")
    private boolean indexCalibration;
    @Option(names = "--seed", defaultValue = "1")
    private long seed;
    @Option(names = "--transfer-from", split = ",", paramLabel = "DEVICE", description = "nb201 only: TRAIN holds a few (>= 3) "
            + "measurements of a new device; fit the estimator of each listed source device on the shared NAS-Bench-201 table "
            + "of the data directory and transfer it to --device by a power law fitted on TRAIN, from the source with the lowest "
            + "leave-one-out error ('help' = HELP's nine source devices; about 20 s per source); with 20 or more TRAIN rows the "
            + "estimator fitted on TRAIN alone is used instead when its cross-validated Spearman rho is higher")
    private List<String> transferFrom;

    /**
     * Fits the estimator and prints one prediction per QUERY row ({@code predicted_ms}, ms).
     *
     * @return 0
     * @throws IllegalArgumentException if {@code --space} is not nb201 or fbnet, {@code --index-calibration}
     *                                  is used with fbnet, {@code --transfer-from} with fbnet or with
     *                                  {@code --index-calibration}, {@code --device} is also a transfer
     *                                  source, or a file is malformed or lacks the device column
     * @throws IllegalStateException    if {@code --transfer-from} is given and the data directory lacks
     *                                  {@code nas/}
     */
    @Override
    public Integer call() {
        EstimatorConfig cfg = EstimatorConfig.defaults().withTrees(trees).withSeed(seed).withIndexCalibration(indexCalibration);
        if (indexCalibration && !space.equals("nb201")) {
            throw new IllegalArgumentException("--index-calibration applies to --space nb201 only");
        }
        if (transferFrom != null) {
            if (!space.equals("nb201") || indexCalibration) {
                throw new IllegalArgumentException("--transfer-from applies to --space nb201 without --index-calibration");
            }
            return transfer(cfg);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        String idName;
        int trainingRows;
        boolean corrected;
        switch (space) {
            case "nb201" -> {
                idName = "nb201_index";
                Nb201Table tr = Nb201Table.read(train);
                Nb201Table q = Nb201Table.read(predict);
                LatencyEstimator<org.edgeai.nas.bench.Nb201Cell> est = LatencyEstimator.fitNb201(tr, device, cfg);
                for (int i = 0; i < q.size(); i++) {
                    double ms = indexCalibration ? est.predictMs(q.cells().get(i), q.index(i)) : est.predictMs(q.cells().get(i));
                    rows.add(row(idName, q.index(i), ms, indexCalibration));
                }
                var v = est.validation();
                if (indexCalibration && v.calibrationWindow() == 0) {
                    spec.commandLine().getErr().printf("INDEX CALIBRATION ON but no index window helped in internal CV: "
                            + "predictions are the architecture-only ones%n");
                } else if (indexCalibration) {
                    spec.commandLine().getErr().printf("INDEX CALIBRATION ON: predictions add the %s log residual of TRAIN rows with "
                            + "nb201_index within +-%d of the query (benchmark measurement order); valid for held-out rows of the same "
                            + "benchmark only (internal CV: %.1f %% within 10 %%, Spearman %.4f; from the architecture alone %.1f %%, %.4f)%n",
                            v.calibrationStatistic(), v.calibrationWindow(), 100 * v.calibratedWithin10(), v.calibratedSpearman(),
                            100 * v.within10(), v.spearman());
                }
                trainingRows = est.trainingRows();
                corrected = est.corrected();
            }
            case "fbnet" -> {
                idName = "sample_id";
                FbnetTable tr = FbnetTable.read(train);
                FbnetTable q = FbnetTable.read(predict);
                LatencyEstimator<org.edgeai.nas.bench.FbnetBlock[]> est = LatencyEstimator.fitFbnet(tr, device, cfg);
                for (int i = 0; i < q.size(); i++) {
                    rows.add(row(idName, q.sampleId(i), est.predictMs(q.blocks(i)), false));
                }
                trainingRows = est.trainingRows();
                corrected = est.corrected();
            }
            default -> throw new IllegalArgumentException("--space must be nb201 or fbnet, got '" + space + "'");
        }
        spec.commandLine().getErr().printf("fitted on %d rows of %s (%s, correction %s%s)%n", trainingRows, train, device,
                corrected ? "applied" : "not kept", indexCalibration ? ", index calibration ON" : "");
        spec.commandLine().getErr().flush();
        if (json.json()) {
            Cli.printJson(spec, rows);
            return 0;
        }
        TextTable t = new TextTable(idName, "predicted_ms", "index_calibrated");
        for (Map<String, Object> r : rows) {
            t.row(r.get(idName), String.format("%.5f", (Double) r.get("predicted_ms")), r.get("index_calibrated"));
        }
        spec.commandLine().getOut().print(t);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private Integer transfer(EstimatorConfig cfg) {
        List<String> sources = transferFrom.equals(List.of("help")) ? org.edgeai.nas.estimate.FewShotExperiment.HELP_SOURCES : transferFrom;
        Nb201Table shared = Nb201Table.read(org.edgeai.kernel.DataDirectory.require(Cli.dataDir(spec), "nas").resolve(Nb201Table.FILE));
        if (sources.contains(device)) {
            throw new IllegalArgumentException("--device " + device + " is also a --transfer-from source");
        }
        Nb201Table tr = Nb201Table.read(train);
        Nb201Table q = Nb201Table.read(predict);
        var est = org.edgeai.nas.estimate.TransferEstimator.fitNb201(shared, sources, tr.cells(), tr.measuredLatency(device), cfg,
                org.edgeai.platform.ConsoleProgress.of(spec));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < q.size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("nb201_index", q.index(i));
            m.put("predicted_ms", est.predictMs(q.cells().get(i)));
            m.put("transfer_source", est.source());
            m.put("method", est.method());
            rows.add(m);
        }
        var t = est.transfer();
        spec.commandLine().getErr().printf("transfer to %s from %s fitted on %d rows of %s: log ms = %.4f + %.4f log ms(%s), "
                + "leave-one-out RMS %.3f in log ms, leave-one-out Spearman %.4f; predictions: %s%n", device, est.source(), tr.size(),
                train, t.intercept(), t.slope(), est.source(), t.looRmse(), t.looSpearman(),
                est.method().equals("direct") ? "the estimator fitted on TRAIN alone (its cross-validated Spearman is higher)"
                        : "the transfer");
        spec.commandLine().getErr().flush();
        if (json.json()) {
            Cli.printJson(spec, rows);
            return 0;
        }
        TextTable out = new TextTable("nb201_index", "predicted_ms", "transfer_source", "method");
        for (Map<String, Object> r : rows) {
            out.row(r.get("nb201_index"), String.format("%.5f", (Double) r.get("predicted_ms")), r.get("transfer_source"), r.get("method"));
        }
        spec.commandLine().getOut().print(out);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static Map<String, Object> row(String idName, int id, double ms, boolean indexCalibrated) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(idName, id);
        m.put("predicted_ms", ms);
        m.put("index_calibrated", indexCalibrated);
        return m;
    }
}
