package org.edgeai.enhance.train;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Training settings of {@link PercepNetTrainer}.
 *
 * @param dataDir           data directory (holds {@code audio/train} and {@code asr/librispeech-mini5})
 * @param workDir           checkpoints and log go here
 * @param output            where the exported models go: {@code <output>-f32.eaim} and {@code <output>-int8.eaim}
 * @param seed              master seed (mixtures, initialization, validation set)
 * @param steps             optimizer steps
 * @param batchSize         sequences per step
 * @param sequenceFrames    10 ms frames per sequence
 * @param learningRate      initial Adam learning rate (cosine decay to 1/10 of it)
 * @param threads           PyTorch intra-op threads (mixture synthesis uses one more)
 * @param validationEvery   steps between validation and checkpoints
 * @param validationSequences synthetic validation sequences (fixed, seeded)
 * @param reverbProbability share of mixtures with synthetic reverberation
 * @param useLibriSpeech    add the LibriSpeech mini train split to the clean pool
 * @param maxCleanFiles     cap on clean clips loaded (0 = all; tests use a few)
 * @param maxNoiseFiles     cap on noise clips loaded (0 = all)
 * @param resume            continue from the checkpoint in {@code workDir} if present
 * @param convChannels      channels of both causal convolutions (C1 = C2)
 * @param gruUnits          units of both GRU layers (H1 = H2)
 * @param overSuppressionWeight extra weight alpha >= 0 of the gain error where the network's gain is below the target
 *                          (over-suppression of speech): the gain term is multiplied by {@code 1 + alpha} there and by 1
 *                          elsewhere (0 = PercepNet's symmetric loss); see {@link PercepNetTrainer}
 * @param warmupSteps       steps of linear learning-rate warm-up at the start of a run, fresh or resumed (0 = none;
 *                          Adam's moments restart on resume)
 * @param rumbleProbability share of mixtures whose noise gets synthetic low-frequency rumble
 *                          ({@link MixtureSynthesizer}; 0 = the first shipped model's recipe)
 * @param rewindToBest      on resume, continue from the best validated step (its weights and step number) instead of the
 *                          last checkpointed one, discarding the steps after it, e.g. after the run diverged; needs
 *                          {@code resume}
 * @param gradientNormClip  if positive, the gradient of each step is rescaled so that its global L2 norm (over all
 *                          parameters) is at most this value before Adam sees it (Pascanu et al., "On the difficulty of
 *                          training recurrent neural networks", ICML 2013, Alg. 2); 0 = off (the element-wise clipping
 *                          at 1 of every run still applies)
 * @param averageLast       if at least 2, every validated checkpoint is also kept as {@code workDir/snapshots/step-N.eaim}
 *                          and a completed run averages the weights of its last {@code averageLast} snapshots (checkpoint
 *                          averaging, Vaswani et al. 2017, Sec. 6.1; stochastic weight averaging, Izmailov et al., UAI 2018),
 *                          validates the average like any step and exports it if it validates better than the best single
 *                          step; 0 = off
 * @param noiseLowPassProbability share of mixtures whose noise is low-passed (corner 250..2500 Hz, {@link MixtureSynthesizer};
 *                          0 = the recipe of the models shipped before the option existed)
 * @param useAn4            add the AN4 train split to the clean pool, one concatenated clip per speaker ({@link TrainingData})
 * @param envelopeWeight    weight lambda >= 0 of the envelope-correlation term added to the loss (an ESTOI-type
 *                          intelligibility term on the band envelopes, see {@link PercepNetTrainer}; 0 = PercepNet's loss only)
 * @param initFrom          a model file (f32 preferred) whose weights start a run that finds no checkpoint in {@code workDir}, at the
 *                          step its {@code train_steps} metadata gives (fine-tuning an exported model); null = random initialization
 */
public record TrainConfig(Path dataDir, Path workDir, Path output, long seed, int steps, int batchSize, int sequenceFrames,
                          double learningRate, int threads, int validationEvery, int validationSequences,
                          double reverbProbability, boolean useLibriSpeech, int maxCleanFiles, int maxNoiseFiles,
                          boolean resume, int convChannels, int gruUnits, double overSuppressionWeight,
                          int warmupSteps, double rumbleProbability, boolean rewindToBest, double gradientNormClip,
                          int averageLast, double noiseLowPassProbability, boolean useAn4, double envelopeWeight, Path initFrom) {
    /** @throws IllegalArgumentException if a value is out of range */
    public TrainConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(output, "output");
        if (steps <= 0 || batchSize <= 0 || sequenceFrames < 8 || validationEvery <= 0 || validationSequences <= 0) {
            throw new IllegalArgumentException("steps, batch size, validation interval and validation size must be positive "
                    + "and sequences at least 8 frames; got steps=" + steps + " batch=" + batchSize + " frames=" + sequenceFrames
                    + " every=" + validationEvery + " val=" + validationSequences);
        }
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new IllegalArgumentException("learning rate must be in (0, 1), got " + learningRate);
        }
        if (threads < 1 || threads > 2) {
            throw new IllegalArgumentException("threads must be 1 or 2 (shared machine), got " + threads);
        }
        if (!(reverbProbability >= 0 && reverbProbability <= 1)) {
            throw new IllegalArgumentException("reverb probability must be in [0, 1], got " + reverbProbability);
        }
        if (maxCleanFiles < 0 || maxNoiseFiles < 0) {
            throw new IllegalArgumentException("file caps must be >= 0");
        }
        if (convChannels < 1 || convChannels > 512 || gruUnits < 1 || gruUnits > 512) {
            throw new IllegalArgumentException("conv channels and GRU units must be in [1, 512], got " + convChannels + " and " + gruUnits);
        }
        if (!(overSuppressionWeight >= 0 && overSuppressionWeight <= 100)) {
            throw new IllegalArgumentException("over-suppression weight must be in [0, 100], got " + overSuppressionWeight);
        }
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warm-up steps must be >= 0, got " + warmupSteps);
        }
        if (!(rumbleProbability >= 0 && rumbleProbability <= 1)) {
            throw new IllegalArgumentException("rumble probability must be in [0, 1], got " + rumbleProbability);
        }
        if (rewindToBest && !resume) {
            throw new IllegalArgumentException("rewinding to the best validated step needs a resumed run (not --fresh)");
        }
        if (!(gradientNormClip >= 0 && gradientNormClip < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("gradient norm clip must be >= 0 and finite (0 = off), got " + gradientNormClip);
        }
        if (averageLast < 0 || averageLast == 1) {
            throw new IllegalArgumentException("checkpoint averaging needs 0 (off) or at least 2 checkpoints, got " + averageLast);
        }
        if (!(envelopeWeight >= 0 && envelopeWeight <= 100)) {
            throw new IllegalArgumentException("envelope weight must be in [0, 100], got " + envelopeWeight);
        }
        if (!(noiseLowPassProbability >= 0 && noiseLowPassProbability <= 1)) {
            throw new IllegalArgumentException("noise low-pass probability must be in [0, 1], got " + noiseLowPassProbability);
        }
    }

    /** The settings with PercepNet's symmetric gain loss ({@code overSuppressionWeight = 0}), no warm-up, no rumble, no norm clip, no noise low-pass. */
    public TrainConfig(Path dataDir, Path workDir, Path output, long seed, int steps, int batchSize, int sequenceFrames,
                       double learningRate, int threads, int validationEvery, int validationSequences,
                       double reverbProbability, boolean useLibriSpeech, int maxCleanFiles, int maxNoiseFiles,
                       boolean resume, int convChannels, int gruUnits) {
        this(dataDir, workDir, output, seed, steps, batchSize, sequenceFrames, learningRate, threads, validationEvery, validationSequences,
                reverbProbability, useLibriSpeech, maxCleanFiles, maxNoiseFiles, resume, convChannels, gruUnits, 0, 0, 0, false, 0, 0, 0, false, 0, null);
    }

    /**
     * @return the settings used for the shipped model, writing under {@code workDir}: seed 20260521,
     *         6000 steps of 32 x 300 frames, lr 1e-3, 1 thread, validation every 250 steps on 48
     *         sequences, reverb in 5%, LibriSpeech on, all files, resume, 64 conv channels, 96 GRU units
     */
    public static TrainConfig defaults(Path dataDir, Path workDir, Path output) {
        return new TrainConfig(dataDir, workDir, output, 20260521L, 6000, 32, 300, 1e-3, 1, 250, 48, 0.05, true, 0, 0, true, 64, 96);
    }

    /** @return this configuration with other layer sizes */
    public TrainConfig withLayers(int convChannels, int gruUnits) {
        return new TrainConfig(dataDir, workDir, output, seed, steps, batchSize, sequenceFrames, learningRate, threads, validationEvery,
                validationSequences, reverbProbability, useLibriSpeech, maxCleanFiles, maxNoiseFiles, resume, convChannels, gruUnits,
                overSuppressionWeight, warmupSteps, rumbleProbability, rewindToBest, gradientNormClip, averageLast, noiseLowPassProbability, useAn4, envelopeWeight, initFrom);
    }

    /** @return this configuration with another over-suppression weight */
    public TrainConfig withOverSuppressionWeight(double alpha) {
        return new TrainConfig(dataDir, workDir, output, seed, steps, batchSize, sequenceFrames, learningRate, threads, validationEvery,
                validationSequences, reverbProbability, useLibriSpeech, maxCleanFiles, maxNoiseFiles, resume, convChannels, gruUnits, alpha,
                warmupSteps, rumbleProbability, rewindToBest, gradientNormClip, averageLast, noiseLowPassProbability, useAn4, envelopeWeight, initFrom);
    }

    /** @return this configuration with another rumble probability */
    public TrainConfig withRumbleProbability(double p) {
        return new TrainConfig(dataDir, workDir, output, seed, steps, batchSize, sequenceFrames, learningRate, threads, validationEvery,
                validationSequences, reverbProbability, useLibriSpeech, maxCleanFiles, maxNoiseFiles, resume, convChannels, gruUnits,
                overSuppressionWeight, warmupSteps, p, rewindToBest, gradientNormClip, averageLast, noiseLowPassProbability, useAn4, envelopeWeight, initFrom);
    }

    /** @return this configuration, rewinding (or not) to the best validated step on resume */
    public TrainConfig withRewindToBest(boolean rewind) {
        return new TrainConfig(dataDir, workDir, output, seed, steps, batchSize, sequenceFrames, learningRate, threads, validationEvery,
                validationSequences, reverbProbability, useLibriSpeech, maxCleanFiles, maxNoiseFiles, resume, convChannels, gruUnits,
                overSuppressionWeight, warmupSteps, rumbleProbability, rewind, gradientNormClip, averageLast, noiseLowPassProbability, useAn4, envelopeWeight, initFrom);
    }

    /** @return this configuration with another global gradient-norm clip (0 = off) */
    public TrainConfig withGradientNormClip(double clip) {
        return new TrainConfig(dataDir, workDir, output, seed, steps, batchSize, sequenceFrames, learningRate, threads, validationEvery,
                validationSequences, reverbProbability, useLibriSpeech, maxCleanFiles, maxNoiseFiles, resume, convChannels, gruUnits,
                overSuppressionWeight, warmupSteps, rumbleProbability, rewindToBest, clip, averageLast, noiseLowPassProbability, useAn4, envelopeWeight, initFrom);
    }

    /** @return this configuration averaging the last {@code k} validated checkpoints (0 = off) */
    public TrainConfig withAverageLast(int k) {
        return new TrainConfig(dataDir, workDir, output, seed, steps, batchSize, sequenceFrames, learningRate, threads, validationEvery,
                validationSequences, reverbProbability, useLibriSpeech, maxCleanFiles, maxNoiseFiles, resume, convChannels, gruUnits,
                overSuppressionWeight, warmupSteps, rumbleProbability, rewindToBest, gradientNormClip, k, noiseLowPassProbability, useAn4, envelopeWeight, initFrom);
    }

    /** @return this configuration with another noise low-pass probability */
    public TrainConfig withNoiseLowPassProbability(double p) {
        return new TrainConfig(dataDir, workDir, output, seed, steps, batchSize, sequenceFrames, learningRate, threads, validationEvery,
                validationSequences, reverbProbability, useLibriSpeech, maxCleanFiles, maxNoiseFiles, resume, convChannels, gruUnits,
                overSuppressionWeight, warmupSteps, rumbleProbability, rewindToBest, gradientNormClip, averageLast, p, useAn4, envelopeWeight, initFrom);
    }

    /** @return this configuration with or without AN4 in the clean pool */
    public TrainConfig withAn4(boolean an4) {
        return new TrainConfig(dataDir, workDir, output, seed, steps, batchSize, sequenceFrames, learningRate, threads, validationEvery,
                validationSequences, reverbProbability, useLibriSpeech, maxCleanFiles, maxNoiseFiles, resume, convChannels, gruUnits,
                overSuppressionWeight, warmupSteps, rumbleProbability, rewindToBest, gradientNormClip, averageLast, noiseLowPassProbability, an4, envelopeWeight, initFrom);
    }

    /** @return this configuration with another envelope-correlation weight (0 = off) */
    public TrainConfig withEnvelopeWeight(double lambda) {
        return new TrainConfig(dataDir, workDir, output, seed, steps, batchSize, sequenceFrames, learningRate, threads, validationEvery,
                validationSequences, reverbProbability, useLibriSpeech, maxCleanFiles, maxNoiseFiles, resume, convChannels, gruUnits,
                overSuppressionWeight, warmupSteps, rumbleProbability, rewindToBest, gradientNormClip, averageLast, noiseLowPassProbability,
                useAn4, lambda, initFrom);
    }

    /** @return this configuration starting (when no checkpoint exists) from the weights of {@code model} (null = random) */
    public TrainConfig withInitFrom(Path model) {
        return new TrainConfig(dataDir, workDir, output, seed, steps, batchSize, sequenceFrames, learningRate, threads, validationEvery,
                validationSequences, reverbProbability, useLibriSpeech, maxCleanFiles, maxNoiseFiles, resume, convChannels, gruUnits,
                overSuppressionWeight, warmupSteps, rumbleProbability, rewindToBest, gradientNormClip, averageLast, noiseLowPassProbability,
                useAn4, envelopeWeight, model);
    }
}
