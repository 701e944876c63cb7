package org.edgeai.asr.train;

import java.nio.file.Path;
import java.util.List;
import org.edgeai.asr.model.EncoderSpec;

/**
 * Minimal launcher for background trainings without the platform jar:
 * {@code java -cp ... org.edgeai.asr.train.TrainMain ctc|rnnt CORPUS_DIR WORK_DIR OUTPUT [key=value ...]}
 * with keys {@code epochs, patience, batch, lr, warmup, dropout, hidden, layers, frontend, stack,
 * threads, seed, resume, pred, joint}. {@code edgeai asr train} is the documented entry point; both
 * call {@link AsrTrainer#train}.
 */
public final class TrainMain {
    private TrainMain() {
    }

    /** @param args see the class comment */
    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: TrainMain ctc|rnnt CORPUS_DIR WORK_DIR OUTPUT [key=value ...]");
            System.exit(2);
        }
        TrainConfig d = TrainConfig.an4Ctc(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
        java.util.Map<String, String> kv = new java.util.HashMap<>();
        for (int i = 4; i < args.length; i++) {
            String[] p = args[i].split("=", 2);
            kv.put(p[0], p[1]);
        }
        EncoderSpec e = d.encoder();
        EncoderSpec spec = new EncoderSpec(e.melBins(), Integer.parseInt(kv.getOrDefault("stack", "" + e.stackFrames())),
                Integer.parseInt(kv.getOrDefault("frontend", "" + e.frontendUnits())),
                Integer.parseInt(kv.getOrDefault("hidden", "" + e.hidden())),
                Integer.parseInt(kv.getOrDefault("layers", "" + e.layers())), e.cmvnPriorFrames());
        TrainConfig c = new TrainConfig(TrainConfig.Criterion.valueOf(args[0].toUpperCase()), d.corpusDir(), d.workDir(),
                d.output(), spec, Long.parseLong(kv.getOrDefault("seed", "" + d.seed())),
                Integer.parseInt(kv.getOrDefault("epochs", "" + d.maxEpochs())),
                Integer.parseInt(kv.getOrDefault("patience", "" + d.patience())),
                Integer.parseInt(kv.getOrDefault("batch", "" + d.batchSize())),
                Float.parseFloat(kv.getOrDefault("lr", "" + d.peakLearningRate())),
                Integer.parseInt(kv.getOrDefault("warmup", "" + d.warmupSteps())),
                Float.parseFloat(kv.getOrDefault("dropout", "" + d.dropout())), d.speeds(), d.specAugment(),
                Integer.parseInt(kv.getOrDefault("threads", "" + d.threads())),
                Integer.parseInt(kv.getOrDefault("steps", "0")), Integer.parseInt(kv.getOrDefault("utts", "0")),
                Boolean.parseBoolean(kv.getOrDefault("resume", "true")),
                Integer.parseInt(kv.getOrDefault("pred", "" + d.predictionHidden())),
                Integer.parseInt(kv.getOrDefault("joint", "" + d.jointDim())),
                Double.parseDouble(kv.getOrDefault("minutes", "0")),
                kv.containsKey("init") ? Path.of(kv.get("init")) : null,
                Boolean.parseBoolean(kv.getOrDefault("restart_lr", "false")));
        long[] last = {0};
        TrainReport r = AsrTrainer.train(c, "TrainMain " + String.join(" ", List.of(args)), (task, done, total, detail) -> {
            System.out.printf("%tT %s %d/%d %s%n", System.currentTimeMillis(), task, done, total, detail);
            System.out.flush();
        });
        System.out.println("RESULT " + r);
    }
}
