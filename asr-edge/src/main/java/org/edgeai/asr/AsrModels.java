package org.edgeai.asr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.edgeai.asr.decode.DecoderConfig;
import org.edgeai.asr.decode.SystemCombination;
import org.edgeai.asr.decode.WordNgramLm;
import org.edgeai.asr.model.AsrModel;
import org.edgeai.asr.stream.CombinedRecognizer;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.io.ModelFile;

/**
 * The trained models shipped in this module ({@code org/edgeai/asr/models/} on the class path)
 * and loading by name or path.
 *
 * @implNote Stateless; thread-safe.
 */
public final class AsrModels {
    /**
     * The deployed model: RNN-T (3 x 256 LSTM encoder from the CTC model, LSTM prediction network),
     * int8 weights, trained on AN4 train; it won on AN4 dev against CTC with beam search and LM.
     */
    public static final String DEFAULT = "asr-an4-rnnt-i8.eaim";
    /** Models shipped in the jar. */
    public static final List<String> BUNDLED = List.of("asr-an4-ctc-i8.eaim", "asr-an4-ctc.eaim", "asr-an4-rnnt-i8.eaim",
            "asr-an4-rnnt.eaim", "asr-an4-rnnt-s2-i8.eaim", "asr-an4-rnnt-s3-i8.eaim", "asr-an4-rnnt-s4-i8.eaim", "asr-an4-ctc-s2-i8.eaim",
            "asr-an4ls-ctc-i8.eaim", "asr-an4ls-ctc-s2-i8.eaim");
    /**
     * Name of the shipped system combination: {@link #ENSEMBLE_MEMBERS} combined by
     * {@link CombinedRecognizer} with {@link #ENSEMBLE_WEIGHTS} (members, weights and LM weight
     * chosen on AN4 dev; see the README).
     */
    public static final String ENSEMBLE = "asr-an4-ensemble";
    /**
     * The ensemble's int8 members, the primary (endpoints, interim results) first: the deployed RNN-T,
     * three RNN-Ts trained with the same recipe and other seeds (two from the deployed CTC encoder,
     * one from a second CTC model), and two CTC models trained on AN4 plus LibriSpeech mini's train
     * split (seeds 20261131 and 20261134; they replaced the two AN4-only CTC members).
     */
    public static final List<String> ENSEMBLE_MEMBERS = List.of(DEFAULT, "asr-an4-rnnt-s2-i8.eaim", "asr-an4-rnnt-s3-i8.eaim",
            "asr-an4-rnnt-s4-i8.eaim", "asr-an4ls-ctc-i8.eaim", "asr-an4ls-ctc-s2-i8.eaim");
    /** Weights of the ensemble: 1 per RNN-T, 1 per CTC model, LM weight 0.7, no word bonus (tied per architecture, chosen on AN4 dev). */
    public static final SystemCombination.Weights ENSEMBLE_WEIGHTS = new SystemCombination.Weights(List.of(1.0, 1.0, 1.0, 1.0, 1.0, 1.0),
            0.7, 0);

    private AsrModels() {
    }

    /**
     * The shipped ensemble as a streaming recognizer: each member with its architecture's beam
     * search ({@link DecoderConfig#transducerBeam()}, {@link DecoderConfig#beamWithLm()}).
     *
     * @param weights precision to run the members in, or null for the stored (int8)
     * @param lm word LM and lexicon (the members' searches and the combined score use it)
     * @param endpointSilenceS trailing silence that ends a segment (seconds, > 0)
     * @throws IOException if a member cannot be read
     */
    public static CombinedRecognizer newEnsemble(DType weights, WordNgramLm lm, double endpointSilenceS) throws IOException {
        List<AsrModel> models = new ArrayList<>();
        for (String name : ENSEMBLE_MEMBERS) {
            models.add(load(name, weights));
        }
        return newEnsemble(models, lm, endpointSilenceS);
    }

    /**
     * The shipped ensemble over already loaded members (e.g. shared by a server's streams).
     *
     * @param members the models of {@link #ENSEMBLE_MEMBERS}, in that order
     * @param lm word LM and lexicon
     * @param endpointSilenceS trailing silence that ends a segment (seconds, > 0)
     * @throws IllegalArgumentException if the member count is wrong or the LM is missing
     */
    public static CombinedRecognizer newEnsemble(List<AsrModel> members, WordNgramLm lm, double endpointSilenceS) {
        if (members.size() != ENSEMBLE_MEMBERS.size()) {
            throw new IllegalArgumentException("the ensemble has " + ENSEMBLE_MEMBERS.size() + " members, got " + members.size());
        }
        List<DecoderConfig> configs = new ArrayList<>();
        for (AsrModel m : members) {
            configs.add((m.arch() == AsrModel.Arch.RNNT ? DecoderConfig.transducerBeam() : DecoderConfig.beamWithLm())
                    .withEndpointSilenceS(endpointSilenceS));
        }
        return new CombinedRecognizer(members, configs, lm, ENSEMBLE_WEIGHTS);
    }

    /**
     * @param nameOrPath a bundled model name (see {@link #BUNDLED}) or a model file path
     * @param weights precision to run in, or null for the stored precision
     * @throws IOException if the file cannot be read or the bundled model is missing
     * @throws org.edgeai.kernel.io.ModelFormatException if the file is invalid
     */
    public static AsrModel load(String nameOrPath, DType weights) throws IOException {
        ModelFile f;
        if (BUNDLED.contains(nameOrPath) && !Files.exists(Path.of(nameOrPath))) {
            try (InputStream in = AsrModels.class.getResourceAsStream("/org/edgeai/asr/models/" + nameOrPath)) {
                if (in == null) {
                    throw new IOException("bundled model " + nameOrPath + " is not in this build");
                }
                f = ModelFile.parse(in.readAllBytes());
            }
        } else {
            Path p = Path.of(nameOrPath);
            if (!Files.isRegularFile(p)) {
                throw new IOException("model not found: " + nameOrPath + " (bundled models: " + BUNDLED + ")");
            }
            f = ModelFile.read(p);
        }
        return AsrModel.of(f, weights == null ? AsrModel.storedType(f) : weights);
    }
}
