package org.edgeai.nas.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import java.util.SplittableRandom;
import org.edgeai.kernel.Progress;
import org.edgeai.nas.data.IdxImages;
import org.edgeai.nas.search.CandidateEvaluator;
import org.edgeai.nas.space.NetworkSpec;

/**
 * Multishot accuracy: trains a candidate's {@link DjlNetworks} twin from scratch on the training
 * images for a few epochs (Adam, cosine learning-rate decay, softmax cross-entropy) within a
 * wall-clock budget, then returns the test accuracy. Adam: Kingma and Ba, "Adam: A Method for Stochastic
 * Optimization", ICLR 2015. Cosine decay: the cosine annealing of Loshchilov and Hutter, "SGDR: Stochastic
 * Gradient Descent with Warm Restarts", ICLR 2017, as one cycle without restarts (DJL's cosine tracker).
 *
 * @implNote Not thread-safe; one candidate at a time. Sets the PyTorch thread properties before
 *           the engine first loads.
 */
public final class ShortTrainer implements CandidateEvaluator {
    private final IdxImages train;
    private final IdxImages test;
    private final TrainConfig config;
    private int cutShort;

    /**
     * @param train  training images
     * @param test   test images (same size)
     * @param config settings
     * @throws IllegalArgumentException if the image sizes differ or a set is empty
     */
    public ShortTrainer(IdxImages train, IdxImages test, TrainConfig config) {
        if (train.size() == 0 || test.size() == 0 || train.rows() != test.rows() || train.cols() != test.cols()) {
            throw new IllegalArgumentException("need non-empty train/test sets of the same image size, got " + train.size() + " x "
                    + train.rows() + "x" + train.cols() + " and " + test.size() + " x " + test.rows() + "x" + test.cols());
        }
        this.train = train;
        this.test = test;
        this.config = config;
        configureThreads(config.threads());
    }

    /** Sets PyTorch's thread counts (effective only before the engine loads). */
    static void configureThreads(int threads) {
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }

    /**
     * Trains {@code spec}'s {@link DjlNetworks} twin from scratch on the training images and scores it on the
     * test set. Training stops early at the wall-clock budget or when {@link Progress#cancelled()} turns true;
     * the network is then scored as it is.
     *
     * @param spec     the candidate; its input must be {@code 1 x rows x cols} of the training images
     * @param seed     seeds DJL's engine (initialisation, as {@code (int) seed}) and the training data order
     * @param progress receives training progress (every 20 steps) and cut-short notices;
     *                 {@link Progress#cancelled()} stops the training early
     * @return accuracy on the first {@link TrainConfig#testLimit()} test images (all of them when it is 0 or
     *         exceeds the set), %, in [0, 100]
     * @throws IllegalArgumentException if the network's input is not {@code 1 x rows x cols} of the training images
     */
    /**
     * @return epochs, batch, learning rate, the numbers of training and test images actually used and the wall-clock
     *         budget (a budget can cut trainings short; the thread count is left out: results do not depend on it)
     */
    @Override
    public String journalSettings() {
        int nTrain = used(config.trainLimit(), train);
        int nTest = used(config.testLimit(), test);
        return "epochs=" + config.epochs() + " batch=" + config.batchSize() + " lr=" + config.learningRate() + " train=" + nTrain
                + " test=" + nTest + " budget_s=" + config.budgetSeconds();
    }

    @Override
    public double accuracy(NetworkSpec spec, long seed, Progress progress) {
        return train(spec, seed, progress, List.of())[0];
    }

    /**
     * Trains exactly as {@link #accuracy} does (same seed, same weights) and scores the trained network on this
     * trainer's test set and on further sets.
     *
     * @param spec     network
     * @param seed     initialisation and data-order seed
     * @param further  further evaluation sets (same image size), each scored in full
     * @param progress progress and cancellation
     * @return accuracies, %: {@code [0]} on the trainer's test set, then one per further set
     * @throws IllegalArgumentException if the network's input or a further set's image size does not match
     */
    public double[] accuracies(NetworkSpec spec, long seed, List<IdxImages> further, Progress progress) {
        for (IdxImages f : further) {
            if (f.size() == 0 || f.rows() != train.rows() || f.cols() != train.cols()) {
                throw new IllegalArgumentException("evaluation set of " + f.size() + " x " + f.rows() + "x" + f.cols()
                        + " does not match the " + train.rows() + "x" + train.cols() + " training images");
            }
        }
        return train(spec, seed, progress, further);
    }

    private double[] train(NetworkSpec spec, long seed, Progress progress, List<IdxImages> further) {
        if (spec.inChannels() != 1 || spec.inHeight() != train.rows() || spec.inWidth() != train.cols()) {
            throw new IllegalArgumentException("network input " + spec.inChannels() + "x" + spec.inHeight() + "x" + spec.inWidth()
                    + " does not match the 1x" + train.rows() + "x" + train.cols() + " images");
        }
        Engine.getInstance().setRandomSeed((int) seed);
        int nTrain = used(config.trainLimit(), train);
        int nTest = used(config.testLimit(), test);
        int pixels = train.rows() * train.cols();
        int bs = Math.min(config.batchSize(), nTrain);
        int stepsPerEpoch = (nTrain + bs - 1) / bs;
        int totalSteps = stepsPerEpoch * config.epochs();
        long start = System.nanoTime();
        try (Model model = Model.newInstance("candidate")) {
            model.setBlock(DjlNetworks.build(spec));
            Tracker lr = Tracker.cosine().setBaseValue((float) config.learningRate()).optFinalValue(0f)
                    .setMaxUpdates(Math.max(1, totalSteps)).build();
            DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(lr).build());
            try (Trainer trainer = model.newTrainer(tc)) {
                trainer.initialize(new Shape(bs, 1, train.rows(), train.cols()));
                SplittableRandom rng = new SplittableRandom(seed);
                int[] order = new int[nTrain];
                for (int i = 0; i < nTrain; i++) {
                    order[i] = i;
                }
                float[] x = new float[bs * pixels];
                float[] y = new float[bs];
                int step = 0;
                outer:
                for (int epoch = 0; epoch < config.epochs(); epoch++) {
                    for (int i = nTrain - 1; i > 0; i--) {
                        int j = rng.nextInt(i + 1);
                        int t = order[i];
                        order[i] = order[j];
                        order[j] = t;
                    }
                    for (int b = 0; b + bs <= nTrain; b += bs) {
                        for (int k = 0; k < bs; k++) {
                            System.arraycopy(train.images()[order[b + k]], 0, x, k * pixels, pixels);
                            y[k] = train.labels()[order[b + k]];
                        }
                        try (NDManager m = trainer.getManager().newSubManager()) {
                            NDArray xa = m.create(x, new Shape(bs, 1, train.rows(), train.cols()));
                            NDArray ya = m.create(y, new Shape(bs));
                            try (GradientCollector gc = trainer.newGradientCollector()) {
                                NDArray logits = trainer.forward(new NDList(xa)).singletonOrThrow();
                                NDArray loss = trainer.getLoss().evaluate(new NDList(ya), new NDList(logits));
                                gc.backward(loss);
                                if (step % 20 == 0) {
                                    progress.report("train", step, totalSteps, String.format("%s loss %.4f", spec.describe(), loss.getFloat()));
                                }
                            }
                            trainer.step();
                        }
                        step++;
                        double elapsed = (System.nanoTime() - start) / 1e9;
                        if (step < totalSteps && (elapsed > config.budgetSeconds() || progress.cancelled())) {
                            if (elapsed > config.budgetSeconds()) {
                                cutShort++;
                                progress.report("cut short", step, totalSteps, String.format(
                                        "%s stopped by the %.0f s wall-clock budget: its accuracy depends on the machine's load",
                                        spec.describe(), config.budgetSeconds()));
                            }
                            break outer;
                        }
                    }
                }
                double[] acc = new double[1 + further.size()];
                acc[0] = evaluate(trainer, test, nTest, pixels);
                for (int f = 0; f < further.size(); f++) {
                    acc[1 + f] = evaluate(trainer, further.get(f), further.get(f).size(), pixels);
                }
                return acc;
            }
        }
    }

    /**
     * @return how many trainings of this trainer the wall-clock budget stopped before their last step
     *         (their accuracies are not comparable with full trainings)
     */
    public int cutShortCount() {
        return cutShort;
    }

    private static double evaluate(Trainer trainer, IdxImages test, int nTest, int pixels) {
        int bs = 256;
        int correct = 0;
        float[] x = new float[bs * pixels];
        for (int b = 0; b < nTest; b += bs) {
            int n = Math.min(bs, nTest - b);
            for (int k = 0; k < n; k++) {
                System.arraycopy(test.images()[b + k], 0, x, k * pixels, pixels);
            }
            try (NDManager m = trainer.getManager().newSubManager()) {
                NDArray xa = m.create(java.util.Arrays.copyOf(x, n * pixels), new Shape(n, 1, test.rows(), test.cols()));
                NDArray pred = trainer.evaluate(new NDList(xa)).singletonOrThrow().argMax(1);
                long[] p = pred.toLongArray();
                for (int k = 0; k < n; k++) {
                    correct += p[k] == test.labels()[b + k] ? 1 : 0;
                }
            }
        }
        return 100.0 * correct / nTest;
    }

    /** @return the images a limit leaves of {@code set} (all of them for 0) */
    private static int used(int limit, IdxImages set) {
        return limit == 0 ? set.size() : Math.min(limit, set.size());
    }
}
