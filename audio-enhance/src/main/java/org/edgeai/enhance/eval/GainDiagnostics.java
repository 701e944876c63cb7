package org.edgeai.enhance.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.edgeai.enhance.dsp.OracleTargets;
import org.edgeai.enhance.dsp.PercepNetDsp;
import org.edgeai.enhance.model.GainNetwork;
import org.edgeai.enhance.model.PercepNetModel;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.Progress;

/**
 * Ablations that locate where the trained model loses against its oracle, without any training:
 * the model's band gains g_b and strengths r_b are swapped one at a time for the oracle ones
 * ({@link OracleTargets}), the comb filter and the post-filter are switched off, and the model's
 * gains are clamped to the oracle from one side only, which splits the gain error into its
 * over-suppression part ({@code max(g_model, g_oracle)} removes it) and its under-suppression part
 * ({@code min(g_model, g_oracle)} removes it). A per-band bias table compares the model's gains with
 * the oracle's on speech-active bands, and a calibration table gives the mean model gain per range of
 * oracle gains ({@link #bias} computes both for any pairs, e.g. synthetic training mixtures).
 *
 * <p>All mixes run through one {@link PercepNetDsp} with the network and the oracle computed side by
 * side for the same synthesis frame, exactly as in {@link Oracles#bandGains} and
 * {@link org.edgeai.enhance.PercepNetEnhancer}; outputs are aligned with the input.
 *
 * @implNote Stateless; thread-safe.
 */
public final class GainDiagnostics {
    /** Where a mix takes its band gains from. */
    public enum GainSource {
        /** the network */
        MODEL,
        /** the oracle {@code min(1, sqrt(E_clean / E_noisy))} (with the comb-filter correction) */
        ORACLE,
        /** {@code max(model, oracle)}: the model without its over-suppression */
        MODEL_NO_OVER_SUPPRESSION,
        /** {@code min(model, oracle)}: the model without its under-suppression */
        MODEL_NO_UNDER_SUPPRESSION
    }

    /** Where a mix takes its comb-filter strengths from. */
    public enum StrengthSource {
        /** the network */
        MODEL,
        /** the oracle r_b */
        ORACLE,
        /** no comb filtering */
        NONE
    }

    /**
     * One configuration of the signal path.
     *
     * @param name       report name
     * @param gains      gain source
     * @param strengths  strength source
     * @param postFilter whether the envelope post-filter is applied
     */
    public record Mix(String name, GainSource gains, StrengthSource strengths, boolean postFilter) {
        /** @throws NullPointerException if a field is null */
        public Mix {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(gains, "gains");
            Objects.requireNonNull(strengths, "strengths");
        }
    }

    /** The mixes of the report, the shipped configuration (model, model, post-filter) first. */
    public static final List<Mix> MIXES = List.of(
            new Mix("model", GainSource.MODEL, StrengthSource.MODEL, true),
            new Mix("model, no post-filter", GainSource.MODEL, StrengthSource.MODEL, false),
            new Mix("model, no comb filter", GainSource.MODEL, StrengthSource.NONE, true),
            new Mix("model, no comb filter, no post-filter", GainSource.MODEL, StrengthSource.NONE, false),
            new Mix("model gains, oracle strengths", GainSource.MODEL, StrengthSource.ORACLE, true),
            new Mix("oracle gains, model strengths", GainSource.ORACLE, StrengthSource.MODEL, true),
            new Mix("model gains without over-suppression", GainSource.MODEL_NO_OVER_SUPPRESSION, StrengthSource.MODEL, true),
            new Mix("model gains without under-suppression", GainSource.MODEL_NO_UNDER_SUPPRESSION, StrengthSource.MODEL, true),
            new Mix("oracle gains and strengths", GainSource.ORACLE, StrengthSource.ORACLE, true),
            new Mix("oracle gains and strengths, no post-filter", GainSource.ORACLE, StrengthSource.ORACLE, false));

    /** A band counts as speech-active when its clean energy is within this ratio (40 dB) of the file's loudest clean band-frame. */
    public static final double ACTIVE_RATIO = 1e-4;
    /** Gain errors beyond this ratio (6 dB in amplitude) count as over- or under-suppression. */
    public static final double ERROR_RATIO = 2.0;
    /** Floor added to both gains before taking their ratio (keeps the log finite at g = 0). */
    public static final double GAIN_FLOOR = 1e-3;

    private GainDiagnostics() {
    }

    /**
     * Gain error of one band, over the speech-active band-frames of all files.
     *
     * @param band              band index
     * @param centreHz          band centre
     * @param meanErrorDb       mean of {@code 20 log10((g_model + 1e-3) / (g_oracle + 1e-3))}: positive = too little suppression
     * @param overSuppressed    share with {@code g_model < g_oracle / 2}
     * @param underSuppressed   share with {@code g_model > 2 g_oracle}
     * @param activeFrames      speech-active band-frames counted
     */
    public record BandBias(int band, double centreHz, double meanErrorDb, double overSuppressed, double underSuppressed,
                           long activeFrames) {
    }

    /**
     * Mean model gain for the band-frames whose oracle gain lies in {@code [oracleLow, oracleHigh)}
     * (all band-frames above {@link OracleTargets#SILENCE_ENERGY}, speech or not): a calibrated
     * estimator has {@code meanModel} close to {@code meanOracle} in every range; a shrunk one is too
     * high at the bottom and too low at the top.
     *
     * @param oracleLow  lower edge of the oracle-gain range
     * @param oracleHigh upper edge (exclusive; 1 is included in the last range)
     * @param meanOracle mean oracle gain in the range
     * @param meanModel  mean model gain on the same band-frames
     * @param count      band-frames in the range
     */
    public record GainCalibration(double oracleLow, double oracleHigh, double meanOracle, double meanModel, long count) {
    }

    /** Edges of the oracle-gain ranges of {@link GainCalibration}. */
    static final double[] CALIBRATION_EDGES = {0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0000001};

    /**
     * @param bands       per-band gain bias on speech-active band-frames
     * @param calibration model gain against oracle gain, by oracle-gain range
     */
    public record Bias(List<BandBias> bands, List<GainCalibration> calibration) {
    }

    /**
     * @param mix  the configuration
     * @param mean mean scores over the files
     */
    public record MixSummary(Mix mix, DevEvaluation.Scores mean) {
    }

    /**
     * @param pairs      pairs file
     * @param weightType network precision used
     * @param mixes      mean scores per mix, in {@link #MIXES} order
     * @param bias       gain bias of the model ({@link GainSource#MODEL}) against the oracle
     */
    public record Report(String pairs, DType weightType, List<MixSummary> mixes, Bias bias) {
    }

    /**
     * Runs every mix on every pair.
     *
     * @param pairsCsv   pairs file (see {@link DevEvaluation})
     * @param model      the model (16 kHz)
     * @param weightType network precision (I8, F16 or F32)
     * @throws IOException              if a file cannot be read
     * @throws IllegalArgumentException if the pairs file is malformed or the model is not for 16 kHz
     */
    public static Report run(Path pairsCsv, PercepNetModel model, DType weightType, Progress progress) throws IOException {
        requireRate(model);
        List<String[]> rows = DevEvaluation.readPairs(pairsCsv);
        Path dir = pairsCsv.toAbsolutePath().getParent();
        double[][] sums = new double[MIXES.size()][4];
        int nb = new PercepNetDsp(DevEvaluation.RATE_HZ).bands().count();
        BiasAccumulator bias = new BiasAccumulator(nb);
        int files = 0;
        for (String[] row : rows) {
            if (progress.cancelled()) {
                break;
            }
            float[] noisy = DevEvaluation.load(dir.resolve("noisy").resolve(row[0] + ".wav"));
            float[] clean = DevEvaluation.load(dir.resolve("clean").resolve(row[0] + ".wav"));
            if (noisy.length != clean.length) {
                throw new IllegalArgumentException(pairsCsv + ": pair " + row[0] + " has noisy/clean lengths " + noisy.length + " vs "
                        + clean.length);
            }
            for (int i = 0; i < MIXES.size(); i++) {
                float[] y = enhance(noisy, clean, model, weightType, MIXES.get(i), i == 0 ? bias : null);
                DevEvaluation.Scores s = DevEvaluation.score(clean, y);
                sums[i][0] += s.siSdrDb();
                sums[i][1] += s.stoi();
                sums[i][2] += s.estoi();
                sums[i][3] += s.segSnrDb();
            }
            files++;
            progress.report("ablations", files, rows.size(), row[0]);
        }
        List<MixSummary> out = new ArrayList<>();
        int n = Math.max(1, files);
        for (int i = 0; i < MIXES.size(); i++) {
            out.add(new MixSummary(MIXES.get(i), new DevEvaluation.Scores(sums[i][0] / n, sums[i][1] / n, sums[i][2] / n, sums[i][3] / n)));
        }
        return new Report(pairsCsv.toString(), weightType, out, bias.result(new PercepNetDsp(DevEvaluation.RATE_HZ)));
    }

    /**
     * Gain bias of the model against the oracle on in-memory (noisy, clean) pairs, e.g. synthetic
     * training mixtures.
     *
     * @param pairs      {@code {noisy, clean}} arrays of equal length at 16 kHz. Not modified.
     * @param model      the model (16 kHz)
     * @param weightType network precision
     * @throws IllegalArgumentException if a pair's lengths differ or the model is not for 16 kHz
     */
    public static Bias bias(List<float[][]> pairs, PercepNetModel model, DType weightType) {
        requireRate(model);
        PercepNetDsp layout = new PercepNetDsp(DevEvaluation.RATE_HZ);
        BiasAccumulator acc = new BiasAccumulator(layout.bands().count());
        Mix m = MIXES.get(0);
        for (float[][] p : pairs) {
            if (p.length != 2 || p[0].length != p[1].length) {
                throw new IllegalArgumentException("each pair must be {noisy, clean} of equal length");
            }
            enhance(p[0], p[1], model, weightType, m, acc);
        }
        return acc.result(layout);
    }

    /**
     * Enhances one pair with one mix.
     *
     * @param noisy      16 kHz noisy samples. Not modified.
     * @param clean      the aligned clean samples (same length). Not modified.
     * @param model      the model (16 kHz)
     * @param weightType network precision
     * @param mix        the configuration
     * @return {@code [noisy.length]} samples aligned with the input
     * @throws IllegalArgumentException if the lengths differ or the model is not for 16 kHz
     */
    public static float[] enhance(float[] noisy, float[] clean, PercepNetModel model, DType weightType, Mix mix) {
        requireRate(model);
        if (noisy.length != clean.length) {
            throw new IllegalArgumentException("noisy and clean lengths differ: " + noisy.length + " vs " + clean.length);
        }
        return enhance(noisy, clean, model, weightType, mix, null);
    }

    private static void requireRate(PercepNetModel model) {
        if (model.sampleRateHz() != DevEvaluation.RATE_HZ) {
            throw new IllegalArgumentException("model is for " + model.sampleRateHz() + " Hz; diagnostics run at " + DevEvaluation.RATE_HZ);
        }
    }

    private static float[] enhance(float[] noisy, float[] clean, PercepNetModel model, DType weightType, Mix mix, BiasAccumulator bias) {
        OracleFrameLoop loop = new OracleFrameLoop(DevEvaluation.RATE_HZ);
        GainNetwork net = model.newStream(weightType);
        int nb = loop.bands();
        float[] gModel = new float[nb];
        float[] rModel = new float[nb];
        if (bias != null) {
            bias.startFile();
        }
        float[] y = loop.run(noisy, clean, mix.strengths() != StrengthSource.NONE, mix.postFilter(), new OracleFrameLoop.FrameGains() {
            @Override
            public void analyzed(float[] features) {
                net.forward(features, gModel, rModel);
            }

            @Override
            public void choose(PercepNetDsp dn, PercepNetDsp dc, float[] gOracle, float[] rOracle, float[] g, float[] r) {
                for (int b = 0; b < nb; b++) {
                    g[b] = switch (mix.gains()) {
                        case MODEL -> gModel[b];
                        case ORACLE -> gOracle[b];
                        case MODEL_NO_OVER_SUPPRESSION -> Math.max(gModel[b], gOracle[b]);
                        case MODEL_NO_UNDER_SUPPRESSION -> Math.min(gModel[b], gOracle[b]);
                    };
                    r[b] = switch (mix.strengths()) {
                        case MODEL -> rModel[b];
                        case ORACLE -> rOracle[b];
                        case NONE -> 0f;
                    };
                }
                if (bias != null) {
                    bias.add(gModel, gOracle, dc.synthesisEnergy(), dn.synthesisEnergy());
                }
            }
        });
        if (bias != null) {
            bias.endFile();
        }
        return y;
    }

    /** Collects (model gain, oracle gain, clean energy) per band-frame of a file, then counts the active ones. */
    static final class BiasAccumulator {
        private final int nb;
        private final double[] errorSum;
        private final long[] over;
        private final long[] under;
        private final long[] count;
        private final List<float[]> frames = new ArrayList<>();
        private final double[] calOracle = new double[CALIBRATION_EDGES.length - 1];
        private final double[] calModel = new double[CALIBRATION_EDGES.length - 1];
        private final long[] calCount = new long[CALIBRATION_EDGES.length - 1];

        BiasAccumulator(int nb) {
            this.nb = nb;
            errorSum = new double[nb];
            over = new long[nb];
            under = new long[nb];
            count = new long[nb];
        }

        void startFile() {
            frames.clear();
        }

        void add(float[] gModel, float[] gOracle, float[] cleanEnergy, float[] noisyEnergy) {
            for (int b = 0; b < nb; b++) {
                if (noisyEnergy[b] <= OracleTargets.SILENCE_ENERGY) {
                    continue;
                }
                for (int k = 0; k < calCount.length; k++) {
                    if (gOracle[b] < CALIBRATION_EDGES[k + 1]) {
                        calOracle[k] += gOracle[b];
                        calModel[k] += gModel[b];
                        calCount[k]++;
                        break;
                    }
                }
            }
            float[] f = new float[3 * nb];
            System.arraycopy(gModel, 0, f, 0, nb);
            System.arraycopy(gOracle, 0, f, nb, nb);
            System.arraycopy(cleanEnergy, 0, f, 2 * nb, nb);
            frames.add(f);
        }

        void endFile() {
            double max = 0;
            for (float[] f : frames) {
                for (int b = 0; b < nb; b++) {
                    max = Math.max(max, f[2 * nb + b]);
                }
            }
            double threshold = max * ACTIVE_RATIO;
            for (float[] f : frames) {
                for (int b = 0; b < nb; b++) {
                    if (max <= 0 || f[2 * nb + b] < threshold) {
                        continue;
                    }
                    double gm = f[b];
                    double go = f[nb + b];
                    errorSum[b] += 20 * Math.log10((gm + GAIN_FLOOR) / (go + GAIN_FLOOR));
                    if (gm * ERROR_RATIO < go) {
                        over[b]++;
                    }
                    if (gm > ERROR_RATIO * go) {
                        under[b]++;
                    }
                    count[b]++;
                }
            }
            frames.clear();
        }

        Bias result(PercepNetDsp dsp) {
            List<GainCalibration> cal = new ArrayList<>();
            for (int k = 0; k < calCount.length; k++) {
                long n = Math.max(1, calCount[k]);
                cal.add(new GainCalibration(CALIBRATION_EDGES[k], Math.min(1, CALIBRATION_EDGES[k + 1]), calOracle[k] / n, calModel[k] / n,
                        calCount[k]));
            }
            return new Bias(bands(dsp), cal);
        }

        List<BandBias> bands(PercepNetDsp dsp) {
            double[] centres = dsp.bands().centreHz();
            List<BandBias> out = new ArrayList<>();
            for (int b = 0; b < nb; b++) {
                long n = Math.max(1, count[b]);
                out.add(new BandBias(b, centres[b], errorSum[b] / n, over[b] / (double) n, under[b] / (double) n, count[b]));
            }
            return out;
        }
    }
}
