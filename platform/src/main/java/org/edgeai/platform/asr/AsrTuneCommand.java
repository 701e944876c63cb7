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
import org.edgeai.asr.decode.WordNgramLm;
import org.edgeai.asr.eval.DecoderSweep;
import org.edgeai.asr.model.AsrModel;
import org.edgeai.platform.Cli;
import org.edgeai.platform.ConsoleProgress;
import org.edgeai.platform.JsonOption;
import org.edgeai.platform.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code edgeai asr tune}: decoder settings scored on a dev manifest (grid over beam, LM weight, word bonus). */
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

    @Override
    public Integer call() throws Exception {
        AsrModel m = AsrModels.load(model, AsrTranscribeCommand.weightType(weights));
        List<Utterance> utts = Manifest.read(manifest);
        Path lmPath = lmManifest != null ? lmManifest : Cli.dataDir(spec).resolve("asr/an4/train.tsv");
        WordNgramLm lm = LanguageResources.fromManifest(lmPath, lmOrder);
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
}
