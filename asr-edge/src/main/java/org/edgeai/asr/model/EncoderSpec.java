package org.edgeai.asr.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.edgeai.kernel.io.ModelFile;

/**
 * Geometry of the streaming encoder: 80-bin log-mel frames (10 ms), causal mean/variance
 * normalization, {@code stackFrames} consecutive frames concatenated (a convolution over time with
 * kernel = stride = {@code stackFrames}, i.e. x{@code stackFrames} subsampling), a ReLU dense
 * front-end of {@code frontendUnits}, then {@code layers} unidirectional LSTM layers of
 * {@code hidden} units.
 *
 * @param melBins feature bins per 10 ms frame
 * @param stackFrames frames per encoder step (subsampling factor)
 * @param frontendUnits width of the front-end projection
 * @param hidden LSTM hidden size
 * @param layers number of LSTM layers
 * @param cmvnPriorFrames weight of the global mean in the causal normalization, in frames
 */
public record EncoderSpec(int melBins, int stackFrames, int frontendUnits, int hidden, int layers, double cmvnPriorFrames) {
    /** @throws IllegalArgumentException if a size is not positive */
    public EncoderSpec {
        if (melBins < 1 || stackFrames < 1 || frontendUnits < 1 || hidden < 1 || layers < 1 || !(cmvnPriorFrames >= 0)) {
            throw new IllegalArgumentException("invalid encoder geometry: melBins=" + melBins + " stack=" + stackFrames
                    + " frontend=" + frontendUnits + " hidden=" + hidden + " layers=" + layers + " prior=" + cmvnPriorFrames);
        }
    }

    /** The deployed AN4 geometry: 80 mel, x4 stacking, 256-unit front-end, 3 x 256 LSTM, 1 s CMVN prior. */
    public static EncoderSpec defaults() {
        return new EncoderSpec(80, 4, 256, 256, 3, 100);
    }

    /** @return input width of the front-end ({@code melBins * stackFrames}) */
    public int stackedDim() {
        return melBins * stackFrames;
    }

    /** @return these fields as model metadata */
    public Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("mel_bins", Integer.toString(melBins));
        m.put("stack_frames", Integer.toString(stackFrames));
        m.put("frontend_units", Integer.toString(frontendUnits));
        m.put("hidden", Integer.toString(hidden));
        m.put("layers", Integer.toString(layers));
        m.put("cmvn_prior_frames", Double.toString(cmvnPriorFrames));
        return m;
    }

    /**
     * @throws org.edgeai.kernel.io.ModelFormatException if a key is missing
     * @throws IllegalArgumentException if a value is malformed
     */
    public static EncoderSpec fromMetadata(ModelFile m) {
        try {
            return new EncoderSpec(Integer.parseInt(m.meta("mel_bins")), Integer.parseInt(m.meta("stack_frames")),
                    Integer.parseInt(m.meta("frontend_units")), Integer.parseInt(m.meta("hidden")),
                    Integer.parseInt(m.meta("layers")), Double.parseDouble(m.meta("cmvn_prior_frames")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model '" + m.name() + "': malformed encoder metadata: " + e.getMessage(), e);
        }
    }
}
