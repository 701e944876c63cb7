package org.edgeai.nas.estimate;

import java.util.List;
import java.util.function.Function;
import org.edgeai.kernel.Progress;
import org.edgeai.nas.bench.FbnetBlock;
import org.edgeai.nas.bench.FbnetTable;
import org.edgeai.nas.bench.Nb201Cell;
import org.edgeai.nas.bench.Nb201Table;

/**
 * A fitted device latency estimator for one search space. The architecture is decomposed into parts
 * whose fitted latencies are summed, then a learned correction and a window offset are applied (see
 * {@link DecomposedRegressor}); the parts are {@link Nb201Decomposition} for NAS-Bench-201 and
 * {@link #fbnetParts} for FBNet. Optionally, for NAS-Bench-201 rows of the same measurement session,
 * {@link #predictMs(Object, int)} adds a calibration from the residuals of training rows measured
 * just before and after (nearby benchmark indices).
 *
 * <p>Sources: the decomposition into per-part latencies follows nn-Meter's kernel-level sum (L. L. Zhang et al.,
 * "nn-Meter: towards accurate latency prediction of deep-learning model inference on diverse edge devices",
 * MobiSys 2021) and the article's per-operator regression ("Optimizing neural networks for special-purpose
 * hardware", Amazon Science blog); the correction is XGBoost (T. Chen and C. Guestrin, KDD 2016) via Tribuo; the
 * robust weights are Welsch's (Holland and Welsch 1977), see {@link EstimatorConfig}.
 *
 * @param <A> architecture type ({@link Nb201Cell} or {@code FbnetBlock[]})
 * @implNote Immutable after fitting. Thread-safety of prediction is that of Tribuo's XGBoost model (XGBoost4J 1.6,
 *           native), which neither library documents: this project calls one instance from one thread at a time,
 *           and callers sharing an instance between threads should synchronise on it.
 */
public final class LatencyEstimator<A> {
    /**
     * The internal cross-validation over the training rows (nothing here looks at query rows).
     *
     * @param decomposition          name of the decomposition the cross-validation kept
     * @param folds                  folds
     * @param decompositionWithin10  out-of-fold share within ±10 % of the decomposition alone (at its best offset)
     * @param correctedWithin10      the same with the correction (NaN if none was trained)
     * @param corrected              whether the correction is kept
     * @param offset                 single window offset, log units (applied to every prediction when
     *                               {@code offsetBands == 1})
     * @param offsetBands            knots of the window-offset curve applied to predictions (1 = the single offset;
     *                               more when cross-fitting showed per-band offsets help, see {@code OffsetCurve})
     * @param crossFitWithin10       cross-fitted out-of-fold share within ±10 % with that curve
     * @param singleCrossFitWithin10 the same with the single offset
     * @param within10               out-of-fold share within ±10 % of the kept model
     * @param spearman               its out-of-fold Spearman rho
     * @param calibrationFitted      whether the index calibration was fitted
     * @param calibrationWindow      half-width of its index window (0 = the calibration did not help and is off)
     * @param calibrationStatistic   {@code median} or {@code welsch}
     * @param calibratedWithin10     out-of-fold share within ±10 % with the calibration (NaN if not fitted)
     * @param calibratedSpearman     its Spearman rho (NaN if not fitted)
     */
    public record Validation(String decomposition, int folds, double decompositionWithin10, double correctedWithin10, boolean corrected,
                             double offset, int offsetBands, double crossFitWithin10, double singleCrossFitWithin10,
                             double within10, double spearman, boolean calibrationFitted,
                             int calibrationWindow, String calibrationStatistic, double calibratedWithin10,
                             double calibratedSpearman) {
    }

    private final DecomposedRegressor<A> model;
    private final int trainingRows;

    private LatencyEstimator(DecomposedRegressor<A> model, int trainingRows) {
        this.model = model;
        this.trainingRows = trainingRows;
    }

    /**
     * Fits a NAS-Bench-201 estimator from the architectures alone.
     *
     * @param cells cells. Not modified.
     * @param ms    measured latency per cell, ms, &gt; 0
     * @param cfg   settings ({@link EstimatorConfig#indexCalibration()} is ignored: no indices)
     * @return the estimator
     * @throws IllegalArgumentException if lengths differ, there are too few rows for the folds, or a latency is not positive
     */
    public static LatencyEstimator<Nb201Cell> fitNb201(List<Nb201Cell> cells, double[] ms, EstimatorConfig cfg) {
        return fitNb201(cells, ms, null, cfg, Progress.NONE);
    }

    /**
     * Fits a NAS-Bench-201 estimator.
     *
     * @param cells    cells. Not modified.
     * @param ms       measured latency per cell, ms, &gt; 0
     * @param indices  NAS-Bench-201 index per cell (needed for the index calibration), or null. Not modified.
     * @param cfg      settings
     * @param progress progress of the internal cross-validation
     * @return the estimator
     * @throws IllegalArgumentException if lengths differ, there are too few rows for the folds, or a latency is not positive
     */
    public static LatencyEstimator<Nb201Cell> fitNb201(List<Nb201Cell> cells, double[] ms, int[] indices, EstimatorConfig cfg,
                                                        Progress progress) {
        return new LatencyEstimator<>(DecomposedRegressor.fit(NB201_DECOMPOSITIONS, cells, ms,
                indices == null ? null : indices.clone(), cfg, progress), ms.length);
    }

    /**
     * @param table  training rows
     * @param device device column
     * @return the estimator fitted on every row of the table (with the table's indices for the index
     *         calibration when {@code cfg} enables it)
     * @throws IllegalArgumentException if a row has no positive measured latency for {@code device} ({@link
     *                                  Nb201Table#measuredLatency}) or the device column is absent
     */
    public static LatencyEstimator<Nb201Cell> fitNb201(Nb201Table table, String device, EstimatorConfig cfg) {
        return fitNb201(table, device, cfg, Progress.NONE);
    }

    /**
     * As {@link #fitNb201(Nb201Table, String, EstimatorConfig)}, reporting progress.
     *
     * @param progress receives the cross-validation's progress; {@link Progress#cancelled()} stops the fit between folds
     * @throws java.util.concurrent.CancellationException if {@code progress} says cancelled
     */
    public static LatencyEstimator<Nb201Cell> fitNb201(Nb201Table table, String device, EstimatorConfig cfg, Progress progress) {
        return fitNb201(table.cells(), table.measuredLatency(device), table.indices(), cfg, progress);
    }

    /**
     * Fits an FBNet-space estimator.
     *
     * @param archs blocks per architecture ({@code [22]} each). Not modified.
     * @param ms    measured latency, ms, &gt; 0
     * @param cfg   settings (the index calibration does not apply)
     * @return the estimator
     * @throws IllegalArgumentException if the lengths differ, there are too few rows for the cross-validation, a
     *                                  latency is not positive and finite, or an architecture does not have 22 blocks
     */
    public static LatencyEstimator<FbnetBlock[]> fitFbnet(List<FbnetBlock[]> archs, double[] ms, EstimatorConfig cfg) {
        return fitFbnet(archs, ms, cfg, Progress.NONE);
    }

    /**
     * As {@link #fitFbnet(List, double[], EstimatorConfig)}, reporting progress.
     *
     * @param progress receives the cross-validation's progress; {@link Progress#cancelled()} stops the fit between folds
     * @throws java.util.concurrent.CancellationException if {@code progress} says cancelled
     */
    public static LatencyEstimator<FbnetBlock[]> fitFbnet(List<FbnetBlock[]> archs, double[] ms, EstimatorConfig cfg,
                                                         Progress progress) {
        return new LatencyEstimator<>(DecomposedRegressor.fit(List.of(new DecomposedRegressor.Decomposition<>("fbnet-layer-block",
                FBNET)), archs, ms, null, cfg, progress), ms.length);
    }

    /**
     * @param table  training rows
     * @param device device column
     * @param cfg    settings (the index calibration does not apply)
     * @return the estimator fitted on every row of the table for {@code device}
     * @throws IllegalArgumentException if a row has no positive measured latency for {@code device} ({@link
     *                                  FbnetTable#measuredLatency}) or the device column is absent
     */
    public static LatencyEstimator<FbnetBlock[]> fitFbnet(FbnetTable table, String device, EstimatorConfig cfg) {
        return fitFbnet(List.of(table.blocks()), table.measuredLatency(device), cfg);
    }

    /**
     * @param arch an architecture. Not modified.
     * @return predicted latency from the architecture alone, ms (positive)
     */
    public double predictMs(A arch) {
        return model.predict(arch);
    }

    /**
     * Prediction with the benchmark-index calibration: adds the summarised log residual of training
     * rows whose benchmark index lies within the selected window of {@code benchmarkIndex} (rows
     * measured just before and after in the benchmark's session). Use it only for held-out rows of
     * the same benchmark measurement; it says nothing about a new device run.
     *
     * @param arch           an architecture. Not modified.
     * @param benchmarkIndex its benchmark index (NAS-Bench-201 {@code nb201_index})
     * @return predicted latency, ms (positive)
     * @throws IllegalStateException if the estimator was fitted without indices or without
     *                               {@link EstimatorConfig#indexCalibration()}
     */
    public double predictMs(A arch, int benchmarkIndex) {
        return model.predict(arch, benchmarkIndex);
    }

    /** @return number of training rows */
    public int trainingRows() {
        return trainingRows;
    }

    /** @return true when the learned correction passed the internal cross-validation and is applied */
    public boolean corrected() {
        return model.corrected();
    }

    /** @return true when the index calibration was fitted (whether or not it selected a window) */
    public boolean indexCalibrated() {
        return model.calibrationFitted();
    }

    /** @return what the internal cross-validation found */
    public Validation validation() {
        DecomposedRegressor.Summary s = model.summary();
        return new Validation(s.decomposition(), s.folds(), s.baseWithin10(), s.correctedWithin10(), s.corrected(), s.offset(), s.offsetBands(),
                s.crossFitWithin10(), s.singleCrossFitWithin10(), s.cvWithin10(),
                s.cvSpearman(), model.calibrationFitted(), s.calibrationWindow(), s.calibrationMedian() ? "median" : "welsch",
                s.calibratedWithin10(), s.calibratedSpearman());
    }

    /**
     * FBNet parts: one-hot (layer, block) for the 22 searchable layers, 22 x 9 = 198 columns; the
     * HW-NAS-Bench lookup tables make this decomposition exact for eyeriss, fpga, pixel3 and raspi4.
     *
     * @param blocks {@code [22]} blocks
     * @return the columns
     * @throws IllegalArgumentException if there are not 22 blocks
     */
    public static double[] fbnetParts(FbnetBlock[] blocks) {
        if (blocks.length != FbnetTable.LAYERS) {
            throw new IllegalArgumentException("FBNet architecture needs 22 layers, got " + blocks.length);
        }
        int b = FbnetBlock.values().length;
        double[] f = new double[FbnetTable.LAYERS * b];
        for (int l = 0; l < blocks.length; l++) {
            f[l * b + blocks[l].ordinal()] = 1;
        }
        return f;
    }

    /**
     * FBNet structure: the one-hot parts plus per-stage sums of expansion, kernel and skip counts,
     * total expansion-weighted depth (7 stages x 3 + 1 columns after the 198 one-hot columns).
     */
    static double[] fbnetStructure(FbnetBlock[] blocks) {
        double[] p = fbnetParts(blocks);
        int[] stageOf = {0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 6};
        double[] extra = new double[7 * 3 + 1];
        for (int l = 0; l < blocks.length; l++) {
            int s = stageOf[l];
            extra[s * 3] += blocks[l].expansion();
            extra[s * 3 + 1] += blocks[l].kernel();
            extra[s * 3 + 2] += blocks[l] == FbnetBlock.SKIP ? 1 : 0;
            extra[21] += blocks[l].expansion();
        }
        double[] f = new double[p.length + extra.length];
        System.arraycopy(p, 0, f, 0, p.length);
        System.arraycopy(extra, 0, f, p.length, extra.length);
        return f;
    }

    /**
     * NAS-Bench-201 decompositions, chosen per device by the internal cross-validation: the executed
     * cell graph ({@link Nb201Decomposition}; measured devices, where the compiler drops and folds
     * ops), and the plain one-hot (edge, op) of all six choices (devices whose table sums a per-op
     * cost over the written cell, such as HW-NAS-Bench's estimated eyeriss and fpga).
     */
    private static final List<DecomposedRegressor.Decomposition<Nb201Cell>> NB201_DECOMPOSITIONS = List.of(
            new DecomposedRegressor.Decomposition<>("nb201-executed-graph", Nb201Decomposition.FITTER),
            new DecomposedRegressor.Decomposition<>("nb201-all-choices", LatencyEstimator::fitAllChoices));

    /** One-hot (edge, op) of the six written choices, {@code none} included as the reference level. */
    static double[] nb201Choices(Nb201Cell c) {
        double[] f = new double[Nb201Cell.EDGES * 4];
        for (int e = 0; e < Nb201Cell.EDGES; e++) {
            int o = c.op(e).ordinal();
            if (o > 0) {
                f[e * 4 + o - 1] = 1;
            }
        }
        return f;
    }

    private static DecomposedRegressor.Base<Nb201Cell> fitAllChoices(List<Nb201Cell> cells, double[] ms, EstimatorConfig cfg) {
        return additiveBase(cells, ms, cfg, LatencyEstimator::nb201Choices, c -> {
            double[] s = Nb201Features.structure(c);
            double[] p = Nb201Features.parts(c);
            double[] f = java.util.Arrays.copyOf(s, s.length + p.length);
            System.arraycopy(p, 0, f, s.length, p.length);
            return f;
        });
    }

    /** FBNet decomposition: a robust additive fit on the one-hot parts. */
    private static final DecomposedRegressor.BaseFitter<FbnetBlock[]> FBNET =
            (archs, ms, cfg) -> additiveBase(archs, ms, cfg, LatencyEstimator::fbnetParts, LatencyEstimator::fbnetStructure);

    /**
     * A robust additive fit ({@link RobustLinear}) on {@code parts}: the decomposed latency of an
     * architecture is {@code max(w0 + w . parts, floor)}, the floor half the fastest training latency.
     *
     * @param parts    the fit's columns of an architecture
     * @param features the correction's structure features of an architecture
     */
    private static <A> DecomposedRegressor.Base<A> additiveBase(List<A> archs, double[] ms, EstimatorConfig cfg,
                                                                Function<A, double[]> parts, Function<A, double[]> features) {
        double[][] x = new double[archs.size()][];
        double floor = Double.MAX_VALUE;
        for (int i = 0; i < x.length; i++) {
            x[i] = parts.apply(archs.get(i));
            floor = Math.min(floor, 0.5 * ms[i]);
        }
        double[] w = RobustLinear.fit(x, ms, cfg.partsScale(), cfg.ridgeLambda());
        double floorMs = floor;
        return new DecomposedRegressor.Base<>() {
            @Override
            public double decomposedMs(A a) {
                return Math.max(RobustLinear.predict(w, parts.apply(a)), floorMs);
            }

            @Override
            public double[] features(A a) {
                return features.apply(a);
            }
        };
    }
}
