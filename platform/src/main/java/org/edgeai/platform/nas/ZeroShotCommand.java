package org.edgeai.platform.nas;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.edgeai.kernel.DataDirectory;
import org.edgeai.nas.data.IdxImages;
import org.edgeai.nas.search.CandidateEvaluator;
import org.edgeai.nas.space.IbnSearchSpace;
import org.edgeai.nas.train.ShortTrainer;
import org.edgeai.nas.train.TrainConfig;
import org.edgeai.nas.train.ZeroShotExperiment;
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
 * {@code edgeai nas zero-shot}: proxies vs short-training accuracy on sampled candidates.
 *
 * @implNote Single-use picocli command object; not thread-safe.
 */
@Command(name = "zero-shot", mixinStandardHelpOptions = true,
        description = "Sample candidates from the full IBN space, compute NASWOT, synflow and jacob_cov at initialisation and "
                + "the short-training accuracy, and report each proxy's Spearman rho (published NAS-Bench-201: 0.73-0.82). "
                + "Resumable through --journal. Run it under the training lock.")
public final class ZeroShotCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Mixin
    private JsonOption json;
    @Option(names = "--candidates", defaultValue = "50", description = "candidates sampled from the full IBN space (default ${DEFAULT-VALUE})")
    private int candidates;
    @Option(names = "--batch", defaultValue = "64", description = "proxy minibatch (default ${DEFAULT-VALUE})")
    private int batch;
    @Option(names = "--epochs", defaultValue = "2", description = "Fashion-MNIST training epochs per candidate (default ${DEFAULT-VALUE})")
    private int epochs;
    @Option(names = "--budget-seconds", defaultValue = "60", description = "wall-clock cap per training, s (default ${DEFAULT-VALUE})")
    private double budgetSeconds;
    @Option(names = "--seed", defaultValue = "1", description = "sampling, initialisation and training seed (default ${DEFAULT-VALUE})")
    private long seed;
    @Option(names = "--journal", defaultValue = "nas-zero-shot.csv",
            description = "journal of network,accuracy,naswot,synflow,jacob_cov rows; the run resumes from it (default ${DEFAULT-VALUE})")
    private Path journal;
    @Option(names = "--rescore-proxies", description = "recompute the proxies of every journaled candidate, keeping its journaled "
            + "accuracy; trains nothing (a candidate missing from the journal is an error)")
    private boolean rescore;
    @Option(names = "--retest-seed", description = "also train every candidate with this second training seed and report "
            + "the accuracy's seed-to-seed (test-retest) Spearman rho and the ceiling sqrt(rho) it puts on any proxy's rho, "
            + "with a 95 %% bootstrap interval, and each proxy's rho against the two trainings' mean")
    private Long retestSeed;
    @Option(names = "--retest-journal", defaultValue = "nas-zero-shot-retest.csv",
            description = "journal of network,seed,accuracy rows of the second trainings (default ${DEFAULT-VALUE})")
    private Path retestJournal;

    /**
     * Samples, scores and trains the candidates (resuming from the journals) and prints each proxy's
     * Spearman rho.
     *
     * @return 0
     * @throws IllegalArgumentException if {@code --rescore-proxies} is combined with {@code --retest-seed},
     *                                  or (with {@code --rescore-proxies}) a candidate is missing from
     *                                  the journal
     * @throws IllegalStateException    if the data directory lacks {@code vision/}
     */
    @Override
    public Integer call() {
        if (rescore && retestSeed != null) {
            throw new IllegalArgumentException(
                    "--rescore-proxies trains nothing and --retest-seed trains every candidate again: run them separately");
        }
        Path vision = DataDirectory.require(Cli.dataDir(spec), "vision");
        IdxImages train = IdxImages.fashion(vision, IdxImages.FASHION_TRAIN_10K);
        ShortTrainer trainer = new ShortTrainer(train, IdxImages.fashion(vision, IdxImages.FASHION_TEST_2K),
                new TrainConfig(epochs, 128, 3e-3, budgetSeconds, 2, 0, 0));
        CandidateEvaluator evaluator = rescore ? (s, sd, p) -> {
            throw new IllegalArgumentException("--rescore-proxies: " + s.describe() + " is not in " + journal + " (nothing is trained)");
        } : trainer;
        ZeroShotExperiment.Result r = ZeroShotExperiment.run(
                IbnSearchSpace.fashionMnist(IbnSearchSpace.Mode.FULL, IbnSearchSpace.ChannelPolicy.CURATED, 32), candidates, evaluator,
                train, batch, seed, journal, rescore,
                retestSeed == null ? null : new ZeroShotExperiment.Retest(retestSeed, retestJournal), ConsoleProgress.of(spec));
        if (json.json()) {
            Cli.printJson(spec, r);
            return 0;
        }
        // NAS-Bench-Suite-Zero's NAS-Bench-201 CIFAR-10 sample (../shared/data/nas README, ~725 cells)
        TextTable t = new TextTable("proxy", "spearman (this run)", "published NAS-Bench-201 CIFAR-10 (NASLib sample)");
        t.row("naswot", String.format("%.3f", r.spearmanNaswot()), "0.787");
        t.row("synflow", String.format("%.3f", r.spearmanSynflow()), "0.736");
        t.row("jacob_cov", String.format("%.3f", r.spearmanJacobCov()), "0.766");
        spec.commandLine().getOut().printf("%d candidates%n", r.samples().size());
        spec.commandLine().getOut().print(t);
        if (r.retest() != null) {
            var b = r.retest().bound();
            spec.commandLine().getOut().printf("retest (training seed %d): seed-to-seed rho %.3f, ceiling on any proxy's rho "
                    + "sqrt = %.3f (95 %% CI %.3f-%.3f); against the two trainings' mean: naswot %.3f, synflow %.3f, jacob_cov %.3f%n",
                    r.retest().seed(), b.testRetest(), b.ceiling(), b.low(), b.high(), r.retest().spearmanNaswot(),
                    r.retest().spearmanSynflow(), r.retest().spearmanJacobCov());
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
