package org.edgeai.platform.enhance;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.edgeai.enhance.FileEnhancement;
import org.edgeai.enhance.eval.DevEvaluation;
import org.edgeai.enhance.eval.GainDiagnostics;
import org.edgeai.enhance.model.PercepNetModel;
import org.edgeai.enhance.eval.NoiseSpectra;
import org.edgeai.enhance.train.CalibrationFit;
import org.edgeai.enhance.train.HeldOutPairs;
import org.edgeai.enhance.train.MixtureSynthesizer;
import org.edgeai.enhance.train.PercepNetTrainer;
import org.edgeai.enhance.train.TrainConfig;
import org.edgeai.enhance.train.TrainingData;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.audio.AudioClip;
import org.edgeai.kernel.audio.AudioIo;
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
 * {@code edgeai denoise}: enhance a WAV/FLAC file; {@code denoise train}: train the gain network;
 * {@code denoise eval}: score it, its oracle ceilings and the MMSE-LSA baseline on (noisy, clean) pairs;
 * {@code denoise ablate}: locate the model's losses against the oracle (swaps, clamps, per-band gain bias);
 * {@code denoise calibrate}: fit a gain calibration on synthetic training-distribution mixtures.
 * {@code denoise make-pairs}: write a held-out synthetic test set (unseen speakers) in the dev pairs' layout.
 *
 * @implNote Single-use picocli command object; not thread-safe.
 */
@Command(name = "denoise", mixinStandardHelpOptions = true,
        description = "Speech enhancement (PercepNet-style, int8 network on the kernel): --in noisy.wav --out enhanced.wav.",
        subcommands = {DenoiseCommand.Train.class, DenoiseCommand.Eval.class, DenoiseCommand.Ablate.class, DenoiseCommand.Calibrate.class, DenoiseCommand.MakePairs.class,
                DenoiseCommand.Spectra.class})
public final class DenoiseCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Mixin
    private JsonOption json;

    @Option(names = "--in", paramLabel = "FILE", description = "Input WAV (PCM 8/16/24/32-bit or float) or FLAC; stereo is downmixed, "
            + "rates other than 16 kHz are resampled (8-192 kHz).")
    private Path in;

    @Option(names = "--out", paramLabel = "FILE", description = "Output WAV (mono, input rate); written only if the whole run succeeds.")
    private Path out;

    @Option(names = "--model", paramLabel = "FILE", description = "Model file (default: the shipped 16 kHz model).")
    private Path model;

    @Option(names = "--precision", defaultValue = "int8", description = "Network weights: int8 or f32. Default: ${DEFAULT-VALUE}.")
    private String precision;

    @Option(names = "--encoding", defaultValue = "PCM16", description = "Output samples: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    private AudioIo.WavEncoding encoding;

    @Option(names = "--post-filter", defaultValue = "model", paramLabel = "model|on|off", description = POST_FILTER_HELP)
    private String postFilter;

    /** Help of the {@code --post-filter} options. */
    static final String POST_FILTER_HELP = "PercepNet's envelope post-filter: as the model's metadata says (post_filter; the shipped "
            + "model, trained with the envelope-correlation loss, runs without it), on, or off. Default: ${DEFAULT-VALUE}.";

    /**
     * @param m       a model
     * @param setting {@code model}, {@code on} or {@code off}
     * @return {@code m}, or {@code m} with its post-filter metadata overridden
     * @throws IllegalArgumentException for another setting
     */
    static PercepNetModel postFilter(PercepNetModel m, String setting) {
        return switch (setting.toLowerCase(Locale.ROOT)) {
            case "model" -> m;
            case "on" -> m.withPostFilter(true);
            case "off" -> m.withPostFilter(false);
            default -> throw new IllegalArgumentException("--post-filter must be model, on or off, got '" + setting + "'");
        };
    }

    /**
     * What {@code edgeai denoise} reports.
     *
     * @param in                        input file
     * @param out                       output file
     * @param sampleRateHz              input (and output) rate, Hz
     * @param channels                  input channels
     * @param durationS                 audio duration, s
     * @param processingRateHz          rate the enhancer ran at, Hz
     * @param resampled                 whether the input was resampled
     * @param precision                 network weight precision
     * @param delayMs                   algorithmic delay, ms (compensated in the file)
     * @param cpuSeconds                thread CPU time of resampling + enhancement, s
     * @param cpuSecondsPerAudioSecond  the same per second of audio
     * @param meanSpeechPresence        mean share of the noisy energy kept per frame
     * @param postFilter                whether the envelope post-filter ran
     */
    public record Summary(String in, String out, int sampleRateHz, int channels, double durationS, int processingRateHz, boolean resampled,
                          String precision, double delayMs, double cpuSeconds, double cpuSecondsPerAudioSecond, double meanSpeechPresence,
                          boolean postFilter) {
    }

    static PercepNetModel loadModel(Path file, boolean f32) throws IOException {
        return file == null ? PercepNetModel.loadDefault(f32) : PercepNetModel.read(file);
    }

    static DType precision(String p) {
        return switch (p.toLowerCase(Locale.ROOT)) {
            case "int8", "i8" -> DType.I8;
            case "f32", "float32" -> DType.F32;
            default -> throw new IllegalArgumentException("unknown precision '" + p + "'; use int8 or f32");
        };
    }

    /**
     * Enhances {@code --in} into {@code --out} and prints a {@link Summary}.
     *
     * @return 0
     * @throws IllegalArgumentException if {@code --in} or {@code --out} is missing, they name the same
     *                                  file, or {@code --precision} / {@code --post-filter} is unknown
     * @throws IOException              if the audio or the model cannot be read or the output written
     */
    @Override
    public Integer call() throws IOException {
        if (in == null || out == null) {
            throw new IllegalArgumentException("denoise needs --in FILE and --out FILE (or a subcommand: train, eval)");
        }
        if (in.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("--out must differ from --in");
        }
        DType type = precision(precision);
        AudioClip clip = AudioIo.read(in);
        PercepNetModel m = postFilter(loadModel(model, type == DType.F32), postFilter);
        FileEnhancement.Result r = FileEnhancement.enhance(clip, m, type);
        AudioIo.writeWav(out, r.output(), encoding);
        Summary s = new Summary(in.toString(), out.toString(), clip.sampleRateHz(), clip.channelCount(), clip.durationSeconds(),
                r.processingRateHz(), r.resampled(), type == DType.I8 ? "int8" : "f32", r.delayMs(), r.cpuSeconds(),
                r.cpuSeconds() / Math.max(1e-9, clip.durationSeconds()), r.meanSpeechPresence(), m.postFilter());
        if (json.json()) {
            Cli.printJson(spec, s);
        } else {
            PrintWriter o = spec.commandLine().getOut();
            o.printf("%s -> %s: %.2f s, %d Hz, %d channel(s)%s, %s network, post-filter %s, delay %.0f ms (compensated), %.4f CPU s per audio s%n",
                    s.in(), s.out(), s.durationS(), s.sampleRateHz(), s.channels(), s.resampled() ? " (resampled to 16 kHz and back)" : "",
                    s.precision(), s.postFilter() ? "on" : "off", s.delayMs(), s.cpuSecondsPerAudioSecond());
            o.flush();
        }
        return 0;
    }

    /** JSON form of a training result (paths as plain strings). */
    public record TrainSummary(String status, int steps, int bestStep, double bestValidationLoss, double lastTrainLoss, String f32Model,
                        String int8Model, double seconds, List<Integer> averagedSteps) {
    }

    /**
     * {@code edgeai denoise train}.
     *
     * @implNote Single-use picocli command object; not thread-safe.
     */
    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Train the gain network with DJL (PyTorch, CPU) on mixtures synthesized from the data directory; "
                    + "export f32 and int8 model files. Seeded and resumable (checkpoints in --work-dir).")
    public static final class Train implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private JsonOption json;
        @Option(names = "--work-dir", defaultValue = "target/denoise-train", description = "Checkpoints and log. Default: ${DEFAULT-VALUE}.")
        private Path workDir;
        @Option(names = "--output", defaultValue = "target/denoise-train/percepnet16k",
                description = "Output prefix: PREFIX-f32.eaim and PREFIX-int8.eaim. Default: ${DEFAULT-VALUE}.")
        private Path output;
        @Option(names = "--steps", defaultValue = "4000", description = "Optimizer steps. Default: ${DEFAULT-VALUE}.")
        private int steps;
        @Option(names = "--batch", defaultValue = "32", description = "Sequences per step. Default: ${DEFAULT-VALUE}.")
        private int batch;
        @Option(names = "--frames", defaultValue = "300", description = "10 ms frames per sequence. Default: ${DEFAULT-VALUE}.")
        private int frames;
        @Option(names = "--lr", defaultValue = "0.001", description = "Initial learning rate. Default: ${DEFAULT-VALUE}.")
        private double lr;
        @Option(names = "--threads", defaultValue = "1", description = "PyTorch threads (1 or 2). Default: ${DEFAULT-VALUE}.")
        private int threads;
        @Option(names = "--seed", defaultValue = "20260521", description = "Seed. Default: ${DEFAULT-VALUE}.")
        private long seed;
        @Option(names = "--reverb", defaultValue = "0.05", description = "Share of mixtures with synthetic reverb. Default: ${DEFAULT-VALUE}.")
        private double reverb;
        @Option(names = "--validate-every", defaultValue = "250", description = "Steps between validation/checkpoints. Default: ${DEFAULT-VALUE}.")
        private int every;
        @Option(names = "--validation-sequences", defaultValue = "48", description = "Synthetic validation sequences. Default: ${DEFAULT-VALUE}.")
        private int validation;
        @Option(names = "--no-librispeech", description = "Do not add the LibriSpeech mini train split to the clean speech.")
        private boolean noLibri;
        @Option(names = "--max-files", defaultValue = "0", description = "Use at most N clean and N noise clips (0 = all; for smoke tests).")
        private int maxFiles;
        @Option(names = "--fresh", description = "Ignore an existing checkpoint in --work-dir.")
        private boolean fresh;
        @Option(names = "--conv", defaultValue = "64", description = "Channels of both causal convolutions. Default: ${DEFAULT-VALUE}.")
        private int conv;
        @Option(names = "--gru", defaultValue = "96", description = "Units of both GRU layers. Default: ${DEFAULT-VALUE}.")
        private int gru;
        @Option(names = "--over-suppression-weight", defaultValue = "0", paramLabel = "ALPHA",
                description = "Extra weight of the gain error where the network suppresses more than the target "
                        + "(1 + ALPHA there; 0 = PercepNet's symmetric loss). Default: ${DEFAULT-VALUE}.")
        private double overWeight;
        @Option(names = {"--warmup", "--resume-warmup"}, defaultValue = "0", paramLabel = "STEPS",
                description = "Ramp the learning rate up linearly over the first STEPS steps of this run, fresh or resumed "
                        + "(Adam's moments restart on resume; 0 = none). Default: ${DEFAULT-VALUE}.")
        private int warmup;
        @Option(names = "--rumble", defaultValue = "0", paramLabel = "P",
                description = "Share of mixtures whose noise gets synthetic low-frequency rumble (low-passed Gaussian noise, "
                        + "corner 40..400 Hz, -10..25 dB relative to the noise excerpt). Default: ${DEFAULT-VALUE}.")
        private double rumble;
        @Option(names = "--noise-low-pass", defaultValue = "0", paramLabel = "P",
                description = "Share of mixtures whose noise is low-passed (second-order Butterworth, corner 250..2500 Hz, "
                        + "log-uniform), as ambient noise mostly is. Default: ${DEFAULT-VALUE}.")
        private double noiseLowPass;
        @Option(names = "--an4",
                description = "Add the AN4 train split (54 speakers, 30 min) to the clean pool, one concatenated clip per speaker.")
        private boolean an4;
        @Option(names = "--rewind-to-best",
                description = "Resume from the best validated step (its weights and step number) instead of the last checkpoint, "
                        + "discarding the steps after it (e.g. after the run diverged).")
        private boolean rewindToBest;
        @Option(names = "--clip-norm", defaultValue = "0", paramLabel = "C",
                description = "Rescale each step's gradient to a global L2 norm of at most C before Adam (Pascanu et al. 2013; "
                        + "0 = off; the element-wise clipping at 1 always applies). Default: ${DEFAULT-VALUE}.")
        private double clipNorm;
        @Option(names = "--average-last", defaultValue = "0", paramLabel = "K",
                description = "Keep every validated checkpoint under WORK-DIR/snapshots; when the run completes, validate the average "
                        + "of the weights of the last K (>= 2) and export it if it beats the best single step (checkpoint averaging; "
                        + "0 = off). Default: ${DEFAULT-VALUE}.")
        private int averageLast;
        @Option(names = "--envelope-weight", defaultValue = "0", paramLabel = "LAMBDA",
                description = "Add LAMBDA x (1 - d) to the loss, d the ESTOI-type correlation of the enhanced and clean band envelopes "
                        + "over 380 ms segments in the bands from 150 Hz to 4.3 kHz (Jensen and Taal 2016; 0 = PercepNet's loss only). "
                        + "Default: ${DEFAULT-VALUE}.")
        private double envelopeWeight;
        @Option(names = "--init-from", paramLabel = "MODEL",
                description = "Start from this exported model's weights (f32 preferred) at the step its metadata gives, when "
                        + "--work-dir holds no checkpoint (fine-tuning; the architecture must match --conv/--gru).")
        private Path initFrom;

        @Override
        public Integer call() throws IOException {
            TrainConfig cfg = new TrainConfig(Cli.dataDir(spec), workDir, output, seed, steps, batch, frames, lr, threads, every, validation,
                    reverb, !noLibri, maxFiles, maxFiles, !fresh, conv, gru, overWeight, warmup, rumble, rewindToBest, clipNorm, averageLast,
                    noiseLowPass, an4, envelopeWeight, initFrom);
            PercepNetTrainer.Result r = PercepNetTrainer.train(cfg, ConsoleProgress.of(spec));
            if (json.json()) {
                Cli.printJson(spec, new TrainSummary(r.status(), r.steps(), r.bestStep(), r.bestValidationLoss(), r.lastTrainLoss(),
                        r.f32Model().toString(), r.int8Model().toString(), r.seconds(), r.averagedSteps()));
            } else {
                spec.commandLine().getOut().printf("%s after %d steps: best validation loss %.5f at step %d%s; wrote %s and %s (%.0f s)%n",
                        r.status(), r.steps(), r.bestValidationLoss(), r.bestStep(),
                        r.averagedSteps().isEmpty() ? "" : " (average of steps " + r.averagedSteps() + ")", r.f32Model(), r.int8Model(), r.seconds());
                spec.commandLine().getOut().flush();
            }
            return 0;
        }
    }

    /**
     * {@code edgeai denoise eval}.
     *
     * @implNote Single-use picocli command object; not thread-safe.
     */
    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = "Score the model (f32 and int8), the oracle ceilings and the MMSE-LSA baseline on (noisy, clean) pairs: "
                    + "SI-SDR, STOI, ESTOI, segmental SNR, and CPU seconds per audio second (one thread).")
    public static final class Eval implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private JsonOption json;
        @Option(names = "--pairs", required = true, paramLabel = "CSV", description = "pairs.csv (id,source,duration_s,snr_db) next to noisy/ and clean/.")
        private Path pairs;
        @Option(names = "--model", paramLabel = "FILE", description = "int8 model (default: shipped).")
        private Path modelInt8;
        @Option(names = "--model-f32", paramLabel = "FILE", description = "f32 model (default: shipped).")
        private Path modelF32;
        @Option(names = "--plot", paramLabel = "DIR", description = "Write <id>.png spectrograms (noisy, enhanced, clean) here.")
        private Path plotDir;
        @Option(names = "--per-file", description = "Also print per-file SI-SDR and ESTOI (table output).")
        private boolean perFile;
        @Option(names = "--external", paramLabel = "NAME=DIR",
                description = "Also score another enhancer's outputs DIR/<id>.wav (time-aligned with the noisy input, same length), "
                        + "reported as system NAME; repeatable (e.g. rnnoise=target/rnnoise-out).")
        private Map<String, Path> external = new LinkedHashMap<>();
        @Option(names = "--post-filter", defaultValue = "model", paramLabel = "model|on|off", description = POST_FILTER_HELP)
        private String postFilter;

        @Override
        public Integer call() throws IOException {
            PercepNetModel i8 = postFilter(loadModel(modelInt8, false), postFilter);
            PercepNetModel f32 = postFilter(loadModel(modelF32, true), postFilter);
            List<Path> written = new ArrayList<>();
            DevEvaluation.PlotSink sink = plotDir == null ? null : (id, s) -> {
                Path p = plotDir.resolve(id + ".png");
                SpectrogramPng.write(p, s);
                written.add(p);
            };
            DevEvaluation.Report r = DevEvaluation.run(pairs, f32, i8, external, ConsoleProgress.of(spec), sink);
            if (json.json()) {
                Cli.printJson(spec, r);
                return 0;
            }
            PrintWriter o = spec.commandLine().getOut();
            o.printf("%d pairs, %.1f s of audio (%s); post-filter %s (int8), %s (f32)%n", r.files().size(), r.audioSeconds(), r.pairs(),
                    i8.postFilter() ? "on" : "off", f32.postFilter() ? "on" : "off");
            TextTable t = new TextTable("system", "SI-SDR dB", "STOI", "ESTOI", "segSNR dB", "CPU s/s");
            for (DevEvaluation.SystemSummary s : r.systems()) {
                t.row(s.system(), String.format("%.2f", s.mean().siSdrDb()), String.format("%.3f", s.mean().stoi()),
                        String.format("%.3f", s.mean().estoi()), String.format("%.2f", s.mean().segSnrDb()),
                        s.cpuSecondsPerAudioSecond() < 0 ? "-" : String.format("%.4f", s.cpuSecondsPerAudioSecond()));
            }
            o.print(t);
            if (perFile) {
                TextTable f = new TextTable("id", "snr dB", "noisy SI-SDR", "int8 SI-SDR", "noisy ESTOI", "int8 ESTOI");
                for (DevEvaluation.FileResult fr : r.files()) {
                    f.row(fr.id(), String.format("%.1f", fr.snrDb()), String.format("%.2f", fr.systems().get("noisy").siSdrDb()),
                            String.format("%.2f", fr.systems().get("percepnet_int8").siSdrDb()),
                            String.format("%.3f", fr.systems().get("noisy").estoi()),
                            String.format("%.3f", fr.systems().get("percepnet_int8").estoi()));
                }
                o.print(f);
            }
            if (!written.isEmpty()) {
                o.printf("wrote %d spectrogram PNGs to %s%n", written.size(), plotDir);
            }
            o.flush();
            return 0;
        }
    }

    /**
     * {@code edgeai denoise spectra}.
     *
     * @implNote Single-use picocli command object; not thread-safe.
     */
    @Command(name = "spectra", mixinStandardHelpOptions = true,
            description = "Where the energy lies in frequency: per band, the median share of each file's long-term spectrum for the "
                    + "evaluation pairs' noise (noisy - clean) and clean speech and for the training pools' noise and clean clips "
                    + "(the measurement behind `denoise train --rumble`).")
    public static final class Spectra implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private JsonOption json;
        @Option(names = "--pairs", required = true, paramLabel = "CSV", description = "pairs.csv next to noisy/ and clean/.")
        private Path pairs;

        @Override
        public Integer call() throws IOException {
            TrainingData data = TrainingData.load(Cli.dataDir(spec), DevEvaluation.RATE_HZ, true, 0, 0);
            List<NoiseSpectra.Group> groups = NoiseSpectra.measure(pairs, data, DevEvaluation.RATE_HZ);
            if (json.json()) {
                Cli.printJson(spec, groups);
                return 0;
            }
            List<String> head = new ArrayList<>(List.of("group", "files"));
            double[] e = NoiseSpectra.edgesHz();
            for (int b = 0; b + 1 < e.length; b++) {
                head.add(String.format("%.0f-%.0f Hz", e[b], e[b + 1]));
            }
            head.add(String.format(">= %.0f%% below %.0f Hz", 100 * NoiseSpectra.LOW_SHARE, NoiseSpectra.LOW_HZ));
            TextTable t = new TextTable(head.toArray(String[]::new));
            for (NoiseSpectra.Group g : groups) {
                List<Object> row = new ArrayList<>(List.of(g.group(), g.files()));
                for (double v : g.medianShares()) {
                    row.add(String.format("%.3f", v));
                }
                row.add(g.lowDominated());
                t.row(row.toArray());
            }
            PrintWriter o = spec.commandLine().getOut();
            o.println("median share of each file's energy per band (Welch, 512-sample Hann, 50% overlap):");
            o.print(t);
            o.flush();
            return 0;
        }
    }

    /**
     * {@code edgeai denoise ablate}.
     *
     * @implNote Single-use picocli command object; not thread-safe.
     */
    @Command(name = "ablate", mixinStandardHelpOptions = true,
            description = "Diagnose the model against its oracle without training. With --pairs: swap the model's band gains or "
                    + "strengths for the oracle ones, switch the comb filter and the post-filter off, clamp the gains to the oracle "
                    + "from one side (removes over- or under-suppression), then print the gain bias. With --synthetic N: only the gain "
                    + "bias, on N fresh 3 s mixtures synthesized from the training pools (the training distribution).")
    public static final class Ablate implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private JsonOption json;
        @Option(names = "--pairs", paramLabel = "CSV", description = "pairs.csv (id,source,duration_s,snr_db) next to noisy/ and clean/.")
        private Path pairs;
        @Option(names = "--synthetic", paramLabel = "N", defaultValue = "0",
                description = "Instead of --pairs: N synthetic training-distribution mixtures of 3 s (data directory's training pools).")
        private int synthetic;
        @Option(names = "--seed", defaultValue = "777", description = "Seed of the synthetic mixtures. Default: ${DEFAULT-VALUE}.")
        private long seed;
        @Option(names = "--model", paramLabel = "FILE", description = "Model file (default: the shipped model of --precision).")
        private Path model;
        @Option(names = "--precision", defaultValue = "int8", description = "Network weights: int8 or f32. Default: ${DEFAULT-VALUE}.")
        private String precision;
        @Option(names = "--rumble", paramLabel = "P", description = "With --synthetic: rumble probability of the mixtures "
                + "(default: the model's training recipe, from its metadata).")
        private Double rumble;

        /**
         * JSON form of {@code --synthetic}.
         *
         * @param mixtures number of mixtures
         * @param seed     their seed
         * @param bias     the gain bias
         */
        public record SyntheticReport(int mixtures, long seed, GainDiagnostics.Bias bias) {
        }

        /**
         * Runs the ablations on {@code --pairs} or the gain bias on {@code --synthetic} mixtures.
         *
         * @return 0
         * @throws IllegalArgumentException unless exactly one of {@code --pairs} and a positive
         *                                  {@code --synthetic} is given, if {@code --precision} is
         *                                  unknown, or (with {@code --synthetic}) if a probability in
         *                                  the model's metadata is not a number
         * @throws IOException              if the model, the pairs or the training pools cannot be read
         */
        @Override
        public Integer call() throws IOException {
            if ((pairs == null) == (synthetic <= 0)) {
                throw new IllegalArgumentException("give either --pairs CSV or --synthetic N (N > 0), not both or neither");
            }
            DType type = precision(precision);
            PercepNetModel m = loadModel(model, type == DType.F32);
            PrintWriter o = spec.commandLine().getOut();
            GainDiagnostics.Bias bias;
            if (synthetic > 0) {
                MixtureSynthesizer synth = trainingRecipe(spec, m, rumble);
                SplittableRandom rng = new SplittableRandom(seed);
                List<float[][]> mixes = new ArrayList<>();
                for (int i = 0; i < synthetic; i++) {
                    MixtureSynthesizer.Mixture x = synth.next(3 * DevEvaluation.RATE_HZ, rng);
                    mixes.add(new float[][] {x.noisy(), x.clean()});
                }
                bias = GainDiagnostics.bias(mixes, m, type);
                if (json.json()) {
                    Cli.printJson(spec, new SyntheticReport(synthetic, seed, bias));
                    return 0;
                }
                o.printf("gain bias on %d synthetic 3 s training-distribution mixtures (seed %d, %s network)%n", synthetic, seed,
                        type == DType.I8 ? "int8" : "f32");
            } else {
                GainDiagnostics.Report r = GainDiagnostics.run(pairs, m, type, ConsoleProgress.of(spec));
                if (json.json()) {
                    Cli.printJson(spec, r);
                    return 0;
                }
                o.printf("ablations on %s (%s network)%n", r.pairs(), type == DType.I8 ? "int8" : "f32");
                TextTable t = new TextTable("gains / strengths / post-filter", "SI-SDR dB", "STOI", "ESTOI", "segSNR dB");
                for (GainDiagnostics.MixSummary x : r.mixes()) {
                    t.row(x.mix().name(), String.format("%.2f", x.mean().siSdrDb()), String.format("%.3f", x.mean().stoi()),
                            String.format("%.3f", x.mean().estoi()), String.format("%.2f", x.mean().segSnrDb()));
                }
                o.print(t);
                bias = r.bias();
            }
            o.println("model band gains vs oracle on speech-active bands (clean band energy within 40 dB of the file's peak):");
            TextTable b = new TextTable("band", "centre Hz", "mean error dB", "over-suppressed >6 dB", "under-suppressed >6 dB", "frames");
            for (GainDiagnostics.BandBias x : bias.bands()) {
                b.row(Integer.toString(x.band()), String.format("%.0f", x.centreHz()), String.format("%+.2f", x.meanErrorDb()),
                        String.format("%.3f", x.overSuppressed()), String.format("%.3f", x.underSuppressed()), Long.toString(x.activeFrames()));
            }
            o.print(b);
            o.println("gain calibration (all non-silent band-frames): mean model gain per range of oracle gains:");
            TextTable c = new TextTable("oracle gain", "mean oracle", "mean model", "band-frames");
            for (GainDiagnostics.GainCalibration x : bias.calibration()) {
                c.row(String.format("%.1f-%.1f", x.oracleLow(), x.oracleHigh()), String.format("%.3f", x.meanOracle()),
                        String.format("%.3f", x.meanModel()), Long.toString(x.count()));
            }
            o.print(c);
            o.flush();
            return 0;
        }
    }

    /**
     * {@code edgeai denoise make-pairs}.
     *
     * @implNote Single-use picocli command object; not thread-safe.
     */
    @Command(name = "make-pairs", mixinStandardHelpOptions = true,
            description = "Write a held-out test set of synthetic (noisy, clean) pairs in the layout of audio/dev (pairs.csv, clean/, "
                    + "noisy/) for `denoise eval` and `denoise ablate`: every LibriSpeech-mini5 dev and test utterance (speakers the "
                    + "enhancer never trained on) with training-pool noise at 2.5/7.5/12.5/17.5 dB SNR (VoiceBank-DEMAND's test "
                    + "conditions). For checking a decision on data that is not dev.")
    public static final class MakePairs implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private JsonOption json;
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to create (must not exist or be empty).")
        private Path out;
        @Option(names = "--max-seconds", defaultValue = "6", description = "Longest pair; longer utterances are cut. Default: ${DEFAULT-VALUE}.")
        private double maxSeconds;
        @Option(names = "--seed", defaultValue = "20261122", description = "Seed of the noise draws. Default: ${DEFAULT-VALUE}.")
        private long seed;
        @Option(names = "--rumble", defaultValue = "0.5", paramLabel = "P",
                description = "Rumble probability of the noise draws (the shipped recipe's). Default: ${DEFAULT-VALUE}.")
        private double rumble;

        @Override
        public Integer call() throws IOException {
            HeldOutPairs.Summary s = HeldOutPairs.write(Cli.dataDir(spec), out, maxSeconds, seed, rumble, DevEvaluation.RATE_HZ);
            if (json.json()) {
                Cli.printJson(spec, s);
                return 0;
            }
            spec.commandLine().getOut().printf("wrote %d pairs (%.1f s, %d speakers) to %s%n", s.pairs(), s.seconds(), s.speakers(),
                    s.pairsCsv());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /**
     * {@code edgeai denoise calibrate}.
     *
     * @implNote Single-use picocli command object; not thread-safe.
     */
    @Command(name = "calibrate", mixinStandardHelpOptions = true,
            description = "Fit a per-band gain calibration (E[oracle gain | network gain], isotonic) for a model on synthetic "
                    + "training-distribution mixtures, check it on held-out synthetic mixtures, and write the calibrated model. "
                    + "Never uses evaluation data.")
    public static final class Calibrate implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private JsonOption json;
        @Option(names = "--model", paramLabel = "FILE", description = "Model file (default: the shipped model of --precision).")
        private Path model;
        @Option(names = "--precision", defaultValue = "int8", description = "Network weights the calibration is fitted for: int8 or f32. "
                + "Default: ${DEFAULT-VALUE}.")
        private String precision;
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Calibrated model file (written atomically).")
        private Path out;
        @Option(names = "--fit-mixtures", defaultValue = "120", description = "4 s mixtures for the fit. Default: ${DEFAULT-VALUE}.")
        private int fitMixtures;
        @Option(names = "--test-mixtures", defaultValue = "60", description = "Held-out 4 s mixtures for the check. Default: ${DEFAULT-VALUE}.")
        private int testMixtures;
        @Option(names = "--seed", defaultValue = "4242", description = "Seed. Default: ${DEFAULT-VALUE}.")
        private long seed;
        @Option(names = "--rumble", paramLabel = "P", description = "Rumble probability of the synthetic mixtures (default: the "
                + "model's training recipe, from its metadata).")
        private Double rumble;

        /**
         * JSON form.
         *
         * @param out             written model
         * @param fitBandFrames   band-frames of the fit
         * @param testMixtures    held-out mixtures scored
         * @param noisy           held-out scores of the noisy input
         * @param plain           of the model without calibration
         * @param withCalibration of the calibrated model
         * @param improvesAll     the rule for using it: higher SI-SDR, no lower STOI and ESTOI
         */
        public record Summary(String out, long fitBandFrames, int testMixtures, DevEvaluation.Scores noisy, DevEvaluation.Scores plain,
                              DevEvaluation.Scores withCalibration, boolean improvesAll) {
        }

        @Override
        public Integer call() throws IOException {
            DType type = precision(precision);
            PercepNetModel m = loadModel(model, type == DType.F32);
            MixtureSynthesizer synth = trainingRecipe(spec, m, rumble);
            CalibrationFit.Result r = CalibrationFit.fit(m, type, synth, fitMixtures, testMixtures, seed, ConsoleProgress.of(spec));
            r.calibrated().toModelFile("percepnet16k", m.storedType()).write(out);
            Summary s = new Summary(out.toString(), r.fitBandFrames(), r.testMixtures(), r.noisy(), r.plain(), r.withCalibration(),
                    r.improvesAll());
            if (json.json()) {
                Cli.printJson(spec, s);
                return 0;
            }
            PrintWriter o = spec.commandLine().getOut();
            o.printf("fitted on %d band-frames; held-out check on %d synthetic mixtures:%n", s.fitBandFrames(), s.testMixtures());
            TextTable t = new TextTable("system", "SI-SDR dB", "STOI", "ESTOI");
            t.row("noisy", String.format("%.2f", s.noisy().siSdrDb()), String.format("%.3f", s.noisy().stoi()),
                    String.format("%.3f", s.noisy().estoi()));
            t.row("model", String.format("%.2f", s.plain().siSdrDb()), String.format("%.3f", s.plain().stoi()),
                    String.format("%.3f", s.plain().estoi()));
            t.row("model + calibration", String.format("%.2f", s.withCalibration().siSdrDb()), String.format("%.3f", s.withCalibration().stoi()),
                    String.format("%.3f", s.withCalibration().estoi()));
            o.print(t);
            o.printf("%s; wrote %s%n", s.improvesAll() ? "calibration improves SI-SDR without lowering STOI/ESTOI: use it"
                    : "calibration does NOT pass the rule (higher SI-SDR, no lower STOI/ESTOI): keep the plain model", out);
            o.flush();
            return 0;
        }
    }

    /**
     * The mixtures a model was trained on: the data directory's training pools (LibriSpeech included), reverb in 5%,
     * the model's rumble probability ({@link #rumbleOf}), its noise low-pass probability (metadata
     * {@link PercepNetTrainer#NOISE_LOW_PASS_PROBABILITY_KEY}, 0 if absent) and its clean pool (AN4 if metadata
     * {@link PercepNetTrainer#AN4_CLEAN_KEY} is true).
     *
     * @throws IOException if the pools cannot be read
     */
    static MixtureSynthesizer trainingRecipe(CommandSpec spec, PercepNetModel m, Double rumbleOverride) throws IOException {
        boolean an4 = Boolean.parseBoolean(m.metadata().getOrDefault(PercepNetTrainer.AN4_CLEAN_KEY, "false"));
        TrainingData data = TrainingData.load(Cli.dataDir(spec), DevEvaluation.RATE_HZ, true, an4, 0, 0);
        return new MixtureSynthesizer(data.clean(), data.noise(), DevEvaluation.RATE_HZ, 0.05, rumbleOf(m, rumbleOverride),
                metadataProbability(m, PercepNetTrainer.NOISE_LOW_PASS_PROBABILITY_KEY, null));
    }

    /**
     * @return {@code override} if given, else the rumble probability the model was trained with (its metadata; 0 for models
     *         trained before the option existed)
     * @throws IllegalArgumentException if the metadata value is not a number
     */
    static double rumbleOf(PercepNetModel m, Double override) {
        return metadataProbability(m, PercepNetTrainer.RUMBLE_PROBABILITY_KEY, override);
    }

    /**
     * @return {@code override} if given, else the model's metadata value under {@code key} (0 if absent)
     * @throws IllegalArgumentException if the metadata value is not a number
     */
    static double metadataProbability(PercepNetModel m, String key, Double override) {
        if (override != null) {
            return override;
        }
        String v = m.metadata().getOrDefault(key, "0");
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model metadata " + key + " is not a number: '" + v + "'");
        }
    }
}
