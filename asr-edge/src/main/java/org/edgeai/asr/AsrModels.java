package org.edgeai.asr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.edgeai.asr.model.AsrModel;
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
            "asr-an4-rnnt.eaim");

    private AsrModels() {
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
