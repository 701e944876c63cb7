package org.edgeai.nas.estimate;

import java.util.ArrayList;
import java.util.List;
import org.edgeai.kernel.Progress;
import org.edgeai.nas.bench.Nb201Cell;
import org.edgeai.nas.bench.Nb201Table;

/**
 * A NAS-Bench-201 latency estimator for a device with only a few measured architectures: this module's
 * {@link LatencyEstimator} fitted on each source device of a table with many measurements, then the
 * {@link FewShotTransfer} power law from the source that explains the target's measurements best (leave-one-out).
 * With at least {@link #MIN_DIRECT} measurements the estimator fitted on them alone is a candidate too, and is used
 * instead when its cross-validated Spearman rho beats the transfer's leave-one-out rho ({@link #preferDirect}): the
 * transfer keeps its source's ranking, the direct fit learns the target's own once there are enough rows.
 * What {@link FewShotExperiment} evaluates, packaged for one target.
 *
 * <p>Immutable after fitting. Prediction calls the source's (or the direct) {@link LatencyEstimator}, so the same
 * caveat applies: share an instance between threads only with external synchronisation.
 */
public final class TransferEstimator {
    /** Fewest target measurements for which the direct fit is considered. */
    public static final int MIN_DIRECT = 20;

    private final String source;
    private final LatencyEstimator<Nb201Cell> sourceEstimator;
    private final FewShotTransfer transfer;
    private final LatencyEstimator<Nb201Cell> direct;

    private TransferEstimator(String source, LatencyEstimator<Nb201Cell> sourceEstimator, FewShotTransfer transfer,
                              LatencyEstimator<Nb201Cell> direct) {
        this.source = source;
        this.sourceEstimator = sourceEstimator;
        this.transfer = transfer;
        this.direct = direct;
    }

    /**
     * The choice between the two estimators of a target, from its own measurements only.
     *
     * @param transfer the transfer fitted on the target's rows
     * @param direct   the estimator fitted on the same rows, or null when none could be fitted
     * @return true when the direct estimator's out-of-fold Spearman rho is higher than the transfer's leave-one-out rho
     */
    public static boolean preferDirect(FewShotTransfer transfer, LatencyEstimator<?> direct) {
        return direct != null && direct.validation().spearman() > transfer.looSpearman();
    }

    /**
     * @param sourceTable table with the source devices' measurements (e.g. the shared NAS-Bench-201 file)
     * @param sources     source device columns of {@code sourceTable}, at least one
     * @param cells       the target's measured architectures (at least 3). Not modified.
     * @param ms          their latency on the target, ms (&gt; 0). Not modified.
     * @param cfg         settings of the source estimators
     * @param progress    one report per source fitted; {@link Progress#cancelled()} stops the fits between their folds
     *                    ({@link java.util.concurrent.CancellationException})
     * @return the estimator
     * @throws IllegalArgumentException if a source is unknown, the target data are too few or not positive, or no source
     *                                  varies over the measured architectures
     */
    public static TransferEstimator fitNb201(Nb201Table sourceTable, List<String> sources, List<Nb201Cell> cells, double[] ms,
                                             EstimatorConfig cfg, Progress progress) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("need at least one source device");
        }
        if (cells.size() != ms.length) {
            throw new IllegalArgumentException(cells.size() + " architectures but " + ms.length + " latencies");
        }
        for (String s : sources) {
            sourceTable.deviceColumn(s);
        }
        List<LatencyEstimator<Nb201Cell>> fitted = new ArrayList<>();
        List<double[]> predictions = new ArrayList<>();
        Progress cancelOnly = Progress.cancelledWhen(progress::cancelled); // stop with the caller, no nested reports
        for (int k = 0; k < sources.size(); k++) {
            progress.report("transfer sources", k, sources.size(), sources.get(k));
            LatencyEstimator<Nb201Cell> est = LatencyEstimator.fitNb201(sourceTable.cells(), sourceTable.latency(sources.get(k)), null,
                    cfg, cancelOnly);
            double[] p = new double[cells.size()];
            for (int i = 0; i < p.length; i++) {
                p[i] = est.predictMs(cells.get(i));
            }
            fitted.add(est);
            predictions.add(p);
        }
        progress.report("transfer sources", sources.size(), sources.size(), "fitted");
        FewShotTransfer t = FewShotTransfer.fit(predictions, ms);
        LatencyEstimator<Nb201Cell> direct = null;
        if (ms.length >= MIN_DIRECT) {
            LatencyEstimator<Nb201Cell> d = LatencyEstimator.fitNb201(cells, ms, cfg);
            direct = preferDirect(t, d) ? d : null;
        }
        return new TransferEstimator(sources.get(t.source()), fitted.get(t.source()), t, direct);
    }

    /** @return predicted target latency of {@code cell}, ms */
    public double predictMs(Nb201Cell cell) {
        return direct != null ? direct.predictMs(cell) : transfer.predictMs(sourceEstimator.predictMs(cell));
    }

    /** @return {@code direct} when the estimator fitted on the target's rows alone is used, else {@code transfer} */
    public String method() {
        return direct != null ? "direct" : "transfer";
    }

    /** @return the chosen source device */
    public String source() {
        return source;
    }

    /** @return the fitted power law (intercept, slope, leave-one-out error) */
    public FewShotTransfer transfer() {
        return transfer;
    }
}
