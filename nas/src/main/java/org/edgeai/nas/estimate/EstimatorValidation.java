package org.edgeai.nas.estimate;

import java.util.ArrayList;
import java.util.List;
import org.edgeai.kernel.Progress;
import org.edgeai.nas.bench.FbnetBlock;
import org.edgeai.nas.bench.FbnetTable;
import org.edgeai.nas.bench.Nb201Cell;
import org.edgeai.nas.bench.Nb201Table;
import org.edgeai.nas.internal.Ranking;

/**
 * Validates the latency estimators on the shared tables: split by architecture (a seeded random
 * hold-out of the rows; each row is one architecture), fit on the training part only, report on
 * the held-out part. For NAS-Bench-201 both figures are reported: from the architecture alone, and
 * with the benchmark-index calibration when {@link EstimatorConfig#indexCalibration()} is on.
 * Stateless; thread-safe (each call fits its own estimators).
 */
public final class EstimatorValidation {
    /** Default held-out share. */
    public static final double HOLD_OUT = 0.2;
    /** Default split seed. */
    public static final long SPLIT_SEED = 20261121L;

    private EstimatorValidation() {
    }

    /**
     * One device's result.
     *
     * @param space             {@code nb201} or {@code fbnet}
     * @param device            device column
     * @param trainingRows      rows used to fit
     * @param heldOutRows       rows evaluated
     * @param within10          share of held-out architectures within ±10 %
     * @param spearman          Spearman rho of predicted vs measured latency on the held-out rows
     * @param additiveWithin10  the same share for the plain additive per-(position, op) fit on all
     *                          (not pruned) choices, the README's baseline
     * @param additiveSpearman  its Spearman rho
     * @param corrected         whether the learned correction was kept
     * @param calibratedWithin10 share within ±10 % with the benchmark-index calibration
     *                           ({@link LatencyEstimator#predictMs(Object, int)}); NaN when not evaluated
     * @param calibratedSpearman Spearman rho with the calibration; NaN when not evaluated
     * @param calibrationWindow  half-width of the selected index window (0 = the calibration found no gain)
     * @param cv                 the estimator's internal cross-validation on the training rows
     * @param ceiling            NAS-Bench-201 only (null for FBNet): the attenuation bound on any architecture-only
     *                           predictor's Spearman rho on this device, from the table's isomorphic cell pairs
     *                           ({@link MeasurementCeiling}; all rows, 1000 bootstrap resamples, seed 1), with its
     *                           range-corrected whole-table estimate
     */
    public record DeviceResult(String space, String device, int trainingRows, int heldOutRows, double within10,
                               double spearman, double additiveWithin10, double additiveSpearman, boolean corrected,
                               double calibratedWithin10, double calibratedSpearman, int calibrationWindow,
                               LatencyEstimator.Validation cv, MeasurementCeiling.Result ceiling) {
    }

    /**
     * @param table     the shared NAS-Bench-201 table
     * @param devices   device columns to validate
     * @param cfg       estimator settings
     * @param holdOut   held-out share of the rows, in (0, 1) (e.g. 0.2)
     * @param splitSeed seed of the split ({@link Ranking#split})
     * @param progress  receives one report per device
     * @return one result per device
     * @throws IllegalArgumentException if {@code holdOut} is not in (0, 1), a device column is absent, or a training
     *                                  row has no positive latency for a device
     */
    public static List<DeviceResult> nb201(Nb201Table table, List<String> devices, EstimatorConfig cfg, double holdOut,
                                           long splitSeed, Progress progress) {
        int[][] split = Ranking.split(table.size(), holdOut, splitSeed);
        Nb201Table train = table.subset(split[0]);
        Nb201Table test = table.subset(split[1]);
        List<DeviceResult> out = new ArrayList<>();
        int k = 0;
        for (String device : devices) {
            progress.report("estimator nb201", k++, devices.size(), device);
            double[] yTr = train.latency(device);
            double[] yTe = test.latency(device);
            LatencyEstimator<Nb201Cell> est = LatencyEstimator.fitNb201(train.cells(), yTr, train.indices(), cfg, Progress.NONE);
            double[] p = new double[test.size()];
            double[] q = new double[test.size()];
            for (int i = 0; i < p.length; i++) {
                p[i] = est.predictMs(test.cells().get(i));
                q[i] = est.indexCalibrated() ? est.predictMs(test.cells().get(i), test.index(i)) : Double.NaN;
            }
            double[] base = additiveBaselineNb201(train.cells(), yTr, test.cells());
            LatencyEstimator.Validation cv = est.validation();
            out.add(new DeviceResult("nb201", device, train.size(), test.size(), Ranking.withinFraction(p, yTe, 0.1),
                    Ranking.spearman(p, yTe), Ranking.withinFraction(base, yTe, 0.1), Ranking.spearman(base, yTe),
                    est.corrected(), est.indexCalibrated() ? Ranking.withinFraction(q, yTe, 0.1) : Double.NaN,
                    est.indexCalibrated() ? Ranking.spearman(q, yTe) : Double.NaN, cv.calibrationWindow(), cv,
                    MeasurementCeiling.nb201(table, device, 1000, 1)));
        }
        progress.report("estimator nb201", devices.size(), devices.size(), "done");
        return out;
    }

    /**
     * @param table     the shared FBNet table
     * @param devices   device columns to validate
     * @param cfg       estimator settings
     * @param holdOut   held-out share of the rows, in (0, 1) (e.g. 0.2)
     * @param splitSeed seed of the split ({@link Ranking#split})
     * @param progress  receives one report per device
     * @return one result per device
     * @throws IllegalArgumentException if {@code holdOut} is not in (0, 1), a device column is absent, or a training
     *                                  row has no positive latency for a device
     */
    public static List<DeviceResult> fbnet(FbnetTable table, List<String> devices, EstimatorConfig cfg, double holdOut,
                                           long splitSeed, Progress progress) {
        int[][] split = Ranking.split(table.size(), holdOut, splitSeed);
        FbnetTable train = table.subset(split[0]);
        FbnetTable test = table.subset(split[1]);
        List<DeviceResult> out = new ArrayList<>();
        int k = 0;
        for (String device : devices) {
            progress.report("estimator fbnet", k++, devices.size(), device);
            double[] yTr = train.latency(device);
            double[] yTe = test.latency(device);
            LatencyEstimator<FbnetBlock[]> est = LatencyEstimator.fitFbnet(List.of(train.blocks()), yTr, cfg);
            LatencyEstimator<FbnetBlock[]> add = LatencyEstimator.fitFbnet(List.of(train.blocks()), yTr, cfg.withTrees(0));
            double[] p = new double[test.size()];
            double[] b = new double[test.size()];
            for (int i = 0; i < p.length; i++) {
                p[i] = est.predictMs(test.blocks(i));
                b[i] = add.predictMs(test.blocks(i));
            }
            out.add(new DeviceResult("fbnet", device, train.size(), test.size(), Ranking.withinFraction(p, yTe, 0.1),
                    Ranking.spearman(p, yTe), Ranking.withinFraction(b, yTe, 0.1), Ranking.spearman(b, yTe), est.corrected(),
                    Double.NaN, Double.NaN, 0, est.validation(), null));
        }
        progress.report("estimator fbnet", devices.size(), devices.size(), "done");
        return out;
    }

    /** The README's baseline: least squares on one-hot (edge, op) of all six choices, no pruning. */
    static double[] additiveBaselineNb201(List<Nb201Cell> train, double[] y, List<Nb201Cell> test) {
        double[][] x = new double[train.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = oneHot(train.get(i));
        }
        double[] w = org.edgeai.nas.internal.Ridge.fit(x, y, 1e-6);
        double[] p = new double[test.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = org.edgeai.nas.internal.Ridge.predict(w, oneHot(test.get(i)));
        }
        return p;
    }

    private static double[] oneHot(Nb201Cell c) {
        double[] f = new double[1 + 6 * 4];
        f[0] = 1;
        for (int e = 0; e < 6; e++) {
            int o = c.op(e).ordinal();
            if (o > 0) {
                f[1 + e * 4 + o - 1] = 1;
            }
        }
        return f;
    }
}
