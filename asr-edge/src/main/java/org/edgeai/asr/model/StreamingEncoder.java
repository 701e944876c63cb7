package org.edgeai.asr.model;

import java.util.ArrayList;
import java.util.List;
import org.edgeai.asr.data.CharVocabulary;
import org.edgeai.asr.features.LogMelConfig;
import org.edgeai.asr.features.LogMelExtractor;
import org.edgeai.asr.features.OnlineCmvn;
import org.edgeai.kernel.graph.Activation;
import org.edgeai.kernel.graph.ModelGraph;
import org.edgeai.kernel.graph.OpNode;
import org.edgeai.kernel.nn.Dense;
import org.edgeai.kernel.nn.LstmCell;

/**
 * The streaming encoder on kernel layers: 16 kHz PCM in any chunking -> log-mel (10 ms) -> causal
 * CMVN -> stack of {@code stackFrames} frames -> ReLU dense front-end -> LSTM stack -> per encoder
 * step either CTC log-probabilities {@code [V]} (CTC models) or the joint-space projection
 * {@code [J]} (RNN-T models). No look-ahead: an encoder step is emitted as soon as its last audio
 * sample arrives.
 *
 * @implNote Owns all streaming state: not thread-safe, one per stream, {@link #reset()} between
 * streams. Allocation-free per step after construction.
 */
public final class StreamingEncoder {
    /** Receives one encoder output. */
    @FunctionalInterface
    public interface StepSink {
        /**
         * @param output {@link #outputSize()} values; valid only during the call. Do not modify.
         * @param step 0-based encoder step since reset; covers audio up to {@code (step+1) * stack * 10 ms}
         */
        void step(float[] output, long step);
    }

    private final AsrModel model;
    private final EncoderSpec spec;
    private final LogMelExtractor mel;
    private final OnlineCmvn cmvn;
    private final Dense frontend;
    private final LstmCell[] lstm;
    private final Dense head;
    private final float[] stacked;
    private final float[] a;
    private final float[] b;
    private final float[] out;
    private final boolean ctc;
    private int stackedCount;
    private long step;
    private StepSink sink;

    StreamingEncoder(AsrModel model) {
        this.model = model;
        this.spec = model.spec();
        LogMelConfig lc = LogMelConfig.asr16k();
        if (lc.melBins() != spec.melBins()) {
            throw new IllegalArgumentException("model expects " + spec.melBins() + " mel bins, features give " + lc.melBins());
        }
        this.mel = new LogMelExtractor(lc);
        this.cmvn = new OnlineCmvn(model.floats("cmvn.mean"), model.floats("cmvn.std"), spec.cmvnPriorFrames());
        var t = model.weightType();
        this.frontend = Dense.of(t, spec.stackedDim(), spec.frontendUnits(), model.floats("frontend.weight"),
                model.floats("frontend.bias"), Activation.RELU);
        this.lstm = new LstmCell[spec.layers()];
        for (int l = 0; l < lstm.length; l++) {
            String p = "encoder.lstm." + l + ".";
            lstm[l] = LstmCell.of(t, l == 0 ? spec.frontendUnits() : spec.hidden(), spec.hidden(),
                    model.floats(p + "weight_ih"), model.floats(p + "weight_hh"), model.floats(p + "bias_ih"),
                    model.floats(p + "bias_hh"));
        }
        this.ctc = model.arch() == AsrModel.Arch.CTC;
        String h = ctc ? "ctc." : "joint.enc.";
        float[] w = model.floats(h + "weight");
        int rows = w.length / spec.hidden();
        this.head = Dense.of(t, spec.hidden(), rows, w, model.floats(h + "bias"), Activation.NONE);
        this.stacked = new float[spec.stackedDim()];
        this.a = new float[Math.max(spec.frontendUnits(), spec.hidden())];
        this.b = new float[Math.max(spec.frontendUnits(), spec.hidden())];
        this.out = new float[rows];
    }

    /** @return floats per output: V for CTC (log-probabilities), J for RNN-T (joint-space encoder projection) */
    public int outputSize() {
        return out.length;
    }

    /** @return the model */
    public AsrModel model() {
        return model;
    }

    /** @return 16 kHz samples per encoder step */
    public int samplesPerStep() {
        return spec.stackFrames() * LogMelConfig.asr16k().hopSamples();
    }

    /**
     * Feeds 16 kHz mono samples; calls {@code sink} for every completed encoder step, in order.
     *
     * @param pcm full scale [-1, 1] samples from {@code offset}. Not modified.
     * @throws IndexOutOfBoundsException if the range lies outside {@code pcm}
     */
    public void accept(float[] pcm, int offset, int length, StepSink sink) {
        this.sink = sink;
        mel.accept(pcm, offset, length, this::onFrame);
        this.sink = null;
    }

    private void onFrame(float[] f, int off, long index) {
        int m = spec.melBins();
        cmvn.apply(f, off, stacked, stackedCount * m);
        stackedFrame(sink);
    }

    /**
     * Feeds one already normalized feature frame (bypassing log-mel and CMVN), e.g. to check the
     * network against a training framework on identical inputs.
     *
     * @param frame {@code melBins} normalized features from {@code offset}. Not modified.
     */
    public void acceptNormalizedFrame(float[] frame, int offset, StepSink sink) {
        System.arraycopy(frame, offset, stacked, stackedCount * spec.melBins(), spec.melBins());
        stackedFrame(sink);
    }

    private void stackedFrame(StepSink sink) {
        if (++stackedCount < spec.stackFrames()) {
            return;
        }
        stackedCount = 0;
        frontend.forward(stacked, 0, a, 0);
        float[] x = a;
        float[] y = b;
        for (LstmCell cell : lstm) {
            cell.forward(x, 0, y, 0);
            float[] s = x;
            x = y;
            y = s;
        }
        head.forward(x, 0, out, 0);
        if (ctc) {
            logSoftmaxInPlace(out);
        }
        sink.step(out, step++);
    }

    static void logSoftmaxInPlace(float[] z) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v);
        }
        double s = 0;
        for (float v : z) {
            s += Math.exp(v - max);
        }
        float lse = (float) (max + Math.log(s));
        for (int i = 0; i < z.length; i++) {
            z[i] -= lse;
        }
    }

    /** Clears features, normalization statistics and recurrent state. */
    public void reset() {
        mel.reset();
        cmvn.reset();
        for (LstmCell c : lstm) {
            c.reset();
        }
        stackedCount = 0;
        step = 0;
    }

    /** @return the encoder as a kernel model graph (for NPU pricing and reports) */
    public ModelGraph graph() {
        List<OpNode> nodes = new ArrayList<>(frontend.describe("frontend"));
        for (int l = 0; l < lstm.length; l++) {
            nodes.addAll(lstm[l].describe("lstm" + l));
        }
        nodes.addAll(head.describe(ctc ? "ctc" : "joint_enc"));
        return new ModelGraph(model.file().name(), nodes);
    }

    /**
     * Whole-utterance convenience: every encoder output for {@code pcm}.
     *
     * @return {@code [steps][outputSize]}
     */
    public float[][] encodeAll(float[] pcm) {
        reset();
        List<float[]> rows = new ArrayList<>();
        accept(pcm, 0, pcm.length, (o, s) -> rows.add(o.clone()));
        return rows.toArray(new float[0][]);
    }

    /** @return the vocabulary size of CTC outputs */
    static int vocab() {
        return CharVocabulary.SIZE;
    }
}
