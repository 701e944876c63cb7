package org.edgeai.platform.nas;

import java.nio.file.Path;
import org.edgeai.kernel.DataDirectory;
import org.edgeai.nas.data.IdxImages;
import org.edgeai.nas.train.ShortTrainer;
import org.edgeai.nas.train.TrainConfig;
import org.edgeai.platform.Cli;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The short-training options shared by {@code nas seed-table} and {@code nas seed-reach} (picocli
 * {@code @Mixin}): both train with the same settings into the same journals, so a network either trained
 * is not trained again. Trainings: Adam 3e-3, batch 128, 2 threads, on the 10k Fashion-MNIST subset,
 * scored on the 2k test subset.
 *
 * @implNote Single-use picocli mixin object; not thread-safe.
 */
public final class SeedTableTraining {
    @Option(names = "--epochs", defaultValue = "3", description = "epochs per training (default ${DEFAULT-VALUE})")
    int epochs;
    @Option(names = "--budget-seconds", defaultValue = "1800",
            description = "wall-clock safety limit per training, s: every training should run all --epochs, since a cut training's "
                    + "accuracy depends on the machine's load; cut trainings are reported (default ${DEFAULT-VALUE})")
    double budgetSeconds;
    @Option(names = "--seed", defaultValue = "1", description = "training seed of every searched candidate, also seeding the searches' evolution; confirmation seeds follow it (default ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--work", defaultValue = "nas-seed-table",
            description = "journal and output directory, shared by seed-table and seed-reach (default ${DEFAULT-VALUE})")
    Path work;

    /** @return the search seed */
    public long seed() {
        return seed;
    }

    /** @return the journal directory */
    public Path work() {
        return work;
    }

    /** @return the per-training wall-clock limit, s */
    public double budgetSeconds() {
        return budgetSeconds;
    }

    /**
     * @param spec the command (for the data directory)
     * @return a trainer on the data directory's Fashion-MNIST subsets
     * @throws IllegalStateException if the vision data is missing (clear message naming the folder)
     */
    public ShortTrainer trainer(CommandSpec spec) {
        return new ShortTrainer(IdxImages.fashion(vision(spec), IdxImages.FASHION_TRAIN_10K),
                IdxImages.fashion(vision(spec), IdxImages.FASHION_TEST_2K), new TrainConfig(epochs, 128, 3e-3, budgetSeconds, 2, 0, 0));
    }

    /**
     * @param spec the command (for the data directory)
     * @return the vision data directory
     * @throws IllegalStateException if it is missing (clear message naming the folder)
     */
    Path vision(CommandSpec spec) {
        return DataDirectory.require(Cli.dataDir(spec), "vision");
    }
}
