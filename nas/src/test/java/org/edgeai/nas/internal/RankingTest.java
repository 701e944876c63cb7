package org.edgeai.nas.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RankingTest {
    @Test
    void spearmanMatchesTheClosedFormWithoutTies() {
        Random r = new Random(345);
        for (int n : new int[] {2, 3, 7, 50, 101}) {
            double[] a = new double[n];
            double[] b = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = r.nextGaussian();
                b[i] = a[i] + r.nextGaussian();
            }
            double[] ra = Ranking.ranks(a);
            double[] rb = Ranking.ranks(b);
            double d2 = 0;
            for (int i = 0; i < n; i++) {
                d2 += (ra[i] - rb[i]) * (ra[i] - rb[i]);
            }
            double closed = 1 - 6 * d2 / (n * ((double) n * n - 1));
            assertEquals(closed, Ranking.spearman(a, b), 1e-12);
        }
    }

    @Test
    void tiesGetMidRanks() {
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, Ranking.ranks(new double[] {1, 5, 5, 9}));
        assertEquals(1.0, Ranking.spearman(new double[] {1, 2, 3}, new double[] {10, 20, 30}), 1e-12);
        assertEquals(-1.0, Ranking.spearman(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-12);
        assertTrue(Double.isNaN(Ranking.spearman(new double[] {1, 1}, new double[] {1, 2})));
    }

    @Test
    void withinFractionCountsTheBoundary() {
        assertEquals(0.5, Ranking.withinFraction(new double[] {1.1, 1.2}, new double[] {1.0, 1.0}, 0.1 + 1e-12), 1e-12);
    }

    @Test
    void splitIsADisjointCoverWithTheRequestedShare() {
        int[][] s = Ranking.split(1001, 0.2, 7);
        assertEquals(200, s[1].length);
        assertEquals(801, s[0].length);
        Set<Integer> all = new HashSet<>();
        Arrays.stream(s[0]).forEach(all::add);
        Arrays.stream(s[1]).forEach(all::add);
        assertEquals(1001, all.size());
        assertArrayEquals(s[1], Ranking.split(1001, 0.2, 7)[1]);
    }

    @Test
    void ridgeRecoversNoiselessWeights() {
        Random r = new Random(345);
        double[] w = {0.5, -2, 3, 0.25};
        double[][] x = new double[40][4];
        double[] y = new double[40];
        for (int i = 0; i < 40; i++) {
            x[i][0] = 1;
            for (int j = 1; j < 4; j++) {
                x[i][j] = r.nextGaussian();
            }
            y[i] = Ridge.predict(w, x[i]);
        }
        assertArrayEquals(w, Ridge.fit(x, y, 0), 1e-9);
        // With a penalty the weights shrink towards zero (never grow).
        double[] shrunk = Ridge.fit(x, y, 100);
        double n0 = 0;
        double n1 = 0;
        for (int j = 1; j < 4; j++) {
            n0 += w[j] * w[j];
            n1 += shrunk[j] * shrunk[j];
        }
        assertTrue(n1 < n0);
    }
}
