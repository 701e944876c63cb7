package org.edgeai.nas.estimate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.edgeai.nas.internal.Ridge;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.common.xgboost.XGBoostTrainer;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer;

/**
 * The estimator core shared by both spaces: latency = (sum of per-part latencies) x exp(correction).
 *
 * <ol>
 *   <li>Decomposition (nn-Meter's kernel sum; the article's "sum of per-operator predictions"):
 *       every architecture is a set of parts given as 0/1 (or count) columns; a ridge fit gives each
 *       part's latency, and the prediction is their sum plus an intercept. Rows flagged constant
 *       (graphs that fold to a constant) are predicted by the median of the constant training rows.</li>
 *   <li>Correction: gradient-boosted trees (XGBoost via Tribuo, squared error) fitted to
 *       {@code log(measured) - log(decomposed)} on structure features plus {@code log(decomposed)},
 *       capturing interactions the sum misses (fusion, caching, scheduling). It is kept only if it
 *       lowers the squared log error on an internal hold-out of the training rows.</li>
 * </ol>
 *
 * @implNote Immutable after fitting; {@link #predict} is thread-safe only in that Tribuo models are.
 */
final class DecomposedRegressor {
    private final double[] weights;
    private final double constantMs;
    private final double floorMs;
    private final Model<Regressor> correction;
    private final String[] featureNames;

    private DecomposedRegressor(double[] weights, double constantMs, double floorMs, Model<Regressor> correction,
                                String[] featureNames) {
        this.weights = weights;
        this.constantMs = constantMs;
        this.floorMs = floorMs;
        this.correction = correction;
        this.featureNames = featureNames;
    }

    /** @return true if the learned correction is used */
    boolean corrected() {
        return correction != null;
    }

    /** @return the per-part weights (intercept first), ms */
    double[] partWeights() {
        return weights.clone();
    }

    /**
     * @param parts     {@code [n][p]} part columns (intercept added here)
     * @param structure {@code [n][q]} correction features
     * @param constant  per row, whether the graph folds to a constant
     * @param ms        measured latency per row, &gt; 0
     */
    static DecomposedRegressor fit(double[][] parts, double[][] structure, boolean[] constant, double[] ms,
                                   EstimatorConfig cfg) {
        int n = ms.length;
        if (n < 2) {
            throw new IllegalArgumentException("need at least 2 training rows, got " + n);
        }
        for (int i = 0; i < n; i++) {
            if (!(ms[i] > 0) || !Double.isFinite(ms[i])) {
                throw new IllegalArgumentException("training latency of row " + i + " must be positive and finite, got " + ms[i]);
            }
        }
        double[] weights = fitParts(parts, constant, ms, cfg.ridgeLambda());
        double constantMs = medianWhere(ms, constant, true);
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double floorMs = sorted[0] * 0.5;
        if (Double.isNaN(constantMs)) {
            constantMs = sorted[0];
        }
        String[] names = new String[structure[0].length + 1];
        for (int j = 0; j < names.length; j++) {
            names[j] = "f" + j;
        }
        DecomposedRegressor base = new DecomposedRegressor(weights, constantMs, floorMs, null, names);
        if (cfg.trees() == 0) {
            return base;
        }
        boolean keep = true;
        if (cfg.selectionShare() > 0 && n >= 20) {
            boolean[] hold = new boolean[n];
            SplittableRandom rng = new SplittableRandom(cfg.seed() ^ 0x5DEECE66DL);
            int held = 0;
            for (int i = 0; i < n; i++) {
                hold[i] = rng.nextDouble() < cfg.selectionShare();
                held += hold[i] ? 1 : 0;
            }
            if (held > 0 && held < n) {
                double[][] pTr = select(parts, hold, false);
                double[][] sTr = select(structure, hold, false);
                boolean[] cTr = selectB(constant, hold, false);
                double[] yTr = selectD(ms, hold, false);
                double[] w = fitParts(pTr, cTr, yTr, cfg.ridgeLambda());
                double cm = medianWhere(yTr, cTr, true);
                DecomposedRegressor inner = new DecomposedRegressor(w, Double.isNaN(cm) ? constantMs : cm, floorMs, null, names);
                Model<Regressor> corr = trainCorrection(inner, pTr, sTr, cTr, yTr, cfg);
                DecomposedRegressor innerC = new DecomposedRegressor(w, inner.constantMs, floorMs, corr, names);
                double e0 = 0;
                double e1 = 0;
                for (int i = 0; i < n; i++) {
                    if (hold[i]) {
                        double y = Math.log(ms[i]);
                        e0 += sq(Math.log(inner.predict(parts[i], structure[i], constant[i])) - y);
                        e1 += sq(Math.log(innerC.predict(parts[i], structure[i], constant[i])) - y);
                    }
                }
                keep = e1 < e0;
            }
        }
        if (!keep) {
            return base;
        }
        Model<Regressor> corr = trainCorrection(base, parts, structure, constant, ms, cfg);
        return new DecomposedRegressor(weights, constantMs, floorMs, corr, names);
    }

    private static double sq(double v) {
        return v * v;
    }

    private static double[] fitParts(double[][] parts, boolean[] constant, double[] ms, double lambda) {
        List<double[]> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < ms.length; i++) {
            if (!constant[i]) {
                x.add(withIntercept(parts[i]));
                y.add(ms[i]);
            }
        }
        if (x.isEmpty()) {
            throw new IllegalArgumentException("every training row folds to a constant graph; nothing to decompose");
        }
        double[] yy = new double[y.size()];
        for (int i = 0; i < yy.length; i++) {
            yy[i] = y.get(i);
        }
        return Ridge.fit(x.toArray(double[][]::new), yy, Math.max(lambda, 1e-9));
    }

    private static double[] withIntercept(double[] row) {
        double[] r = new double[row.length + 1];
        r[0] = 1;
        System.arraycopy(row, 0, r, 1, row.length);
        return r;
    }

    private double decomposed(double[] parts, boolean constant) {
        if (constant) {
            return constantMs;
        }
        return Math.max(Ridge.predict(weights, withIntercept(parts)), floorMs);
    }

    /** Log-error scale of the Tukey biweight used to re-weight rows between boosting rounds (0.15 = about 15 %). */
    static final double ROBUST_SCALE = 0.15;

    private static Model<Regressor> trainCorrection(DecomposedRegressor base, double[][] parts, double[][] structure,
                                                    boolean[] constant, double[] ms, EstimatorConfig cfg) {
        int n = ms.length;
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = base.decomposed(parts[i], constant[i]);
        }
        float[] weight = new float[n];
        java.util.Arrays.fill(weight, 1f);
        Model<Regressor> model = null;
        int rounds = cfg.robustRounds();
        for (int round = 0; round < rounds; round++) {
            RegressionFactory f = new RegressionFactory();
            MutableDataset<Regressor> ds = new MutableDataset<>(new SimpleDataSourceProvenance("nas-latency", f), f);
            for (int i = 0; i < n; i++) {
                Example<Regressor> ex = base.example(structure[i], b[i], Math.log(ms[i]) - Math.log(b[i]));
                ex.setWeight(weight[i]);
                ds.add(ex);
            }
            XGBoostRegressionTrainer trainer = new XGBoostRegressionTrainer(XGBoostTrainer.BoosterType.GBTREE,
                    XGBoostTrainer.TreeMethod.HIST, XGBoostRegressionTrainer.RegressionType.LINEAR,
                    cfg.trees(), cfg.learningRate(), 0.0, cfg.maxDepth(), cfg.minChildWeight(), cfg.subsample(),
                    cfg.featureSubsample(), 1.0, 0.0, cfg.threads(), XGBoostTrainer.LoggingVerbosity.SILENT, cfg.seed());
            model = trainer.train(ds);
            if (round + 1 < rounds) {
                // Tukey biweight on the log residual: rows far from the bulk (the slow or fast measurement
                // mode of a bimodal device) lose influence, so the fit follows the typical mode.
                java.util.List<org.tribuo.Prediction<Regressor>> pred = model.predict(ds);
                for (int i = 0; i < n; i++) {
                    double r = (Math.log(ms[i]) - Math.log(b[i]) - pred.get(i).getOutput().getValues()[0]) / ROBUST_SCALE;
                    weight[i] = Math.abs(r) < 1 ? (float) Math.max(0.02, (1 - r * r) * (1 - r * r)) : 0.02f;
                }
            }
        }
        return model;
    }

    private Example<Regressor> example(double[] structure, double base, double target) {
        double[] v = new double[structure.length + 1];
        System.arraycopy(structure, 0, v, 0, structure.length);
        v[structure.length] = Math.log(base);
        return new ArrayExample<>(new Regressor("dlog", target), featureNames, v);
    }

    /**
     * @return predicted latency, ms (positive)
     */
    double predict(double[] parts, double[] structure, boolean constant) {
        double b = decomposed(parts, constant);
        if (correction == null) {
            return b;
        }
        double c = correction.predict(example(structure, b, Double.NaN)).getOutput().getValues()[0];
        return b * Math.exp(c);
    }

    private static double medianWhere(double[] v, boolean[] flag, boolean want) {
        double[] s = new double[v.length];
        int k = 0;
        for (int i = 0; i < v.length; i++) {
            if (flag[i] == want) {
                s[k++] = v[i];
            }
        }
        if (k == 0) {
            return Double.NaN;
        }
        s = Arrays.copyOf(s, k);
        Arrays.sort(s);
        return k % 2 == 1 ? s[k / 2] : 0.5 * (s[k / 2 - 1] + s[k / 2]);
    }

    private static double[][] select(double[][] a, boolean[] hold, boolean want) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            if (hold[i] == want) {
                out.add(a[i]);
            }
        }
        return out.toArray(double[][]::new);
    }

    private static boolean[] selectB(boolean[] a, boolean[] hold, boolean want) {
        boolean[] out = new boolean[a.length];
        int k = 0;
        for (int i = 0; i < a.length; i++) {
            if (hold[i] == want) {
                out[k++] = a[i];
            }
        }
        return Arrays.copyOf(out, k);
    }

    private static double[] selectD(double[] a, boolean[] hold, boolean want) {
        double[] out = new double[a.length];
        int k = 0;
        for (int i = 0; i < a.length; i++) {
            if (hold[i] == want) {
                out[k++] = a[i];
            }
        }
        return Arrays.copyOf(out, k);
    }
}
