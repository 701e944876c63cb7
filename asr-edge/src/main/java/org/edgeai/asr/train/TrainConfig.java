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
 * @param specAugment     SpecAugment masking policy ({@link SpecAugmentPolicy#none()} for none)
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
 * @param schedule        learning-rate schedule after the warm-up
 * @param ctcWeight       RNN-T only: weight lambda of an auxiliary CTC loss on the encoder
 *                        ({@code L = L_rnnt + lambda L_ctc}, multi-task training as in Boyer et al.,
 *                        "A study of transducer based end-to-end ASR with ESPnet", 2021); 0 = none
 * @param averageBest     at the end, average the parameters of the this many best epochs by dev WER
 *                        (checkpoint averaging, as ESPnet's {@code average_checkpoints}) and export
 *                        the average if its dev WER is not worse than the best epoch's; 0 or 1 = off
 * @param extraTrain      further corpus folders whose {@code train.tsv} utterances join the training
 *                        set (e.g. LibriSpeech's train split beside AN4); their {@code dev.tsv} is not
 *                        used: early stopping stays on the main corpus's dev split. Empty for none.
 */
public record TrainConfig(Criterion criterion, Path corpusDir, Path workDir, Path output, EncoderSpec encoder, long seed,
                          int maxEpochs, int patience, int batchSize, float peakLearningRate, int warmupSteps,
                          float dropout, List<Double> speeds, SpecAugmentPolicy specAugment, int threads, int maxStepsPerEpoch,
                          int maxTrainUtterances, boolean resume, int predictionHidden, int jointDim, double maxMinutes, Path initFrom,
                          boolean restartLearningRate, LrSchedule schedule, float ctcWeight, int averageBest,
                          List<Path> extraTrain) {

    /** Training criterion. */
    public enum Criterion {
        /** Connectionist temporal classification (Graves et al. 2006). */
        CTC,
        /** RNN transducer (Graves 2012). */
        RNNT
    }

    /** Learning-rate schedule after the linear warm-up. */
    public enum LrSchedule {
        /** Halve the rate after every 4 epochs without a better dev WER (down to 1/32 of the peak). */
        PLATEAU,
        /**
         * Cosine decay from the peak to {@value TrainConfig#COSINE_FLOOR} of it over the epoch budget
         * (Loshchilov and Hutter, "SGDR", ICLR 2017, eq. 5, one cycle).
         */
        COSINE
    }

    /** Final learning rate of the cosine schedule, as a fraction of the peak. */
    public static final double COSINE_FLOOR = 0.02;

    /** @throws IllegalArgumentException if a value is out of range (message names it) */
    public TrainConfig {
        Objects.requireNonNull(criterion, "criterion");
        Objects.requireNonNull(corpusDir, "corpusDir");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(specAugment, "specAugment");
        Objects.requireNonNull(schedule, "schedule");
        speeds = List.copyOf(speeds);
        extraTrain = List.copyOf(extraTrain);
        if (extraTrain.contains(corpusDir)) {
            throw new IllegalArgumentException("extra training corpus " + corpusDir + " is the main corpus");
        }
        if (!(ctcWeight >= 0 && ctcWeight <= 10) || averageBest < 0 || averageBest > 50) {
            throw new IllegalArgumentException("ctcWeight must be in [0, 10] and averageBest in [0, 50], got " + ctcWeight + " / "
                    + averageBest);
        }
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

    /** The first AN4 CTC recipe (plateau schedule, basic SpecAugment, no averaging). */
    public static TrainConfig an4Ctc(Path corpusDir, Path workDir, Path output) {
        return builder(Criterion.CTC, corpusDir, workDir, output).build();
    }

    /**
     * @return a builder with the first AN4 recipe's defaults: {@link EncoderSpec#defaults()}, seed
     *         20261121, 120 epochs, patience 25, batch 16, lr 1.5e-3, 200 warm-up steps, dropout
     *         0.15, speeds 0.9/1.0/1.1, {@link SpecAugmentPolicy#an4Basic()}, 2 threads, resume,
     *         prediction network and joiner 256, plateau schedule, no auxiliary CTC, no averaging
     */
    public static Builder builder(Criterion criterion, Path corpusDir, Path workDir, Path output) {
        return new Builder(criterion, corpusDir, workDir, output);
    }

    /** Builder of {@link TrainConfig}; every setter returns {@code this}. Not thread-safe. */
    public static final class Builder {
        private final Criterion criterion;
        private final Path corpusDir;
        private final Path workDir;
        private final Path output;
        private EncoderSpec encoder = EncoderSpec.defaults();
        private long seed = 20261121L;
        private int maxEpochs = 120;
        private int patience = 25;
        private int batchSize = 16;
        private float peakLearningRate = 1.5e-3f;
        private int warmupSteps = 200;
        private float dropout = 0.15f;
        private List<Double> speeds = List.of(0.9, 1.0, 1.1);
        private SpecAugmentPolicy specAugment = SpecAugmentPolicy.an4Basic();
        private int threads = 2;
        private int maxStepsPerEpoch;
        private int maxTrainUtterances;
        private boolean resume = true;
        private int predictionHidden = 256;
        private int jointDim = 256;
        private double maxMinutes;
        private Path initFrom;
        private List<Path> extraTrain = List.of();
        private boolean restartLearningRate;
        private LrSchedule schedule = LrSchedule.PLATEAU;
        private float ctcWeight;
        private int averageBest;

        private Builder(Criterion criterion, Path corpusDir, Path workDir, Path output) {
            this.criterion = criterion;
            this.corpusDir = corpusDir;
            this.workDir = workDir;
            this.output = output;
        }

        /** @param v network geometry */
        public Builder encoder(EncoderSpec v) {
            encoder = v;
            return this;
        }

        /** @param v seed */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** @param v epoch budget */
        public Builder maxEpochs(int v) {
            maxEpochs = v;
            return this;
        }

        /** @param v early-stopping patience in epochs */
        public Builder patience(int v) {
            patience = v;
            return this;
        }

        /** @param v utterances per step */
        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        /** @param v peak learning rate */
        public Builder peakLearningRate(float v) {
            peakLearningRate = v;
            return this;
        }

        /** @param v warm-up steps */
        public Builder warmupSteps(int v) {
            warmupSteps = v;
            return this;
        }

        /** @param v dropout */
        public Builder dropout(float v) {
            dropout = v;
            return this;
        }

        /** @param v speed-perturbation factors */
        public Builder speeds(List<Double> v) {
            speeds = v;
            return this;
        }

        /** @param v SpecAugment policy */
        public Builder specAugment(SpecAugmentPolicy v) {
            specAugment = v;
            return this;
        }

        /** @param v PyTorch threads */
        public Builder threads(int v) {
            threads = v;
            return this;
        }

        /** @param v cap on steps per epoch (0 = none) */
        public Builder maxStepsPerEpoch(int v) {
            maxStepsPerEpoch = v;
            return this;
        }

        /** @param v cap on training utterances (0 = all) */
        public Builder maxTrainUtterances(int v) {
            maxTrainUtterances = v;
            return this;
        }

        /** @param v resume from the work directory's checkpoint */
        public Builder resume(boolean v) {
            resume = v;
            return this;
        }

        /** @param v RNN-T prediction network size */
        public Builder predictionHidden(int v) {
            predictionHidden = v;
            return this;
        }

        /** @param v RNN-T joiner width */
        public Builder jointDim(int v) {
            jointDim = v;
            return this;
        }

        /** @param v wall-clock budget in minutes (0 = none) */
        public Builder maxMinutes(double v) {
            maxMinutes = v;
            return this;
        }

        /** @param v model to initialize from, or null */
        public Builder initFrom(Path v) {
            initFrom = v;
            return this;
        }

        /** @param v warm restart of the schedule on resume */
        public Builder restartLearningRate(boolean v) {
            restartLearningRate = v;
            return this;
        }

        /** @param v learning-rate schedule */
        public Builder schedule(LrSchedule v) {
            schedule = v;
            return this;
        }

        /** @param v auxiliary CTC weight (RNN-T) */
        public Builder ctcWeight(float v) {
            ctcWeight = v;
            return this;
        }

        /** @param v epochs to average at the end (0 or 1 = off) */
        public Builder averageBest(int v) {
            averageBest = v;
            return this;
        }

        /** @param v further corpus folders whose train split joins the training set (copied) */
        public Builder extraTrain(List<Path> v) {
            extraTrain = List.copyOf(v);
            return this;
        }

        /** @throws IllegalArgumentException if a value is out of range */
        public TrainConfig build() {
            return new TrainConfig(criterion, corpusDir, workDir, output, encoder, seed, maxEpochs, patience, batchSize,
                    peakLearningRate, warmupSteps, dropout, speeds, specAugment, threads, maxStepsPerEpoch, maxTrainUtterances,
                    resume, predictionHidden, jointDim, maxMinutes, initFrom, restartLearningRate, schedule, ctcWeight, averageBest,
                    extraTrain);
        }
    }
}
