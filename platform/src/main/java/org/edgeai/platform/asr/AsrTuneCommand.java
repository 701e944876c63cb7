package org.edgeai.platform.asr;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.edgeai.asr.AsrModels;
import org.edgeai.asr.LanguageResources;
import org.edgeai.asr.data.Manifest;
import org.edgeai.asr.data.Utterance;
import org.edgeai.asr.decode.DecoderConfig;
import org.edgeai.asr.decode.SystemCombination;
import org.edgeai.asr.decode.WordNgramLm;
import org.edgeai.asr.eval.CombinationSweep;
import org.edgeai.asr.eval.DecoderSweep;
import org.edgeai.asr.model.AsrModel;
import org.edgeai.kernel.io.AtomicFiles;
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
 * {@code edgeai asr tune}: decoder settings scored on a dev manifest (grid over beam, LM weight, word bonus).
 *
 * @implNote Single-use picocli command object; not thread-safe.
 */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = "Score a grid of beam-search settings (beam width x LM weight x word bonus) on a manifest - the dev "
                + "split, never test - running the encoder once per utterance. Prints every point, best first.")
public final class AsrTuneCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Mixin
    private JsonOption json;
    @Option(names = "--manifest", required = true, paramLabel = "FILE.tsv", description = "Manifest to score on (dev).")
    private Path manifest;
    @Option(names = "--model", defaultValue = AsrModels.DEFAULT, description = "Bundled model name or model file. Default: ${DEFAULT-VALUE}.")
    private String model;
    @Option(names = "--weights", defaultValue = "stored", description = "Run weights as stored, f32 or i8. Default: ${DEFAULT-VALUE}.")
    private String weights;
    @Option(names = "--beam", split = ",", defaultValue = "8", description = "Beam widths. Default: ${DEFAULT-VALUE}.")
    private List<Integer> beams;
    @Option(names = "--lm-weight", split = ",", defaultValue = "0,0.2,0.4,0.6", description = "LM weights. Default: ${DEFAULT-VALUE}.")
    private List<Double> lmWeights;
    @Option(names = "--word-bonus", split = ",", defaultValue = "0,0.5,1,1.5", description = "Word bonuses. Default: ${DEFAULT-VALUE}.")
    private List<Double> bonuses;
    @Option(names = "--no-lexicon", description = "Without the closed-vocabulary constraint.")
    private boolean noLexicon;
    @Option(names = "--lm-order", defaultValue = "3", description = "Word n-gram order. Default: ${DEFAULT-VALUE}.")
    private int lmOrder;
    @Option(names = "--lm-manifest", description = "Training manifest whose transcripts give the lexicon and LM (default: <data-dir>/asr/an4/train.tsv).")
    private Path lmManifest;
    @Option(names = "--prune", defaultValue = "-12", description = "Symbols below this log-probability are not expanded. Default: ${DEFAULT-VALUE}.")
    private double prune;
    @Option(names = "--endpoint-ms", defaultValue = "600", description = "Trailing blank time that ends a segment. Default: ${DEFAULT-VALUE}.")
    private double endpointMs;
    @Option(names = "--combine", split = ",", paramLabel = "MODEL",
            description = "Tune system combination instead: --model is the primary (its default beam search), these models are the "
                    + "secondaries (their default beam searches); the grid is --combine-weight (per secondary) x --lm-weight x --word-bonus.")
    private List<String> combine;
    @Option(names = "--combine-weight", split = ",", defaultValue = "0,0.1,0.2,0.3,0.5,0.7,1",
            description = "With --combine: weights of each secondary's log-likelihood (the primary's is 1). Default: ${DEFAULT-VALUE}.")
    private List<Double> combineWeights;
    @Option(names = "--dump-pools", paramLabel = "FILE",
            description = "With --combine: also write every utterance's pooled hypotheses with their per-system log-likelihoods, "
                    + "LM log-probability and word count as JSON (for analysis of the combination).")
    private Path dumpPools;

    /**
     * One scored combination setting.
     *
     * @param systemWeights the systems' weights, primary first
     * @param lmWeight LM weight alpha
     * @param wordBonus word bonus beta
     * @param wer word error rate
     * @param wordErrors S + D + I
     * @param referenceWords reference words
     * @param cer character error rate
     */
    public record CombinationRow(List<Double> systemWeights, double lmWeight, double wordBonus, double wer, int wordErrors,
                                 int referenceWords, double cer) {
    }

    /**
     * One scored setting.
     *
     * @param beam beam width
     * @param lmWeight LM weight alpha
     * @param wordBonus word bonus beta
     * @param lexicon closed vocabulary
     * @param wer word error rate
     * @param wordErrors S + D + I
     * @param referenceWords reference words
     * @param cer character error rate
     * @param decodeCpuS decoding CPU seconds (encoder excluded)
     */
    public record Row(int beam, double lmWeight, double wordBonus, boolean lexicon, double wer, int wordErrors, int referenceWords,
                      double cer, double decodeCpuS) {
    }

    /** One pooled hypothesis in a {@code --dump-pools} file. */
    public record PoolEntry(String text, int source, double[] logLikelihoods, double lmLogProb, int words) {
    }

    /** One utterance in a {@code --dump-pools} file: per final its pool. */
    public record PoolDump(String id, String reference, List<List<PoolEntry>> finals) {
    }

    @Override
    public Integer call() throws Exception {
        AsrModel m = AsrModels.load(model, AsrTranscribeCommand.weightType(weights));
        List<Utterance> utts = Manifest.read(manifest);
        Path lmPath = lmManifest != null ? lmManifest : Cli.dataDir(spec).resolve("asr/an4/train.tsv");
        WordNgramLm lm = LanguageResources.fromManifest(lmPath, lmOrder);
        if (combine != null && !combine.isEmpty()) {
            return tuneCombination(m, utts, lm);
        }
        List<DecoderConfig> grid = new ArrayList<>();
        for (int b : beams) {
            for (double a : lmWeights) {
                for (double w : bonuses) {
                    grid.add(new DecoderConfig(b, noLexicon ? 0 : a, w, !noLexicon, prune, endpointMs / 1000));
                }
            }
        }
        List<DecoderSweep.Point> pts = DecoderSweep.run(m, utts, grid, lm, ConsoleProgress.of(spec));
        List<Row> rows = new ArrayList<>();
        for (DecoderSweep.Point p : pts) {
            DecoderConfig c = p.config();
            rows.add(new Row(c.beamWidth(), c.lmWeight(), c.wordBonus(), c.useLexicon(), p.wer(), p.words().errors(),
                    p.words().referenceLength(), p.chars().rate(), p.decodeCpuS()));
        }
        rows.sort(Comparator.comparingInt(Row::wordErrors).thenComparingDouble(Row::cer));
        if (json.json()) {
            Cli.printJson(spec, rows);
            return 0;
        }
        TextTable t = new TextTable("beam", "lm weight", "word bonus", "lexicon", "WER %", "errors", "CER %", "decode CPU s");
        for (Row r : rows) {
            t.row(r.beam(), r.lmWeight(), r.wordBonus(), r.lexicon(), String.format("%.2f", 100 * r.wer()), r.wordErrors(),
                    String.format("%.2f", 100 * r.cer()), String.format("%.2f", r.decodeCpuS()));
        }
        spec.commandLine().getOut().println(t);
        spec.commandLine().getOut().printf("model %s (%s), %d utterances, %d words%n", m.file().name(), m.weightType(), utts.size(),
                rows.isEmpty() ? 0 : rows.get(0).referenceWords());
        return 0;
    }

    private int tuneCombination(AsrModel primary, List<Utterance> utts, WordNgramLm lm) throws Exception {
        List<AsrModel> models = new ArrayList<>(List.of(primary));
        for (String c : combine) {
            models.add(AsrModels.load(c, AsrTranscribeCommand.weightType(weights)));
        }
        List<DecoderConfig> configs = new ArrayList<>();
        for (AsrModel a : models) {
            configs.add(AsrTranscribeCommand.decoderConfig(a.arch(), "beam", null, null, null, noLexicon, endpointMs));
        }
        List<List<Double>> systemGrid = new ArrayList<>(List.of(List.of(1.0)));
        for (int k = 0; k < combine.size(); k++) {
            List<List<Double>> next = new ArrayList<>();
            for (List<Double> prefix : systemGrid) {
                for (double w : combineWeights) {
                    List<Double> g = new ArrayList<>(prefix);
                    g.add(w);
                    next.add(g);
                }
            }
            systemGrid = next;
        }
        List<SystemCombination.Weights> grid = new ArrayList<>();
        for (List<Double> sw : systemGrid) {
            for (double a : lmWeights) {
                for (double b : bonuses) {
                    grid.add(new SystemCombination.Weights(sw, a, b));
                }
            }
        }
        List<CombinationRow> rows = new ArrayList<>();
        CombinationSweep.Result res = CombinationSweep.run(models, configs, lm, utts, grid, ConsoleProgress.of(spec));
        if (dumpPools != null) {
            List<PoolDump> dump = new ArrayList<>();
            for (int i = 0; i < utts.size(); i++) {
                List<List<PoolEntry>> finals = res.pools().get(i).stream().map(f -> f.stream().map(c -> new PoolEntry(c.candidate().text(),
                        c.source(), c.logLikelihoods(), c.lmLogProb(), c.words())).toList()).toList();
                dump.add(new PoolDump(utts.get(i).id(), utts.get(i).transcript(), finals));
            }
            AtomicFiles.write(dumpPools, Cli.json().writerWithDefaultPrettyPrinter().writeValueAsBytes(dump));
        }
        for (CombinationSweep.Point p : res.points()) {
            rows.add(new CombinationRow(p.weights().systems(), p.weights().lmWeight(), p.weights().wordBonus(), p.wer(),
                    p.words().errors(), p.words().referenceLength(), p.chars().rate()));
        }
        rows.sort(Comparator.comparingInt(CombinationRow::wordErrors).thenComparingDouble(CombinationRow::cer));
        if (json.json()) {
            Cli.printJson(spec, rows);
            return 0;
        }
        TextTable t = new TextTable("system weights", "lm weight", "word bonus", "WER %", "errors", "CER %");
        for (CombinationRow r : rows) {
            t.row(r.systemWeights().toString(), r.lmWeight(), r.wordBonus(), String.format("%.2f", 100 * r.wer()), r.wordErrors(),
                    String.format("%.2f", 100 * r.cer()));
        }
        spec.commandLine().getOut().println(t);
        spec.commandLine().getOut().printf("systems %s, %d utterances%npool oracle (best pooled hypothesis per utterance): WER %.2f%% (%d errors)%n",
                models.stream().map(a -> a.file().name() + " (" + a.weightType() + ")").toList(), utts.size(),
                100 * res.oracleWords().rate(), res.oracleWords().errors());
        return 0;
    }
}
