package org.edgeai.nas.estimate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.edgeai.nas.internal.Ranking;

/**
 * The window offset as a function of the predicted latency: {@code q = p * exp(o(log p))} with {@code o}
 * piecewise linear between knots (constant beyond the first and last), fitted to maximise the share of
 * out-of-fold predictions within ±10 % of the measurement.
 *
 * <p>Why: on a bimodal device the best single prediction for the ±10 % metric is not the regression's
 * location but the start of the densest 20 %-wide window of the conditional distribution, and where that
 * window sits relative to the fitted mode depends on how often the second mode occurs, which varies with the
 * latency range (raspi4: a slow mode on cells of 5-17.5 ms). One offset per band of predicted latency captures
 * that; {@code bands = 1} is the single window offset of {@link DecomposedRegressor#bestOffset}.
 *
 * <p><b>Fit</b> ({@link #fit}): the rows are sorted by prediction and cut into {@code bands} groups of equal count;
 * each group gets the offset of {@link DecomposedRegressor#bestOffset} on its rows and a knot at the median log
 * prediction of the group (groups with equal knots are merged). Going up the knots, each offset is raised to at
 * least {@code previous - 0.5 * (knot distance)}, so {@code d log q / d log p >= 0.5}: the curve is strictly
 * increasing, and a prediction's rank, hence any Spearman rho, is unchanged by it.
 *
 * <p><b>Choice</b> ({@link #choose}): every band count of {@link #BAND_COUNTS} is cross-fitted over the estimator's
 * folds (curve fitted on the out-of-fold predictions of the other folds, scored on this fold's); more bands are kept
 * only if they raise the cross-fitted share by more than {@link DecomposedRegressor#OFFSET_SLACK}.
 *
 * @param knots   log predicted latency (log ms) of each knot, strictly increasing, at least one
 * @param offsets log offset at each knot, same length
 * @implNote Immutable and thread-safe (the arrays are not exposed to change: callers must not modify them).
 */
record OffsetCurve(double[] knots, double[] offsets) {
    /** Band counts tried by {@link #choose}. */
    static final int[] BAND_COUNTS = {1, 4, 8, 12, 16};
    /** Least slope of the log offset between knots; above -1 keeps the curve increasing. */
    static final double MIN_SLOPE = -0.5;

    /**
     * @throws IllegalArgumentException if the arrays are empty, differ in length, are not finite, or the knots do not
     *                                  increase strictly
     */
    OffsetCurve {
        if (knots.length == 0 || knots.length != offsets.length) {
            throw new IllegalArgumentException("need as many offsets as knots (at least one), got " + knots.length + " and "
                    + offsets.length);
        }
        for (int k = 0; k < knots.length; k++) {
            if (!Double.isFinite(knots[k]) || !Double.isFinite(offsets[k]) || (k > 0 && !(knots[k] > knots[k - 1]))) {
                throw new IllegalArgumentException("knots must be finite and strictly increasing, offsets finite: "
                        + Arrays.toString(knots) + " / " + Arrays.toString(offsets));
            }
        }
    }

    /** @return a constant offset, log units */
    static OffsetCurve constant(double offset) {
        return new OffsetCurve(new double[] {0}, new double[] {offset});
    }

    /** @return number of knots (1 = a single offset) */
    int bands() {
        return knots.length;
    }

    /**
     * @param ms a prediction, ms, &gt; 0
     * @return the log offset at that prediction
     */
    double offsetAt(double ms) {
        double x = Math.log(ms);
        int n = knots.length;
        if (n == 1 || x <= knots[0]) {
            return offsets[0];
        }
        if (x >= knots[n - 1]) {
            return offsets[n - 1];
        }
        int k = Arrays.binarySearch(knots, x);
        if (k >= 0) {
            return offsets[k];
        }
        int hi = -k - 1;
        int lo = hi - 1;
        double t = (x - knots[lo]) / (knots[hi] - knots[lo]);
        return offsets[lo] + t * (offsets[hi] - offsets[lo]);
    }

    /**
     * @param ms a prediction, ms, &gt; 0
     * @return {@code ms * exp(offsetAt(ms))}
     */
    double apply(double ms) {
        return ms * Math.exp(offsetAt(ms));
    }

    /**
     * Fits the curve (see the class comment).
     *
     * @param p     predictions without offset, ms, &gt; 0. Not modified.
     * @param y     measurements, ms, &gt; 0. Not modified.
     * @param bands groups, &gt;= 1 (fewer when rows are too few or predictions tie)
     * @return the curve
     * @throws IllegalArgumentException if the lengths differ, there are no rows, or {@code bands < 1}
     */
    static OffsetCurve fit(double[] p, double[] y, int bands) {
        int n = p.length;
        if (y.length != n || n == 0 || bands < 1) {
            throw new IllegalArgumentException("need equal, non-empty predictions and measurements and bands >= 1, got " + n + ", "
                    + y.length + ", " + bands);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(p[a], p[b]));
        int groups = Math.min(bands, n);
        List<double[]> knotOffset = new ArrayList<>();
        int start = 0;
        for (int g = 0; g < groups; g++) {
            int end = (int) ((long) n * (g + 1) / groups);
            if (end <= start) {
                continue;
            }
            // extend the group over predictions tied with its last row, so that equal predictions get one offset
            while (end < n && p[order[end]] == p[order[end - 1]]) {
                end++;
            }
            double[] gp = new double[end - start];
            double[] gy = new double[end - start];
            double[] logs = new double[end - start];
            for (int j = start; j < end; j++) {
                gp[j - start] = p[order[j]];
                gy[j - start] = y[order[j]];
                logs[j - start] = Math.log(p[order[j]]);
            }
            double[] off = new double[1];
            DecomposedRegressor.bestOffset(gp, gy, null, off);
            knotOffset.add(new double[] {median(logs), off[0]});
            start = end;
            if (start >= n) {
                break;
            }
        }
        // merge knots that coincide (heavy ties): keep the first group's offset
        List<double[]> merged = new ArrayList<>();
        for (double[] ko : knotOffset) {
            if (merged.isEmpty() || ko[0] > merged.getLast()[0]) {
                merged.add(ko);
            }
        }
        double[] knots = new double[merged.size()];
        double[] offsets = new double[merged.size()];
        for (int k = 0; k < knots.length; k++) {
            knots[k] = merged.get(k)[0];
            offsets[k] = merged.get(k)[1];
            if (k > 0) {
                offsets[k] = Math.max(offsets[k], offsets[k - 1] + MIN_SLOPE * (knots[k] - knots[k - 1]));
            }
        }
        return new OffsetCurve(knots, offsets);
    }

    /**
     * The curve the cross-fitting keeps.
     *
     * @param curve             fitted on all rows with the chosen band count
     * @param crossFitWithin10  its cross-fitted share within ±10 %
     * @param singleWithin10    the cross-fitted share of the single offset ({@code bands = 1})
     */
    record Choice(OffsetCurve curve, double crossFitWithin10, double singleWithin10) {
    }

    /**
     * Chooses the band count by cross-fitting (see the class comment).
     *
     * @param p    out-of-fold predictions without offset, ms, &gt; 0. Not modified.
     * @param y    measurements, ms. Not modified.
     * @param fold fold of each row (the folds that produced {@code p}), values in {@code [0, folds)}. Not modified.
     * @return the curve fitted on all rows with the chosen band count, and the cross-fitted shares
     */
    static Choice choose(double[] p, double[] y, int[] fold) {
        int folds = Arrays.stream(fold).max().orElse(0) + 1;
        int bestBands = 1;
        double bestShare = -1;
        double single = Double.NaN;
        for (int bands : BAND_COUNTS) {
            double[] q = new double[p.length];
            for (int k = 0; k < folds; k++) {
                int m = 0;
                for (int f : fold) {
                    m += f != k ? 1 : 0;
                }
                double[] tp = new double[m];
                double[] ty = new double[m];
                int j = 0;
                for (int i = 0; i < p.length; i++) {
                    if (fold[i] != k) {
                        tp[j] = p[i];
                        ty[j++] = y[i];
                    }
                }
                if (m == 0) {
                    continue;
                }
                OffsetCurve c = fit(tp, ty, bands);
                for (int i = 0; i < p.length; i++) {
                    if (fold[i] == k) {
                        q[i] = c.apply(p[i]);
                    }
                }
            }
            double share = Ranking.withinFraction(q, y, DecomposedRegressor.TOLERANCE);
            if (bands == 1) {
                single = share;
            }
            if (bestShare < 0 || share > bestShare + DecomposedRegressor.OFFSET_SLACK) {
                bestShare = share;
                bestBands = bands;
            }
        }
        return new Choice(fit(p, y, bestBands), bestShare, single);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
