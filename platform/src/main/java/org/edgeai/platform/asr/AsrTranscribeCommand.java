package org.edgeai.platform.asr;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.edgeai.asr.AsrModels;
import org.edgeai.asr.LanguageResources;
import org.edgeai.asr.data.Manifest;
import org.edgeai.asr.data.Utterance;
import org.edgeai.asr.decode.DecoderConfig;
import org.edgeai.asr.decode.SystemCombination;
import org.edgeai.asr.decode.WordNgramLm;
import org.edgeai.asr.eval.EvaluationReport;
import org.edgeai.asr.eval.Evaluator;
import org.edgeai.asr.eval.GroupScore;
import org.edgeai.asr.eval.UtteranceResult;
import org.edgeai.asr.model.AsrModel;
import org.edgeai.asr.stream.CombinedRecognizer;
import org.edgeai.asr.stream.Recognizer;
import org.edgeai.asr.stream.StreamingRecognizer;
import org.edgeai.kernel.DType;
import org.edgeai.platform.Cli;
import org.edgeai.platform.ConsoleProgress;
import org.edgeai.platform.JsonOption;
import org.edgeai.platform.TextTable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgeai asr transcribe}: one file, or a manifest scored with WER/CER per speaker and gender.
 *
 * @implNote Single-use picocli command object; not thread-safe.
 */
@Command(name = "transcribe", mixinStandardHelpOptions = true,
        description = "Transcribe a WAV/FLAC file, or a manifest (.tsv) with WER, CER, per-speaker and per-gender scores, "
                + "CPU seconds per audio second and endpoint delays. Audio is streamed through the recognizer in chunks.")
public final class AsrTranscribeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Mixin
    private JsonOption json;

    static final class Input {
        @Option(names = "--in", paramLabel = "FILE", description = "An audio file (WAV or FLAC; other rates are resampled to 16 kHz).")
        Path in;
        @Option(names = "--manifest", paramLabel = "FILE.tsv", description = "A manifest: path, duration_s, speaker_id, transcript.")
        Path manifest;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Input input;
    @Option(names = "--model", defaultValue = AsrModels.DEFAULT,
            description = "Bundled model name (${COMPLETION-CANDIDATES}) or model file. Default: ${DEFAULT-VALUE}.",
            completionCandidates = Bundled.class)
    private String model;
    @Option(names = "--weights", defaultValue = "stored", description = "Run weights as stored, f32 or i8. Default: ${DEFAULT-VALUE}.")
    private String weights;
    @Option(names = "--decoder", defaultValue = "beam",
            description = "greedy, or beam (lexicon-constrained beam search; CTC with the word n-gram LM). Default: ${DEFAULT-VALUE}.")
    private String decoder;
    @Option(names = "--beam", description = "Beam width. Default: 16 for CTC, 4 for RNN-T (chosen on AN4 dev).")
    private Integer beam;
    @Option(names = "--lm-weight", description = "LM weight alpha. Default: 0.3 for CTC, 0 for RNN-T (chosen on AN4 dev).")
    private Double lmWeight;
    @Option(names = "--word-bonus", description = "Word insertion bonus beta. Default: 0.5 for CTC, 0 for RNN-T (chosen on AN4 dev).")
    private Double wordBonus;
    @Option(names = "--no-lexicon", description = "Beam search without the closed-vocabulary constraint (open vocabulary).")
    private boolean noLexicon;
    @Option(names = "--lm-order", defaultValue = "3", description = "Word n-gram order. Default: ${DEFAULT-VALUE}.")
    private int lmOrder;
    @Option(names = "--lm-manifest", description = "Training manifest whose transcripts give the lexicon and LM (default: <data-dir>/asr/an4/train.tsv).")
    private Path lmManifest;
    @Option(names = "--endpoint-ms", defaultValue = "600", description = "Trailing blank time that ends a segment. Default: ${DEFAULT-VALUE}.")
    private double endpointMs;
    @Option(names = "--chunk-ms", defaultValue = "100", description = "Streaming chunk length. Default: ${DEFAULT-VALUE}.")
    private double chunkMs;
    @Option(names = "--tail-pad-ms", defaultValue = "0",
            description = "Room tone appended to each manifest file so the endpoint can fire after the last word (delay measurement). Default: ${DEFAULT-VALUE}.")
    private double tailPadMs;
    @Option(names = "--limit", defaultValue = "0", description = "Only the first N manifest entries (0 = all).")
    private int limit;
    @Option(names = "--utterances", description = "With --manifest: print every utterance in the table output.")
    private boolean showUtterances;
    @Option(names = "--combine", split = ",", paramLabel = "MODEL",
            description = "System combination: these models (bundled names or files, each with its default beam search) listen to the "
                    + "same audio; at every final of --model the pooled n-best lists are rescored by every model's sequence "
                    + "log-likelihood (weights 1 for --model, then --combine-weight) plus the word LM.")
    private List<String> combine;
    @Option(names = "--combine-weight", split = ",", defaultValue = "0.3",
            description = "Log-likelihood weight per --combine model (one value applies to all). Default: ${DEFAULT-VALUE} (AN4 dev).")
    private List<Double> combineWeights;
    @Option(names = "--combine-lm-weight", defaultValue = "0.5",
            description = "LM weight of the combined score. Default: ${DEFAULT-VALUE} (AN4 dev).")
    private double combineLmWeight;
    @Option(names = "--combine-word-bonus", defaultValue = "0",
            description = "Word bonus of the combined score. Default: ${DEFAULT-VALUE} (AN4 dev).")
    private double combineWordBonus;
    @Option(names = "--combine-nbest", defaultValue = "" + CombinedRecognizer.DEFAULT_NBEST_PER_SYSTEM,
            description = "Best final hypotheses each system adds to the pool. Default: ${DEFAULT-VALUE}.")
    private int combineNBest;

    /** Bundled model names for completion. */
    static final class Bundled implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            List<String> all = new ArrayList<>(AsrModels.BUNDLED);
            all.add(AsrModels.ENSEMBLE);
            return all.iterator();
        }
    }

    /**
     * Transcribes {@code --in} or scores {@code --manifest} and prints the result.
     *
     * @return 0
     * @throws IllegalArgumentException for {@code --model asr-an4-ensemble} with {@code --combine} or
     *                                  {@code --decoder greedy}, a {@code --combine-weight} count that
     *                                  is neither 1 nor the number of {@code --combine} models, an
     *                                  unknown {@code --weights} or {@code --decoder}, or a
     *                                  non-positive {@code --endpoint-ms}
     * @throws Exception                if a model, the audio or a manifest cannot be read
     */
    @Override
    public Integer call() throws Exception {
        DType w = weightType(weights);
        if (AsrModels.ENSEMBLE.equals(model)) {
            if (combine != null && !combine.isEmpty() || !"beam".equalsIgnoreCase(decoder)) {
                throw new IllegalArgumentException(AsrModels.ENSEMBLE + " is a fixed combination of beam searches: --combine and --decoder "
                        + "greedy do not apply");
            }
            Path lmPath = lmManifest != null ? lmManifest : Cli.dataDir(spec).resolve("asr/an4/train.tsv");
            return run(AsrModels.newEnsemble(w, LanguageResources.fromManifest(lmPath, lmOrder), endpointMs / 1000),
                    AsrModels.ENSEMBLE + " (" + AsrModels.ENSEMBLE_MEMBERS.size() + " members, " + (w == null ? "I8" : w) + ")",
                    "combined beam searches, weights " + AsrModels.ENSEMBLE_WEIGHTS.systems() + ", LM " + AsrModels.ENSEMBLE_WEIGHTS.lmWeight());
        }
        AsrModel m = AsrModels.load(model, w);
        DecoderConfig dc = decoderConfig(m.arch(), decoder, beam, lmWeight, wordBonus, noLexicon, endpointMs);
        boolean combined = combine != null && !combine.isEmpty();
        WordNgramLm lm = null;
        if (dc.useLexicon() || dc.lmWeight() > 0 || combined) {
            Path lmPath = lmManifest != null ? lmManifest : Cli.dataDir(spec).resolve("asr/an4/train.tsv");
            lm = LanguageResources.fromManifest(lmPath, lmOrder);
        }
        String modelName = m.file().name() + " (" + m.weightType() + ")";
        String decoderName = decoderName(m.arch(), dc, lmOrder);
        Recognizer rec;
        if (combined) {
            List<AsrModel> models = new ArrayList<>(List.of(m));
            List<DecoderConfig> configs = new ArrayList<>(List.of(dc));
            List<Double> sw = new ArrayList<>(List.of(1.0));
            if (combineWeights.size() != 1 && combineWeights.size() != combine.size()) {
                throw new IllegalArgumentException("--combine-weight needs one value or one per --combine model (" + combine.size() + "), got "
                        + combineWeights.size());
            }
            for (int i = 0; i < combine.size(); i++) {
                AsrModel c = AsrModels.load(combine.get(i), w);
                DecoderConfig cc = decoderConfig(c.arch(), "beam", null, null, null, noLexicon, endpointMs);
                models.add(c);
                configs.add(cc);
                sw.add(combineWeights.get(combineWeights.size() == 1 ? 0 : i));
                modelName += " + " + c.file().name() + " (" + c.weightType() + ")";
                decoderName += " + " + decoderName(c.arch(), cc, lmOrder);
            }
            var cw = new SystemCombination.Weights(sw, combineLmWeight, combineWordBonus);
            rec = new CombinedRecognizer(models, configs, lm, cw, combineNBest);
            decoderName += ", combined (weights " + sw + ", LM " + combineLmWeight + ", bonus " + combineWordBonus + ")";
        } else {
            rec = new StreamingRecognizer(m, dc, lm);
        }
        return run(rec, modelName, decoderName);
    }

    private int run(Recognizer rec, String modelName, String decoderName) throws Exception {
        var out = spec.commandLine().getOut();
        if (input.in != null) {
            float[] pcm = Evaluator.read16k(input.in);
            Evaluator.Transcript t = Evaluator.transcribe(rec, pcm, chunkMs / 1000);
            double audio = pcm.length / (double) StreamingRecognizer.SAMPLE_RATE_HZ;
            FileResult r = new FileResult(input.in.toString(), t.text(), t.words(), audio, t.cpuS(), audio > 0 ? t.cpuS() / audio : 0,
                    modelName, decoderName);
            if (json.json()) {
                Cli.printJson(spec, r);
            } else {
                out.println(t.text());
                out.printf("(%.2f s audio, %.4f CPU s per audio s, %s, %s)%n", audio, r.cpuSecondsPerAudioSecond(), modelName, decoderName);
            }
            return 0;
        }
        List<Utterance> utts = Manifest.read(input.manifest);
        if (limit > 0 && utts.size() > limit) {
            utts = utts.subList(0, limit);
        }
        Path speakers = input.manifest.toAbsolutePath().getParent().resolve("speakers.tsv");
        Map<String, String> genders = Files.isRegularFile(speakers) ? Manifest.readGenders(speakers) : Map.of();
        EvaluationReport rep = Evaluator.evaluate(rec, utts, genders, chunkMs / 1000, tailPadMs / 1000, modelName, decoderName,
                ConsoleProgress.of(spec));
        if (json.json()) {
            Cli.printJson(spec, rep);
            return 0;
        }
        if (showUtterances) {
            TextTable u = new TextTable("utterance", "speaker", "errors", "reference", "hypothesis");
            for (UtteranceResult r : rep.utterances()) {
                u.row(r.id(), r.speaker(), r.words().errors(), r.reference(), r.hypothesis());
            }
            out.println(u);
        }
        TextTable g = new TextTable("group", "utts", "words", "errors", "WER %", "CER %");
        g.row("all", rep.corpus().utterances(), rep.corpus().referenceWords(), rep.corpus().wordErrors(),
                pct(rep.corpus().wer()), pct(rep.corpus().cer()));
        for (GroupScore s : rep.genders()) {
            g.row("gender " + s.group(), s.utterances(), s.referenceWords(), s.wordErrors(), pct(s.wer()), pct(s.cer()));
        }
        for (GroupScore s : rep.speakers()) {
            g.row("speaker " + s.group(), s.utterances(), s.referenceWords(), s.wordErrors(), pct(s.wer()), pct(s.cer()));
        }
        out.println(g);
        out.printf("model %s, decoder %s%nWER %s%% (S %d, D %d, I %d), CER %s%%%nCPU %.4f s per audio s (one thread, %.1f s audio)%n"
                        + "endpoint final delay after end of speech: mean %.3f s, median %.3f s, p90 %.3f s (%d utterances); "
                        + "mean emission lag of the last word %.3f s%n",
                modelName, decoderName, pct(rep.corpus().wer()), rep.substitutions(), rep.deletions(), rep.insertions(),
                pct(rep.corpus().cer()), rep.cpuSecondsPerAudioSecond(), rep.audioSeconds(), rep.meanFinalDelayS(),
                rep.medianFinalDelayS(), rep.p90FinalDelayS(), rep.endpointFinals(), rep.meanEmissionLagS());
        return 0;
    }

    /**
     * @return the decoder setting of the options: the architecture's dev-tuned preset
     *         ({@link DecoderConfig#beamWithLm()} for CTC, {@link DecoderConfig#transducerBeam()} for
     *         RNN-T) with the given values overriding it; greedy ignores them
     */
    static DecoderConfig decoderConfig(AsrModel.Arch arch, String decoder, Integer beam, Double lmWeight, Double wordBonus,
                                       boolean noLexicon, double endpointMs) {
        if (!(endpointMs > 0)) {
            throw new IllegalArgumentException("--endpoint-ms must be positive, got " + endpointMs);
        }
        DecoderConfig preset = arch == AsrModel.Arch.RNNT ? DecoderConfig.transducerBeam() : DecoderConfig.beamWithLm();
        return switch (decoder.toLowerCase(java.util.Locale.ROOT)) {
            case "greedy" -> new DecoderConfig(1, 0, 0, false, -12, endpointMs / 1000);
            case "beam" -> new DecoderConfig(beam != null ? beam : preset.beamWidth(),
                    noLexicon ? 0 : lmWeight != null ? lmWeight : preset.lmWeight(),
                    noLexicon ? 0 : wordBonus != null ? wordBonus : preset.wordBonus(), !noLexicon, preset.pruneLogProb(),
                    endpointMs / 1000);
            default -> throw new IllegalArgumentException("--decoder must be greedy or beam, got " + decoder);
        };
    }

    /** @return a short description of the decoder for reports */
    static String decoderName(AsrModel.Arch arch, DecoderConfig dc, int lmOrder) {
        String a = arch == AsrModel.Arch.RNNT ? "rnnt" : "ctc";
        if (dc.beamWidth() == 1 && !dc.useLexicon() && dc.lmWeight() == 0) {
            return a + " greedy";
        }
        return a + " beam " + dc.beamWidth() + (dc.useLexicon() ? " lexicon" : "")
                + (dc.lmWeight() > 0 ? " + " + lmOrder + "-gram LM a=" + dc.lmWeight() + " b=" + dc.wordBonus() : "");
    }

    /** @return the precision named by {@code --weights} (null = as stored) */
    static DType weightType(String weights) {
        return switch (weights.toLowerCase(java.util.Locale.ROOT)) {
            case "stored" -> null;
            case "f32" -> DType.F32;
            case "i8", "int8" -> DType.I8;
            default -> throw new IllegalArgumentException("--weights must be stored, f32 or i8, got " + weights);
        };
    }

    private static String pct(double v) {
        return String.format("%.2f", 100 * v);
    }

    /**
     * Result of one file.
     *
     * @param file path
     * @param transcript recognized text
     * @param words words with timings
     * @param audioSeconds duration, s
     * @param cpuSeconds recognition CPU time, s
     * @param cpuSecondsPerAudioSecond ratio
     * @param model model name and precision
     * @param decoder decoder description
     */
    public record FileResult(String file, String transcript, List<org.edgeai.asr.decode.WordTiming> words, double audioSeconds,
                             double cpuSeconds, double cpuSecondsPerAudioSecond, String model, String decoder) {
    }
}
