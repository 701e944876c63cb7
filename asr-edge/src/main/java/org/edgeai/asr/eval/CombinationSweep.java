package org.edgeai.asr.eval;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.edgeai.asr.data.Utterance;
import org.edgeai.asr.decode.DecoderConfig;
import org.edgeai.asr.decode.SystemCombination;
import org.edgeai.asr.decode.WordNgramLm;
import org.edgeai.asr.model.AsrModel;
import org.edgeai.asr.stream.CombinedRecognizer;
import org.edgeai.asr.stream.RecognitionResult;
import org.edgeai.kernel.Progress;

/**
 * Scores a grid of {@link SystemCombination.Weights} on one set of utterances (a dev split: weights
 * are chosen there, never on test). Every utterance streams once through a
 * {@link CombinedRecognizer} (in 100 ms chunks, as in evaluation); the pooled, scored hypotheses of
 * each final are kept, and each weight setting then only re-chooses among them, which gives exactly
 * what the recognizer would output with those weights (the pool does not depend on the weights).
 *
 * @implNote Stateless; thread-safe.
 */
public final class CombinationSweep {
    private static final int CHUNK_SAMPLES = 1600; // 100 ms at 16 kHz, the CLI's default chunk

    private CombinationSweep() {
    }

    /**
     * Score of one weight setting.
     *
     * @param weights the setting
     * @param words word error counts over the set
     * @param chars character error counts over the set
     */
    public record Point(SystemCombination.Weights weights, EditDistance.Counts words, EditDistance.Counts chars) {
        /** @return word error rate */
        public double wer() {
            return words.rate();
        }
    }

    /**
     * The sweep's result.
     *
     * @param points one point per weight setting, in the order given
     * @param oracleWords word errors if every single-final utterance took the pooled hypothesis
     *                    closest to its reference: fewer errors than any weight setting can reach
     *                    (utterances with several finals count the first setting's output)
     * @param pools       per utterance (in input order), per final, the pooled and scored hypotheses (empty for a final
     *                    the recognizer fixed without rescoring)
     */
    public record Result(List<Point> points, EditDistance.Counts oracleWords, List<List<List<SystemCombination.Scored>>> pools) {
        /** Copies the pool lists (unmodifiable). */
        public Result {
            points = List.copyOf(points);
            pools = pools.stream().map(u -> u.stream().map(List::copyOf).toList()).toList();
        }
    }

    /**
     * @param models systems, primary first
     * @param configs their beam-search settings
     * @param lm word LM and lexicon
     * @param utts utterances with reference transcripts
     * @param grid weight settings to score, in order (one system weight per model each)
     * @return the points, one per setting in the order given, and the pool's oracle
     * @throws IOException if an audio file cannot be read
     * @throws IllegalArgumentException if the grid is empty or a setting does not fit the models
     */
    public static Result run(List<AsrModel> models, List<DecoderConfig> configs, WordNgramLm lm, List<Utterance> utts,
                                  List<SystemCombination.Weights> grid, Progress progress) throws IOException {
        if (grid.isEmpty()) {
            throw new IllegalArgumentException("empty weight grid");
        }
        CombinedRecognizer rec = new CombinedRecognizer(models, configs, lm, grid.get(0));
        // per utterance, per final: the pooled hypotheses (or the fixed text of an unscored final)
        List<List<List<SystemCombination.Scored>>> pools = new ArrayList<>();
        List<List<String>> fixed = new ArrayList<>();
        int done = 0;
        for (Utterance u : utts) {
            float[] pcm = Evaluator.read16k(u.audio());
            rec.reset();
            List<List<SystemCombination.Scored>> up = new ArrayList<>();
            List<String> uf = new ArrayList<>();
            for (int off = 0; off < pcm.length; off += CHUNK_SAMPLES) {
                collect(rec, rec.accept(pcm, off, Math.min(CHUNK_SAMPLES, pcm.length - off)), up, uf);
            }
            collect(rec, rec.finish(), up, uf);
            pools.add(up);
            fixed.add(uf);
            progress.report("combine", ++done, utts.size(), u.id());
        }
        List<Point> out = new ArrayList<>();
        for (SystemCombination.Weights w : grid) {
            EditDistance.Counts wc = new EditDistance.Counts(0, 0, 0, 0);
            EditDistance.Counts cc = new EditDistance.Counts(0, 0, 0, 0);
            for (int i = 0; i < utts.size(); i++) {
                StringBuilder hyp = new StringBuilder();
                List<List<SystemCombination.Scored>> up = pools.get(i);
                for (int f = 0; f < up.size(); f++) {
                    String text = up.get(f).isEmpty() ? fixed.get(i).get(f) : SystemCombination.choose(up.get(f), w).candidate().text();
                    if (!text.isEmpty()) {
                        hyp.append(hyp.length() > 0 ? " " : "").append(text);
                    }
                }
                String ref = utts.get(i).transcript();
                wc = wc.plus(EditDistance.words(ref, hyp.toString()));
                cc = cc.plus(EditDistance.characters(ref, hyp.toString()));
            }
            out.add(new Point(w, wc, cc));
        }
        EditDistance.Counts oracle = new EditDistance.Counts(0, 0, 0, 0);
        for (int i = 0; i < utts.size(); i++) {
            String ref = utts.get(i).transcript();
            List<List<SystemCombination.Scored>> up = pools.get(i);
            EditDistance.Counts best = null;
            if (up.size() == 1 && !up.get(0).isEmpty()) {
                for (SystemCombination.Scored c : up.get(0)) {
                    EditDistance.Counts e = EditDistance.words(ref, c.candidate().text());
                    if (best == null || e.errors() < best.errors()) {
                        best = e;
                    }
                }
            } else {
                StringBuilder hyp = new StringBuilder();
                for (int f = 0; f < up.size(); f++) {
                    String text = up.get(f).isEmpty() ? fixed.get(i).get(f) : SystemCombination.choose(up.get(f), grid.get(0)).candidate().text();
                    hyp.append(hyp.length() > 0 && !text.isEmpty() ? " " : "").append(text);
                }
                best = EditDistance.words(ref, hyp.toString());
            }
            oracle = oracle.plus(best);
        }
        return new Result(out, oracle, pools);
    }

    private static void collect(CombinedRecognizer rec, List<RecognitionResult> events, List<List<SystemCombination.Scored>> pools,
                                List<String> fixed) {
        int f = 0;
        for (RecognitionResult r : events) {
            if (r.isFinal()) {
                pools.add(rec.lastPools().get(f++));
                fixed.add(r.text());
            }
        }
    }
}
