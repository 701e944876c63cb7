package org.edgeai.enhance.train;

import java.nio.file.Path;
import org.edgeai.kernel.DataDirectory;

/**
 * Command-line entry for a background training without the platform:
 * {@code java ... org.edgeai.enhance.train.TrainMain WORKDIR OUTPUT [STEPS] [THREADS] [CONV GRU]}. The platform
 * command {@code edgeai denoise train} is the documented interface; this one exists so a long run can
 * be started from the module's class path alone.
 */
public final class TrainMain {
    private TrainMain() {
    }

    /** @param args work dir, output prefix, optional step count and thread count */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: TrainMain WORKDIR OUTPUT_PREFIX [STEPS] [THREADS] [CONV_CHANNELS GRU_UNITS]");
            System.exit(2);
        }
        TrainConfig d = TrainConfig.defaults(DataDirectory.resolve(null), Path.of(args[0]), Path.of(args[1]));
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : d.steps();
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : d.threads();
        TrainConfig cfg = new TrainConfig(d.dataDir(), d.workDir(), d.output(), d.seed(), steps, d.batchSize(), d.sequenceFrames(),
                d.learningRate(), threads, d.validationEvery(), d.validationSequences(), d.reverbProbability(), d.useLibriSpeech(),
                0, 0, true, args.length > 5 ? Integer.parseInt(args[4]) : d.convChannels(),
                args.length > 5 ? Integer.parseInt(args[5]) : d.gruUnits());
        long[] last = {0};
        java.nio.file.Path stop = cfg.workDir().resolve("STOP");
        PercepNetTrainer.Result r = PercepNetTrainer.train(cfg, new org.edgeai.kernel.Progress() {
            @Override
            public void report(String task, long done, long total, String detail) {
                long now = System.nanoTime();
                if (now - last[0] > 5_000_000_000L || done == total) {
                    last[0] = now;
                    System.err.printf("%s %d/%d %s%n", task, done, total, detail);
                }
            }

            @Override
            public boolean cancelled() {
                return java.nio.file.Files.exists(stop); // touch WORKDIR/STOP to end early and export the best weights
            }
        });
        System.err.println(r);
    }
}
