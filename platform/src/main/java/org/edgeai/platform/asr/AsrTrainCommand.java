package org.edgeai.platform.asr;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.edgeai.asr.model.EncoderSpec;
import org.edgeai.asr.train.AsrTrainer;
import org.edgeai.asr.train.SpecAugmentPolicy;
import org.edgeai.asr.train.TrainConfig;
import org.edgeai.asr.train.TrainReport;
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
 * {@code edgeai asr train}: DJL training with CTC or RNN-T, early stopping on dev, int8 export.
 *
 * @implNote Single-use picocli command object; not thread-safe.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the streaming recognizer on an AN4-style corpus (train.tsv, dev.tsv) with CTC or RNN-T; "
                + "seeded, resumable (checkpoints in --work-dir), early-stops on dev WER, exports f32 and int8 model files.")
public final class AsrTrainCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Mixin
    private JsonOption json;

    @Option(names = "--criterion", defaultValue = "ctc", description = "ctc or rnnt. Default: ${DEFAULT-VALUE}.")
    private String criterion;
    @Option(names = "--corpus", description = "Corpus folder with train.tsv and dev.tsv (default: <data-dir>/asr/an4).")
    private Path corpus;
    @Option(names = "--work-dir", defaultValue = "asr-edge/target/train", description = "Checkpoints and feature cache. Default: ${DEFAULT-VALUE}.")
    private Path workDir;
    @Option(names = "--output", defaultValue = "asr-edge/target/train/asr-an4.eaim",
            description = "Exported f32 model; the int8 twin gets the -i8 suffix. Default: ${DEFAULT-VALUE}.")
    private Path output;
    @Option(names = "--epochs", defaultValue = "120", description = "Epoch budget. Default: ${DEFAULT-VALUE}.")
    private int epochs;
    @Option(names = "--patience", defaultValue = "25", description = "Early-stopping patience in epochs. Default: ${DEFAULT-VALUE}.")
    private int patience;
    @Option(names = "--minutes", defaultValue = "0", description = "Wall-clock budget in minutes (0 = none). Default: ${DEFAULT-VALUE}.")
    private double minutes;
    @Option(names = "--batch", defaultValue = "16", description = "Utterances per step. Default: ${DEFAULT-VALUE}.")
    private int batch;
    @Option(names = "--lr", defaultValue = "0.0015", description = "Peak Adam learning rate. Default: ${DEFAULT-VALUE}.")
    private float lr;
    @Option(names = "--warmup", defaultValue = "200", description = "Warm-up steps. Default: ${DEFAULT-VALUE}.")
    private int warmup;
    @Option(names = "--dropout", defaultValue = "0.15", description = "Dropout. Default: ${DEFAULT-VALUE}.")
    private float dropout;
    @Option(names = "--hidden", defaultValue = "256", description = "LSTM size. Default: ${DEFAULT-VALUE}.")
    private int hidden;
    @Option(names = "--layers", defaultValue = "3", description = "LSTM layers. Default: ${DEFAULT-VALUE}.")
    private int layers;
    @Option(names = "--frontend", defaultValue = "256", description = "Front-end width. Default: ${DEFAULT-VALUE}.")
    private int frontend;
    @Option(names = "--stack", defaultValue = "4", description = "Frames per encoder step (subsampling). Default: ${DEFAULT-VALUE}.")
    private int stack;
    @Option(names = "--threads", defaultValue = "2", description = "PyTorch threads (<= 2 on shared machines). Default: ${DEFAULT-VALUE}.")
    private int threads;
    @Option(names = "--seed", defaultValue = "20261121", description = "Seed. Default: ${DEFAULT-VALUE}.")
    private long seed;
    @Option(names = "--no-resume", description = "Start over even if --work-dir has a checkpoint.")
    private boolean noResume;
    @Option(names = "--init", description = "Initialize tensors of equal name from this model (RNN-T encoder from CTC).")
    private Path init;
    @Option(names = "--restart-lr", description = "On resume, restart the learning-rate schedule at its peak (warm restart).")
    private boolean restartLr;
    @Option(names = "--schedule", defaultValue = "plateau", description = "Learning-rate schedule after warm-up: plateau or cosine. Default: ${DEFAULT-VALUE}.")
    private String schedule;
    @Option(names = "--ctc-weight", defaultValue = "0", description = "RNN-T: weight of an auxiliary CTC loss on the encoder (0 = none). Default: ${DEFAULT-VALUE}.")
    private float ctcWeight;
    @Option(names = "--average", defaultValue = "0",
            description = "Average the parameters of this many best epochs (by dev WER) at the end; kept if not worse on dev (0 = off). Default: ${DEFAULT-VALUE}.")
    private int average;
    @Option(names = "--specaug", defaultValue = "basic", description = "SpecAugment policy: basic, strong or none. Default: ${DEFAULT-VALUE}.")
    private String specaug;
    @Option(names = "--speeds", split = ",", defaultValue = "0.9,1.0,1.1", description = "Speed-perturbation factors. Default: ${DEFAULT-VALUE}.")
    private List<Double> speeds;
    @Option(names = "--pred", defaultValue = "256", description = "RNN-T prediction network size. Default: ${DEFAULT-VALUE}.")
    private int pred;
    @Option(names = "--joint", defaultValue = "256", description = "RNN-T joiner width. Default: ${DEFAULT-VALUE}.")
    private int joint;
    @Option(names = "--extra-train", split = ",", paramLabel = "DIR",
            description = "Further corpus folders (same manifest format) whose train.tsv joins the training set, e.g. "
                    + "<data-dir>/asr/librispeech-mini5; early stopping stays on the main corpus's dev.tsv.")
    private List<Path> extraTrain = List.of();
    @Option(names = "--max-steps-per-epoch", defaultValue = "0", hidden = true)
    private int maxSteps;
    @Option(names = "--max-utterances", defaultValue = "0", hidden = true)
    private int maxUtts;

    /**
     * Trains (or resumes) and prints the training report.
     *
     * @return 0
     * @throws IllegalArgumentException if {@code --specaug}, {@code --criterion} or {@code --schedule}
     *                                  names no known value, or a setting is out of range
     * @throws Exception                if training or export fails
     */
    @Override
    public Integer call() throws Exception {
        Path c = corpus != null ? corpus : Cli.dataDir(spec).resolve("asr/an4");
        SpecAugmentPolicy sa = switch (specaug.toLowerCase(java.util.Locale.ROOT)) {
            case "basic" -> SpecAugmentPolicy.an4Basic();
            case "strong" -> SpecAugmentPolicy.an4Strong();
            case "none" -> SpecAugmentPolicy.none();
            default -> throw new IllegalArgumentException("--specaug must be basic, strong or none, got " + specaug);
        };
        TrainConfig cfg = TrainConfig.builder(TrainConfig.Criterion.valueOf(criterion.toUpperCase(java.util.Locale.ROOT)), c, workDir,
                        output)
                .encoder(new EncoderSpec(80, stack, frontend, hidden, layers, 100)).seed(seed).maxEpochs(epochs).patience(patience)
                .batchSize(batch).peakLearningRate(lr).warmupSteps(warmup).dropout(dropout).speeds(speeds).specAugment(sa)
                .threads(threads).maxStepsPerEpoch(maxSteps).maxTrainUtterances(maxUtts).resume(!noResume).predictionHidden(pred)
                .jointDim(joint).maxMinutes(minutes).initFrom(init).restartLearningRate(restartLr)
                .schedule(TrainConfig.LrSchedule.valueOf(schedule.toUpperCase(java.util.Locale.ROOT))).ctcWeight(ctcWeight)
                .averageBest(average).extraTrain(extraTrain).build();
        TrainReport r = AsrTrainer.train(cfg, "edgeai asr train " + String.join(" ", spec.commandLine().getParseResult().originalArgs()),
                new ConsoleProgress(spec.commandLine().getErr(), Set.of("train"))); // one line per epoch
        if (json.json()) {
            Cli.printJson(spec, r);
        } else {
            spec.commandLine().getOut().println(new TextTable("status", "epochs", "best epoch", "dev WER %", "dev CER %", "model", "int8 model")
                    .row(r.status(), r.epochsRun(), r.bestEpoch(), String.format("%.2f", 100 * r.bestDevWer()),
                            String.format("%.2f", 100 * r.bestDevCer()), r.modelF32(), r.modelI8()));
        }
        return 0;
    }
}
