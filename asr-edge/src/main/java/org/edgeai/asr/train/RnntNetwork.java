package org.edgeai.asr.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.edgeai.asr.data.CharVocabulary;
import org.edgeai.asr.model.EncoderSpec;

/**
 * The RNN-T network in DJL (Graves 2012): the same streaming encoder as the CTC model followed by
 * a projection to the joint space; a prediction network over the previous non-blank symbol
 * (one-hot with the blank as start symbol -> linear embedding -> 1-layer LSTM -> projection); and a
 * joiner {@code logits(t,u) = W_out tanh(enc(t) + pred(u)) + b_out} evaluated on the full lattice
 * {@code [B, T, U+1, V]}.
 */
final class RnntNetwork implements TrainableNetwork {
    private final EncoderSpec spec;
    private final Linear frontend;
    private final LSTM encoderLstm;
    private final Linear encProj;
    private final Linear embed;
    private final LSTM predLstm;
    private final Linear predProj;
    private final Linear out;
    private final Linear ctc;
    private final Joint block;

    RnntNetwork(EncoderSpec spec, float dropout, int predHidden, int jointDim, boolean ctcHead) {
        this.spec = spec;
        frontend = Linear.builder().setUnits(spec.frontendUnits()).build();
        encoderLstm = LSTM.builder().setStateSize(spec.hidden()).setNumLayers(spec.layers()).optDropRate(dropout).build();
        encProj = Linear.builder().setUnits(jointDim).build();
        embed = Linear.builder().setUnits(predHidden).build();
        predLstm = LSTM.builder().setStateSize(predHidden).setNumLayers(1).build();
        predProj = Linear.builder().setUnits(jointDim).build();
        out = Linear.builder().setUnits(CharVocabulary.SIZE).build();
        ctc = ctcHead ? Linear.builder().setUnits(CharVocabulary.SIZE).build() : null;
        SequentialBlock encoder = new SequentialBlock().add(frontend).add(Activation.reluBlock())
                .add(Dropout.builder().optRate(dropout).build()).add(encoderLstm).add((NDList l) -> new NDList(l.head()))
                .add(Dropout.builder().optRate(dropout).build());
        SequentialBlock predictor = new SequentialBlock().add(embed).add(predLstm).add((NDList l) -> new NDList(l.head()))
                .add(Dropout.builder().optRate(dropout).build()).add(predProj);
        block = new Joint(encoder, encProj, ctc, predictor, out);
    }

    /** @return whether the network has the auxiliary CTC head (second output) */
    boolean hasCtcHead() {
        return ctc != null;
    }

    /**
     * @return the prediction network input {@code [B, uMax+1, V]}: one-hot of the blank (start
     *         symbol) then of each label; padding rows are all zero
     */
    static float[] predictorInput(int[][] labels, int uMax) {
        int v = CharVocabulary.SIZE;
        float[] x = new float[labels.length * (uMax + 1) * v];
        for (int b = 0; b < labels.length; b++) {
            int base = b * (uMax + 1) * v;
            x[base + CharVocabulary.BLANK] = 1f;
            for (int u = 0; u < labels[b].length; u++) {
                x[base + (u + 1) * v + labels[b][u]] = 1f;
            }
        }
        return x;
    }

    @Override
    public Block block() {
        return block;
    }

    @Override
    public EncoderSpec spec() {
        return spec;
    }

    @Override
    public Map<String, Block> parts() {
        Map<String, Block> m = new LinkedHashMap<>();
        m.put("frontend", frontend);
        m.put("encoder.lstm", encoderLstm);
        m.put("joint.enc", encProj);
        m.put("pred.embed", embed);
        m.put("pred.lstm", predLstm);
        m.put("joint.pred", predProj);
        m.put("joint.out", out);
        if (ctc != null) {
            m.put("ctc", ctc);
        }
        return m;
    }

    /**
     * Inputs: features {@code [B, T, D]}, predictor one-hots {@code [B, U+1, V]}; outputs logits
     * {@code [B, T, U+1, V]} and, with a CTC head, CTC logits {@code [B, T, V]}.
     */
    static final class Joint extends AbstractBlock {
        private final Block encoder;
        private final Block encProj;
        private final Block ctc;
        private final Block predictor;
        private final Block out;

        Joint(Block encoder, Block encProj, Block ctc, Block predictor, Block out) {
            this.encoder = addChildBlock("encoder", encoder);
            this.encProj = addChildBlock("encproj", encProj);
            this.ctc = ctc == null ? null : addChildBlock("ctc", ctc);
            this.predictor = addChildBlock("predictor", predictor);
            this.out = addChildBlock("out", out);
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray h = encoder.forward(ps, new NDList(inputs.get(0)), training, params).head();     // [B, T, H]
            NDArray enc = encProj.forward(ps, new NDList(h), training, params).head();                // [B, T, J]
            NDArray pred = predictor.forward(ps, new NDList(inputs.get(1)), training, params).head(); // [B, U+1, J]
            NDArray joint = enc.expandDims(2).add(pred.expandDims(1)).tanh();                         // [B, T, U+1, J]
            NDArray logits = out.forward(ps, new NDList(joint), training, params).head();
            if (ctc == null) {
                return new NDList(logits);
            }
            return new NDList(logits, ctc.forward(ps, new NDList(h), training, params).head());
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputs) {
            Shape lattice = new Shape(inputs[0].get(0), inputs[0].get(1), inputs[1].get(1), CharVocabulary.SIZE);
            if (ctc == null) {
                return new Shape[] {lattice};
            }
            return new Shape[] {lattice, new Shape(inputs[0].get(0), inputs[0].get(1), CharVocabulary.SIZE)};
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            encoder.initialize(manager, dataType, inputShapes[0]);
            Shape h = encoder.getOutputShapes(new Shape[] {inputShapes[0]})[0];
            encProj.initialize(manager, dataType, h);
            if (ctc != null) {
                ctc.initialize(manager, dataType, h);
            }
            predictor.initialize(manager, dataType, inputShapes[1]);
            Shape e = encProj.getOutputShapes(new Shape[] {h})[0];
            out.initialize(manager, dataType, new Shape(e.get(0), e.get(1), inputShapes[1].get(1), e.get(2)));
        }
    }
}
