package org.edgeai.asr.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.edgeai.asr.data.CharVocabulary;
import org.edgeai.asr.internal.LogMath;
import org.edgeai.kernel.graph.Activation;
import org.edgeai.kernel.nn.Dense;
import org.edgeai.kernel.nn.Linear;
import org.edgeai.kernel.ops.Kernels;

/**
 * RNN-T prediction network and joiner on kernel layers (Graves 2012, sec. 2.1-2.2), with greedy
 * decoding: at each encoder step, emit the joiner's arg-max symbol and advance the prediction
 * network until it is the blank (at most {@value #MAX_SYMBOLS_PER_STEP} symbols per step).
 *
 * <p>The prediction network is also offered as a pure function of an explicit state
 * ({@link #predict}), so that a beam search can keep one state per hypothesis: the state is
 * {@code [h (P), c (P)]} of its one-layer LSTM (PyTorch gate order i, f, g, o), its input the
 * previous non-blank symbol (the blank at the start), and its output the joint-space projection
 * {@code [J]}. The LSTM input term {@code W_ih embed(onehot(k)) + b_ih + b_hh} of each symbol
 * {@code k} is computed once at construction with the same kernel layers (the embedding of a one-hot
 * vector is a column of its weights), so a step costs one {@code 4P x P} recurrent product and the
 * {@code J x P} projection.
 *
 * @implNote Owns the greedy prediction state and scratch buffers: not thread-safe; one per stream,
 * {@link #reset()} between streams. Allocation-free per step.
 */
public final class Transducer {
    /** Cap on symbols emitted per encoder step (40 ms): far above AN4's speaking rate, guards loops. */
    public static final int MAX_SYMBOLS_PER_STEP = 4;
    private final int p;
    private final Kernels k = Kernels.best();
    private final float[] inputTerm;   // [V][4P]: W_ih embed(onehot(v)) + b_ih + b_hh
    private final Linear wHh;
    private final Dense predProj;
    private final Dense out;
    private final float[] gates;
    private final float[] hidden;
    private final float[] joint;
    private final float[] logits = new float[CharVocabulary.SIZE];
    // greedy state
    private final float[] state;
    private final float[] pred;

    Transducer(AsrModel model) {
        var t = model.weightType();
        int v = CharVocabulary.SIZE;
        p = Integer.parseInt(model.file().meta("prediction_hidden"));
        int j = Integer.parseInt(model.file().meta("joint_dim"));
        Dense embed = Dense.of(t, v, p, model.floats("pred.embed.weight"), model.floats("pred.embed.bias"), Activation.NONE);
        Linear wIh = Linear.of(t, model.floats("pred.lstm.0.weight_ih"), 4 * p, p, k);
        wHh = Linear.of(t, model.floats("pred.lstm.0.weight_hh"), 4 * p, p, k);
        float[] bIh = model.floats("pred.lstm.0.bias_ih");
        float[] bHh = model.floats("pred.lstm.0.bias_hh");
        inputTerm = new float[v * 4 * p];
        float[] oneHot = new float[v];
        float[] emb = new float[p];
        for (int s = 0; s < v; s++) {
            Arrays.fill(oneHot, 0f);
            oneHot[s] = 1f;
            embed.forward(oneHot, 0, emb, 0);
            wIh.apply(emb, 0, inputTerm, s * 4 * p);
            k.add(4 * p, inputTerm, s * 4 * p, bIh, 0, inputTerm, s * 4 * p);
            k.add(4 * p, inputTerm, s * 4 * p, bHh, 0, inputTerm, s * 4 * p);
        }
        predProj = Dense.of(t, p, j, model.floats("joint.pred.weight"), model.floats("joint.pred.bias"), Activation.NONE);
        out = Dense.of(t, j, v, model.floats("joint.out.weight"), model.floats("joint.out.bias"), Activation.NONE);
        gates = new float[4 * p];
        hidden = new float[p];
        joint = new float[j];
        state = new float[2 * p];
        pred = new float[j];
        reset();
    }

    /** @return floats of a prediction-network state ({@code 2P}: h then c) */
    public int stateSize() {
        return 2 * p;
    }

    /** @return joint-space width J (size of {@link #predict}'s output and of the encoder projection) */
    public int jointSize() {
        return joint.length;
    }

    /**
     * One prediction-network step: {@code (state', pred) = f(state, symbol)}.
     *
     * @param symbol the previous symbol: a token id, or {@link CharVocabulary#BLANK} as the start symbol
     * @param stateIn {@link #stateSize()} values from {@code inOff}; zeros for the initial state. Not modified.
     * @param stateOut receives the new state from {@code outOff}. Modified; may alias {@code stateIn} exactly.
     * @param predOut receives the joint-space projection {@code [J]} from {@code predOff}. Modified.
     * @throws IndexOutOfBoundsException if {@code symbol} or a range is out of bounds
     */
    public void predict(int symbol, float[] stateIn, int inOff, float[] stateOut, int outOff, float[] predOut, int predOff) {
        Objects.checkIndex(symbol, CharVocabulary.SIZE);
        wHh.apply(stateIn, inOff, gates, 0);
        k.add(4 * p, gates, 0, inputTerm, symbol * 4 * p, gates, 0);
        k.sigmoid(2 * p, gates, 0, gates, 0);           // i, f
        k.tanh(p, gates, 2 * p, gates, 2 * p);           // g
        k.sigmoid(p, gates, 3 * p, gates, 3 * p);        // o
        for (int i = 0; i < p; i++) {
            float c = gates[p + i] * stateIn[inOff + p + i] + gates[i] * gates[2 * p + i];
            stateOut[outOff + p + i] = c;
            hidden[i] = c;
        }
        k.tanh(p, hidden, 0, hidden, 0);
        k.mul(p, gates, 3 * p, hidden, 0, hidden, 0);
        System.arraycopy(hidden, 0, stateOut, outOff, p);
        predProj.forward(hidden, 0, predOut, predOff);
    }

    /**
     * The joiner's log-probabilities {@code log softmax(W_out tanh(enc + pred) + b_out)}.
     *
     * @param encoderProjection {@code [J]}. Not modified.
     * @param pred {@code [J]} from {@code predOff} (a {@link #predict} output). Not modified.
     * @param logProbs receives {@code [V]} log-probabilities. Modified.
     */
    public void jointLogProbs(float[] encoderProjection, float[] pred, int predOff, float[] logProbs) {
        jointLogits(encoderProjection, pred, predOff, logProbs);
        StreamingEncoder.logSoftmaxInPlace(logProbs);
    }

    private void jointLogits(float[] encoderProjection, float[] pred, int predOff, float[] out) {
        k.add(joint.length, encoderProjection, 0, pred, predOff, joint, 0);
        k.tanh(joint.length, joint, 0, joint, 0);
        this.out.forward(joint, 0, out, 0);
    }

    /**
     * {@code ln p(y | x)} of a whole label sequence, all alignments summed (Graves 2012, eq. 16-17);
     * see {@link #logLikelihoods}.
     *
     * @param encoderProjections {@code T} rows of {@code [J]} joint-space encoder outputs, in order. Not modified.
     * @param labels non-blank token ids. Not modified.
     * @return the log-likelihood in nats; {@code -Infinity} for an empty input with a non-empty label sequence
     * @throws IllegalArgumentException if a label is blank or out of range, or a row has the wrong size
     */
    public double logLikelihood(List<float[]> encoderProjections, int[] labels) {
        return logLikelihoods(encoderProjections, List.of(labels))[0];
    }

    /**
     * {@code ln p(y | x)} of several whole label sequences over the same input, each summed over all
     * its alignments by the RNN-T forward recursion (Graves 2012, eq. 16-17:
     * {@code alpha(t, u) = alpha(t-1, u) blank(t-1, u) + alpha(t, u-1) y(t, u-1)}, {@code p = alpha(T-1, U) blank(T-1, U)}),
     * to rescore hypotheses a search did not necessarily rank. The sequences are merged into a
     * prefix tree: {@code alpha(., u)} of a prefix depends only on its ancestors, so each distinct
     * prefix costs one prediction step and {@code T} joiner evaluations whatever the number of
     * sequences sharing it.
     *
     * @param encoderProjections {@code T} rows of {@code [J]} joint-space encoder outputs, in order. Not modified.
     * @param sequences non-blank token ids per sequence. Not modified.
     * @return per sequence the log-likelihood in nats ({@code -Infinity} for a non-empty sequence and no input)
     * @throws IllegalArgumentException if a label is blank or out of range, or a row has the wrong size
     */
    public double[] logLikelihoods(List<float[]> encoderProjections, List<int[]> sequences) {
        return logLikelihoods(encoderProjections, sequences, Double.POSITIVE_INFINITY);
    }

    /**
     * As {@link #logLikelihoods(List, List)}, with lattice pruning: a node {@code (t, u)} whose forward
     * score {@code alpha(t, u)} is more than {@code latticeBeam} nats below the best forward score
     * at frame {@code t} among the prefixes computed so far (parents before children) is not
     * expanded (no joiner evaluation; its paths are dropped). Pruning only removes alignments, so a
     * pruned value is never above the exact one; sequences whose alignments stay within the beam
     * keep their exact value up to the dropped mass. The idea of pruned RNN-T lattices: Kuang et
     * al., "Pruned RNN-T for fast, memory-efficient ASR training", Interspeech 2022 (there for the loss).
     *
     * @param latticeBeam pruning beam in nats (> 0; {@code +Infinity} = exact)
     * @throws IllegalArgumentException as {@link #logLikelihoods(List, List)}, or if the beam is not positive
     */
    public double[] logLikelihoods(List<float[]> encoderProjections, List<int[]> sequences, double latticeBeam) {
        if (!(latticeBeam > 0)) {
            throw new IllegalArgumentException("latticeBeam must be > 0, got " + latticeBeam);
        }
        int v = CharVocabulary.SIZE;
        int frames = encoderProjections.size();
        for (int t = 0; t < frames; t++) {
            if (encoderProjections.get(t).length != joint.length) {
                throw new IllegalArgumentException("encoder row " + t + " has " + encoderProjections.get(t).length
                        + " values, joiner expects " + joint.length);
            }
        }
        // prefix tree: node 0 is the empty prefix; parents precede children
        List<int[]> tree = new ArrayList<>();                  // {parent, token}
        List<java.util.Map<Integer, Integer>> children = new ArrayList<>();
        tree.add(new int[] {-1, CharVocabulary.BLANK});
        children.add(new java.util.HashMap<>());
        int[] ends = new int[sequences.size()];
        for (int s = 0; s < sequences.size(); s++) {
            int node = 0;
            int[] y = sequences.get(s);
            for (int u = 0; u < y.length; u++) {
                if (y[u] <= CharVocabulary.BLANK || y[u] >= v) {
                    throw new IllegalArgumentException("label " + y[u] + " at " + u + " of sequence " + s + " is the blank or outside [1, " + v + ")");
                }
                Integer c = children.get(node).get(y[u]);
                if (c == null) {
                    c = tree.size();
                    tree.add(new int[] {node, y[u]});
                    children.add(new java.util.HashMap<>());
                    children.get(node).put(y[u], c);
                }
                node = c;
            }
            ends[s] = node;
        }
        double[] out = new double[sequences.size()];
        if (frames == 0) {
            for (int s = 0; s < out.length; s++) {
                out[s] = ends[s] == 0 ? 0 : Double.NEGATIVE_INFINITY;
            }
            return out;
        }
        int nodes = tree.size();
        double[][] alpha = new double[nodes][];
        double[][] blank = new double[nodes][];
        double[][] emit = new double[nodes][];                 // emit[n][t]: ln y(t, parent(n)) of n's token
        double[] best = new double[frames];                    // best alpha(t) over the nodes done so far
        java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
        float[] states = new float[nodes * 2 * p];
        float[] pred = new float[joint.length];
        float[] row = new float[v];
        for (int n = 0; n < nodes; n++) {
            int parent = tree.get(n)[0];
            if (parent < 0) {
                predict(CharVocabulary.BLANK, states, 0, states, 0, pred, 0);
            } else {
                predict(tree.get(n)[1], states, parent * 2 * p, states, n * 2 * p, pred, 0);
            }
            blank[n] = new double[frames];
            for (int c : children.get(n).values()) {
                emit[c] = new double[frames];
            }
            double[] a = new double[frames];
            for (int t = 0; t < frames; t++) {
                double stay = t == 0 ? (parent < 0 ? 0 : Double.NEGATIVE_INFINITY) : a[t - 1] + blank[n][t - 1];
                double come = parent < 0 ? Double.NEGATIVE_INFINITY : alpha[parent][t] + emit[n][t];
                a[t] = LogMath.logAdd(stay, come);
                best[t] = Math.max(best[t], a[t]);
                if (a[t] >= best[t] - latticeBeam) {
                    jointLogits(encoderProjections.get(t), pred, 0, row);
                    StreamingEncoder.logSoftmaxInPlace(row);
                    blank[n][t] = row[CharVocabulary.BLANK];
                    for (var e : children.get(n).entrySet()) {
                        emit[e.getValue()][t] = row[e.getKey()];
                    }
                } else { // this node is hopeless at t: its paths through (t, n) are dropped
                    blank[n][t] = Double.NEGATIVE_INFINITY;
                    for (int c : children.get(n).values()) {
                        emit[c][t] = Double.NEGATIVE_INFINITY;
                    }
                }
            }
            alpha[n] = a;
        }
        for (int s = 0; s < out.length; s++) {
            out[s] = alpha[ends[s]][frames - 1] + blank[ends[s]][frames - 1];
        }
        return out;
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
            jointLogits(encoderProjection, pred, 0, logits);
            int best = 0;
            for (int s = 1; s < logits.length; s++) {
                if (logits[s] > logits[best]) {
                    best = s;
                }
            }
            if (best == CharVocabulary.BLANK) {
                return;
            }
            sink.symbol(best);
            predict(best, state, 0, state, 0, pred, 0);
        }
    }

    /** Restarts from the start symbol (the blank). */
    public void reset() {
        Arrays.fill(state, 0f);
        predict(CharVocabulary.BLANK, state, 0, state, 0, pred, 0);
    }
}
