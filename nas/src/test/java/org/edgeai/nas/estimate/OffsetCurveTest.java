package org.edgeai.nas.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.edgeai.nas.internal.Ranking;
import org.junit.jupiter.api.Test;

/** The banded window offset: reduces to the single offset, keeps ranks, and finds range-dependent offsets. */
class OffsetCurveTest {
    /** Predictions log-uniform over [1, e^4] ms; measurements {@code p * factor(p) * exp(N(0, 0.02^2))}. */
    private static double[][] twoRegimes(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] p = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp(4 * r.nextDouble());
            double factor = Math.log(p[i]) < 2 ? 1.15 : 0.87;
            y[i] = p[i] * factor * Math.exp(0.02 * r.nextGaussian());
        }
        return new double[][] {p, y};
    }

    @Test
    void oneBandIsTheSingleWindowOffset() {
        double[][] d = twoRegimes(2000, 1);
        double[] off = new double[1];
        DecomposedRegressor.bestOffset(d[0], d[1], null, off);
        OffsetCurve c = OffsetCurve.fit(d[0], d[1], 1);
        assertEquals(1, c.bands());
        for (double ms : new double[] {0.5, 3, 40}) {
            assertEquals(off[0], c.offsetAt(ms), 0.0);
        }
    }

    /** The measurements sit 15 % above the predictions below e^2 ms and 13 % below above it. */
    @Test
    void bandsRecoverRangeDependentOffsetsAndTheChoiceKeepsThem() {
        double[][] d = twoRegimes(5000, 2);
        int[] fold = DecomposedRegressor.folds(5000, 5, 3);
        OffsetCurve.Choice ch = OffsetCurve.choose(d[0], d[1], fold);
        assertTrue(ch.curve().bands() > 1, "bands " + ch.curve().bands());
        // one offset covers one regime (a ±10 % window spans a ratio of 1.22, the regimes 1.32 apart)
        assertTrue(ch.singleWithin10() < 0.65, "single " + ch.singleWithin10());
        assertTrue(ch.crossFitWithin10() > 0.9, "banded " + ch.crossFitWithin10());
        // far from the change, the offset is the regime's (a ±10 % window has slack: within 0.06 of log 1.15, log 0.87)
        assertEquals(Math.log(1.15), ch.curve().offsetAt(Math.exp(0.3)), 0.06);
        assertEquals(Math.log(0.87), ch.curve().offsetAt(Math.exp(3.7)), 0.06);
    }

    /** Whatever the data, the curve is strictly increasing in the prediction, so ranks and Spearman rho are kept. */
    @Test
    void keepsRanks() {
        SplittableRandom r = new SplittableRandom(5);
        for (int trial = 0; trial < 20; trial++) {
            int n = 200 + r.nextInt(800);
            double[] p = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                p[i] = Math.exp(3 * r.nextDouble());
                // offsets that alternate sign from one narrow range to the next: the clamp must act
                y[i] = p[i] * Math.exp(((int) (Math.log(p[i]) * 10) % 2 == 0 ? 0.14 : -0.14) + 0.01 * r.nextGaussian());
            }
            OffsetCurve c = OffsetCurve.fit(p, y, 16);
            double prev = 0;
            for (int k = 0; k <= 3000; k++) {
                double q = c.apply(Math.exp(k / 1000.0));
                assertTrue(q > prev, "not increasing at " + k);
                prev = q;
            }
            double[] q = new double[n];
            for (int i = 0; i < n; i++) {
                q[i] = c.apply(p[i]);
            }
            assertEquals(Ranking.spearman(p, y), Ranking.spearman(q, y), 1e-12);
        }
    }

    @Test
    void tiedPredictionsShareOneKnotAndBadCurvesAreRefused() {
        double[] p = {2, 2, 2, 2, 2, 2};
        double[] y = {2.2, 2.2, 2.2, 2.2, 2.2, 2.2};
        OffsetCurve c = OffsetCurve.fit(p, y, 4);
        assertEquals(1, c.bands());
        assertTrue(Math.abs(c.apply(2) / 2.2 - 1) <= 0.1);
        assertThrows(IllegalArgumentException.class, () -> new OffsetCurve(new double[] {1, 1}, new double[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> new OffsetCurve(new double[] {}, new double[] {}));
        assertThrows(IllegalArgumentException.class, () -> new OffsetCurve(new double[] {1}, new double[] {Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> OffsetCurve.fit(p, y, 0));
    }
}
