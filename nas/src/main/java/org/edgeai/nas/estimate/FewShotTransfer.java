package org.edgeai.nas.estimate;

import java.util.List;

/**
 * A latency estimator for a new device from a handful of its measurements, by transfer from source devices whose
 * estimators were fitted on many architectures: for each source {@code s}, fit {@code log y = a + b log p_s} by least
 * squares on the target's few measured architectures ({@code y}: measured ms on the target, {@code p_s}: the source
 * estimator's prediction for the same architectures), keep the source with the lowest leave-one-out error, and predict
 * {@code exp(a + b log p_s(arch))}. Architecture-only: a query needs only the source estimator's prediction.
 *
 * <p>This is the simplest answer to the few-sample setting of HELP (Lee et al., "HELP: hardware-adaptive efficient
 * latency prediction for NAS via meta-learning", NeurIPS 2021: 10 target samples, source devices with many) and rests
 * on the latency monotonicity between devices that Lu et al. exploit ("One proxy device is enough for hardware-aware
 * neural architecture search", SIGMETRICS 2022): a power law of one good source keeps its ranking and fixes the scale.
 * The leave-one-out residuals of a straight-line fit come in closed form, {@code e_i / (1 - h_ii)} with leverage
 * {@code h_ii = 1/n + (x_i - mean x)^2 / Sxx} (e.g. Weisberg, "Applied linear regression", 4th ed., sec. 9.2).
 *
 * <p>Immutable and thread-safe.
 *
 * @param source      index of the chosen source in the list given to {@link #fit}
 * @param intercept   {@code a}
 * @param slope       {@code b}
 * @param looRmse     leave-one-out root-mean-square error of {@code log y} for the chosen source
 * @param looSpearman Spearman rho between the measured latencies and their leave-one-out predictions (chosen source)
 */
public record FewShotTransfer(int source, double intercept, double slope, double looRmse, double looSpearman) {

    /**
     * @param sourcePredictionsMs per source: its estimator's predictions for the target's measured architectures, ms,
     *                            each as long as {@code measuredMs}. Not modified.
     * @param measuredMs          the target's measured latencies, ms (at least 3, all &gt; 0). Not modified.
     * @return the fit with the lowest leave-one-out error (the first such source on ties)
     * @throws IllegalArgumentException if there are no sources, fewer than 3 measurements, lengths differ, a value is not
     *                                  positive and finite, or every source is constant over the measured architectures
     */
    public static FewShotTransfer fit(List<double[]> sourcePredictionsMs, double[] measuredMs) {
        if (sourcePredictionsMs.isEmpty()) {
            throw new IllegalArgumentException("need at least one source device");
        }
        int n = measuredMs.length;
        if (n < 3) {
            throw new IllegalArgumentException("need at least 3 measured architectures on the target, got " + n);
        }
        double[] y = logs(measuredMs, "measured latency");
        FewShotTransfer best = null;
        for (int s = 0; s < sourcePredictionsMs.size(); s++) {
            double[] p = sourcePredictionsMs.get(s);
            if (p.length != n) {
                throw new IllegalArgumentException("source " + s + " has " + p.length + " predictions for " + n + " measurements");
            }
            double[] x = logs(p, "source " + s + " prediction");
            double[] m = org.edgeai.nas.internal.Ranking.centredMoments(x, y);
            double mx = m[0];
            double my = m[1];
            double sxx = m[2];
            double sxy = m[3];
            if (!(sxx > 1e-12 * n)) {
                continue; // constant source: no slope
            }
            double b = sxy / sxx;
            double a = my - b * mx;
            double sse = 0;
            double[] loo = new double[n];
            for (int i = 0; i < n; i++) {
                double h = 1.0 / n + (x[i] - mx) * (x[i] - mx) / sxx;
                double e = (y[i] - a - b * x[i]) / Math.max(1e-12, 1 - h);
                sse += e * e;
                loo[i] = y[i] - e;
            }
            double rmse = Math.sqrt(sse / n);
            if (best == null || rmse < best.looRmse()) {
                best = new FewShotTransfer(s, a, b, rmse, org.edgeai.nas.internal.Ranking.spearman(loo, y));
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("every source predicts the same latency for the measured architectures");
        }
        return best;
    }

    /**
     * @param sourcePredictionMs the chosen source's prediction for a query architecture, ms (&gt; 0)
     * @return the predicted target latency, ms
     */
    public double predictMs(double sourcePredictionMs) {
        return Math.exp(intercept + slope * Math.log(sourcePredictionMs));
    }

    private static double[] logs(double[] v, String what) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] > 0) || Double.isInfinite(v[i])) {
                throw new IllegalArgumentException(what + " " + i + " must be positive and finite, got " + v[i]);
            }
            out[i] = Math.log(v[i]);
        }
        return out;
    }
}
