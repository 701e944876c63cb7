package org.edgeai.slam.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import org.edgeai.kernel.testing.TestData;
import org.edgeai.slam.factor.RobustLoss;
import org.edgeai.slam.graph.BundleProblem;
import org.edgeai.slam.io.BalReader;
import org.junit.jupiter.api.Test;

/** The analytic BA gradient at scale against a published value. */
class BundleGradientTest {
    @Test
    void ladybugGradientNormMatchesThePublishedValue() throws IOException {
        BundleProblem p = BalReader.read(TestData.require("slam/bal/problem-49-7776-pre.txt"));
        BundleSchurSystem s = new BundleSchurSystem(new BundleModel(p, RobustLoss.NONE, 1));
        s.linearize();
        double n2 = 0;
        for (double g : s.gradient()) {
            n2 += g * g;
        }
        // ||J^T r|| at the initial point = 2.39615629098822921515e7 (BundleAdjustmentModels.jl tests)
        assertEquals(2.39615629098822921515e7, Math.sqrt(n2), 2.39615629098822921515e7 * 1e-9);
    }
}
