package org.edgeai.asr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.edgeai.asr.data.CharVocabulary;
import org.edgeai.asr.model.AsrModel;
import org.edgeai.asr.model.EncoderSpec;
import org.edgeai.asr.model.ModelExport;
import org.edgeai.asr.model.StreamingEncoder;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.Tensor;
import org.edgeai.kernel.io.ModelFile;
import org.junit.jupiter.api.Test;

/** The exported kernel model must compute what the DJL network computes (LSTM layout, gate order, stacking). */
class ExportParityTest {

    @Test
    void kernelEncoderMatchesDjlNetworkInF32AndCloselyInInt8() {
        EncoderSpec spec = new EncoderSpec(80, 4, 48, 40, 2, 100);
        CtcNetwork net = new CtcNetwork(spec, 0f);
        int steps = 9;
        Random r = new Random(345);
        float[] x = new float[steps * spec.stackedDim()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        Engine.getInstance().setRandomSeed(7);
        float[] djl;
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        try (Model model = Model.newInstance("parity", Device.cpu())) {
            model.setBlock(net.block());
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()))) {
                trainer.initialize(new Shape(new long[] {1, 4, spec.stackedDim()}, "NTC"));
                try (NDManager m = trainer.getManager().newSubManager()) {
                    NDArray in = m.create(x, new Shape(1, steps, spec.stackedDim()));
                    djl = trainer.evaluate(new NDList(in)).singletonOrThrow().logSoftmax(-1).toFloatArray();
                }
                float[] mean = new float[80];
                float[] std = new float[80];
                java.util.Arrays.fill(std, 1f);
                tensors.put("cmvn.mean", Tensor.ofF32(mean, 80));
                tensors.put("cmvn.std", Tensor.ofF32(std, 80));
                tensors.putAll(net.exportParameters());
            }
        }
        Map<String, String> meta = new LinkedHashMap<>(spec.toMetadata());
        meta.put("arch", "ctc-lstm");
        ModelFile f32 = new ModelFile("parity", meta, tensors);
        float[] k32 = run(AsrModel.of(f32, DType.F32), x, steps);
        float[] k8 = run(AsrModel.of(ModelExport.quantize(f32), DType.I8), x, steps);
        double maxDiff8 = 0;
        for (int i = 0; i < djl.length; i++) {
            assertEquals(djl[i], k32[i], 2e-4, "f32 log-prob " + i);
            maxDiff8 = Math.max(maxDiff8, Math.abs(djl[i] - k8[i]));
        }
        assertTrue(maxDiff8 < 0.15, "int8 log-probs within 0.15 nats of f32, got " + maxDiff8);
    }

    private static float[] run(AsrModel model, float[] x, int steps) {
        StreamingEncoder enc = model.newEncoder();
        int v = CharVocabulary.SIZE;
        float[] out = new float[steps * v];
        int mel = model.spec().melBins();
        for (int f = 0; f < steps * model.spec().stackFrames(); f++) {
            enc.acceptNormalizedFrame(x, f * mel, (o, s) -> System.arraycopy(o, 0, out, (int) s * v, v));
        }
        return out;
    }
}
