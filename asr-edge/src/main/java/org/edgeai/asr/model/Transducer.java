package org.edgeai.asr.model;

import org.edgeai.asr.data.CharVocabulary;
import org.edgeai.kernel.graph.Activation;
import org.edgeai.kernel.nn.Dense;
import org.edgeai.kernel.nn.LstmCell;

/**
 * RNN-T prediction network and joiner on kernel layers (Graves 2012, sec. 2.1-2.2), with greedy
 * decoding: at each encoder step, emit the joiner's arg-max symbol and advance the prediction
 * network until it is the blank (at most {@value #MAX_SYMBOLS_PER_STEP} symbols per step).
 *
 * @implNote Owns the prediction state: not thread-safe; one per stream, {@link #reset()} between
 * streams. Allocation-free per step.
 */
public final class Transducer {
    /** Cap on symbols emitted per encoder step (40 ms): far above AN4's speaking rate, guards loops. */
    public static final int MAX_SYMBOLS_PER_STEP = 4;
    private final Dense embed;
    private final LstmCell lstm;
    private final Dense predProj;
    private final Dense out;
    private final float[] oneHot = new float[CharVocabulary.SIZE];
    private final float[] emb;
    private final float[] hidden;
    private final float[] pred;
    private final float[] joint;
    private final float[] logits = new float[CharVocabulary.SIZE];

    Transducer(AsrModel model) {
        var t = model.weightType();
        int v = CharVocabulary.SIZE;
        int p = Integer.parseInt(model.file().meta("prediction_hidden"));
        int j = Integer.parseInt(model.file().meta("joint_dim"));
        embed = Dense.of(t, v, p, model.floats("pred.embed.weight"), model.floats("pred.embed.bias"), Activation.NONE);
        lstm = LstmCell.of(t, p, p, model.floats("pred.lstm.0.weight_ih"), model.floats("pred.lstm.0.weight_hh"),
                model.floats("pred.lstm.0.bias_ih"), model.floats("pred.lstm.0.bias_hh"));
        predProj = Dense.of(t, p, j, model.floats("joint.pred.weight"), model.floats("joint.pred.bias"), Activation.NONE);
        out = Dense.of(t, j, v, model.floats("joint.out.weight"), model.floats("joint.out.bias"), Activation.NONE);
        emb = new float[p];
        hidden = new float[p];
        pred = new float[j];
        joint = new float[j];
        reset();
    }

    /** Emitted symbols of one step. */
    @FunctionalInterface
    public interface SymbolSink {
        /** @param token a non-blank token id */
        void symbol(int token);
    }

    /**
     * Greedy decoding of one encoder step.
     *
     * @param encoderProjection {@code [J]} joint-space encoder output. Not modified.
     */
    public void step(float[] encoderProjection, SymbolSink sink) {
        for (int n = 0; n < MAX_SYMBOLS_PER_STEP; n++) {
            for (int i = 0; i < joint.length; i++) {
                joint[i] = (float) Math.tanh(encoderProjection[i] + pred[i]);
            }
            out.forward(joint, 0, logits, 0);
            int best = 0;
            for (int k = 1; k < logits.length; k++) {
                if (logits[k] > logits[best]) {
                    best = k;
                }
            }
            if (best == CharVocabulary.BLANK) {
                return;
            }
            sink.symbol(best);
            advance(best);
        }
    }

    private void advance(int token) {
        java.util.Arrays.fill(oneHot, 0f);
        oneHot[token] = 1f;
        embed.forward(oneHot, 0, emb, 0);
        lstm.forward(emb, 0, hidden, 0);
        predProj.forward(hidden, 0, pred, 0);
    }

    /** Restarts from the start symbol (the blank). */
    public void reset() {
        lstm.reset();
        advance(CharVocabulary.BLANK);
    }
}
