package org.edgeai.slam.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.edgeai.kernel.Progress;
import org.edgeai.kernel.graph.OpKind;
import org.edgeai.kernel.graph.OpNode;
import org.edgeai.kernel.testing.TestData;
import org.edgeai.slam.graph.PoseGraph;
import org.edgeai.slam.io.G2oReader;
import org.junit.jupiter.api.Test;

/**
 * Pose-graph optimisation on the real (small) datasets against the peer figures of the data README
 * (Ceres 2.1 / g2o on the same files, g2o's chi2), plus synthetic graphs with known optima.
 */
class PoseGraphOptimizerTest {
    private static PoseGraph read(String path) throws IOException {
        return G2oReader.read(TestData.require(path));
    }

    private static SolveReport solve(PoseGraph g, SolverConfig cfg) {
        return new PoseGraphOptimizer(cfg).optimize(g, Progress.NONE, null).report();
    }

    @Test
    void initialChi2MatchesThePeersDefinition() throws IOException {
        // g2o and Ceres agree on these to <= 2e-8 relative (data README)
        SolveReport intel = solve(read("slam/pgo2d/intel.g2o"), SolverConfig.builder().maxIterations(0).build());
        assertEquals(551.7357308, intel.initialChi2(), 551.7357308 * 2e-8);
        SolveReport mit = solve(read("slam/pgo2d/MITb.g2o"), SolverConfig.builder().maxIterations(0).build());
        assertEquals(4414181663.0, mit.initialChi2(), 4414181663.0 * 2e-8);
        SolveReport grid = solve(read("slam/pgo3d/smallGrid3D.g2o"), SolverConfig.builder().maxIterations(0).build());
        assertEquals(115957.9979, grid.initialChi2(), 115957.9979 * 2e-8);
    }

    @Test
    void defaultReachesTheBestPeerOptimumOnIntel() throws IOException {
        SolveReport r = solve(read("slam/pgo2d/intel.g2o"), SolverConfig.defaults());
        assertEquals(SolveStatus.CONVERGED, r.status());
        assertTrue(r.finalChi2() <= 45.00469582 * 1.001, "intel chi2 " + r.finalChi2());
        assertTrue(r.finalChi2() >= 45.0046 , "cannot beat the optimum: " + r.finalChi2());
    }

    @Test
    void chordalInitialisationEscapesTheLocalMinimumOfMitb() throws IOException {
        PoseGraph g = read("slam/pgo2d/MITb.g2o");
        SolveReport chordal = solve(g, SolverConfig.defaults());
        assertEquals(41.1633, chordal.finalChi2(), 41.1633 * 1e-4, "README chordal optimum");
        SolveReport file = solve(g, SolverConfig.builder().init(InitMethod.FILE).build());
        assertTrue(file.finalChi2() > 500, "the file's estimate leads into a local minimum (peers: 526.33 / 770.66), got "
                + file.finalChi2());
    }

    @Test
    void threeDimensionalGridAndAllSolversAgree() throws IOException {
        PoseGraph g = read("slam/pgo3d/smallGrid3D.g2o");
        SolveReport fp64 = solve(g, SolverConfig.defaults());
        assertTrue(fp64.finalChi2() <= 458.1537947 * 1.001, "smallGrid3D chi2 " + fp64.finalChi2());
        for (LinearSolverType t : List.of(LinearSolverType.CGNR, LinearSolverType.MIXED)) {
            SolveReport r = solve(g, SolverConfig.builder().linearSolver(t).build());
            assertEquals(SolveStatus.CONVERGED, r.status(), t.name());
            assertTrue(r.finalChi2() <= fp64.finalChi2() * 1.01, t + " chi2 " + r.finalChi2());
            assertTrue(r.linearIterations() > 0);
        }
    }

    @Test
    void mixedPrecisionCountsItsFp16Operations() throws IOException {
        SolveReport r = solve(read("slam/pgo2d/intel.g2o"), SolverConfig.mixedPrecision());
        assertTrue(r.finalChi2() <= 45.00469582 * 1.01);
        OperationCounts ops = r.operations();
        OpNode trsv = r.kernelGraph().ops().stream().filter(o -> o.kind() == OpKind.TRIANGULAR_SOLVE).findFirst()
                .orElseThrow();
        assertEquals(org.edgeai.kernel.DType.F16, trsv.weightType());
        // every preconditioner application is one forward and one backward solve over the stored factor
        assertEquals(ops.triangularSolveCalls() * trsv.macs(), ops.f16StorageMacs());
        assertEquals(0, ops.triangularSolveCalls() % 2, "a forward and a backward solve per application");
        assertTrue(ops.triangularSolveCalls() >= 2 * ops.linearIterations()
                && ops.triangularSolveCalls() <= 2 * (ops.linearIterations() + r.iterations()),
                "about one preconditioner application per CG iteration: " + ops);
        OpNode spmv = r.kernelGraph().ops().stream().filter(o -> o.kind() == OpKind.SPMV).findFirst().orElseThrow();
        assertEquals(org.edgeai.kernel.DType.F32, spmv.weightType());
        SolveReport chol = solve(read("slam/pgo2d/intel.g2o"), SolverConfig.defaults());
        assertEquals(0, chol.operations().f16StorageMacs());
        assertEquals(0, chol.operations().f32Macs());
        assertTrue(chol.operations().f64Macs() > 0);
    }

    @Test
    void gaussNewtonConvergesFromTheChordalStart() throws IOException {
        SolveReport r = solve(read("slam/pgo2d/intel.g2o"), SolverConfig.builder().algorithm(Algorithm.GAUSS_NEWTON).build());
        assertEquals(SolveStatus.CONVERGED, r.status());
        assertTrue(r.finalChi2() <= 45.00469582 * 1.001);
    }

    @Test
    void indefiniteInformationIsRejectedWithTheEdgesOrProjectedOnRequest() throws IOException {
        PoseGraph cubicle = read("slam/pgo3d/cubicle.g2o");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> solve(cubicle, SolverConfig.defaults()));
        assertTrue(e.getMessage().contains("5021 of 16869 edges have an indefinite information matrix"), e.getMessage());
        assertTrue(e.getMessage().contains("first: line "), e.getMessage());
        // projection on a small graph: one indefinite edge, the rest consistent
        PoseGraph.Builder b = PoseGraph.builder("proj", 2);
        b.addVertex(0, new double[] {0, 0, 0}).addVertex(1, new double[] {1, 0, 0}).addVertex(2, new double[] {2, 0, 0});
        double[] good = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        double[] indefinite = {1, 0, 0, 0, -1, 0, 0, 0, 1};
        b.addEdge(0, 1, new double[] {1, 0, 0}, good, 3).addEdge(1, 2, new double[] {1, 0.5, 0}, indefinite, 4);
        PoseGraph small = b.build();
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> solve(small, SolverConfig.defaults()));
        assertTrue(e2.getMessage().contains("line 4 edge 1 -> 2"), e2.getMessage());
        SolveReport r = solve(small, SolverConfig.builder().informationPolicy(InformationPolicy.PROJECT_PSD).build());
        assertTrue(r.finalChi2() >= 0 && r.finalChi2() < 1e-12, "projected problem has a zero-residual optimum");
        assertEquals(1, r.warnings().size());
        assertTrue(r.warnings().getFirst().contains("projected"));
    }

    @Test
    void disconnectedComponentsGetOneGaugeEachAndAWarning() {
        PoseGraph.Builder b = PoseGraph.builder("two", 2);
        double[] info = {10, 0, 0, 0, 10, 0, 0, 0, 10};
        for (int i = 0; i < 6; i++) {
            b.addVertex(i, new double[] {i * 1.1, 0.1 * i, 0.05 * i});
        }
        b.addEdge(0, 1, new double[] {1, 0, 0}, info, 0).addEdge(1, 2, new double[] {1, 0, 0}, info, 0);
        b.addEdge(3, 4, new double[] {0, 1, 0.5}, info, 0).addEdge(4, 5, new double[] {0, 1, 0.5}, info, 0);
        PoseGraphResult res = new PoseGraphOptimizer(SolverConfig.builder().init(InitMethod.FILE).build())
                .optimize(b.build(), Progress.NONE, null);
        assertTrue(res.report().finalChi2() < 1e-12);
        assertTrue(res.report().warnings().getFirst().contains("2 disconnected components"));
        double[] p = res.optimized().poses();
        assertEquals(0, p[0], 0, "gauge of the first component keeps its pose");
        assertEquals(3 * 1.1, p[9], 0, "gauge of the second component (lowest id 3) keeps its pose");
    }

    @Test
    void fixedVerticesStayPut() {
        PoseGraph.Builder b = PoseGraph.builder("fix", 2);
        double[] info = {10, 0, 0, 0, 10, 0, 0, 0, 10};
        b.addVertex(0, new double[] {0, 0, 0}).addVertex(1, new double[] {5, 5, 1}).addVertex(2, new double[] {2, 0, 0});
        b.addEdge(0, 1, new double[] {1, 0, 0}, info, 0).addEdge(1, 2, new double[] {1, 0, 0}, info, 0);
        b.fix(1);
        PoseGraph g = b.build();
        double[] p = new PoseGraphOptimizer(SolverConfig.builder().init(InitMethod.FILE).build())
                .optimize(g, Progress.NONE, null).optimized().poses();
        assertEquals(5, p[3], 0);
        assertEquals(5, p[4], 0);
        assertEquals(1, p[5], 0);
    }

    @Test
    void cancellationIsAStatusAndListenersSeeEveryIteration() throws IOException {
        PoseGraph g = read("slam/pgo2d/intel.g2o");
        Progress cancelled = new Progress() {
            @Override
            public void report(String task, long done, long total, String detail) {
            }

            @Override
            public boolean cancelled() {
                return true;
            }
        };
        PoseGraphResult r = new PoseGraphOptimizer(SolverConfig.defaults()).optimize(g, cancelled, null);
        assertEquals(SolveStatus.CANCELLED, r.report().status());
        assertEquals(0, r.report().iterations());
        List<IterationRecord> seen = new ArrayList<>();
        SolveReport full = new PoseGraphOptimizer(SolverConfig.defaults()).optimize(g, Progress.NONE, seen::add).report();
        assertEquals(full.iterations(), seen.size());
        assertEquals(full.trace(), seen);
    }
}
