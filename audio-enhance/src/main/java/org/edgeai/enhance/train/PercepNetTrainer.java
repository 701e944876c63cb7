package org.edgeai.enhance.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.GRU;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.edgeai.enhance.dsp.FeatureExtractor;
import org.edgeai.enhance.dsp.PercepNetDsp;
import org.edgeai.enhance.model.PercepNetModel;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.Progress;
import org.edgeai.kernel.Tensor;
import org.edgeai.kernel.io.ModelFile;

/**
 * Trains the PercepNet gain network with DJL (PyTorch engine, CPU) on mixtures synthesized on the
 * fly ({@link MixtureSynthesizer}) and exports it as kernel model files (f32 and int8).
 *
 * <h2>Loss (PercepNet, Valin et al. 2020, Sec. 5, eqs. for L_g and L_r)</h2>
 * With {@code gamma = 1/2}, over the bands and frames where the mask is 1:
 * {@code L = mean[(g^gamma - g_hat^gamma)^2 + C4 (g^gamma - g_hat^gamma)^4
 *              + ((1 - r)^gamma - (1 - r_hat)^gamma)^2]},
 * {@code C4 = 10} (the quartic weight of RNNoise's training script, which PercepNet's gain loss
 * extends). The powers are taken of values offset by 1e-6 so that their gradients stay finite.
 *
 * <h2>Optional over-suppression weight</h2>
 * With {@code TrainConfig.overSuppressionWeight() = alpha > 0} the gain term of a band is multiplied
 * by {@code 1 + alpha} where {@code g_hat < g} (the network suppresses more than the target) and by 1
 * elsewhere: an asymmetric (expectile-type, Newey and Powell, Econometrica 1987) version of the loss
 * that trades residual noise for less speech distortion, the trade-off of the weighted
 * speech-distortion losses of Xia et al., "Weighted speech distortion losses for neural-network-based
 * real-time speech enhancement", ICASSP 2020. A checkpoint records its alpha; resuming with another
 * alpha keeps the weights but restarts the choice of the best validated step (validation losses of
 * different alphas are not comparable). Likewise a checkpoint records the rumble probability of its
 * mixture recipe ({@link MixtureSynthesizer}), its noise low-pass probability and whether AN4 is in its clean pool;
 * resuming with another one restarts the best-step choice.
 *
 * <h2>Optional envelope-correlation term</h2>
 * With {@code TrainConfig.envelopeWeight() = lambda > 0} the loss gains {@code lambda (1 - d)}, where {@code d} is the
 * intermediate intelligibility index of ESTOI (Jensen and Taal, IEEE/ACM TASLP 24(11), 2016, eqs. 4-7) computed on the
 * band envelopes instead of one-third octave bands: the enhanced envelope {@code ĝ_b |X_b|} (the comb filter and
 * post-filter left out) against the clean {@code |S_b|}, over the ERB bands whose centre lies in ESTOI's range (150 Hz to
 * 4.3 kHz), in segments of 38 frames (380 ms, ESTOI's 384 ms) starting every 19 frames, frames more than 40 dB below the
 * sequence's loudest clean frame zeroed and segments with fewer than half their frames active left out. Each band's
 * envelope in a segment is centred and normalized over time, then each frame's band vector over bands, so per-band
 * constant gain errors cost nothing and what is penalized is envelope shape: residual noise filling the dips between
 * syllables and gain fluctuations the clean envelope does not have (the distortions ESTOI reads). Optimizing an
 * intelligibility measure as a training loss follows Kolbæk, Tan and Jensen, "Monaural speech enhancement using deep
 * neural networks by maximizing a short-time objective intelligibility measure", ICASSP 2018. The term is a check on
 * the PercepNet loss, not a replacement for it (alone, it leaves the overall gain of every band free). Because the term
 * scores {@code ĝ |X|} as it is applied without the envelope post-filter, a model trained with it is exported with
 * metadata {@code post_filter = false} ({@link PercepNetModel#POST_FILTER_KEY}) and the enhancer then leaves the
 * post-filter out (it would sharpen gains the loss has already shaped; checked on held-out pairs of unseen speakers,
 * README "Post-filter").
 *
 * <h2>Procedure</h2>
 * Adam (beta 0.9/0.999), learning rate cosine-decayed from {@code learningRate} to a tenth,
 * element-wise gradient clipping at 1 and, optionally ({@code TrainConfig.gradientNormClip()}), rescaling of the whole
 * gradient to a global L2 norm bound first (Pascanu et al., ICML 2013; the log reports the mean and largest gradient norm
 * and the number of clipped steps per validation interval). A step whose gradient holds a NaN or infinite element is
 * skipped (weights and Adam state unchanged, counted in the log); a non-finite loss stops the run. Step k draws its batch from {@code SplittableRandom(seed + k)},
 * so a resumed run sees the same mixtures. A fixed, seeded synthetic validation set (never the dev
 * pairs) selects the exported weights. Checkpoints (weights, best weights, step) are written
 * atomically to {@code workDir/checkpoint.eaim}; Adam moments are not checkpointed and restart on
 * resume, so a run can ramp its learning rate up over its first {@code TrainConfig.warmupSteps()}
 * steps, fresh or resumed (off by default, which keeps the documented commands of the first shipped stages
 * reproducible). With {@code TrainConfig.rewindToBest()} a resumed run restarts from the checkpoint's best
 * validated weights and step number instead of its last ones (the steps after the best are run again, drawing the
 * same batches), which recovers a run whose loss diverged after its best validation. With
 * {@code TrainConfig.averageLast() = K} every validated checkpoint is kept under {@code workDir/snapshots}, and a completed
 * run validates the average of its last K checkpoints' weights (checkpoint averaging, Vaswani et al., "Attention is all you
 * need", NeurIPS 2017, Sec. 6.1; Izmailov et al., "Averaging weights leads to wider optima and better generalization",
 * UAI 2018), exporting it only if it validates better than the best single step.
 *
 * @implNote Uses at most {@code threads} PyTorch threads plus one thread that synthesizes the next
 * batch. Not thread-safe; one training per JVM at a time.
 */
public final class PercepNetTrainer {
    /**
     * Metadata key of checkpoints and exported models: the rumble probability of the mixture recipe the network was trained on
     * (absent = 0), so that tools synthesizing "training-distribution" mixtures for a model ({@code denoise calibrate},
     * {@code denoise ablate --synthetic}) use its recipe.
     */
    public static final String RUMBLE_PROBABILITY_KEY = "rumble_probability";
    /**
     * Metadata key of checkpoints and exported models: the noise low-pass probability of the mixture recipe (absent = 0);
     * used like {@link #RUMBLE_PROBABILITY_KEY}.
     */
    public static final String NOISE_LOW_PASS_PROBABILITY_KEY = "noise_low_pass_probability";
    /** Metadata key of checkpoints and exported models: whether AN4 was in the clean pool (absent = false). */
    public static final String AN4_CLEAN_KEY = "an4_in_clean_pool";
    /** Metadata key of checkpoints and exported models: the envelope-correlation weight of the loss (absent = 0). */
    public static final String ENVELOPE_WEIGHT_KEY = "envelope_weight";

    private static final int SAMPLE_RATE_HZ = 16000;
    private static final float C4 = 10f;
    private static final float OFFSET = 1e-6f;

    private PercepNetTrainer() {
    }

    /**
     * What a training run produced.
     *
     * @param status            "completed", "cancelled" or "diverged" (non-finite loss after at least
     *                          one validation: the best validated weights are exported)
     * @param steps             optimizer steps done (over all resumed runs)
     * @param bestStep          step of the exported weights (for an average: its last step)
     * @param bestValidationLoss validation loss of the exported weights
     * @param lastTrainLoss     mean training loss of the last validation interval
     * @param f32Model          exported f32 model
     * @param int8Model         exported int8 model
     * @param seconds           wall time of this run
     * @param averagedSteps     the steps whose weights were averaged into the exported ones (empty: one step's weights)
     */
    public record Result(String status, int steps, int bestStep, double bestValidationLoss, double lastTrainLoss,
                         Path f32Model, Path int8Model, double seconds, List<Integer> averagedSteps) {
        /** @throws NullPointerException if {@code averagedSteps} is null */
        public Result {
            averagedSteps = List.copyOf(averagedSteps);
        }
    }

    /**
     * One batch in host memory: features {@code [N, T, F]}; gains, strengths, mask, noisy and clean band amplitudes
     * {@code [N, T, B]}; speech activity {@code [N, T]}.
     *
     * @param noisyAmp  {@code sqrt} of the noisy synthesis-frame band energies, divided by the sequence's largest clean band
     *                  amplitude (the envelope term is scale-invariant; the division keeps its epsilon negligible)
     * @param cleanAmp  the clean band amplitudes, same scale
     * @param active    1 where the clean frame's energy in the envelope bands is within 40 dB of the sequence's loudest frame
     *                  (ESTOI's silent-frame rule, Jensen and Taal 2016, Sec. II), else 0
     */
    record Batch(int n, int frames, int featureSize, int bands, float[] features, float[] gains, float[] strength, float[] mask,
                 float[] noisyAmp, float[] cleanAmp, float[] active) {
        /** A batch without envelopes (the envelope term then has no active segment and contributes 0). */
        Batch(int n, int frames, int featureSize, int bands, float[] features, float[] gains, float[] strength, float[] mask) {
            this(n, frames, featureSize, bands, features, gains, strength, mask, new float[n * frames * bands],
                    new float[n * frames * bands], new float[n * frames]);
        }
    }

    /** Envelope segment length in 10 ms frames: ESTOI's 30 frames of 12.8 ms (384 ms). */
    static final int ENVELOPE_SEGMENT = 38;
    /** Lower and upper edge (Hz) of ESTOI's 15 one-third octave bands (centres 150..3810 Hz). */
    static final double ENVELOPE_LOW_HZ = 150 * Math.pow(2, -1 / 6.0);
    static final double ENVELOPE_HIGH_HZ = 150 * Math.pow(2, 14 / 3.0 + 1 / 6.0);
    /** ESTOI's dynamic range for silent frames: frames more than 40 dB below the loudest are inactive. */
    static final double ENVELOPE_DYNAMIC_RANGE = 1e-4;

    /**
     * @param sampleRateHz rate of the band layout
     * @return {@code {lo, hi}}: the bands whose centre lies in ESTOI's range [{@link #ENVELOPE_LOW_HZ}, {@link #ENVELOPE_HIGH_HZ}]
     *         are {@code lo <= b < hi}
     */
    static int[] envelopeBands(int sampleRateHz) {
        double[] c = new PercepNetDsp(sampleRateHz).bands().centreHz();
        int lo = 0;
        while (lo < c.length && c[lo] < ENVELOPE_LOW_HZ) {
            lo++;
        }
        int hi = lo;
        while (hi < c.length && c[hi] <= ENVELOPE_HIGH_HZ) {
            hi++;
        }
        return new int[] {lo, hi};
    }

    /**
     * Reference (scalar, double precision) envelope-correlation term, the twin {@link Net#envelopeLoss} is tested against.
     * Enhanced band envelope {@code e = g_hat * |X|}, clean {@code s = |S|}, both zeroed on inactive frames, over bands
     * {@code lo <= b < hi}; segments of {@link #ENVELOPE_SEGMENT} frames start at every multiple of half a segment; a segment
     * counts when at least half its frames are active. In a segment, each band's envelope is centred and scaled to unit norm
     * over time, then each frame's vector of band values is centred and scaled to unit norm over bands, and
     * {@code d = (1/N) sum_frames <e_col, s_col>} (ESTOI, Jensen and Taal, "An algorithm for predicting the intelligibility
     * of speech masked by modulated noise maskers", IEEE/ACM TASLP 24(11), 2016, eqs. 4-7).
     *
     * @param gh     {@code [N, T, B]} network gains
     * @param xa     {@code [N, T, B]} noisy band amplitudes
     * @param sa     {@code [N, T, B]} clean band amplitudes
     * @param active {@code [N, T]} 0/1
     * @return mean of {@code 1 - d} over the counted segments (0 if none)
     */
    static double envelopeLossReference(float[] gh, float[] xa, float[] sa, float[] active, int n, int frames, int bands, int lo, int hi) {
        int len = ENVELOPE_SEGMENT;
        int nb = hi - lo;
        double sum = 0;
        int count = 0;
        for (int i = 0; i < n; i++) {
            for (int off : new int[] {0, len / 2}) {
                for (int start = off; start + len <= frames; start += len) {
                    double act = 0;
                    for (int t = start; t < start + len; t++) {
                        act += active[i * frames + t];
                    }
                    if (act / len < 0.5) {
                        continue;
                    }
                    double[][] e = new double[nb][len];
                    double[][] c = new double[nb][len];
                    for (int b = 0; b < nb; b++) {
                        for (int t = 0; t < len; t++) {
                            int k = (i * frames + start + t) * bands + lo + b;
                            double a = active[i * frames + start + t];
                            e[b][t] = a * gh[k] * xa[k];
                            c[b][t] = a * sa[k];
                        }
                        normalize(e[b]);
                        normalize(c[b]);
                    }
                    double d = 0;
                    for (int t = 0; t < len; t++) {
                        double[] ec = new double[nb];
                        double[] cc = new double[nb];
                        for (int b = 0; b < nb; b++) {
                            ec[b] = e[b][t];
                            cc[b] = c[b][t];
                        }
                        normalize(ec);
                        normalize(cc);
                        for (int b = 0; b < nb; b++) {
                            d += ec[b] * cc[b];
                        }
                    }
                    sum += 1 - d / len;
                    count++;
                }
            }
        }
        return count == 0 ? 0 : sum / count;
    }

    /** Centres {@code v} and scales it to unit L2 norm ({@code / sqrt(|v - mean|^2 + ENVELOPE_EPS)}). */
    private static void normalize(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        double sq = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] -= mean;
            sq += v[i] * v[i];
        }
        double norm = Math.sqrt(sq + ENVELOPE_EPS);
        for (int i = 0; i < v.length; i++) {
            v[i] /= norm;
        }
    }

    /** Added under the square root of the normalizations (a constant envelope then normalizes to 0, not NaN). */
    static final float ENVELOPE_EPS = 1e-8f;

    /**
     * Runs a training.
     *
     * @throws IOException              if data or outputs cannot be read/written
     * @throws IllegalArgumentException if the data directory lacks the training data
     */
    public static Result train(TrainConfig cfg, Progress progress) throws IOException {
        long t0 = System.nanoTime();
        Files.createDirectories(cfg.workDir());
        Path logFile = cfg.workDir().resolve("train.log");
        try (PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), true)) {
            TrainingData data = TrainingData.load(cfg.dataDir(), SAMPLE_RATE_HZ, cfg.useLibriSpeech(), cfg.useAn4(), cfg.maxCleanFiles(),
                    cfg.maxNoiseFiles());
            log.printf("data: %d clean clips (%.1f s), %d noise clips (%.1f s)%n", data.clean().size(), data.cleanSeconds(),
                    data.noise().size(), data.noiseSeconds());
            MixtureSynthesizer synth = new MixtureSynthesizer(data.clean(), data.noise(), SAMPLE_RATE_HZ, cfg.reverbProbability(),
                    cfg.rumbleProbability(), cfg.noiseLowPassProbability());
            int nb = new PercepNetDsp(SAMPLE_RATE_HZ).bands().count();
            PercepNetModel.Architecture arch = new PercepNetModel.Architecture(2 * nb + 2, nb, cfg.convChannels(), cfg.convChannels(),
                    cfg.gruUnits(), cfg.gruUnits());

            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(cfg.threads()));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
            Engine engine = Engine.getEngine("PyTorch");
            engine.setRandomSeed((int) cfg.seed());
            try (NDManager manager = engine.newBaseManager();
                 ExecutorService producer = Executors.newSingleThreadExecutor(r -> {
                     Thread t = new Thread(r, "mixture-synthesis");
                     t.setDaemon(true);
                     return t;
                 })) {
                Net net = new Net(manager, arch, (float) cfg.overSuppressionWeight(), (float) cfg.envelopeWeight());
                int startStep = 0;
                boolean restartBest = false;
                int bestStep = 0;
                double bestLoss = Double.POSITIVE_INFINITY;
                Map<String, float[]> best = net.weights();
                Path ckpt = cfg.workDir().resolve("checkpoint.eaim");
                if (cfg.resume() && Files.exists(ckpt)) {
                    ModelFile c = ModelFile.read(ckpt);
                    String saved = c.metadata().get("architecture");
                    if (saved != null && !saved.equals(arch.toString())) {
                        throw new IllegalArgumentException("checkpoint " + ckpt + " holds " + saved + ", this run asks " + arch
                                + " (use another work dir or start fresh)");
                    }
                    Map<String, float[]> w = new LinkedHashMap<>();
                    for (String n : arch.shapes().keySet()) {
                        w.put(n, c.floats("p/" + n));
                        best.put(n, c.floats("best/" + n));
                    }
                    startStep = Integer.parseInt(c.meta("step"));
                    bestStep = Integer.parseInt(c.meta("best_step"));
                    bestLoss = Double.parseDouble(c.meta("best_loss"));
                    if (cfg.rewindToBest() && bestStep > 0 && bestStep < startStep) {
                        log.printf("rewinding from step %d to the best validated step %d%n", startStep, bestStep);
                        w = new LinkedHashMap<>(best);
                        startStep = bestStep;
                    }
                    net.setWeights(w);
                    log.printf("resumed from %s at step %d (best %.5f at %d)%n", ckpt, startStep, bestLoss, bestStep);
                    // validation losses under another loss or mixture recipe (the validation mixtures change with it) are not
                    // comparable: any change restarts the choice of the best step
                    Map<String, String> recipe = c.metadata();
                    restartBest |= recipeChanged(log, recipe, "over_suppression_weight", cfg.overSuppressionWeight(), "over-suppression weight");
                    restartBest |= recipeChanged(log, recipe, RUMBLE_PROBABILITY_KEY, cfg.rumbleProbability(), "rumble probability");
                    restartBest |= recipeChanged(log, recipe, NOISE_LOW_PASS_PROBABILITY_KEY, cfg.noiseLowPassProbability(),
                            "noise low-pass probability");
                    restartBest |= recipeChanged(log, recipe, AN4_CLEAN_KEY, cfg.useAn4(), "AN4 in the clean pool");
                    restartBest |= recipeChanged(log, recipe, ENVELOPE_WEIGHT_KEY, cfg.envelopeWeight(), "envelope weight");
                } else if (cfg.initFrom() != null) {
                    PercepNetModel init = PercepNetModel.read(cfg.initFrom());
                    if (!init.architecture().equals(arch)) {
                        throw new IllegalArgumentException("--init-from model " + cfg.initFrom() + " is " + init.architecture()
                                + ", this run asks " + arch + " (set --conv/--gru to match)");
                    }
                    Map<String, float[]> w = new LinkedHashMap<>();
                    for (String n : arch.shapes().keySet()) {
                        w.put(n, init.weight(n));
                    }
                    net.setWeights(w);
                    String trained = init.metadata().get("train_steps");
                    startStep = trained == null ? 0 : Integer.parseInt(trained);
                    restartBest = true;
                    log.printf("initialized from %s (%s weights, trained %s steps): starting at step %d%n", cfg.initFrom(),
                            init.storedType(), trained == null ? "?" : trained, startStep);
                }
                final int totalSteps = cfg.steps();
                final int[] current = {startStep};
                final int firstStep = startStep;
                Tracker lr = n -> (float) learningRate(cfg.learningRate(), current[0], firstStep, totalSteps, cfg.warmupSteps());
                Optimizer adam = Optimizer.adam().optLearningRateTracker(lr).optClipGrad(1f).build();

                Batch validation = makeBatch(synth, cfg.validationSequences(), cfg.sequenceFrames(), new SplittableRandom(cfg.seed() ^ 0x5DEECE66DL));
                if (restartBest) {
                    // the resumed weights are the first candidate under the new loss
                    bestLoss = net.evaluate(validation);
                    bestStep = startStep;
                    best = net.weights();
                    log.printf("step %d val %.5f under the new loss or mixture recipe%n", startStep, bestLoss);
                }
                int samples = cfg.sequenceFrames() * (SAMPLE_RATE_HZ / 100);
                Future<Batch> next = producer.submit(() -> makeBatch(synth, cfg.batchSize(), cfg.sequenceFrames(),
                        new SplittableRandom(cfg.seed() + current[0])));
                double trainSum = 0;
                int trainCount = 0;
                double[] norm = new double[1];
                double normSum = 0;
                double normMax = 0;
                int clipped = 0;
                int skipped = 0;
                double lastTrain = Double.NaN;
                String status = "completed";
                log.printf("training %s (%d MAC/frame) steps %d..%d, batch %d x %d frames (%d samples), lr %.2g, threads %d, seed %d%n",
                        arch, arch.macsPerFrame(), startStep, totalSteps, cfg.batchSize(), cfg.sequenceFrames(), samples,
                        cfg.learningRate(), cfg.threads(), cfg.seed());
                if (cfg.gradientNormClip() > 0) {
                    log.printf("gradient clipped to global L2 norm %s%n", cfg.gradientNormClip());
                }
                for (int step = startStep; step < totalSteps; step++) {
                    if (progress.cancelled()) {
                        status = "cancelled";
                        break;
                    }
                    Batch b = await(next);
                    final int following = step + 1;
                    next = following < totalSteps ? producer.submit(() -> makeBatch(synth, cfg.batchSize(), cfg.sequenceFrames(),
                            new SplittableRandom(cfg.seed() + following))) : null;
                    current[0] = step;
                    double loss = net.trainStep(b, adam, cfg.gradientNormClip(), norm);
                    if (!Double.isFinite(loss)) {
                        if (bestStep == 0) {
                            throw new IllegalStateException("training diverged at step " + step + ": loss " + loss
                                    + " (before any validated weights)");
                        }
                        // keep the validated weights of an unattended run: stop and export the best ones
                        log.printf("diverged at step %d (loss %s): stopping, exporting the best weights (step %d)%n", step, loss, bestStep);
                        status = "diverged";
                        break;
                    }
                    trainSum += loss;
                    trainCount++;
                    if (Double.isFinite(norm[0])) {
                        normSum += norm[0];
                        normMax = Math.max(normMax, norm[0]);
                        if (cfg.gradientNormClip() > 0 && norm[0] > cfg.gradientNormClip()) {
                            clipped++;
                        }
                    } else {
                        skipped++;
                    }
                    if ((step + 1) % cfg.validationEvery() == 0 || step + 1 == totalSteps) {
                        double[] parts = net.validate(validation);
                        double val = parts[0];
                        lastTrain = trainSum / trainCount;
                        double meanNorm = normSum / Math.max(1, trainCount - skipped);
                        trainSum = 0;
                        trainCount = 0;
                        if (val < bestLoss) {
                            bestLoss = val;
                            bestStep = step + 1;
                            best = net.weights();
                        }
                        double el = (System.nanoTime() - t0) / 1e9;
                        String msg = String.format("step %d train %.5f val %.5f%s best %.5f@%d elapsed %.0f s grad-norm mean %.3g max %.3g"
                                        + " clipped %d%s", step + 1, lastTrain, val,
                                Double.isNaN(parts[1]) ? "" : String.format(" (envelope term 1 - d = %.5f)", parts[1]),
                                bestLoss, bestStep, el, meanNorm, normMax, clipped,
                                skipped > 0 ? " skipped (non-finite gradient) " + skipped : "");
                        normSum = 0;
                        normMax = 0;
                        clipped = 0;
                        skipped = 0;
                        log.println(msg);
                        progress.report("train", step + 1, totalSteps, msg);
                        writeCheckpoint(ckpt, net.weights(), best, step + 1, bestStep, bestLoss, cfg, arch);
                        if (cfg.averageLast() > 0) {
                            snapshot(ckpt, step + 1);
                        }
                    } else if ((step + 1) % 10 == 0) {
                        progress.report("train", step + 1, totalSteps, String.format("loss %.5f", trainSum / trainCount));
                    }
                }
                if (next != null) {
                    next.cancel(true);
                }
                int doneSteps = status.equals("completed") ? totalSteps : current[0];
                List<Integer> averaged = List.of();
                if (cfg.averageLast() > 0 && status.equals("completed")) {
                    Averaged avg = averageSnapshots(cfg.workDir().resolve(SNAPSHOTS), doneSteps, cfg.averageLast(), arch);
                    if (avg == null) {
                        log.printf("checkpoint averaging: fewer than 2 snapshots up to step %d in %s, skipped%n", doneSteps,
                                cfg.workDir().resolve(SNAPSHOTS));
                    } else {
                        net.setWeights(avg.weights());
                        double val = net.evaluate(validation);
                        boolean better = val < bestLoss;
                        log.printf("average of the last %d validated checkpoints (steps %s): val %.5f against the best single step %.5f@%d: %s%n",
                                avg.steps().size(), avg.steps(), val, bestLoss, bestStep, better ? "exported" : "not better, not exported");
                        if (better) {
                            best = avg.weights();
                            bestLoss = val;
                            bestStep = avg.steps().get(avg.steps().size() - 1);
                            averaged = avg.steps();
                        }
                    }
                }
                Map<String, String> meta = new LinkedHashMap<>();
                meta.put("trained_with", "DJL PyTorch engine, org.edgeai.enhance.train.PercepNetTrainer");
                meta.put("train_data", "audio/train clean+noise" + (cfg.useLibriSpeech() ? " + asr/librispeech-mini5 train split" : "")
                        + (cfg.useAn4() ? " + asr/an4 train split (per speaker)" : "")
                        + ", mixtures synthesized on the fly (SNR -5..20 dB, random gain, tilt, reverb p=" + cfg.reverbProbability()
                        + ", low-frequency rumble p=" + cfg.rumbleProbability() + ", noise low-pass p=" + cfg.noiseLowPassProbability() + ")");
                meta.put("train_config", cfg.toString());
                meta.put(RUMBLE_PROBABILITY_KEY, Double.toString(cfg.rumbleProbability()));
                meta.put(NOISE_LOW_PASS_PROBABILITY_KEY, Double.toString(cfg.noiseLowPassProbability()));
                meta.put(AN4_CLEAN_KEY, Boolean.toString(cfg.useAn4()));
                meta.put(ENVELOPE_WEIGHT_KEY, Double.toString(cfg.envelopeWeight()));
                // the envelope term scores the gains as applied without the post-filter (class doc): such a model runs without it
                meta.put(PercepNetModel.POST_FILTER_KEY, Boolean.toString(cfg.envelopeWeight() == 0));
                if (cfg.initFrom() != null) {
                    meta.put("initialized_from", cfg.initFrom().toString());
                }
                meta.put("train_steps", Integer.toString(doneSteps));
                meta.put("best_step", Integer.toString(bestStep));
                meta.put("best_validation_loss", String.format(java.util.Locale.ROOT, "%.6f", bestLoss));
                if (!averaged.isEmpty()) {
                    meta.put("averaged_steps", averaged.toString());
                }
                meta.put("loss", "PercepNet: w (g^0.5-ĝ^0.5)^2 + 10 w (g^0.5-ĝ^0.5)^4 + ((1-r)^0.5-(1-r̂)^0.5)^2, w = 1 + "
                        + cfg.overSuppressionWeight() + " [ĝ < g]" + (cfg.envelopeWeight() > 0
                        ? "; + " + cfg.envelopeWeight() + " (1 - d), d = ESTOI-type band-envelope correlation of ĝ|X| and |S|" : ""));
                PercepNetModel model = PercepNetModel.of(arch, SAMPLE_RATE_HZ, best, meta);
                Path f32 = Path.of(cfg.output() + "-f32.eaim");
                Path i8 = Path.of(cfg.output() + "-int8.eaim");
                model.toModelFile("percepnet16k", DType.F32).write(f32);
                model.toModelFile("percepnet16k", DType.I8).write(i8);
                log.printf("exported %s and %s (best step %d, val %.5f)%n", f32, i8, bestStep, bestLoss);
                return new Result(status, doneSteps, bestStep, bestLoss, lastTrain, f32, i8, (System.nanoTime() - t0) / 1e9, averaged);
            }
        }
    }

    /**
     * The learning rate of an optimizer step: cosine decay from {@code peak} at step 0 to {@code peak / 10}
     * at {@code totalSteps}, times a linear warm-up over the first {@code warmup} steps of this run, fresh or
     * resumed (Goyal et al. 2017, gradual warm-up: Adam's moments are not checkpointed, so the first updates after
     * a resume would otherwise take full-size steps from fresh moment estimates; a fresh wide network can
     * likewise be thrown into saturation by its first full-size steps).
     *
     * @param peak       initial learning rate
     * @param step       0-based step about to run
     * @param startStep  first step of this run (0 for a fresh run)
     * @param totalSteps last step of the schedule
     * @param warmup     warm-up steps at the start of this run (0 = none)
     * @return the learning rate, positive
     */
    static double learningRate(double peak, int step, int startStep, int totalSteps, int warmup) {
        double cosine = peak * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, step / (double) totalSteps))));
        if (warmup == 0) {
            return cosine;
        }
        return cosine * Math.min(1.0, (step - startStep + 1) / (double) warmup);
    }

    private static Batch await(Future<Batch> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while synthesizing a batch", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("mixture synthesis failed: " + e.getCause(), e.getCause());
        }
    }

    static Batch makeBatch(MixtureSynthesizer synth, int n, int frames, SplittableRandom rng) {
        int hop = SAMPLE_RATE_HZ / 100;
        float[] feat = null;
        float[] g = null;
        float[] r = null;
        float[] m = null;
        float[] xa = null;
        float[] sa = null;
        float[] act = new float[n * frames];
        int[] range = envelopeBands(SAMPLE_RATE_HZ);
        int f = 0;
        int nb = 0;
        for (int i = 0; i < n; i++) {
            MixtureSynthesizer.Mixture mix = synth.next(frames * hop, rng);
            FeatureExtractor.Sequence s = FeatureExtractor.extract(mix.noisy(), mix.clean(), SAMPLE_RATE_HZ);
            if (feat == null) {
                f = s.featureSize();
                nb = s.bands();
                feat = new float[n * frames * f];
                g = new float[n * frames * nb];
                r = new float[n * frames * nb];
                m = new float[n * frames * nb];
                xa = new float[n * frames * nb];
                sa = new float[n * frames * nb];
            }
            System.arraycopy(s.features(), 0, feat, i * frames * f, frames * f);
            System.arraycopy(s.gains(), 0, g, i * frames * nb, frames * nb);
            System.arraycopy(s.strength(), 0, r, i * frames * nb, frames * nb);
            System.arraycopy(s.mask(), 0, m, i * frames * nb, frames * nb);
            envelopes(s, frames, range[0], range[1], xa, sa, act, i);
        }
        return new Batch(n, frames, f, nb, feat, g, r, m, xa, sa, act);
    }

    /**
     * Fills sequence {@code i}'s band amplitudes (scaled by the largest clean amplitude in the envelope bands) and its
     * speech activity (clean energy in the envelope bands within {@link #ENVELOPE_DYNAMIC_RANGE} of the loudest frame).
     */
    static void envelopes(FeatureExtractor.Sequence s, int frames, int lo, int hi, float[] xa, float[] sa, float[] act, int i) {
        int nb = s.bands();
        double peak = 0;
        double loudest = 0;
        double[] frameEnergy = new double[frames];
        for (int t = 0; t < frames; t++) {
            for (int b = lo; b < hi; b++) {
                double e = s.cleanEnergy()[t * nb + b];
                frameEnergy[t] += e;
                peak = Math.max(peak, e);
            }
            loudest = Math.max(loudest, frameEnergy[t]);
        }
        double scale = peak > 0 ? 1 / Math.sqrt(peak) : 0;
        for (int t = 0; t < frames; t++) {
            for (int b = 0; b < nb; b++) {
                xa[(i * frames + t) * nb + b] = (float) (Math.sqrt(s.noisyEnergy()[t * nb + b]) * scale);
                sa[(i * frames + t) * nb + b] = (float) (Math.sqrt(s.cleanEnergy()[t * nb + b]) * scale);
            }
            act[i * frames + t] = loudest > 0 && frameEnergy[t] >= ENVELOPE_DYNAMIC_RANGE * loudest ? 1f : 0f;
        }
    }

    /** Folder of {@code workDir} holding the kept checkpoints ({@code step-N.eaim}) when averaging is on. */
    static final String SNAPSHOTS = "snapshots";

    /** Copies the checkpoint just written to {@code snapshots/step-N.eaim} (through a temporary file and an atomic move). */
    private static void snapshot(Path ckpt, int step) throws IOException {
        Path dir = ckpt.resolveSibling(SNAPSHOTS);
        Files.createDirectories(dir);
        Path tmp = dir.resolve("step-" + step + ".eaim.tmp");
        Files.copy(ckpt, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, dir.resolve("step-" + step + ".eaim"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** An average of checkpoint weights. @param weights by parameter name @param steps the averaged steps, ascending */
    record Averaged(Map<String, float[]> weights, List<Integer> steps) {
    }

    /**
     * The uniform average of the current weights ({@code p/} tensors) of the last {@code k} snapshots with a step
     * {@code <= upTo} (checkpoint averaging, Vaswani et al. 2017; Izmailov et al. 2018), summed in double.
     *
     * @param dir  snapshot folder ({@code step-N.eaim}; N is checked against the file's metadata when it is read)
     * @param upTo last step to consider (a resumed run may have older snapshots of later steps from a discarded branch)
     * @param k    snapshots to average, at least 2
     * @param arch architecture every snapshot must hold
     * @return the average, or null if fewer than 2 snapshots qualify
     * @throws IOException              if a snapshot cannot be read
     * @throws IllegalArgumentException if a snapshot holds another architecture, or another step than its name says
     */
    static Averaged averageSnapshots(Path dir, int upTo, int k, PercepNetModel.Architecture arch) throws IOException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        java.util.TreeMap<Integer, Path> byStep = new java.util.TreeMap<>();
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String n = f.getFileName().toString();
                if (n.matches("step-\\d+\\.eaim")) {
                    int step = Integer.parseInt(n.substring(5, n.length() - 5));
                    if (step <= upTo) {
                        byStep.put(step, f);
                    }
                }
            }
        }
        if (byStep.size() < 2) {
            return null;
        }
        List<Integer> steps = List.copyOf(new ArrayList<>(byStep.descendingKeySet()).subList(0, Math.min(k, byStep.size())).reversed());
        Map<String, double[]> sum = new LinkedHashMap<>();
        for (int step : steps) {
            ModelFile c = ModelFile.read(byStep.get(step));
            if (!Integer.toString(step).equals(c.metadata().get("step"))) {
                throw new IllegalArgumentException("snapshot " + byStep.get(step) + " holds step " + c.metadata().get("step"));
            }
            String saved = c.metadata().get("architecture");
            if (saved != null && !saved.equals(arch.toString())) {
                throw new IllegalArgumentException("snapshot " + byStep.get(step) + " holds " + saved + ", this run is " + arch);
            }
            for (String name : arch.shapes().keySet()) {
                float[] w = c.floats("p/" + name);
                double[] acc = sum.computeIfAbsent(name, x -> new double[w.length]);
                for (int i = 0; i < w.length; i++) {
                    acc[i] += w[i];
                }
            }
        }
        Map<String, float[]> avg = new LinkedHashMap<>();
        sum.forEach((name, acc) -> {
            float[] w = new float[acc.length];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (acc[i] / steps.size());
            }
            avg.put(name, w);
        });
        return new Averaged(avg, steps);
    }

    private static void writeCheckpoint(Path ckpt, Map<String, float[]> w, Map<String, float[]> best, int step, int bestStep,
                                        double bestLoss, TrainConfig cfg, PercepNetModel.Architecture arch) throws IOException {
        Map<String, Tensor> t = new LinkedHashMap<>();
        w.forEach((k, v) -> t.put("p/" + k, Tensor.ofF32(v.clone(), v.length)));
        best.forEach((k, v) -> t.put("best/" + k, Tensor.ofF32(v.clone(), v.length)));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("step", Integer.toString(step));
        meta.put("best_step", Integer.toString(bestStep));
        meta.put("best_loss", Double.toString(bestLoss));
        meta.put("config", cfg.toString());
        meta.put("architecture", arch.toString());
        meta.put("over_suppression_weight", Double.toString(cfg.overSuppressionWeight()));
        meta.put(RUMBLE_PROBABILITY_KEY, Double.toString(cfg.rumbleProbability()));
        meta.put(NOISE_LOW_PASS_PROBABILITY_KEY, Double.toString(cfg.noiseLowPassProbability()));
        meta.put(AN4_CLEAN_KEY, Boolean.toString(cfg.useAn4()));
        meta.put(ENVELOPE_WEIGHT_KEY, Double.toString(cfg.envelopeWeight()));
        new ModelFile("percepnet-checkpoint", meta, t).write(ckpt);
    }

    /**
     * @param current the run's setting: a {@code Double} (metadata absent = 0) or a {@code Boolean} (absent = false)
     * @return whether the checkpoint's value under {@code key} differs from {@code current}; a change is logged
     * @throws NumberFormatException if a numeric metadata value is not a number
     */
    private static boolean recipeChanged(PrintWriter log, Map<String, String> meta, String key, Object current, String what) {
        String raw = meta.get(key);
        Object saved = current instanceof Boolean
                ? (Object) Boolean.parseBoolean(raw == null ? "false" : raw)
                : (Object) Double.parseDouble(raw == null ? "0" : raw);
        if (saved.equals(current)) {
            return false;
        }
        log.printf("%s changed from %s to %s: the best validated step restarts%n", what, saved, current);
        return true;
    }

    /** The DJL network: the same layers as {@code GainNetwork}, over whole sequences. */
    static final class Net {
        private final NDManager manager;
        private final PercepNetModel.Architecture arch;
        private final Conv1d conv1;
        private final Conv1d conv2;
        private final GRU gru1;
        private final GRU gru2;
        private final Linear out;
        private final Map<String, Parameter> params = new LinkedHashMap<>();
        private final ParameterStore store;
        private final float overWeight;
        private final float envelopeWeight;
        private final int envLo;
        private final int envHi;

        Net(NDManager manager, PercepNetModel.Architecture a) {
            this(manager, a, 0f, 0f);
        }

        Net(NDManager manager, PercepNetModel.Architecture a, float overWeight) {
            this(manager, a, overWeight, 0f);
        }

        /**
         * @param overWeight     extra weight alpha of the gain error where {@code g_hat < g} (0: PercepNet's loss)
         * @param envelopeWeight weight lambda of the envelope-correlation term (0: none)
         */
        Net(NDManager manager, PercepNetModel.Architecture a, float overWeight, float envelopeWeight) {
            this.manager = manager;
            this.arch = a;
            this.overWeight = overWeight;
            this.envelopeWeight = envelopeWeight;
            int[] range = envelopeBands(SAMPLE_RATE_HZ);
            this.envLo = range[0];
            this.envHi = Math.min(range[1], a.bands());
            if (envelopeWeight != 0f && envHi - envLo < 2) {
                throw new IllegalArgumentException("the envelope term needs at least 2 bands in 150 Hz..4.3 kHz; " + a + " has "
                        + Math.max(0, envHi - envLo));
            }
            conv1 = Conv1d.builder().setKernelShape(new Shape(3)).setFilters(a.conv1()).optPadding(new Shape(2)).build();
            conv2 = Conv1d.builder().setKernelShape(new Shape(3)).setFilters(a.conv2()).optPadding(new Shape(2)).build();
            gru1 = GRU.builder().setStateSize(a.gru1()).setNumLayers(1).optBatchFirst(true).optReturnState(false).build();
            gru2 = GRU.builder().setStateSize(a.gru2()).setNumLayers(1).optBatchFirst(true).optReturnState(false).build();
            out = Linear.builder().setUnits(2L * a.bands()).build();
            conv1.initialize(manager, DataType.FLOAT32, new Shape(1, a.featureSize(), 8));
            conv2.initialize(manager, DataType.FLOAT32, new Shape(1, a.conv1(), 8));
            gru1.initialize(manager, DataType.FLOAT32, new Shape(1, 8, a.conv2()));
            gru2.initialize(manager, DataType.FLOAT32, new Shape(1, 8, a.gru1()));
            out.initialize(manager, DataType.FLOAT32, new Shape(1, 8, a.gru1() + a.gru2()));
            collect("conv1", conv1);
            collect("conv2", conv2);
            collect("gru1", gru1);
            collect("gru2", gru2);
            collect("out", out);
            for (Map.Entry<String, int[]> e : a.shapes().entrySet()) {
                Parameter p = params.get(e.getKey());
                if (p == null) {
                    throw new IllegalStateException("DJL block lacks parameter " + e.getKey() + "; has " + params.keySet());
                }
                if (p.getArray().size() != Tensor.numel(e.getValue())) {
                    throw new IllegalStateException("parameter " + e.getKey() + " has shape " + p.getArray().getShape());
                }
                p.getArray().setRequiresGradient(true);
            }
            store = new ParameterStore(manager, false);
        }

        private void collect(String prefix, Block block) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                String n = p.getKey().toLowerCase(java.util.Locale.ROOT);
                String name;
                if (n.contains("i2h") || n.contains("h2h")) {
                    name = (n.contains("bias") ? "bias_" : "weight_") + (n.contains("i2h") ? "ih" : "hh");
                } else {
                    name = n;
                }
                params.put(prefix + "." + name, p.getValue());
            }
        }

        Map<String, float[]> weights() {
            Map<String, float[]> w = new LinkedHashMap<>();
            params.forEach((k, p) -> w.put(k, p.getArray().toFloatArray()));
            return w;
        }

        void setWeights(Map<String, float[]> w) {
            params.forEach((k, p) -> {
                float[] v = w.get(k);
                if (v == null || v.length != p.getArray().size()) {
                    throw new IllegalArgumentException("checkpoint tensor " + k + " missing or of the wrong size");
                }
                p.getArray().set(FloatBuffer.wrap(v));
            });
        }

        /** @param x {@code [N, T, F]} @return sigmoid outputs {@code [N, T, 2B]} */
        NDArray forward(NDArray x, boolean training) {
            long t = x.getShape().get(1);
            NDArray c = x.transpose(0, 2, 1);
            c = conv1.forward(store, new NDList(c), training).head().get(new NDIndex(":, :, 0:{}", t)).tanh();
            c = conv2.forward(store, new NDList(c), training).head().get(new NDIndex(":, :, 0:{}", t)).tanh();
            NDArray h = c.transpose(0, 2, 1);
            NDArray h1 = gru1.forward(store, new NDList(h), training).head();
            NDArray h2 = gru2.forward(store, new NDList(h1), training).head();
            return ai.djl.nn.Activation.sigmoid(out.forward(store, new NDList(h1.concat(h2, 2)), training).head());
        }

        NDArray loss(NDArray o, NDArray g, NDArray r, NDArray m) {
            int nb = arch.bands();
            NDArray gh = o.get(new NDIndex("..., 0:{}", nb));
            NDArray rh = o.get(new NDIndex("..., {}:", nb));
            NDArray dg = gh.add(OFFSET).sqrt().sub(g.add(OFFSET).sqrt());
            NDArray dg2 = dg.square();
            NDArray lg = dg2.add(dg2.square().mul(C4));
            if (overWeight != 0f) {
                // weight 1 + alpha where the network suppresses more than the target (a constant, no gradient)
                lg = lg.mul(gh.lt(g).toType(DataType.FLOAT32, false).mul(overWeight).add(1f));
            }
            NDArray dr = rh.neg().add(1f + OFFSET).sqrt().sub(r.neg().add(1f + OFFSET).sqrt());
            return lg.add(dr.square()).mul(m).sum().div(m.sum().add(1f));
        }

        /** The loss of {@link #loss(NDArray, NDArray, NDArray, NDArray)} plus {@code lambda} times {@link #envelopeLoss}. */
        NDArray loss(NDArray o, NDArray g, NDArray r, NDArray m, NDArray xa, NDArray sa, NDArray act) {
            NDArray l = loss(o, g, r, m);
            if (envelopeWeight == 0f) {
                return l;
            }
            return l.add(envelopeLoss(o.get(new NDIndex("..., 0:{}", arch.bands())), xa, sa, act).mul(envelopeWeight));
        }

        /**
         * The envelope-correlation term (the vectorized twin of {@link #envelopeLossReference}, same definition).
         *
         * @param gh  {@code [N, T, B]} network gains
         * @param xa  {@code [N, T, B]} noisy band amplitudes
         * @param sa  {@code [N, T, B]} clean band amplitudes
         * @param act {@code [N, T]} speech activity (0/1)
         * @return scalar: mean of {@code 1 - d} over the segments with at least half their frames active (0 if none)
         */
        NDArray envelopeLoss(NDArray gh, NDArray xa, NDArray sa, NDArray act) {
            long n = gh.getShape().get(0);
            long frames = gh.getShape().get(1);
            int len = ENVELOPE_SEGMENT;
            int nb = envHi - envLo;
            NDArray a3 = act.expandDims(2);
            NDArray e = gh.get(new NDIndex(":, :, {}:{}", envLo, envHi)).mul(xa.get(new NDIndex(":, :, {}:{}", envLo, envHi))).mul(a3);
            NDArray c = sa.get(new NDIndex(":, :, {}:{}", envLo, envHi)).mul(a3);
            NDArray sum = null;
            NDArray count = null;
            for (int off : new int[] {0, len / 2}) {
                long k = (frames - off) / len;
                if (k == 0) {
                    continue;
                }
                NDIndex span = new NDIndex(":, {}:{}, :", off, off + k * len);
                NDArray es = normalize(normalize(e.get(span).reshape(n, k, len, nb), 2), 3);
                NDArray cs = normalize(normalize(c.get(span).reshape(n, k, len, nb), 2), 3);
                NDArray d = es.mul(cs).sum(new int[] {3}).mean(new int[] {2});
                NDArray w = act.get(new NDIndex(":, {}:{}", off, off + k * len)).reshape(n, k, len).mean(new int[] {2})
                        .gte(0.5f).toType(DataType.FLOAT32, false);
                NDArray part = d.neg().add(1f).mul(w).sum();
                sum = sum == null ? part : sum.add(part);
                count = count == null ? w.sum() : count.add(w.sum());
            }
            if (sum == null) {
                return gh.sum().mul(0f);
            }
            return sum.div(count.maximum(1f));
        }

        /** Centres along {@code axis} and scales to unit L2 norm ({@code / sqrt(|.|^2 + ENVELOPE_EPS)}). */
        private static NDArray normalize(NDArray x, int axis) {
            NDArray centred = x.sub(x.mean(new int[] {axis}, true));
            return centred.div(centred.square().sum(new int[] {axis}, true).add(ENVELOPE_EPS).sqrt());
        }

        /**
         * One optimizer step.
         *
         * @param clipNorm if positive, the gradient is rescaled to a global L2 norm of at most this value first
         *                 (Pascanu et al. 2013, Alg. 2)
         * @param norms    receives the global gradient norm before clipping at index 0 (NaN or infinite when a gradient
         *                 element is; the weights and the optimizer state are then left unchanged: the step is skipped)
         * @return the batch loss before the step
         */
        double trainStep(Batch b, Optimizer opt, double clipNorm, double[] norms) {
            try (NDManager sub = manager.newSubManager()) {
                NDArray x = sub.create(b.features(), new Shape(b.n(), b.frames(), b.featureSize()));
                NDArray g = sub.create(b.gains(), new Shape(b.n(), b.frames(), b.bands()));
                NDArray r = sub.create(b.strength(), new Shape(b.n(), b.frames(), b.bands()));
                NDArray m = sub.create(b.mask(), new Shape(b.n(), b.frames(), b.bands()));
                NDArray xa = sub.create(b.noisyAmp(), new Shape(b.n(), b.frames(), b.bands()));
                NDArray sa = sub.create(b.cleanAmp(), new Shape(b.n(), b.frames(), b.bands()));
                NDArray act = sub.create(b.active(), new Shape(b.n(), b.frames()));
                double value;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = loss(forward(x, true), g, r, m, xa, sa, act);
                    value = loss.getFloat();
                    gc.backward(loss);
                }
                double norm = gradientNorm();
                norms[0] = norm;
                if (!Double.isFinite(norm)) {
                    // a NaN or infinite gradient would poison every weight (and Adam's moments): skip the update
                    return value;
                }
                if (clipNorm > 0 && norm > clipNorm) {
                    float scale = (float) (clipNorm / norm);
                    for (Parameter p : params.values()) {
                        p.getArray().getGradient().muli(scale);
                    }
                }
                for (Parameter p : params.values()) {
                    NDArray w = p.getArray();
                    opt.update(p.getId(), w, w.getGradient());
                }
                return value;
            }
        }

        /**
         * @return the global L2 norm of the current gradients of all parameters, squares summed in double from the float
         *         values (a float32 sum overflows to infinity for norms above ~1.8e19); NaN or infinite only if a gradient
         *         element is
         */
        double gradientNorm() {
            double sq = 0;
            for (Parameter p : params.values()) {
                for (float v : p.getArray().getGradient().toFloatArray()) {
                    sq += (double) v * v;
                }
            }
            return Math.sqrt(sq);
        }

        double evaluate(Batch b) {
            return validate(b)[0];
        }

        /**
         * One forward pass over a batch without gradients.
         *
         * @return {@code {loss, 1 - d}}: the training loss and the unweighted envelope term (for the log; NaN when the
         *         term is off)
         */
        double[] validate(Batch b) {
            try (NDManager sub = manager.newSubManager()) {
                NDArray x = sub.create(b.features(), new Shape(b.n(), b.frames(), b.featureSize()));
                NDArray g = sub.create(b.gains(), new Shape(b.n(), b.frames(), b.bands()));
                NDArray r = sub.create(b.strength(), new Shape(b.n(), b.frames(), b.bands()));
                NDArray m = sub.create(b.mask(), new Shape(b.n(), b.frames(), b.bands()));
                NDArray o = forward(x, false);
                NDArray base = loss(o, g, r, m);
                if (envelopeWeight == 0f) {
                    return new double[] {base.getFloat(), Double.NaN};
                }
                NDArray env = envelopeLoss(o.get(new NDIndex("..., 0:{}", arch.bands())),
                        sub.create(b.noisyAmp(), new Shape(b.n(), b.frames(), b.bands())),
                        sub.create(b.cleanAmp(), new Shape(b.n(), b.frames(), b.bands())),
                        sub.create(b.active(), new Shape(b.n(), b.frames())));
                return new double[] {base.add(env.mul(envelopeWeight)).getFloat(), env.getFloat()};
            }
        }

        /** @return output of {@link #forward} as floats, for export tests */
        float[] infer(float[] features, int n, int frames) {
            try (NDManager sub = manager.newSubManager()) {
                NDArray x = sub.create(features, new Shape(n, frames, arch.featureSize()));
                return forward(x, false).toFloatArray();
            }
        }

        List<String> parameterNames() {
            return new ArrayList<>(params.keySet());
        }
    }
}
