package org.edgeai.asr.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.edgeai.asr.data.CharVocabulary;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.io.ModelFile;
import org.edgeai.kernel.io.ModelFormatException;

/**
 * A trained recognizer loaded from a kernel model file ({@code arch} {@code ctc-lstm} or
 * {@code rnnt-lstm}), ready to create per-stream encoders on the kernel layers. Immutable: it holds
 * the f32 (or dequantized int8) parameters; each {@link #newEncoder()} builds its own layers in
 * {@link #weightType()} precision, so streams never share state.
 *
 * <p>Tensors (PyTorch layouts): {@code cmvn.mean/std [mel]}, {@code frontend.weight
 * [F, stack*mel]}, {@code frontend.bias [F]}, {@code encoder.lstm.L.weight_ih [4H, in]},
 * {@code .weight_hh [4H, H]}, {@code .bias_ih/.bias_hh [4H]}; CTC: {@code ctc.weight [V, H]},
 * {@code ctc.bias [V]}; RNN-T: {@code joint.enc.*}, {@code pred.embed.*}, {@code pred.lstm.0.*},
 * {@code joint.pred.*}, {@code joint.out.*}.
 *
 * @implNote Immutable; thread-safe. Encoders it creates are not.
 */
public final class AsrModel {
    /** Model architecture. */
    public enum Arch {
        /** LSTM encoder with a CTC output layer. */
        CTC,
        /** LSTM encoder, LSTM prediction network and joiner (RNN transducer). */
        RNNT
    }

    private final ModelFile file;
    private final EncoderSpec spec;
    private final Arch arch;
    private final DType weightType;

    private AsrModel(ModelFile file, DType weightType) {
        this.file = file;
        this.spec = EncoderSpec.fromMetadata(file);
        String a = file.meta("arch");
        this.arch = switch (a) {
            case "ctc-lstm" -> Arch.CTC;
            case "rnnt-lstm" -> Arch.RNNT;
            default -> throw new ModelFormatException("model '" + file.name() + "': unknown arch '" + a + "' (expected ctc-lstm or rnnt-lstm)");
        };
        if (weightType != DType.F32 && weightType != DType.I8 && weightType != DType.F16) {
            throw new IllegalArgumentException("weight type must be F32, F16 or I8, got " + weightType);
        }
        this.weightType = weightType;
        // validate shapes up front so a bad file fails at load, not mid-stream
        int m = spec.melBins();
        int h = spec.hidden();
        file.floats("cmvn.mean", m);
        float[] std = file.floats("cmvn.std", m);
        for (int i = 0; i < std.length; i++) {
            if (!(std[i] > 0) || !Float.isFinite(std[i])) {
                throw new ModelFormatException("model '" + file.name() + "': cmvn.std[" + i + "] = " + std[i]
                        + " (must be positive and finite)");
            }
        }
        file.floats("frontend.weight", spec.frontendUnits(), spec.stackedDim());
        file.floats("frontend.bias", spec.frontendUnits());
        for (int l = 0; l < spec.layers(); l++) {
            int in = l == 0 ? spec.frontendUnits() : h;
            String p = "encoder.lstm." + l + ".";
            file.floats(p + "weight_ih", 4 * h, in);
            file.floats(p + "weight_hh", 4 * h, h);
            file.floats(p + "bias_ih", 4 * h);
            file.floats(p + "bias_hh", 4 * h);
        }
        if (arch == Arch.CTC) {
            file.floats("ctc.weight", CharVocabulary.SIZE, h);
            file.floats("ctc.bias", CharVocabulary.SIZE);
        } else {
            int j = positiveMeta(file, "joint_dim");
            int p = positiveMeta(file, "prediction_hidden");
            file.floats("joint.enc.weight", j, h);
            file.floats("joint.enc.bias", j);
            file.floats("pred.embed.weight", p, CharVocabulary.SIZE);
            file.floats("pred.embed.bias", p);
            file.floats("pred.lstm.0.weight_ih", 4 * p, p);
            file.floats("pred.lstm.0.weight_hh", 4 * p, p);
            file.floats("pred.lstm.0.bias_ih", 4 * p);
            file.floats("pred.lstm.0.bias_hh", 4 * p);
            file.floats("joint.pred.weight", j, p);
            file.floats("joint.pred.bias", j);
            file.floats("joint.out.weight", CharVocabulary.SIZE, j);
            file.floats("joint.out.bias", CharVocabulary.SIZE);
        }
    }

    private static int positiveMeta(ModelFile file, String key) {
        String v = file.meta(key);
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ModelFormatException("model '" + file.name() + "': metadata " + key + " = '" + v + "' (must be a positive integer)");
    }

    /**
     * Loads a model, running it in the precision it is stored in (int8 files in I8, f32 files in F32).
     *
     * @throws IOException if unreadable
     * @throws ModelFormatException if the file is invalid or not an ASR model
     */
    public static AsrModel load(Path file) throws IOException {
        ModelFile m = ModelFile.read(file);
        return of(m, storedType(m));
    }

    /** @return the model running in {@code weightType} (F32, F16 or I8) */
    public static AsrModel load(Path file, DType weightType) throws IOException {
        return of(ModelFile.read(file), weightType);
    }

    /** @return a model over an in-memory file */
    public static AsrModel of(ModelFile file, DType weightType) {
        return new AsrModel(Objects.requireNonNull(file, "file"), weightType);
    }

    /** @return I8 if any tensor is stored as int8, else F32 */
    public static DType storedType(ModelFile m) {
        return m.tensors().values().stream().anyMatch(t -> t.dtype() == DType.I8) ? DType.I8 : DType.F32;
    }

    /** @return the underlying file */
    public ModelFile file() {
        return file;
    }

    /** @return the encoder geometry */
    public EncoderSpec spec() {
        return spec;
    }

    /** @return CTC or RNN-T */
    public Arch arch() {
        return arch;
    }

    /** @return the precision layers run in */
    public DType weightType() {
        return weightType;
    }

    /** @return a new streaming encoder (own state and scratch) */
    public StreamingEncoder newEncoder() {
        return new StreamingEncoder(this);
    }

    /** @return a new RNN-T prediction network and joiner (own state)
     * @throws IllegalStateException if this is a CTC model */
    public Transducer newTransducer() {
        if (arch != Arch.RNNT) {
            throw new IllegalStateException("model '" + file.name() + "' is " + arch + ", not an RNN-T model");
        }
        return new Transducer(this);
    }

    float[] floats(String name) {
        return file.floats(name);
    }

    /** @return encoder steps per second of audio (100 / stack at a 10 ms hop) */
    public double stepsPerSecond() {
        return 100.0 / spec.stackFrames();
    }
}
