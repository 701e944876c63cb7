package org.edgeai.nas.estimate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.edgeai.kernel.Progress;
import org.edgeai.nas.internal.Ranking;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer;

/**
 * The estimator core shared by both spaces: latency = decomposed sum x exp(correction) x exp(offset),
 * optionally x exp(index shift).
 *
 * <ol>
 *   <li><b>Decomposition</b> ({@link Base}, space specific): the architecture's parts get fitted
 *       latencies that are summed (nn-Meter's kernel sum; the article's "sum of per-operator
 *       predictions"), fitted robustly ({@link RobustLinear}).</li>
 *   <li><b>Correction</b>: gradient-boosted trees (XGBoost via Tribuo, squared error with Welsch
 *       sample weights, iteratively reweighted) fitted to {@code log(measured / decomposed)} on
 *       structure features plus {@code log(decomposed)}: interactions the sum misses.</li>
 *   <li><b>Window offset</b>: a factor {@code exp(offset)} that maximises the share of
 *       out-of-fold training predictions within ±10 % of the measurement. On a device whose
 *       measurements have a second, faster mode the best single prediction sits a few percent below
 *       the dense mode, so that it also covers the near side of the second mode. The offset may vary
 *       with the predicted latency ({@link OffsetCurve}: one offset per band of predicted latency,
 *       interpolated, strictly increasing so that ranks are kept) when cross-fitting shows it helps.</li>
 *   <li><b>Index calibration</b> (optional): NAS-Bench-201 latencies were measured in benchmark-index
 *       order, and a device's speed drifts over the session (thermal state, clock governor). For a
 *       query with a benchmark index, the out-of-fold log residuals of training rows whose indices
 *       lie within ±h of it are summarised (median or Welsch location) and added. This uses the
 *       benchmark's measurement protocol, not the architecture: it only applies to held-out rows of
 *       the same measurement session.</li>
 * </ol>
 * A K-fold cross-validation over the training rows decides whether the correction is kept, the
 * offset, and the calibration window (or none); nothing is tuned on rows outside the training set.
 *
 * @param <A> architecture type
 * @implNote Immutable after fitting; prediction is thread-safe as far as Tribuo's XGBoost models are.
 */
final class DecomposedRegressor<A> {
    /** The decomposition fitted on some training rows. */
    interface Base<A> {
        /** @return the decomposed latency, ms, &gt; 0 */
        double decomposedMs(A arch);

        /** @return structure features for the correction (the same length for every architecture) */
        double[] features(A arch);
    }

    /** Fits a {@link Base} on training rows. */
    interface BaseFitter<A> {
        Base<A> fit(List<A> archs, double[] ms, EstimatorConfig cfg);
    }

    /**
     * A candidate decomposition.
     *
     * @param name   short name, reported in the summary
     * @param fitter its fitter
     */
    record Decomposition<A>(String name, BaseFitter<A> fitter) {
    }

    /** Ratio tolerance of the acceptance metric (±10 %). */
    static final double TOLERANCE = 0.10;
    /** Offsets searched, log units: -0.15 .. 0.15 in steps of 0.0025. */
    private static final double OFFSET_RANGE = 0.15;
    private static final double OFFSET_STEP = 0.0025;
    /** Share (0.25 percentage points) an offset may give up against the best one to stay closer to 0. */
    static final double OFFSET_SLACK = 0.0025;
    /** Half-widths (in benchmark indices) of the calibration windows tried. */
    static final int[] WINDOWS = {1, 2, 3, 5, 10, 25, 50, 100, 200};
    /** Welsch scale of the windowed location estimate, log units. */
    static final double LOCATION_SCALE = 0.05;

    /**
     * What the internal cross-validation found.
     *
     * @param decomposition       name of the decomposition kept
     * @param folds               folds used
     * @param baseWithin10        out-of-fold share within ±10 % of the decomposition alone (at its best offset)
     * @param correctedWithin10   the same with the correction, NaN when no correction was trained
     * @param corrected           whether the correction is kept
     * @param offset              the single window offset, log units (the curve's value when it has one band)
     * @param offsetBands         knots of the kept offset curve (1 = the single offset)
     * @param crossFitWithin10    cross-fitted share within ±10 % of the kept offset curve (curve fitted on the other folds)
     * @param singleCrossFitWithin10 the same for the single offset
     * @param cvWithin10          out-of-fold share within ±10 % of the kept model with its offset curve (fitted on all
     *                            out-of-fold rows)
     * @param cvSpearman          its out-of-fold Spearman rho
     * @param calibrationWindow   half-width of the index window, 0 when the calibration is off or not fitted
     * @param calibrationMedian   true for a windowed median, false for a Welsch location
     * @param calibratedOffset    the window offset after the calibration, log units
     * @param calibratedWithin10  out-of-fold (leave-one-out for the window) share within ±10 % with the calibration, NaN when not fitted
     * @param calibratedSpearman  its Spearman rho, NaN when not fitted
     */
    record Summary(String decomposition, int folds, double baseWithin10, double correctedWithin10, boolean corrected,
                   double offset, int offsetBands, double crossFitWithin10, double singleCrossFitWithin10, double cvWithin10,
                   double cvSpearman, int calibrationWindow, boolean calibrationMedian,
                   double calibratedOffset, double calibratedWithin10, double calibratedSpearman) {
    }

    private final Base<A> base;
    private final Model<Regressor> correction;
    private final String[] featureNames;
    private final OffsetCurve offset;
    private final Summary summary;
    // Index calibration: a model fitted on drift-corrected targets, and its out-of-fold log residuals of
    // the training rows sorted by benchmark index.
    private final Base<A> calibratedBase;
    private final Model<Regressor> calibratedCorrection;
    private final int[] calibrationIndex;
    private final double[] calibrationResidual;

    private DecomposedRegressor(Base<A> base, Model<Regressor> correction, String[] featureNames, OffsetCurve offset,
                                Summary summary, Base<A> calibratedBase, Model<Regressor> calibratedCorrection,
                                int[] calibrationIndex, double[] calibrationResidual) {
        this.base = base;
        this.correction = correction;
        this.featureNames = featureNames;
        this.offset = offset;
        this.summary = summary;
        this.calibratedBase = calibratedBase;
        this.calibratedCorrection = calibratedCorrection;
        this.calibrationIndex = calibrationIndex;
        this.calibrationResidual = calibrationResidual;
    }

    /** Out-of-fold predictions (ms) of the decomposition and of the corrected model (null if none). */
    private record Folds(double[] base, double[] corrected) {
    }

    /** The variant the cross-validation keeps: out-of-fold predictions without offset. */
    private record Choice(boolean corrected, double offset, double within10, double[] oof, double baseWithin10,
                          double correctedWithin10) {
    }

    /** A window choice of the index calibration. */
    private record Window(int h, boolean median, double offset, double within10, double spearman, double[] shift) {
    }

    /**
     * @param candidates decompositions to choose from by the cross-validated share within ±10 % of the
     *                   decomposition alone (ties: Spearman rho); at least one
     * @param archs    training architectures. Not modified.
     * @param ms       measured latency per architecture, ms, &gt; 0 and finite
     * @param indices  benchmark index per architecture (measurement order), or null
     * @param cfg      settings
     * @param progress receives one step per fold
     * @return the fitted regressor
     * @throws IllegalArgumentException if fewer than {@code 2 * folds} rows, lengths differ, or a latency is not positive
     */
    static <A> DecomposedRegressor<A> fit(List<Decomposition<A>> candidates, List<A> archs, double[] ms, int[] indices,
                                          EstimatorConfig cfg, Progress progress) {
        int n = ms.length;
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("need at least one decomposition");
        }
        if (archs.size() != n || (indices != null && indices.length != n)) {
            throw new IllegalArgumentException(archs.size() + " architectures but " + n + " latencies"
                    + (indices == null ? "" : " and " + indices.length + " indices"));
        }
        if (n < 2 * cfg.folds()) {
            throw new IllegalArgumentException("need at least " + 2 * cfg.folds() + " training rows for "
                    + cfg.folds() + "-fold validation, got " + n);
        }
        for (int i = 0; i < n; i++) {
            if (!(ms[i] > 0) || !Double.isFinite(ms[i])) {
                throw new IllegalArgumentException("training latency of row " + i + " must be positive and finite, got " + ms[i]);
            }
        }
        boolean calibrate = cfg.indexCalibration() && indices != null;
        int steps = cfg.folds() * (calibrate ? 2 : 1) + 1;
        int[] fold = folds(n, cfg.folds(), cfg.seed());
        Decomposition<A> chosenDecomposition = candidates.getFirst();
        if (candidates.size() > 1) {
            EstimatorConfig baseOnly = cfg.withTrees(0);
            double bestWithin = -1;
            double bestSpearman = -2;
            double[] off = new double[1];
            for (Decomposition<A> d : candidates) {
                double[] oof = crossValidate(d.fitter(), archs, ms, fold, baseOnly, Progress.NONE, 0, steps).base();
                double w = bestOffset(oof, ms, null, off);
                double rho = Ranking.spearman(oof, ms);
                if (w > bestWithin || (w == bestWithin && rho > bestSpearman)) {
                    bestWithin = w;
                    bestSpearman = rho;
                    chosenDecomposition = d;
                }
            }
        }
        BaseFitter<A> fitter = chosenDecomposition.fitter();
        Choice c0 = choose(crossValidate(fitter, archs, ms, fold, cfg, progress, 0, steps), ms);
        OffsetCurve.Choice curve = OffsetCurve.choose(c0.oof(), ms, fold);
        double[] shifted = new double[n];
        for (int i = 0; i < n; i++) {
            shifted[i] = curve.curve().apply(c0.oof()[i]);
        }
        double cvSpearman = Ranking.spearman(c0.oof(), ms);
        Window win = null;
        Base<A> calBase = null;
        Model<Regressor> calCorr = null;
        int[] calIndex = null;
        double[] calResidual = null;
        if (calibrate) {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Integer.compare(indices[a], indices[b]));
            calIndex = new int[n];
            for (int j = 0; j < n; j++) {
                calIndex[j] = indices[order[j]];
            }
            Window w0 = chooseWindow(c0.oof(), ms, indices, calIndex, order, c0.within10(), cvSpearman, c0.offset());
            win = w0;
            double[] targets = ms;
            Choice chosen = c0;
            if (w0.h() > 0) {
                // Backfitting: refit the decomposition on targets with the measurement-order drift removed, so
                // that the drift does not bend the per-part latencies; keep it if the calibrated figure improves.
                double[] t1 = new double[n];
                for (int i = 0; i < n; i++) {
                    t1[i] = ms[i] * Math.exp(-w0.shift()[i]);
                }
                Choice c1 = choose(crossValidate(fitter, archs, t1, fold, cfg, progress, cfg.folds(), steps), t1);
                Window w1 = chooseWindow(c1.oof(), ms, indices, calIndex, order, -1, Double.NaN, 0);
                if (w1.h() > 0 && w1.within10() > w0.within10()) {
                    win = w1;
                    targets = t1;
                    chosen = c1;
                }
            }
            calResidual = new double[n];
            for (int j = 0; j < n; j++) {
                calResidual[j] = Math.log(ms[order[j]] / chosen.oof()[order[j]]);
            }
            if (win.h() > 0 && targets != ms) {
                calBase = fitter.fit(archs, targets, cfg);
                calCorr = chosen.corrected() ? trainCorrection(calBase, archs, targets, cfg,
                        names(calBase.features(archs.get(0)).length + 1)) : null;
            }
        }
        stopIfCancelled(progress);
        progress.report("estimator cross-validation", steps - 1, steps, "final fit");
        Base<A> finalBase = fitter.fit(archs, ms, cfg);
        String[] names = names(finalBase.features(archs.get(0)).length + 1);
        Model<Regressor> corr = c0.corrected() ? trainCorrection(finalBase, archs, ms, cfg, names) : null;
        if (calibrate && win.h() > 0 && calBase == null) {
            calBase = finalBase;
            calCorr = corr;
        }
        double cvWithin = Ranking.withinFraction(shifted, ms, TOLERANCE);
        Summary s = new Summary(chosenDecomposition.name(), cfg.folds(), c0.baseWithin10(), c0.correctedWithin10(), c0.corrected(), c0.offset(),
                curve.curve().bands(), curve.crossFitWithin10(), curve.singleWithin10(), cvWithin,
                cvSpearman, win == null ? 0 : win.h(), win != null && win.median(), win == null ? 0 : win.offset(),
                win == null ? Double.NaN : win.within10(), win == null ? Double.NaN : win.spearman());
        progress.report("estimator cross-validation", steps, steps, "done");
        return new DecomposedRegressor<>(finalBase, corr, names, curve.curve(), s, calBase, calCorr, calIndex, calResidual);
    }

    private static <A> Folds crossValidate(BaseFitter<A> fitter, List<A> archs, double[] targets, int[] fold,
                                           EstimatorConfig cfg, Progress progress, int step0, int steps) {
        int n = targets.length;
        double[] oofBase = new double[n];
        double[] oofCorr = cfg.trees() > 0 ? new double[n] : null;
        for (int k = 0; k < cfg.folds(); k++) {
            stopIfCancelled(progress);
            progress.report("estimator cross-validation", step0 + k, steps, "fold " + (k + 1) + " of " + cfg.folds());
            List<A> trA = new ArrayList<>();
            List<Double> trY = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (fold[i] != k) {
                    trA.add(archs.get(i));
                    trY.add(targets[i]);
                }
            }
            double[] y = trY.stream().mapToDouble(Double::doubleValue).toArray();
            Base<A> b = fitter.fit(trA, y, cfg);
            for (int i = 0; i < n; i++) {
                if (fold[i] == k) {
                    oofBase[i] = b.decomposedMs(archs.get(i));
                }
            }
            if (oofCorr != null) {
                if (exact(b, trA, y)) {
                    oofCorr = null;
                    continue;
                }
                String[] names = names(b.features(trA.get(0)).length + 1);
                Model<Regressor> c = trainCorrection(b, trA, y, cfg, names);
                for (int i = 0; i < n; i++) {
                    if (fold[i] == k) {
                        oofCorr[i] = oofBase[i] * Math.exp(correct(c, b, archs.get(i), oofBase[i], names));
                    }
                }
            }
        }
        return new Folds(oofBase, oofCorr);
    }

    /** Keeps the correction if it raises the out-of-fold share within ±10 % (each at its best offset). */
    private static Choice choose(Folds f, double[] y) {
        double[] off = new double[1];
        double baseWithin = bestOffset(f.base(), y, null, off);
        double baseOffset = off[0];
        if (f.corrected() == null) {
            return new Choice(false, baseOffset, baseWithin, f.base(), baseWithin, Double.NaN);
        }
        double corrWithin = bestOffset(f.corrected(), y, null, off);
        if (corrWithin > baseWithin) {
            return new Choice(true, off[0], corrWithin, f.corrected(), baseWithin, corrWithin);
        }
        return new Choice(false, baseOffset, baseWithin, f.base(), baseWithin, corrWithin);
    }

    /**
     * Picks the index window (and statistic) with the best leave-one-out share within ±10 %, or none
     * ({@code h = 0}) if no window beats {@code noneWithin} by more than {@link #OFFSET_SLACK}.
     */
    private static Window chooseWindow(double[] oof, double[] ms, int[] indices, int[] sortedIndex, Integer[] order,
                                       double noneWithin, double noneSpearman, double noneOffset) {
        int n = ms.length;
        double[] residual = new double[n];
        for (int j = 0; j < n; j++) {
            residual[j] = Math.log(ms[order[j]] / oof[order[j]]);
        }
        Window best = new Window(0, false, noneOffset, noneWithin, noneSpearman, new double[n]);
        double[] off = new double[1];
        for (boolean med : new boolean[] {true, false}) {
            for (int h : WINDOWS) {
                double[] shift = new double[n];
                double[] p = new double[n];
                for (int i = 0; i < n; i++) {
                    shift[i] = windowShift(sortedIndex, residual, indices[i], h, med);
                    p[i] = oof[i] * Math.exp(shift[i]);
                }
                double w = bestOffset(p, ms, null, off);
                if (w > best.within10() + (best.h() == 0 ? OFFSET_SLACK : 0)) {
                    best = new Window(h, med, off[0], w, Ranking.spearman(p, ms), shift);
                }
            }
        }
        return best;
    }

    /** @return the internal cross-validation summary */
    Summary summary() {
        return summary;
    }

    /** @return true if the learned correction is used */
    boolean corrected() {
        return correction != null;
    }

    /** @return true if an index calibration window was selected */
    boolean calibrated() {
        return calibrationIndex != null && summary.calibrationWindow() > 0;
    }

    /** @return true if the index calibration was fitted (it may have selected no window) */
    boolean calibrationFitted() {
        return calibrationIndex != null;
    }

    /** @return predicted latency from the architecture alone, ms (positive) */
    double predict(A arch) {
        return offset.apply(modelMs(arch));
    }

    /**
     * @param arch  architecture
     * @param index its benchmark index
     * @return predicted latency with the index calibration, ms (positive)
     * @throws IllegalStateException if the calibration was not fitted
     */
    double predict(A arch, int index) {
        if (calibrationIndex == null) {
            throw new IllegalStateException("the index calibration was not fitted (enable EstimatorConfig.indexCalibration and pass indices)");
        }
        if (summary.calibrationWindow() == 0) {
            return predict(arch);
        }
        double shift = windowShift(calibrationIndex, calibrationResidual, index, summary.calibrationWindow(),
                summary.calibrationMedian());
        return modelMs(calibratedBase, calibratedCorrection, arch) * Math.exp(shift + summary.calibratedOffset());
    }

    private double modelMs(A arch) {
        return modelMs(base, correction, arch);
    }

    private double modelMs(Base<A> b, Model<Regressor> c, A arch) {
        double ms = b.decomposedMs(arch);
        if (c == null) {
            return ms;
        }
        return ms * Math.exp(correct(c, b, arch, ms, featureNames));
    }

    /** True when the decomposition already reproduces its training rows (exactly additive device). */
    private static <A> boolean exact(Base<A> b, List<A> archs, double[] y) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            double r = Math.log(y[i] / b.decomposedMs(archs.get(i)));
            s += r * r;
        }
        return Math.sqrt(s / y.length) < 1e-4;
    }

    private static <A> Model<Regressor> trainCorrection(Base<A> base, List<A> archs, double[] ms, EstimatorConfig cfg,
                                                         String[] names) {
        int n = ms.length;
        double[][] x = new double[n][];
        double[] t = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            double b = base.decomposedMs(archs.get(i));
            x[i] = row(base.features(archs.get(i)), b);
            t[i] = Math.log(ms[i] / b);
            w[i] = welsch(t[i] / cfg.correctionScale());
        }
        Model<Regressor> model = null;
        for (int round = 0; round < cfg.correctionRounds(); round++) {
            RegressionFactory f = new RegressionFactory();
            MutableDataset<Regressor> ds = new MutableDataset<>(new SimpleDataSourceProvenance("nas-latency", f), f);
            for (int i = 0; i < n; i++) {
                Example<Regressor> ex = new ArrayExample<>(new Regressor("dlog", t[i]), names, x[i]);
                ex.setWeight((float) w[i]);
                ds.add(ex);
            }
            model = withXgboostRetries(() -> trainer(cfg).train(ds));
            if (round + 1 < cfg.correctionRounds()) {
                List<Prediction<Regressor>> pred = model.predict(ds);
                for (int i = 0; i < n; i++) {
                    w[i] = welsch((t[i] - pred.get(i).getOutput().getValues()[0]) / cfg.correctionScale());
                }
            }
        }
        return model;
    }

    /** Attempts of one XGBoost training before its error is passed on. */
    static final int XGBOOST_ATTEMPTS = 3;

    /**
     * Runs an XGBoost training again when XGBoost4J fails it from the inside. XGBoost4J 1.6 (under Tribuo 4.3.2) can
     * free a training matrix while a boosting round still uses it (its JNI calls pass the native handle, so the garbage
     * collector may finalise the Java object mid-call), which aborts the round with {@code Check failed:
     * !matrix.second.ref.expired()}; it depends on garbage-collection timing (seen in two runs of the few-shot
     * experiment, each fitting hundreds of small estimators).
     * Training is seeded, so a repeated attempt gives the same model.
     *
     * @param training the training, repeatable
     * @return its result
     * @throws IllegalStateException the last attempt's error if every attempt fails on an XGBoost error; any other
     *                               exception at once
     */
    static <T> T withXgboostRetries(java.util.function.Supplier<T> training) {
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= XGBOOST_ATTEMPTS; attempt++) {
            try {
                return training.get();
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof ml.dmlc.xgboost4j.java.XGBoostError)) {
                    throw e;
                }
                last = e;
                java.util.logging.Logger.getLogger(DecomposedRegressor.class.getName()).warning(
                        "XGBoost training failed (attempt " + attempt + " of " + XGBOOST_ATTEMPTS + "): " + e.getCause().getMessage());
            }
        }
        throw last;
    }

    private static XGBoostRegressionTrainer trainer(EstimatorConfig cfg) {
        Map<String, Object> p = new HashMap<>();
        p.put("objective", "reg:squarederror");
        p.put("booster", "gbtree");
        p.put("tree_method", "hist");
        p.put("eta", cfg.learningRate());
        p.put("max_depth", cfg.maxDepth());
        p.put("min_child_weight", cfg.minChildWeight());
        p.put("subsample", cfg.subsample());
        p.put("colsample_bytree", cfg.featureSubsample());
        p.put("lambda", 1.0);
        p.put("alpha", 0.0);
        p.put("base_score", 0.0);
        p.put("nthread", cfg.threads());
        p.put("seed", cfg.seed());
        p.put("verbosity", 0);
        return new XGBoostRegressionTrainer(XGBoostRegressionTrainer.RegressionType.LINEAR, cfg.trees(), p);
    }

    /** Welsch weight with a floor, so that no row leaves the data set entirely. */
    private static double welsch(double u) {
        return Math.max(1e-3, Math.exp(-0.5 * u * u));
    }

    private static <A> double correct(Model<Regressor> c, Base<A> b, A arch, double baseMs, String[] names) {
        Example<Regressor> ex = new ArrayExample<>(new Regressor("dlog", Double.NaN), names, row(b.features(arch), baseMs));
        return c.predict(ex).getOutput().getValues()[0];
    }

    private static double[] row(double[] features, double baseMs) {
        double[] v = Arrays.copyOf(features, features.length + 1);
        v[features.length] = Math.log(baseMs);
        return v;
    }

    private static String[] names(int k) {
        String[] names = new String[k];
        for (int j = 0; j < k; j++) {
            names[j] = String.format("f%03d", j);
        }
        return names;
    }

    /** @return fold of each row, a seeded balanced assignment */
    static int[] folds(int n, int k, long seed) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed ^ 0x6A09E667F3BCC909L);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] fold = new int[n];
        for (int i = 0; i < n; i++) {
            fold[perm[i]] = i % k;
        }
        return fold;
    }

    /**
     * The window offset: among the offsets whose share within ±10 % is at most {@link #OFFSET_SLACK}
     * below the best, the one closest to 0 (a small gain does not move every prediction).
     *
     * @param p      predictions, ms. Not modified.
     * @param y      measurements, ms. Not modified.
     * @param weight unused (null)
     * @param out    {@code out[0]} receives the offset, log units
     * @return the share within ±10 % at that offset
     */
    static double bestOffset(double[] p, double[] y, double[] weight, double[] out) {
        int steps = (int) Math.round(OFFSET_RANGE / OFFSET_STEP);
        double[] share = new double[2 * steps + 1];
        double best = -1;
        for (int k = -steps; k <= steps; k++) {
            double f = Math.exp(k * OFFSET_STEP);
            int ok = 0;
            for (int i = 0; i < p.length; i++) {
                if (Math.abs(p[i] * f / y[i] - 1) <= TOLERANCE) {
                    ok++;
                }
            }
            share[k + steps] = ok / (double) p.length;
            best = Math.max(best, share[k + steps]);
        }
        for (int s = 0; s <= 2 * steps; s++) {
            // Visit 0, +1, -1, +2, -2, ...
            int k = (s + 1) / 2 * (s % 2 == 1 ? 1 : -1);
            if (share[k + steps] >= best - OFFSET_SLACK) {
                out[0] = k * OFFSET_STEP;
                return share[k + steps];
            }
        }
        throw new AssertionError("unreachable");
    }

    /**
     * Location of the residuals of training rows with benchmark index in {@code [q - h, q + h]}, the row
     * with index {@code q} itself excluded; 0 when there is none.
     *
     * @param index    sorted benchmark indices. Not modified.
     * @param residual log residuals in the same order. Not modified.
     */
    static double windowShift(int[] index, double[] residual, int q, int h, boolean median) {
        int lo = lowerBound(index, q - h);
        int hi = lowerBound(index, q + h + 1);
        double[] v = new double[hi - lo];
        int k = 0;
        for (int j = lo; j < hi; j++) {
            if (index[j] != q) {
                v[k++] = residual[j];
            }
        }
        if (k == 0) {
            return 0;
        }
        v = Arrays.copyOf(v, k);
        Arrays.sort(v);
        double m = k % 2 == 1 ? v[k / 2] : 0.5 * (v[k / 2 - 1] + v[k / 2]);
        if (median) {
            return m;
        }
        for (int it = 0; it < 10; it++) {
            double sw = 0;
            double s = 0;
            for (double r : v) {
                double u = (r - m) / LOCATION_SCALE;
                double w = Math.exp(-0.5 * u * u) + 1e-12;
                sw += w;
                s += w * r;
            }
            m = s / sw;
        }
        return m;
    }

    private static int lowerBound(int[] a, int key) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** @throws java.util.concurrent.CancellationException if the caller gave up (checked between folds) */
    private static void stopIfCancelled(Progress progress) {
        if (progress.cancelled()) {
            throw new java.util.concurrent.CancellationException("estimator fit cancelled");
        }
    }
}
