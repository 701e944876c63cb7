package org.edgeai.asr.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.edgeai.asr.model.EncoderSpec;

/**
 * Settings of one training run.
 *
 * @param criterion       CTC or RNNT
 * @param corpusDir       the AN4-style corpus folder holding {@code train.tsv} and {@code dev.tsv}
 * @param workDir         checkpoints, feature cache and logs (e.g. {@code asr-edge/target/train-ctc})
 * @param output          the exported f32 model file; the int8 twin is written beside it ({@code -i8} suffix)
 * @param encoder         network geometry
 * @param seed            seed of every random choice (init, shuffling, augmentation)
 * @param maxEpochs       epoch budget
 * @param patience        stop after this many epochs without a better dev WER
 * @param batchSize       utterances per step
 * @param peakLearningRate Adam learning rate after warm-up
 * @param warmupSteps     linear warm-up steps
 * @param dropout         dropout between layers
 * @param speeds          speed-perturbation factors, one drawn per utterance per epoch
 * @param specAugment     whether to apply SpecAugment masks
 * @param threads         PyTorch intra-op threads (<= 2 on the shared machine)
 * @param maxStepsPerEpoch cap on steps per epoch (0 = none; tests use a few)
 * @param maxTrainUtterances cap on training utterances (0 = all; tests use a few)
 * @param resume          continue from the last checkpoint in {@code workDir} if present
 * @param predictionHidden RNN-T prediction network LSTM size (ignored for CTC)
 * @param jointDim        RNN-T joiner width (ignored for CTC)
 * @param maxMinutes      wall-clock budget: no new epoch starts after it (0 = none)
 * @param initFrom        a model file whose tensors of equal name and shape initialize the network
 *                        (RNN-T encoder from a CTC model), or null
 * @param restartLearningRate on resume, restart the learning-rate schedule at its peak (warm restart,
 *                        Loshchilov and Hutter 2017) and reset the patience counter
 */
public record TrainConfig(Criterion criterion, Path corpusDir, Path workDir, Path output, EncoderSpec encoder, long seed,
                          int maxEpochs, int patience, int batchSize, float peakLearningRate, int warmupSteps,
                          float dropout, List<Double> speeds, boolean specAugment, int threads, int maxStepsPerEpoch,
                          int maxTrainUtterances, boolean resume, int predictionHidden, int jointDim, double maxMinutes, Path initFrom,
                          boolean restartLearningRate) {

    /** Training criterion. */
    public enum Criterion {
        /** Connectionist temporal classification (Graves et al. 2006). */
        CTC,
        /** RNN transducer (Graves 2012). */
        RNNT
    }

    /** @throws IllegalArgumentException if a value is out of range (message names it) */
    public TrainConfig {
        Objects.requireNonNull(criterion, "criterion");
        Objects.requireNonNull(corpusDir, "corpusDir");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(encoder, "encoder");
        speeds = List.copyOf(speeds);
        if (maxEpochs < 1 || patience < 1 || batchSize < 1 || warmupSteps < 0 || threads < 1 || maxStepsPerEpoch < 0
                || maxTrainUtterances < 0 || predictionHidden < 1 || jointDim < 1 || !(maxMinutes >= 0)) {
            throw new IllegalArgumentException("invalid training sizes: epochs=" + maxEpochs + " patience=" + patience
                    + " batch=" + batchSize + " warmup=" + warmupSteps + " threads=" + threads);
        }
        if (!(peakLearningRate > 0) || !(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("learning rate must be > 0 and dropout in [0, 1), got " + peakLearningRate
                    + " / " + dropout);
        }
        if (speeds.isEmpty() || speeds.stream().anyMatch(s -> !(s > 0.5 && s <= 2))) {
            throw new IllegalArgumentException("speeds must be non-empty, each in (0.5, 2], got " + speeds);
        }
    }

    /** The AN4 recipe used for the committed CTC model. */
    public static TrainConfig an4Ctc(Path corpusDir, Path workDir, Path output) {
        return new TrainConfig(Criterion.CTC, corpusDir, workDir, output, EncoderSpec.defaults(), 20261121L, 120, 25, 16,
                1.5e-3f, 200, 0.15f, List.of(0.9, 1.0, 1.1), true, 2, 0, 0, false, 256, 256, 0, null, false);
    }
}
