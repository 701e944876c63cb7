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
 */
public record TrainConfig(Path dataDir, Path workDir, Path output, long seed, int steps, int batchSize, int sequenceFrames,
                          double learningRate, int threads, int validationEvery, int validationSequences,
                          double reverbProbability, boolean useLibriSpeech, int maxCleanFiles, int maxNoiseFiles,
                          boolean resume) {
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
    }

    /** @return the settings used for the shipped model, writing under {@code workDir} */
    public static TrainConfig defaults(Path dataDir, Path workDir, Path output) {
        return new TrainConfig(dataDir, workDir, output, 20260521L, 6000, 32, 300, 1e-3, 1, 250, 48, 0.05, true, 0, 0, true);
    }
}
