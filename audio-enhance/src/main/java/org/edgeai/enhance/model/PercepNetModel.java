package org.edgeai.enhance.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.Tensor;
import org.edgeai.kernel.io.ModelFile;
import org.edgeai.kernel.io.ModelFormatException;
import org.edgeai.kernel.quant.QuantizedMatrix;
import org.edgeai.kernel.quant.Quantization;

/**
 * The trained PercepNet-style gain network: its architecture, f32 weights in PyTorch layout, and
 * the metadata of the model file. Build one {@link GainNetwork} per stream with {@link #newStream}.
 *
 * <h2>Architecture ({@link Architecture})</h2>
 * {@code features [F] -> CausalConv1d(F, C1, k=3) tanh -> CausalConv1d(C1, C2, k=3) tanh -> GRU(C2, H1)
 * -> GRU(H1, H2) -> Dense([H1 ; H2], 2B) sigmoid -> (g_1..g_B, r_1..r_B)}. All layers are causal;
 * the 2-frame look-ahead comes from training the output at step t against the targets of frame t-2.
 *
 * <h2>Tensors in the model file (PyTorch layouts)</h2>
 * {@code conv1.weight [C1, F, 3]}, {@code conv1.bias [C1]}, {@code conv2.weight [C2, C1, 3]},
 * {@code conv2.bias}, {@code gru1.weight_ih [3H1, C2]}, {@code gru1.weight_hh [3H1, H1]},
 * {@code gru1.bias_ih}, {@code gru1.bias_hh}, {@code gru2.*} likewise, {@code out.weight [2B, H1+H2]},
 * {@code out.bias [2B]}; optionally {@code calibration.gain [B, K]} (f32), a {@link GainCalibration}
 * applied to the network's band gains. Weight matrices may be stored as int8 with per-row scales (axis 0); biases
 * are f32. Metadata keys: {@code arch} ("percepnet-conv2-gru2"), {@code sample_rate_hz},
 * {@code feature_size}, {@code bands}, {@code conv1}, {@code conv2}, {@code gru1}, {@code gru2}, plus
 * free-form training provenance.
 *
 * @implNote Immutable; thread-safe.
 */
public final class PercepNetModel {
    /** Metadata value of the {@code arch} key. */
    public static final String ARCH = "percepnet-conv2-gru2";
    /** Name of the optional gain-calibration tensor. */
    public static final String CALIBRATION_TENSOR = "calibration.gain";
    /** Class-path resource of the shipped int8 model (16 kHz). */
    public static final String DEFAULT_RESOURCE = "/org/edgeai/enhance/models/percepnet16k-int8.eaim";
    /** Class-path resource of the shipped f32 model (16 kHz, the same training run). */
    public static final String DEFAULT_F32_RESOURCE = "/org/edgeai/enhance/models/percepnet16k-f32.eaim";

    /**
     * Layer sizes.
     *
     * @param featureSize F = 2B + 2
     * @param bands       B
     * @param conv1       C1 channels
     * @param conv2       C2 channels
     * @param gru1        H1
     * @param gru2        H2
     */
    public record Architecture(int featureSize, int bands, int conv1, int conv2, int gru1, int gru2) {
        /** @throws IllegalArgumentException if a size is not positive or F != 2B + 2 */
        public Architecture {
            if (featureSize <= 0 || bands <= 0 || conv1 <= 0 || conv2 <= 0 || gru1 <= 0 || gru2 <= 0) {
                throw new IllegalArgumentException("all sizes must be positive: " + featureSize + "," + bands + "," + conv1
                        + "," + conv2 + "," + gru1 + "," + gru2);
            }
            if (featureSize != 2 * bands + 2) {
                throw new IllegalArgumentException("feature size " + featureSize + " != 2 * bands + 2 = " + (2 * bands + 2));
            }
        }

        /** @return the default sizes for B bands: C1 = C2 = 64, H1 = H2 = 96 */
        public static Architecture defaults(int bands) {
            return new Architecture(2 * bands + 2, bands, 64, 64, 96, 96);
        }

        /** @return multiply-accumulates per frame (weights only) */
        public long macsPerFrame() {
            return (long) conv1 * featureSize * 3 + (long) conv2 * conv1 * 3 + 3L * gru1 * (conv2 + gru1)
                    + 3L * gru2 * (gru1 + gru2) + 2L * bands * (gru1 + gru2);
        }

        /** @return the expected shape of each tensor, in file order */
        public Map<String, int[]> shapes() {
            Map<String, int[]> m = new LinkedHashMap<>();
            m.put("conv1.weight", new int[] {conv1, featureSize, 3});
            m.put("conv1.bias", new int[] {conv1});
            m.put("conv2.weight", new int[] {conv2, conv1, 3});
            m.put("conv2.bias", new int[] {conv2});
            m.put("gru1.weight_ih", new int[] {3 * gru1, conv2});
            m.put("gru1.weight_hh", new int[] {3 * gru1, gru1});
            m.put("gru1.bias_ih", new int[] {3 * gru1});
            m.put("gru1.bias_hh", new int[] {3 * gru1});
            m.put("gru2.weight_ih", new int[] {3 * gru2, gru1});
            m.put("gru2.weight_hh", new int[] {3 * gru2, gru2});
            m.put("gru2.bias_ih", new int[] {3 * gru2});
            m.put("gru2.bias_hh", new int[] {3 * gru2});
            m.put("out.weight", new int[] {2 * bands, gru1 + gru2});
            m.put("out.bias", new int[] {2 * bands});
            return m;
        }
    }

    /**
     * Metadata key: whether PercepNet's envelope post-filter (Valin et al. 2020, Sec. 4) belongs on this model's gains,
     * {@code "true"} or {@code "false"}; absent means true. A network trained with a loss that scores the gains as they
     * are applied without the post-filter (the envelope-correlation term of the trainer) is exported with {@code false}.
     */
    public static final String POST_FILTER_KEY = "post_filter";

    private final Architecture arch;
    private final int sampleRateHz;
    private final Map<String, float[]> weights;
    private final Map<String, String> metadata;
    private final DType storedType;
    private final GainCalibration calibration;

    private PercepNetModel(Architecture arch, int sampleRateHz, Map<String, float[]> weights, Map<String, String> metadata,
                           DType storedType, GainCalibration calibration) {
        this.arch = arch;
        this.sampleRateHz = sampleRateHz;
        this.weights = weights;
        this.metadata = metadata;
        this.storedType = storedType;
        this.calibration = calibration;
    }

    /**
     * @param weights f32 tensors by the names of the class doc, PyTorch layouts. Copied.
     * @throws IllegalArgumentException if a tensor is missing or has the wrong length
     */
    public static PercepNetModel of(Architecture arch, int sampleRateHz, Map<String, float[]> weights, Map<String, String> metadata) {
        Map<String, float[]> w = new LinkedHashMap<>();
        arch.shapes().forEach((name, shape) -> {
            float[] v = weights.get(name);
            if (v == null) {
                throw new IllegalArgumentException("missing tensor " + name);
            }
            if (v.length != Tensor.numel(shape)) {
                throw new IllegalArgumentException("tensor " + name + " has " + v.length + " values, expected " + Tensor.numel(shape));
            }
            w.put(name, v.clone());
        });
        return new PercepNetModel(arch, sampleRateHz, w, Map.copyOf(metadata), DType.F32, null);
    }

    /**
     * @param c     the gain calibration, or null for none
     * @param notes metadata added to (or replacing in) this model's metadata, e.g. how the calibration was fitted
     * @return this model with the calibration
     * @throws IllegalArgumentException if the calibration's band count differs from the model's
     */
    public PercepNetModel withCalibration(GainCalibration c, Map<String, String> notes) {
        if (c != null && c.bands() != arch.bands()) {
            throw new IllegalArgumentException("calibration has " + c.bands() + " bands, the model " + arch.bands());
        }
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.putAll(notes);
        return new PercepNetModel(arch, sampleRateHz, weights, Map.copyOf(meta), storedType, c);
    }

    /** @return the gain calibration, or null when the network's gains are used as they are */
    public GainCalibration calibration() {
        return calibration;
    }

    /**
     * Reads and validates a model file.
     *
     * @throws ModelFormatException if the file is not a PercepNet model of a consistent shape
     * @throws IOException          if it cannot be read
     */
    public static PercepNetModel read(Path file) throws IOException {
        return fromModelFile(ModelFile.read(file));
    }

    /**
     * @return the shipped int8 (or, with {@code f32}, float) 16 kHz model
     * @throws IllegalStateException if the resource is missing from the class path
     */
    public static PercepNetModel loadDefault(boolean f32) {
        String res = f32 ? DEFAULT_F32_RESOURCE : DEFAULT_RESOURCE;
        try (InputStream in = PercepNetModel.class.getResourceAsStream(res)) {
            if (in == null) {
                throw new IllegalStateException("no shipped model (" + res + " is not on the class path): train one with "
                        + "'edgeai denoise train' and pass it with --model");
            }
            return fromModelFile(ModelFile.parse(in.readAllBytes()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read model resource " + res + ": " + e.getMessage(), e);
        }
    }

    /**
     * @throws ModelFormatException if metadata or tensors are inconsistent
     */
    public static PercepNetModel fromModelFile(ModelFile mf) {
        String a = mf.meta("arch");
        if (!ARCH.equals(a)) {
            throw new ModelFormatException("model '" + mf.name() + "' has arch '" + a + "', expected '" + ARCH + "'");
        }
        Architecture arch;
        int rate;
        try {
            int bands = Integer.parseInt(mf.meta("bands"));
            arch = new Architecture(Integer.parseInt(mf.meta("feature_size")), bands, Integer.parseInt(mf.meta("conv1")),
                    Integer.parseInt(mf.meta("conv2")), Integer.parseInt(mf.meta("gru1")), Integer.parseInt(mf.meta("gru2")));
            rate = Integer.parseInt(mf.meta("sample_rate_hz"));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("model '" + mf.name() + "' has invalid architecture metadata: " + e.getMessage(), e);
        }
        Map<String, float[]> w = new LinkedHashMap<>();
        DType stored = DType.F32;
        for (Map.Entry<String, int[]> e : arch.shapes().entrySet()) {
            w.put(e.getKey(), mf.floats(e.getKey(), e.getValue()));
            if (mf.tensor(e.getKey()).dtype() == DType.I8) {
                stored = DType.I8;
            }
        }
        GainCalibration cal = null;
        if (mf.tensors().containsKey(CALIBRATION_TENSOR)) {
            Tensor t = mf.tensor(CALIBRATION_TENSOR);
            if (t.shape().length != 2 || t.shape()[0] != arch.bands()) {
                throw new ModelFormatException("model '" + mf.name() + "': tensor " + CALIBRATION_TENSOR + " has shape "
                        + java.util.Arrays.toString(t.shape()) + ", expected [" + arch.bands() + ", K]");
            }
            try {
                cal = new GainCalibration(arch.bands(), t.shape()[1], mf.floats(CALIBRATION_TENSOR));
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException("model '" + mf.name() + "': invalid " + CALIBRATION_TENSOR + ": " + e.getMessage(), e);
            }
        }
        parsePostFilter(mf.metadata().get(POST_FILTER_KEY));
        return new PercepNetModel(arch, rate, w, mf.metadata(), stored, cal);
    }

    /**
     * @param weightType I8 stores weight matrices as int8 with per-row scales; F32 as floats
     * @return the model file
     */
    public ModelFile toModelFile(String name, DType weightType) {
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put("arch", ARCH);
        meta.put("sample_rate_hz", Integer.toString(sampleRateHz));
        meta.put("feature_size", Integer.toString(arch.featureSize()));
        meta.put("bands", Integer.toString(arch.bands()));
        meta.put("conv1", Integer.toString(arch.conv1()));
        meta.put("conv2", Integer.toString(arch.conv2()));
        meta.put("gru1", Integer.toString(arch.gru1()));
        meta.put("gru2", Integer.toString(arch.gru2()));
        meta.put("weight_type", weightType.name());
        Map<String, Tensor> t = new LinkedHashMap<>();
        arch.shapes().forEach((n, shape) -> {
            float[] v = weights.get(n);
            if (weightType == DType.I8 && shape.length > 1) {
                int rows = shape[0];
                QuantizedMatrix q = Quantization.quantizePerRow(v, rows, v.length / rows);
                t.put(n, Tensor.ofI8(q.data(), q.params(), shape));
            } else if (weightType == DType.F32 || shape.length == 1) {
                t.put(n, Tensor.ofF32(v.clone(), shape));
            } else {
                throw new IllegalArgumentException("unsupported weight type " + weightType);
            }
        });
        if (calibration != null) {
            t.put(CALIBRATION_TENSOR, Tensor.ofF32(calibration.table(), calibration.bands(), calibration.knots()));
        }
        return new ModelFile(name, meta, t);
    }

    /** @return layer sizes */
    public Architecture architecture() {
        return arch;
    }

    /** @return the rate the model was trained for */
    public int sampleRateHz() {
        return sampleRateHz;
    }

    /** @return metadata (training provenance, architecture) */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * @return whether the enhancer applies the envelope post-filter to this model's gains by default (metadata
     *         {@link #POST_FILTER_KEY}; true when absent)
     */
    public boolean postFilter() {
        return parsePostFilter(metadata.get(POST_FILTER_KEY));
    }

    /**
     * @param on whether the envelope post-filter belongs on this model's gains
     * @return this model (same weights, shared) with metadata {@link #POST_FILTER_KEY} set to {@code on}
     */
    public PercepNetModel withPostFilter(boolean on) {
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put(POST_FILTER_KEY, Boolean.toString(on));
        return new PercepNetModel(arch, sampleRateHz, weights, Map.copyOf(meta), storedType, calibration);
    }

    private static boolean parsePostFilter(String v) {
        if (v == null || v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw new ModelFormatException("metadata " + POST_FILTER_KEY + " must be true or false, got '" + v + "'");
    }

    /** @return precision the weights were stored in (I8 or F32) */
    public DType storedType() {
        return storedType;
    }

    /** @return a copy of one tensor (f32, PyTorch layout) */
    public float[] weight(String name) {
        float[] v = weights.get(Objects.requireNonNull(name));
        if (v == null) {
            throw new IllegalArgumentException("no tensor " + name + "; tensors: " + weights.keySet());
        }
        return v.clone();
    }

    /**
     * @param type weight precision of the kernel layers (F32, F16 or I8)
     * @return a new per-stream network
     */
    public GainNetwork newStream(DType type) {
        return new GainNetwork(this, type);
    }
}
