package org.edgeai.asr.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.edgeai.asr.data.CharVocabulary;
import org.edgeai.asr.data.Manifest;
import org.edgeai.asr.data.Utterance;
import org.edgeai.asr.decode.CtcGreedy;
import org.edgeai.asr.eval.EditDistance;
import org.edgeai.asr.features.LogMelConfig;
import org.edgeai.asr.features.OnlineCmvn;
import org.edgeai.asr.loss.CtcLoss;
import org.edgeai.asr.loss.LossResult;
import org.edgeai.asr.loss.RnntLoss;
import org.edgeai.asr.model.EncoderSpec;
import org.edgeai.asr.model.ModelExport;
import org.edgeai.asr.model.AsrModel;
import org.edgeai.asr.decode.DecoderConfig;
import org.edgeai.asr.stream.RecognitionResult;
import org.edgeai.asr.stream.StreamingRecognizer;
import org.edgeai.kernel.Progress;
import org.edgeai.kernel.Tensor;
import org.edgeai.kernel.io.ModelFile;

/**
 * Trains the streaming recognizer with DJL (PyTorch engine, CPU) and the plain-Java sequence
 * losses: each step runs the network forward in DJL, copies its output logits to Java, computes
 * the CTC ({@link CtcLoss}) or RNN-T ({@link RnntLoss}) loss and its gradient with respect to the
 * logits, and back-propagates by calling {@code backward} on the surrogate
 * {@code sum(logits * g)} where {@code g} is that gradient held constant: its gradient with respect
 * to every parameter equals the true loss gradient (chain rule).
 *
 * <p>Recipe: Adam (Kingma and Ba 2015) with linear warm-up, then either halving of the learning
 * rate when dev WER stalls for 4 epochs or a cosine decay over the epoch budget; global
 * gradient-norm clipping at 5 (Pascanu et al. 2013), speed perturbation (Ko et al. 2015) drawn per
 * utterance per epoch, SpecAugment frequency and time masks (Park et al., Interspeech 2019),
 * dropout; for RNN-T optionally an auxiliary CTC loss on the encoder. Selection and early stopping
 * on the dev split's greedy WER; optionally the parameters of the best epochs are averaged at the
 * end (kept only if the average is not worse on dev). Every random choice derives from the seed; a
 * run resumed from a checkpoint replays the same epochs' shuffles (Adam moments restart, which is
 * the one difference from an uninterrupted run).
 *
 * @implNote Not thread-safe; uses {@code threads} PyTorch threads.
 */
public final class AsrTrainer {
    static final double CLIP_NORM = 5.0;
    private final TrainConfig cfg;
    private final String command;
    private final Progress progress;
    private final LogMelConfig features = LogMelConfig.asr16k();
    private float[][] stats;

    private AsrTrainer(TrainConfig cfg, String command, Progress progress) {
        this.cfg = cfg;
        this.command = command;
        this.progress = progress;
    }

    /**
     * Runs a training.
     *
     * @param command the command line that started it (stored in the model metadata)
     * @throws IOException if data cannot be read or files written
     */
    public static TrainReport train(TrainConfig cfg, String command, Progress progress) throws IOException {
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(cfg.threads()));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        return new AsrTrainer(cfg, command, progress).run();
    }

    /** Normalized features of one split. */
    record Split(List<Utterance> utts, float[][][] featsBySpeed, int[][] labels) {
    }

    private TrainReport run() throws IOException {
        long t0 = System.nanoTime();
        Files.createDirectories(cfg.workDir());
        List<Utterance> train = new ArrayList<>(usable(Manifest.read(cfg.corpusDir().resolve("train.tsv"))));
        for (Path extra : cfg.extraTrain()) {
            List<Utterance> more = usable(Manifest.read(extra.resolve("train.tsv")));
            progress.report("train", 0, cfg.maxEpochs(), "extra training corpus " + extra.getFileName() + ": " + more.size() + " utterances");
            train.addAll(more);
        }
        List<Utterance> dev = usable(Manifest.read(cfg.corpusDir().resolve("dev.tsv")));
        if (cfg.maxTrainUtterances() > 0 && train.size() > cfg.maxTrainUtterances()) {
            train = train.subList(0, cfg.maxTrainUtterances());
            dev = dev.subList(0, Math.min(dev.size(), cfg.maxTrainUtterances()));
        }
        Path cache = cfg.workDir().resolve("features");
        StringBuilder corpora = new StringBuilder(cfg.corpusDir().toAbsolutePath().normalize().toString());
        for (Path extra : cfg.extraTrain()) {
            corpora.append('|').append(extra.toAbsolutePath().normalize());
        }
        String tag = Integer.toHexString(corpora.toString().hashCode());
        float[][][] trainRaw = new float[cfg.speeds().size()][][];
        int base = -1;
        for (int s = 0; s < cfg.speeds().size(); s++) {
            double sp = cfg.speeds().get(s);
            trainRaw[s] = FeatureStore.load(train, sp, features, cache.resolve(tag + "-train-" + train.size() + "-x" + sp + ".bin"),
                    cfg.threads(), progress);
            if (sp == 1.0) {
                base = s;
            }
        }
        float[][] devRaw = FeatureStore.load(dev, 1.0, features, cache.resolve(tag + "-dev-" + dev.size() + ".bin"), cfg.threads(), progress);
        float[][] stats = meanStd(trainRaw[base < 0 ? 0 : base], features.melBins());
        OnlineCmvn cmvn = new OnlineCmvn(stats[0], stats[1], cfg.encoder().cmvnPriorFrames());
        for (float[][] sp : trainRaw) {
            normalize(sp, cmvn);
        }
        normalize(devRaw, cmvn);
        Split trainSplit = new Split(train, trainRaw, labels(train));
        Split devSplit = new Split(dev, new float[][][] {devRaw}, labels(dev));
        this.stats = stats;

        Engine.getInstance().setRandomSeed((int) cfg.seed());
        TrainableNetwork net = cfg.criterion() == TrainConfig.Criterion.CTC
                ? new CtcNetwork(cfg.encoder(), cfg.dropout())
                : new RnntNetwork(cfg.encoder(), cfg.dropout(), cfg.predictionHidden(), cfg.jointDim(), cfg.ctcWeight() > 0);
        State state = new State();
        int stepsPerEpoch = (train.size() + cfg.batchSize() - 1) / cfg.batchSize();
        if (cfg.maxStepsPerEpoch() > 0) {
            stepsPerEpoch = Math.min(stepsPerEpoch, cfg.maxStepsPerEpoch());
        }
        long totalSteps = (long) stepsPerEpoch * cfg.maxEpochs();
        Tracker lr = step -> learningRate(state, totalSteps);
        try (Model model = Model.newInstance("asr-" + cfg.criterion().name().toLowerCase(java.util.Locale.ROOT), Device.cpu())) {
            model.setBlock(net.block());
            DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(lr).build())
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(tc)) {
                trainer.initialize(inputShapes(net));
                if (cfg.initFrom() != null) {
                    int copied = initialize(net, ModelFile.read(cfg.initFrom()));
                    progress.report("train", 0, cfg.maxEpochs(), "initialized " + copied + " tensors from " + cfg.initFrom());
                }
                Path last = cfg.workDir().resolve("last.ckpt");
                if (cfg.resume() && Files.isRegularFile(last)) {
                    restore(net, ModelFile.read(last), state);
                    if (cfg.restartLearningRate()) {
                        state.lrFactor = 1f;
                        state.sinceBest = 0;
                        state.scheduleStart = state.step;
                    }
                    progress.report("train", state.epoch, cfg.maxEpochs(), "resumed from " + last + " at epoch " + state.epoch);
                }
                TrainReport.Status status = TrainReport.Status.COMPLETED;
                while (state.epoch < cfg.maxEpochs()) {
                    if (progress.cancelled()) {
                        status = TrainReport.Status.CANCELLED;
                        break;
                    }
                    if (cfg.maxMinutes() > 0 && (System.nanoTime() - t0) / 6e10 >= cfg.maxMinutes()) {
                        status = TrainReport.Status.TIME_LIMIT;
                        break;
                    }
                    double loss = epoch(trainer, net, trainSplit, state);
                    state.epoch++;
                    double[] devScores = evaluate(trainer, net, devSplit);
                    boolean better = devScores[0] < state.bestWer - 1e-9
                            || (Math.abs(devScores[0] - state.bestWer) < 1e-9 && devScores[1] < state.bestCer);
                    if (better) {
                        state.bestWer = devScores[0];
                        state.bestCer = devScores[1];
                        state.bestEpoch = state.epoch;
                        state.sinceBest = 0;
                        export(net, stats, state, "best");
                    } else {
                        state.sinceBest++;
                        if (cfg.schedule() == TrainConfig.LrSchedule.PLATEAU && state.sinceBest % 4 == 0 && state.lrFactor > 1f / 32) {
                            state.lrFactor *= 0.5f;
                        }
                    }
                    keepSnapshot(net, state, devScores);
                    checkpoint(net, state, last);
                    progress.report("train", state.epoch, cfg.maxEpochs(), String.format(
                            "epoch %d loss %.3f dev WER %.2f%% CER %.2f%% (best %.2f%% @%d) lr %.2e",
                            state.epoch, loss, 100 * devScores[0], 100 * devScores[1], 100 * state.bestWer, state.bestEpoch,
                            state.lrFactor * cfg.peakLearningRate()));
                    if (state.sinceBest >= cfg.patience()) {
                        status = TrainReport.Status.EARLY_STOPPED;
                        break;
                    }
                }
                if (state.bestEpoch == 0) {
                    export(net, stats, state, "best");
                }
                if (status != TrainReport.Status.CANCELLED && cfg.averageBest() > 1 && state.snapshots.size() > 1) {
                    averageSnapshots(trainer, net, devSplit, state);
                }
                return new TrainReport(status, state.epoch, state.bestEpoch, state.bestWer, state.bestCer, cfg.output(),
                        ModelExport.int8Path(cfg.output()), (System.nanoTime() - t0) / 1e9);
            }
        }
    }

    /** @return the learning rate of the next update: warm-up ramp times the schedule's factor */
    private float learningRate(State state, long totalSteps) {
        float warm = Math.min(1f, (state.step + 1) / (float) Math.max(1, cfg.warmupSteps()));
        if (cfg.schedule() == TrainConfig.LrSchedule.COSINE) {
            long since = state.step - state.scheduleStart;
            long span = Math.max(1, totalSteps - state.scheduleStart);
            double progress = Math.min(1.0, since / (double) span);
            double f = TrainConfig.COSINE_FLOOR + (1 - TrainConfig.COSINE_FLOOR) * 0.5 * (1 + Math.cos(Math.PI * progress));
            return (float) (warm * f * cfg.peakLearningRate());
        }
        return warm * state.lrFactor * cfg.peakLearningRate();
    }

    private Shape[] inputShapes(TrainableNetwork net) {
        Shape x = new Shape(new long[] {1, 4, cfg.encoder().stackedDim()}, "NTC");
        if (net instanceof RnntNetwork) {
            return new Shape[] {x, new Shape(new long[] {1, 3, CharVocabulary.SIZE}, "NTC")};
        }
        return new Shape[] {x};
    }

    /** Mutable training state; saved in every checkpoint. */
    static final class State {
        int epoch;
        int step;
        int bestEpoch;
        int sinceBest;
        double bestWer = Double.POSITIVE_INFINITY;
        double bestCer = Double.POSITIVE_INFINITY;
        float lrFactor = 1f;
        int scheduleStart;
        /** Epochs kept for averaging, best first: {epoch, WER, CER}. */
        List<double[]> snapshots = new ArrayList<>();
    }

    private static List<Utterance> usable(List<Utterance> utts) {
        List<Utterance> out = new ArrayList<>();
        for (Utterance u : utts) {
            if (!u.transcript().isBlank() && CharVocabulary.encodable(u.transcript())) {
                out.add(u);
            }
        }
        return out;
    }

    private static int[][] labels(List<Utterance> utts) {
        int[][] l = new int[utts.size()][];
        for (int i = 0; i < l.length; i++) {
            l[i] = CharVocabulary.encode(utts.get(i).transcript());
        }
        return l;
    }

    /** @return {mean[bins], std[bins]} over all frames */
    static float[][] meanStd(float[][] feats, int bins) {
        double[] s = new double[bins];
        double[] s2 = new double[bins];
        long n = 0;
        for (float[] f : feats) {
            for (int i = 0; i < f.length; i++) {
                s[i % bins] += f[i];
                s2[i % bins] += (double) f[i] * f[i];
            }
            n += f.length / bins;
        }
        float[] mean = new float[bins];
        float[] std = new float[bins];
        for (int b = 0; b < bins; b++) {
            double m = s[b] / Math.max(1, n);
            mean[b] = (float) m;
            std[b] = (float) Math.sqrt(Math.max(1e-8, s2[b] / Math.max(1, n) - m * m));
        }
        return new float[][] {mean, std};
    }

    private static void normalize(float[][] feats, OnlineCmvn cmvn) {
        int d = cmvn.dim();
        for (float[] f : feats) {
            cmvn.reset();
            for (int t = 0; t + d <= f.length; t += d) {
                cmvn.apply(f, t, f, t);
            }
        }
    }

    // ------------------------------------------------------------------------------- one epoch

    private double epoch(Trainer trainer, TrainableNetwork net, Split split, State state) {
        Random rng = new Random(cfg.seed() * 1_000_003L + state.epoch);
        int n = split.utts().size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // bucket by length: sort by (length + jitter) so batches hold similar lengths but vary per epoch
        double[] key = new double[n];
        for (int i = 0; i < n; i++) {
            key[i] = split.featsBySpeed()[0][i].length * (1 + 0.1 * rng.nextDouble());
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(key[a], key[b]));
        List<int[]> batches = new ArrayList<>();
        for (int i = 0; i < n; i += cfg.batchSize()) {
            int[] b = new int[Math.min(cfg.batchSize(), n - i)];
            for (int j = 0; j < b.length; j++) {
                b[j] = order[i + j];
            }
            batches.add(b);
        }
        Collections.shuffle(batches, rng);
        if (cfg.maxStepsPerEpoch() > 0 && batches.size() > cfg.maxStepsPerEpoch()) {
            batches = batches.subList(0, cfg.maxStepsPerEpoch());
        }
        double lossSum = 0;
        int lossCount = 0;
        long lastReport = System.nanoTime();
        for (int bi = 0; bi < batches.size(); bi++) {
            int[] batch = batches.get(bi);
            float[][] x = new float[batch.length][];
            int[][] y = new int[batch.length][];
            for (int j = 0; j < batch.length; j++) {
                int speed = rng.nextInt(split.featsBySpeed().length);
                float[] f = split.featsBySpeed()[speed][batch[j]];
                x[j] = cfg.specAugment().enabled() ? SpecAugment.apply(f, cfg.encoder().melBins(), cfg.specAugment(), rng) : f;
                y[j] = split.labels()[batch[j]];
            }
            double l = net instanceof RnntNetwork r ? stepRnnt(trainer, r, x, y) : stepCtc(trainer, x, y);
            state.step++;
            if (Double.isFinite(l)) {
                lossSum += l;
                lossCount++;
            }
            if (System.nanoTime() - lastReport > 2_000_000_000L) {
                lastReport = System.nanoTime();
                progress.report("epoch " + (state.epoch + 1), bi + 1, batches.size(),
                        String.format("loss %.3f step %d", lossSum / Math.max(1, lossCount), state.step));
            }
        }
        return lossSum / Math.max(1, lossCount);
    }

    /** Packs features into {@code [B, Tmax, stack*mel]}; returns per-item encoder steps in {@code steps}. */
    private float[] pack(float[][] x, int[] steps) {
        int dim = cfg.encoder().stackedDim();
        int tMax = 1;
        for (int j = 0; j < x.length; j++) {
            steps[j] = x[j].length / dim;
            tMax = Math.max(tMax, steps[j]);
        }
        float[] buf = new float[x.length * tMax * dim];
        for (int j = 0; j < x.length; j++) {
            System.arraycopy(x[j], 0, buf, j * tMax * dim, steps[j] * dim);
        }
        return buf;
    }

    private double stepCtc(Trainer trainer, float[][] x, int[][] y) {
        int b = x.length;
        int[] steps = new int[b];
        float[] buf = pack(x, steps);
        int dim = cfg.encoder().stackedDim();
        int tMax = buf.length / (b * dim);
        int v = CharVocabulary.SIZE;
        CtcLoss ctc = new CtcLoss(CharVocabulary.BLANK);
        try (NDManager sub = trainer.getManager().newSubManager()) {
            NDArray in = sub.create(buf, new Shape(b, tMax, dim));
            double total = 0;
            int used = 0;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(in)).singletonOrThrow();
                float[] lg = logits.toFloatArray();
                float[] grad = new float[lg.length];
                for (int j = 0; j < b; j++) {
                    if (steps[j] == 0) {
                        continue;
                    }
                    LossResult r = ctc.compute(lg, j * tMax * v, steps[j], v, y[j], y[j].length, grad, j * tMax * v);
                    if (r.feasible()) {
                        total += r.negLogLikelihood();
                        used++;
                    }
                }
                if (used == 0) {
                    return Double.NaN;
                }
                float scale = 1f / b;
                for (int i = 0; i < grad.length; i++) {
                    grad[i] *= scale;
                }
                NDArray g = sub.create(grad, logits.getShape());
                gc.backward(logits.mul(g).sum());
            }
            clipAndStep(trainer, sub);
            return total / used;
        }
    }

    private double stepRnnt(Trainer trainer, RnntNetwork net, float[][] x, int[][] y) {
        int b = x.length;
        int[] steps = new int[b];
        float[] buf = pack(x, steps);
        int dim = cfg.encoder().stackedDim();
        int tMax = buf.length / (b * dim);
        int v = CharVocabulary.SIZE;
        int uMax = 0;
        for (int[] l : y) {
            uMax = Math.max(uMax, l.length);
        }
        float[] yIn = RnntNetwork.predictorInput(y, uMax);
        RnntLoss loss = new RnntLoss(CharVocabulary.BLANK);
        try (NDManager sub = trainer.getManager().newSubManager()) {
            NDArray in = sub.create(buf, new Shape(b, tMax, dim));
            NDArray pin = sub.create(yIn, new Shape(b, uMax + 1, v));
            double total = 0;
            int used = 0;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDList outs = trainer.forward(new NDList(in, pin));
                NDArray logits = outs.get(0); // [B, T, U+1, V]
                float[] lg = logits.toFloatArray();
                float[] grad = new float[lg.length];
                int per = tMax * (uMax + 1) * v;
                for (int j = 0; j < b; j++) {
                    if (steps[j] == 0) {
                        continue;
                    }
                    LossResult r = loss.compute(lg, j * per, steps[j], y[j].length, uMax + 1, v, y[j], grad, j * per);
                    if (r.feasible()) {
                        total += r.negLogLikelihood();
                        used++;
                    }
                }
                if (used == 0) {
                    return Double.NaN;
                }
                float scale = 1f / b;
                for (int i = 0; i < grad.length; i++) {
                    grad[i] *= scale;
                }
                NDArray g = sub.create(grad, logits.getShape());
                NDArray surrogate = logits.mul(g).sum();
                if (net.hasCtcHead()) {
                    // auxiliary CTC on the encoder: L = L_rnnt + lambda L_ctc (gradients of both by the same surrogate)
                    NDArray ctcLogits = outs.get(1); // [B, T, V]
                    float[] cl = ctcLogits.toFloatArray();
                    float[] cg = new float[cl.length];
                    CtcLoss ctc = new CtcLoss(CharVocabulary.BLANK);
                    float w = cfg.ctcWeight() / b;
                    for (int j = 0; j < b; j++) {
                        if (steps[j] > 0) {
                            ctc.compute(cl, j * tMax * v, steps[j], v, y[j], y[j].length, cg, j * tMax * v);
                        }
                    }
                    for (int i = 0; i < cg.length; i++) {
                        cg[i] *= w;
                    }
                    surrogate = surrogate.add(ctcLogits.mul(sub.create(cg, ctcLogits.getShape())).sum());
                }
                gc.backward(surrogate);
            }
            clipAndStep(trainer, sub);
            return total / used;
        }
    }

    private void clipAndStep(Trainer trainer, NDManager sub) {
        List<NDArray> grads = new ArrayList<>();
        double norm2 = 0;
        for (var p : trainer.getModel().getBlock().getParameters()) {
            NDArray arr = p.getValue().getArray();
            if (!arr.hasGradient()) {
                continue;
            }
            NDArray g = arr.getGradient();
            g.attach(sub);
            grads.add(g);
            norm2 += g.square().sum().getFloat();
        }
        double norm = Math.sqrt(norm2);
        if (!Double.isFinite(norm)) {
            for (NDArray g : grads) {
                g.muli(0f);
            }
        } else if (norm > CLIP_NORM) {
            float s = (float) (CLIP_NORM / norm);
            for (NDArray g : grads) {
                g.muli(s);
            }
        }
        trainer.step();
    }

    // ------------------------------------------------------------------------------- evaluation

    /** @return {greedy WER, greedy CER} on the split */
    private double[] evaluate(Trainer trainer, TrainableNetwork net, Split split) throws IOException {
        if (net instanceof RnntNetwork) {
            return evaluateOnKernel(net, split);
        }
        EditDistance.Counts w = new EditDistance.Counts(0, 0, 0, 0);
        EditDistance.Counts c = new EditDistance.Counts(0, 0, 0, 0);
        int n = split.utts().size();
        int bs = 16;
        int dim = cfg.encoder().stackedDim();
        int v = CharVocabulary.SIZE;
        for (int i = 0; i < n; i += bs) {
            int b = Math.min(bs, n - i);
            float[][] x = new float[b][];
            for (int j = 0; j < b; j++) {
                x[j] = split.featsBySpeed()[0][i + j];
            }
            int[] steps = new int[b];
            float[] buf = pack(x, steps);
            int tMax = buf.length / (b * dim);
            try (NDManager sub = trainer.getManager().newSubManager()) {
                NDArray in = sub.create(buf, new Shape(b, tMax, dim));
                String[] hyps = new String[b];
                if (net instanceof RnntNetwork) {
                    throw new UnsupportedOperationException("RNN-T evaluation is done on the kernel model");
                } else {
                    float[] lg = trainer.evaluate(new NDList(in)).singletonOrThrow().toFloatArray();
                    for (int j = 0; j < b; j++) {
                        hyps[j] = CtcGreedy.decode(lg, j * tMax * v, steps[j], v);
                    }
                }
                for (int j = 0; j < b; j++) {
                    String ref = split.utts().get(i + j).transcript();
                    w = w.plus(EditDistance.words(ref, hyps[j]));
                    c = c.plus(EditDistance.characters(ref, hyps[j]));
                }
            }
        }
        return new double[] {w.rate(), c.rate()};
    }

    /** Greedy WER/CER of the current parameters run on the kernel (f32) from the audio files. */
    private double[] evaluateOnKernel(TrainableNetwork net, Split split) throws IOException {
        AsrModel model = AsrModel.of(new ModelFile("eval", metadata(new State()), tensors(net)), org.edgeai.kernel.DType.F32);
        StreamingRecognizer rec = new StreamingRecognizer(model, DecoderConfig.greedy(), null);
        EditDistance.Counts w = new EditDistance.Counts(0, 0, 0, 0);
        EditDistance.Counts c = new EditDistance.Counts(0, 0, 0, 0);
        for (Utterance u : split.utts()) {
            float[] pcm = org.edgeai.kernel.audio.AudioIo.read(u.audio()).monoSamples();
            rec.reset();
            StringBuilder hyp = new StringBuilder();
            for (RecognitionResult r : rec.accept(pcm, 0, pcm.length)) {
                if (r.isFinal()) {
                    hyp.append(' ').append(r.text());
                }
            }
            for (RecognitionResult r : rec.finish()) {
                hyp.append(' ').append(r.text());
            }
            w = w.plus(EditDistance.words(u.transcript(), hyp.toString()));
            c = c.plus(EditDistance.characters(u.transcript(), hyp.toString()));
        }
        return new double[] {w.rate(), c.rate()};
    }

    // ------------------------------------------------------------------------------- files

    private Map<String, Tensor> tensors(TrainableNetwork net) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("cmvn.mean", Tensor.ofF32(stats[0].clone(), stats[0].length));
        tensors.put("cmvn.std", Tensor.ofF32(stats[1].clone(), stats[1].length));
        tensors.putAll(net.exportParameters());
        return tensors;
    }

    private void export(TrainableNetwork net, float[][] stats, State state, String what) throws IOException {
        Map<String, Tensor> t = tensors(net);
        if (net instanceof RnntNetwork) {
            t.keySet().removeIf(k -> k.startsWith("ctc.")); // the auxiliary CTC head is a training aid only
        }
        Map<String, String> meta = metadata(state);
        if (!what.equals("best")) {
            meta.put("selection", what);
        }
        ModelExport.write(cfg.output(), "asr-" + meta.get("arch"), meta, t);
    }

    // ------------------------------------------------------------------------------- checkpoint averaging

    private Path snapshotPath(int epoch) {
        return cfg.workDir().resolve("snapshot-" + epoch + ".ckpt");
    }

    /** Keeps this epoch's parameters on disk if it is among the {@code averageBest} best by dev (WER, CER). */
    private void keepSnapshot(TrainableNetwork net, State state, double[] dev) throws IOException {
        if (cfg.averageBest() <= 1) {
            return;
        }
        List<double[]> s = state.snapshots;
        s.add(new double[] {state.epoch, dev[0], dev[1]});
        s.sort((a, b) -> a[1] != b[1] ? Double.compare(a[1], b[1]) : a[2] != b[2] ? Double.compare(a[2], b[2]) : Double.compare(b[0], a[0]));
        boolean kept = true;
        while (s.size() > cfg.averageBest()) {
            double[] out = s.remove(s.size() - 1);
            Files.deleteIfExists(snapshotPath((int) out[0]));
            kept &= out[0] != state.epoch;
        }
        if (kept) {
            new ModelFile("snapshot", Map.of("epoch", Integer.toString(state.epoch)), net.exportParameters()).write(snapshotPath(state.epoch));
        }
    }

    /**
     * Averages the kept snapshots' parameters (uniform mean of each tensor), scores the average on
     * dev and exports it when its greedy WER (then CER) is not worse than the best epoch's; the
     * network is left holding the average.
     */
    private void averageSnapshots(Trainer trainer, TrainableNetwork net, Split dev, State state) throws IOException {
        Map<String, float[]> sum = new LinkedHashMap<>();
        StringBuilder epochs = new StringBuilder();
        int n = 0;
        for (double[] sn : state.snapshots) {
            Path p = snapshotPath((int) sn[0]);
            if (!Files.isRegularFile(p)) {
                continue;
            }
            ModelFile f = ModelFile.read(p);
            for (String k : net.parametersByName().keySet()) {
                float[] v = f.floats(k);
                float[] acc = sum.computeIfAbsent(k, x -> new float[v.length]);
                for (int i = 0; i < v.length; i++) {
                    acc[i] += v[i];
                }
            }
            epochs.append(epochs.length() > 0 ? "," : "").append((int) sn[0]);
            n++;
        }
        if (n < 2) {
            return;
        }
        for (Map.Entry<String, Parameter> e : net.parametersByName().entrySet()) {
            float[] v = sum.get(e.getKey());
            for (int i = 0; i < v.length; i++) {
                v[i] /= n;
            }
            e.getValue().getArray().set(FloatBuffer.wrap(v));
        }
        double[] scores = evaluate(trainer, net, dev);
        progress.report("train", state.epoch, cfg.maxEpochs(), String.format("average of epochs %s: dev WER %.2f%% CER %.2f%% (best epoch %.2f%% @%d)",
                epochs, 100 * scores[0], 100 * scores[1], 100 * state.bestWer, state.bestEpoch));
        if (scores[0] < state.bestWer - 1e-9 || (Math.abs(scores[0] - state.bestWer) < 1e-9 && scores[1] <= state.bestCer)) {
            state.bestWer = scores[0];
            state.bestCer = scores[1];
            export(net, stats, state, "average of epochs " + epochs);
        }
    }

    private Map<String, String> metadata(State state) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("arch", cfg.criterion() == TrainConfig.Criterion.CTC ? "ctc-lstm" : "rnnt-lstm");
        meta.putAll(cfg.encoder().toMetadata());
        if (cfg.criterion() == TrainConfig.Criterion.RNNT) {
            meta.put("prediction_hidden", Integer.toString(cfg.predictionHidden()));
            meta.put("joint_dim", Integer.toString(cfg.jointDim()));
        }
        meta.put("vocabulary", "blank,space,apostrophe,a-z");
        meta.put("features", features.toString());
        meta.put("training_command", command);
        StringBuilder data = new StringBuilder(cfg.corpusDir().getFileName() + "/train.tsv");
        for (Path extra : cfg.extraTrain()) {
            data.append(" + ").append(extra.getFileName()).append("/train.tsv");
        }
        meta.put("training_data", data + " (speeds " + cfg.speeds() + "), select on " + cfg.corpusDir().getFileName() + "/dev.tsv");
        meta.put("seed", Long.toString(cfg.seed()));
        meta.put("recipe", String.format("adam lr %s warmup %d %s, batch %d, dropout %s, %s, ctc_weight %s, average_best %d",
                cfg.peakLearningRate(), cfg.warmupSteps(), cfg.schedule().name().toLowerCase(java.util.Locale.ROOT), cfg.batchSize(), cfg.dropout(),
                cfg.specAugment(), cfg.ctcWeight(), cfg.averageBest()));
        meta.put("epoch", Integer.toString(state.epoch));
        meta.put("dev_greedy_wer", String.format(java.util.Locale.ROOT, "%.4f", state.bestWer));
        meta.put("dev_greedy_cer", String.format(java.util.Locale.ROOT, "%.4f", state.bestCer));
        return meta;
    }

    private void checkpoint(TrainableNetwork net, State s, Path file) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("epoch", Integer.toString(s.epoch));
        meta.put("step", Integer.toString(s.step));
        meta.put("best_epoch", Integer.toString(s.bestEpoch));
        meta.put("since_best", Integer.toString(s.sinceBest));
        meta.put("best_wer", Double.toString(s.bestWer));
        meta.put("best_cer", Double.toString(s.bestCer));
        meta.put("lr_factor", Float.toString(s.lrFactor));
        meta.put("schedule_start", Integer.toString(s.scheduleStart));
        StringBuilder snaps = new StringBuilder();
        for (double[] sn : s.snapshots) {
            snaps.append(snaps.length() > 0 ? ";" : "").append((int) sn[0]).append(',').append(sn[1]).append(',').append(sn[2]);
        }
        meta.put("snapshots", snaps.toString());
        new ModelFile("checkpoint", meta, net.exportParameters()).write(file);
    }

    /** Copies every tensor of equal name and size from {@code source}; @return how many. */
    private static int initialize(TrainableNetwork net, ModelFile source) {
        int n = 0;
        for (Map.Entry<String, Parameter> e : net.parametersByName().entrySet()) {
            if (!source.tensors().containsKey(e.getKey())) {
                continue;
            }
            float[] v = source.floats(e.getKey());
            NDArray arr = e.getValue().getArray();
            if (arr.size() == v.length) {
                arr.set(FloatBuffer.wrap(v));
                n++;
            }
        }
        return n;
    }

    private static void restore(TrainableNetwork net, ModelFile ckpt, State s) {
        for (Map.Entry<String, Parameter> e : net.parametersByName().entrySet()) {
            float[] v = ckpt.floats(e.getKey());
            NDArray arr = e.getValue().getArray();
            if (arr.size() != v.length) {
                throw new IllegalArgumentException("checkpoint tensor " + e.getKey() + " has " + v.length + " values, network needs " + arr.size());
            }
            arr.set(FloatBuffer.wrap(v));
        }
        s.epoch = Integer.parseInt(ckpt.meta("epoch"));
        s.step = Integer.parseInt(ckpt.meta("step"));
        s.bestEpoch = Integer.parseInt(ckpt.meta("best_epoch"));
        s.sinceBest = Integer.parseInt(ckpt.meta("since_best"));
        s.bestWer = Double.parseDouble(ckpt.meta("best_wer"));
        s.bestCer = Double.parseDouble(ckpt.meta("best_cer"));
        s.lrFactor = Float.parseFloat(ckpt.meta("lr_factor"));
        if (ckpt.metadata().containsKey("schedule_start")) {
            s.scheduleStart = Integer.parseInt(ckpt.meta("schedule_start"));
        }
        s.snapshots.clear();
        String snaps = ckpt.metadata().getOrDefault("snapshots", "");
        for (String e : snaps.isEmpty() ? new String[0] : snaps.split(";")) {
            String[] p = e.split(",");
            s.snapshots.add(new double[] {Integer.parseInt(p[0]), Double.parseDouble(p[1]), Double.parseDouble(p[2])});
        }
    }
}
