package org.edgeai.platform.nas;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.edgeai.kernel.DataDirectory;
import org.edgeai.nas.bench.Nb201Table;
import org.edgeai.nas.estimate.EstimatorConfig;
import org.edgeai.nas.estimate.EstimatorValidation;
import org.edgeai.nas.estimate.FewShotExperiment;
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
 * {@code edgeai nas few-shot}: a new device's estimator from N of its measurements, HELP's protocol.
 *
 * @implNote Single-use picocli command object; not thread-safe.
 */
@Command(name = "few-shot", mixinStandardHelpOptions = true,
        description = "HELP's few-sample protocol on NAS-Bench-201: estimators of the source devices are fitted on the training "
                + "architectures; each target device gets N measured architectures and is predicted by transfer (power law of the "
                + "source with the lowest leave-one-out error) and by the estimator fitted on the N rows alone; Spearman rho and "
                + "within +-10 %% on the held-out architectures, averaged over repetitions; 'choice' is what nas estimate --transfer-from "
                + "returns (the direct fit from 20 rows when its cross-validated rho is higher). Default devices: HELP's split.")
public final class FewShotCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Mixin
    private JsonOption json;

    @Option(names = "--sources", split = ",", description = "source devices (default: HELP's nine meta-training devices)")
    private List<String> sources;
    @Option(names = "--targets", split = ",", description = "target devices (default: HELP's six meta-test devices)")
    private List<String> targets;
    @Option(names = "--samples", split = ",", defaultValue = "10,20,50,100,900",
            description = "target measurements N (default ${DEFAULT-VALUE})")
    private List<Integer> samples;
    @Option(names = "--repetitions", defaultValue = "5", description = "draws of the N architectures (default ${DEFAULT-VALUE})")
    private int repetitions;
    @Option(names = "--source-rows", defaultValue = "0", description = "training architectures per source estimator, 0 = all "
            + "(HELP meta-trains on 900 per source device; default ${DEFAULT-VALUE})")
    private int sourceRows;
    @Option(names = "--trees", defaultValue = "300", description = "boosting rounds of every estimator's correction (default ${DEFAULT-VALUE})")
    private int trees;
    @Option(names = "--split-seed", defaultValue = "20261121", description = "seed of the architecture split (default ${DEFAULT-VALUE})")
    private long splitSeed;

    @Override
    public Integer call() {
        Path dir = DataDirectory.require(Cli.dataDir(spec), "nas");
        Nb201Table table = Nb201Table.read(dir.resolve(Nb201Table.FILE));
        List<FewShotExperiment.Row> rows = FewShotExperiment.run(table, sources == null ? FewShotExperiment.HELP_SOURCES : sources,
                targets == null ? FewShotExperiment.HELP_TARGETS : targets, samples, repetitions, sourceRows, EstimatorValidation.HOLD_OUT,
                splitSeed, EstimatorConfig.defaults().withTrees(trees), ConsoleProgress.of(spec));
        if (json.json()) {
            Cli.printJson(spec, rows);
            return 0;
        }
        TextTable t = new TextTable("target", "N", "transfer rho", "(sd)", "transfer within 10%", "direct rho", "direct within 10%",
                "choice rho", "choice within 10%", "direct chosen", "sources chosen");
        for (var r : rows) {
            t.row(r.device(), r.samples(), String.format("%.4f", r.transferSpearman()), String.format("%.4f", r.transferSpearmanSd()),
                    String.format("%.1f%%", 100 * r.transferWithin10()), Double.isNaN(r.directSpearman()) ? "-" : String.format("%.4f", r.directSpearman()),
                    Double.isNaN(r.directWithin10()) ? "-" : String.format("%.1f%%", 100 * r.directWithin10()),
                    String.format("%.4f", r.combinedSpearman()), String.format("%.1f%%", 100 * r.combinedWithin10()),
                    r.directChosen() + "/" + r.repetitions(), String.join(" ", r.chosenSources()));
        }
        spec.commandLine().getOut().print(t);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
