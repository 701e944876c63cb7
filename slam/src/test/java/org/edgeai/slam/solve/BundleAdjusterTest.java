package org.edgeai.slam.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.edgeai.kernel.Progress;
import org.edgeai.kernel.testing.TestData;
import org.edgeai.slam.graph.BundleProblem;
import org.edgeai.slam.io.BalReader;
import org.junit.jupiter.api.Test;

/** Bundle adjustment on Ladybug-49 against the published and peer figures. */
class BundleAdjusterTest {
    @Test
    void ladybugReachesTheCeresOptimumWithEverySolver() throws IOException {
        BundleProblem p = BalReader.read(TestData.require("slam/bal/problem-49-7776-pre.txt"));
        SolveReport fp64 = new BundleAdjuster(SolverConfig.defaults()).optimize(p, Progress.NONE, null).report();
        // published initial objective 0.5|r|^2 = 8.50912460680839605629e5 (BundleAdjustmentModels.jl)
        assertEquals(2 * 8.50912460680839605629e5, fp64.initialChi2(), 1e-3);
        assertEquals(SolveStatus.CONVERGED, fp64.status());
        // best peer: Ceres ITERATIVE_SCHUR 26688.63334
        assertTrue(fp64.finalChi2() <= 26688.63334 * 1.001, "fp64 chi2 " + fp64.finalChi2());
        SolveReport mixed = new BundleAdjuster(SolverConfig.mixedPrecision()).optimize(p, Progress.NONE, null).report();
        assertTrue(mixed.finalChi2() <= fp64.finalChi2() * 1.01, "mixed chi2 " + mixed.finalChi2());
        assertTrue(mixed.operations().f16StorageMacs() > 0);
        assertEquals(0, mixed.operations().triangularSolveCalls());
    }

    @Test
    void tinyDubrovnikConverges() throws IOException {
        BundleProblem p = BalReader.read(TestData.require("slam/bal/dubrovnik-3-7-pre.txt"));
        for (LinearSolverType t : LinearSolverType.values()) {
            SolveReport r = new BundleAdjuster(SolverConfig.builder().linearSolver(t).build())
                    .optimize(p, Progress.NONE, null).report();
            assertTrue(r.finalChi2() < 1e-3 * r.initialChi2(), t + ": " + r.initialChi2() + " -> " + r.finalChi2());
        }
    }
}
