package org.edgeai.nas.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NormalEquationsTest {
    @Test
    void weightedFitRecoversNoiselessWeightsAtAwkwardSizes() {
        Random r = new Random(345);
        for (int p : new int[] {1, 2, 7, 13, 40}) {
            double[] truth = new double[p];
            for (int j = 0; j < p; j++) {
                truth[j] = r.nextGaussian();
            }
            NormalEquations normal = new NormalEquations(p);
            for (int i = 0; i < 3 * p + 5; i++) {
                double[] row = new double[p];
                for (int j = 0; j < p; j++) {
                    row[j] = r.nextDouble() < 0.3 ? 0 : r.nextGaussian(); // sparse rows, like one-hot designs
                }
                row[i % p] = 1 + r.nextDouble();
                normal.addRow(row, dot(truth, row), 0.1 + r.nextDouble());
            }
            assertArrayEquals(truth, normal.solve(), 1e-9, "p = " + p);
        }
    }

    @Test
    void aRowOfWeightTwoIsTheSameRowAddedTwice() {
        Random r = new Random(7);
        int p = 5;
        NormalEquations weighted = new NormalEquations(p);
        NormalEquations repeated = new NormalEquations(p);
        for (int i = 0; i < 12; i++) {
            double[] row = new double[p];
            for (int j = 0; j < p; j++) {
                row[j] = r.nextGaussian();
            }
            double y = r.nextGaussian(); // noisy: a genuine least-squares problem
            weighted.addRow(row, y, 2);
            repeated.addRow(row, y, 1);
            repeated.addRow(row, y, 1);
        }
        assertArrayEquals(repeated.solve(), weighted.solve(), 1e-12);
    }

    @Test
    void singularSystemIsRejectedBySolveAndGivesTheMinimumNormSolutionOtherwise() {
        // Columns 0 and 1 identical, y = 2 x0: every (a, 2 - a) fits; the minimum-norm one is (1, 1).
        Random r = new Random(11);
        NormalEquations strict = new NormalEquations(3);
        NormalEquations lenient = new NormalEquations(3);
        for (int i = 0; i < 20; i++) {
            double x0 = r.nextGaussian();
            double x2 = r.nextGaussian();
            double[] row = {x0, x0, x2};
            strict.addRow(row, 2 * x0 - x2, 1);
            lenient.addRow(row, 2 * x0 - x2, 1);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, strict::solve);
        assertTrue(e.getMessage().contains("singular"), e.getMessage());
        assertArrayEquals(new double[] {1, 1, -1}, lenient.solveOrMinimumNorm(), 1e-9);
    }

    @Test
    void ridgeNamesTheColumnOfAnUnidentifiableWeight() {
        double[][] x = {{1, 0, 2}, {1, 0, 3}, {1, 0, 5}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ridge.fit(x, new double[] {1, 2, 3}, 0));
        assertTrue(e.getMessage().contains("singular"), e.getMessage());
        // A penalty makes the all-zero column identifiable (its weight is 0).
        assertArrayEquals(new double[] {-1.0 / 7, 0, 9.0 / 14}, Ridge.fit(x, new double[] {1, 2, 3}, 1e-9), 1e-6);
    }

    @Test
    void rowOfTheWrongLengthIsRejected() {
        NormalEquations normal = new NormalEquations(3);
        assertThrows(IllegalArgumentException.class, () -> normal.addRow(new double[2], 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new NormalEquations(0));
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
