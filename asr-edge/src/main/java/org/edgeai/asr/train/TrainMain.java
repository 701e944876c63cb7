package org.edgeai.asr.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.edgeai.asr.model.EncoderSpec;

/**
 * Minimal launcher for background trainings without the platform jar:
 * {@code java -cp ... org.edgeai.asr.train.TrainMain ctc|rnnt CORPUS_DIR WORK_DIR OUTPUT [key=value ...]}
 * with keys {@code epochs, patience, batch, lr, warmup, dropout, hidden, layers, frontend, stack,
 * threads, seed, resume, pred, joint, minutes, init, restart_lr, schedule (plateau|cosine),
 * ctc_weight, average, specaug (basic|strong|none), speeds (comma-separated), extra (comma-separated corpus
 * folders whose train.tsv joins the training set), steps, utts}.
 * {@code edgeai asr train} is the documented entry point; both call {@link AsrTrainer#train}.
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
        Map<String, String> kv = new HashMap<>();
        for (int i = 4; i < args.length; i++) {
            String[] p = args[i].split("=", 2);
            if (p.length != 2) {
                throw new IllegalArgumentException("expected key=value, got '" + args[i] + "'");
            }
            kv.put(p[0], p[1]);
        }
        EncoderSpec e = EncoderSpec.defaults();
        EncoderSpec spec = new EncoderSpec(e.melBins(), Integer.parseInt(kv.getOrDefault("stack", "" + e.stackFrames())),
                Integer.parseInt(kv.getOrDefault("frontend", "" + e.frontendUnits())),
                Integer.parseInt(kv.getOrDefault("hidden", "" + e.hidden())),
                Integer.parseInt(kv.getOrDefault("layers", "" + e.layers())), e.cmvnPriorFrames());
        TrainConfig.Builder b = TrainConfig.builder(TrainConfig.Criterion.valueOf(args[0].toUpperCase(java.util.Locale.ROOT)), Path.of(args[1]),
                Path.of(args[2]), Path.of(args[3])).encoder(spec);
        if (kv.containsKey("seed")) {
            b.seed(Long.parseLong(kv.get("seed")));
        }
        if (kv.containsKey("epochs")) {
            b.maxEpochs(Integer.parseInt(kv.get("epochs")));
        }
        if (kv.containsKey("patience")) {
            b.patience(Integer.parseInt(kv.get("patience")));
        }
        if (kv.containsKey("batch")) {
            b.batchSize(Integer.parseInt(kv.get("batch")));
        }
        if (kv.containsKey("lr")) {
            b.peakLearningRate(Float.parseFloat(kv.get("lr")));
        }
        if (kv.containsKey("warmup")) {
            b.warmupSteps(Integer.parseInt(kv.get("warmup")));
        }
        if (kv.containsKey("dropout")) {
            b.dropout(Float.parseFloat(kv.get("dropout")));
        }
        if (kv.containsKey("threads")) {
            b.threads(Integer.parseInt(kv.get("threads")));
        }
        b.maxStepsPerEpoch(Integer.parseInt(kv.getOrDefault("steps", "0")));
        b.maxTrainUtterances(Integer.parseInt(kv.getOrDefault("utts", "0")));
        b.resume(Boolean.parseBoolean(kv.getOrDefault("resume", "true")));
        if (kv.containsKey("pred")) {
            b.predictionHidden(Integer.parseInt(kv.get("pred")));
        }
        if (kv.containsKey("joint")) {
            b.jointDim(Integer.parseInt(kv.get("joint")));
        }
        b.maxMinutes(Double.parseDouble(kv.getOrDefault("minutes", "0")));
        b.initFrom(kv.containsKey("init") ? Path.of(kv.get("init")) : null);
        if (kv.containsKey("extra")) {
            b.extraTrain(java.util.Arrays.stream(kv.get("extra").split(",")).map(Path::of).toList());
        }
        b.restartLearningRate(Boolean.parseBoolean(kv.getOrDefault("restart_lr", "false")));
        b.schedule(TrainConfig.LrSchedule.valueOf(kv.getOrDefault("schedule", "plateau").toUpperCase(java.util.Locale.ROOT)));
        b.ctcWeight(Float.parseFloat(kv.getOrDefault("ctc_weight", "0")));
        b.averageBest(Integer.parseInt(kv.getOrDefault("average", "0")));
        b.specAugment(switch (kv.getOrDefault("specaug", "basic")) {
            case "basic" -> SpecAugmentPolicy.an4Basic();
            case "strong" -> SpecAugmentPolicy.an4Strong();
            case "none" -> SpecAugmentPolicy.none();
            default -> throw new IllegalArgumentException("specaug must be basic, strong or none, got " + kv.get("specaug"));
        });
        if (kv.containsKey("speeds")) {
            List<Double> sp = new ArrayList<>();
            for (String x : kv.get("speeds").split(",")) {
                sp.add(Double.parseDouble(x));
            }
            b.speeds(sp);
        }
        TrainReport r = AsrTrainer.train(b.build(), "TrainMain " + String.join(" ", List.of(args)), (task, done, total, detail) -> {
            System.out.printf("%tT %s %d/%d %s%n", System.currentTimeMillis(), task, done, total, detail);
            System.out.flush();
        });
        System.out.println("RESULT " + r);
    }
}
