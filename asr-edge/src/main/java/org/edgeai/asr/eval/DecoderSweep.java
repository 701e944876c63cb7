package org.edgeai.asr.eval;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.edgeai.asr.data.Utterance;
import org.edgeai.asr.decode.DecoderConfig;
import org.edgeai.asr.decode.WordNgramLm;
import org.edgeai.asr.model.AsrModel;
import org.edgeai.asr.stream.RecognitionResult;
import org.edgeai.asr.stream.StreamingRecognizer;
import org.edgeai.kernel.Progress;

/**
 * Scores many decoder settings on one set of utterances (a dev split: decoder settings are chosen
 * there, never on test). The streaming encoder runs once per utterance; each setting then decodes
 * the stored encoder outputs through {@link StreamingRecognizer#acceptEncoderOutputs}, i.e. with
 * the same endpointing and decoding as live streaming.
 *
 * @implNote Stateless; thread-safe.
 */
public final class DecoderSweep {
    private DecoderSweep() {
    }

    /**
     * Score of one setting.
     *
     * @param config the decoder setting
     * @param words word error counts over the set
     * @param chars character error counts over the set
     * @param decodeCpuS CPU seconds spent decoding (encoder excluded)
     */
    public record Point(DecoderConfig config, EditDistance.Counts words, EditDistance.Counts chars, double decodeCpuS) {
        /** @return word error rate */
        public double wer() {
            return words.rate();
        }
    }

    /**
     * @param model the recognizer's model
     * @param utts utterances with reference transcripts
     * @param configs settings to score, in order
     * @param lm LM and lexicon for settings that use them (may be null if none does)
     * @return one point per setting, in the order given
     * @throws IOException if an audio file cannot be read
     */
    public static List<Point> run(AsrModel model, List<Utterance> utts, List<DecoderConfig> configs, WordNgramLm lm,
                                  Progress progress) throws IOException {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        List<float[][]> enc = new ArrayList<>();
        var encoder = model.newEncoder();
        for (Utterance u : utts) {
            enc.add(encoder.encodeAll(Evaluator.read16k(u.audio())));
            progress.report("encode", enc.size(), utts.size(), u.id());
        }
        List<Point> out = new ArrayList<>();
        for (DecoderConfig c : configs) {
            StreamingRecognizer rec = new StreamingRecognizer(model, c, lm);
            EditDistance.Counts w = new EditDistance.Counts(0, 0, 0, 0);
            EditDistance.Counts ch = new EditDistance.Counts(0, 0, 0, 0);
            long c0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < utts.size(); i++) {
                rec.reset();
                List<RecognitionResult> ev = new ArrayList<>(rec.acceptEncoderOutputs(enc.get(i)));
                ev.addAll(rec.finish());
                StringBuilder hyp = new StringBuilder();
                for (RecognitionResult r : ev) {
                    if (r.isFinal() && !r.text().isEmpty()) {
                        hyp.append(hyp.length() > 0 ? " " : "").append(r.text());
                    }
                }
                String ref = utts.get(i).transcript();
                w = w.plus(EditDistance.words(ref, hyp.toString()));
                ch = ch.plus(EditDistance.characters(ref, hyp.toString()));
            }
            out.add(new Point(c, w, ch, (mx.getCurrentThreadCpuTime() - c0) / 1e9));
            progress.report("sweep", out.size(), configs.size(), c.toString());
        }
        return out;
    }
}
