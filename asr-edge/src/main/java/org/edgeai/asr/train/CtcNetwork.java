package org.edgeai.asr.train;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.recurrent.LSTM;
import java.util.LinkedHashMap;
import java.util.Map;
import org.edgeai.asr.data.CharVocabulary;
import org.edgeai.asr.model.EncoderSpec;

/**
 * The CTC network in DJL: stacked frames {@code [B, T, stack*mel]} -> Linear + ReLU -> dropout ->
 * LSTM stack (batch first, PyTorch cuDNN-style weights) -> dropout -> Linear to the 29 symbols.
 * Mirrors {@link org.edgeai.asr.model.AsrModel} on the kernel exactly.
 */
final class CtcNetwork implements TrainableNetwork {
    private final EncoderSpec spec;
    private final Linear frontend;
    private final LSTM lstm;
    private final Linear output;
    private final SequentialBlock block;

    CtcNetwork(EncoderSpec spec, float dropout) {
        this.spec = spec;
        this.frontend = Linear.builder().setUnits(spec.frontendUnits()).build();
        this.lstm = LSTM.builder().setStateSize(spec.hidden()).setNumLayers(spec.layers()).optDropRate(dropout)
                .optBatchFirst(true).build();
        this.output = Linear.builder().setUnits(CharVocabulary.SIZE).build();
        this.block = new SequentialBlock()
                .add(frontend)
                .add(Activation.reluBlock())
                .add(Dropout.builder().optRate(dropout).build())
                .add(lstm)
                .add((NDList l) -> new NDList(l.head()))
                .add(Dropout.builder().optRate(dropout).build())
                .add(output);
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
        m.put("encoder.lstm", lstm);
        m.put("ctc", output);
        return m;
    }
}
