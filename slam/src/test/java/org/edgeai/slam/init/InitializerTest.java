package org.edgeai.slam.init;

import static org.edgeai.slam.NumericDiff.assertClose;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.random.RandomGenerator;
import org.edgeai.kernel.Progress;
import org.edgeai.kernel.testing.Rng;
import org.edgeai.kernel.testing.TestData;
import org.edgeai.slam.geometry.SE2;
import org.edgeai.slam.geometry.SE3;
import org.edgeai.slam.geometry.SO3;
import org.edgeai.slam.graph.PoseGraph;
import org.edgeai.slam.io.G2oReader;
import org.edgeai.slam.solve.InitMethod;
import org.edgeai.slam.solve.PoseGraphOptimizer;
import org.edgeai.slam.solve.SolverConfig;
import org.junit.jupiter.api.Test;

/** Initialisations recover noiseless trajectories exactly and improve real ones. */
class InitializerTest {
    /** A random walk with loop closures whose measurements are exact; the file estimate is garbage. */
    private static PoseGraph noiseless(int dim, int n, long seed) {
        RandomGenerator r = Rng.of(seed);
        PoseGraph.Builder b = PoseGraph.builder("synthetic", dim);
        int ps = dim == 2 ? 3 : 7;
        double[][] truth = new double[n][];
        double[][] mats = new double[n][];
        for (int i = 0; i < n; i++) {
            if (dim == 2) {
                truth[i] = i == 0 ? new double[] {0, 0, 0} : new double[3];
                if (i > 0) {
                    SE2.compose(truth[i - 1], 0, new double[] {1, r.nextDouble() - 0.5, r.nextDouble() - 0.5}, 0, truth[i], 0);
                }
            } else {
                mats[i] = new double[12];
                if (i == 0) {
                    SE3.identity(mats[i], 0);
                } else {
                    double[] step = new double[12];
                    SE3.exp(new double[] {1, r.nextDouble() - 0.5, r.nextDouble() - 0.5, r.nextDouble() - 0.5,
                        r.nextDouble() - 0.5, r.nextDouble() - 0.5}, 0, step, 0);
                    SE3.compose(mats[i - 1], 0, step, 0, mats[i], 0);
                }
                truth[i] = toPose(mats[i]);
            }
            double[] garbage = new double[ps];
            garbage[0] = 100 * r.nextDouble();
            if (dim == 3) {
                garbage[6] = 1;
            }
            b.addVertex(i, garbage);
        }
        double[] info = dim == 2 ? new double[] {10, 0, 0, 0, 10, 0, 0, 0, 50} : eye(6, 10);
        for (int i = 0; i < n; i++) {
            int[] targets = {i + 1, i + 7};
            for (int j : targets) {
                if (j >= n) {
                    continue;
                }
                double[] z;
                if (dim == 2) {
                    double[] inv = new double[3];
                    z = new double[3];
                    SE2.inverse(truth[i], 0, inv, 0);
                    SE2.compose(inv, 0, truth[j], 0, z, 0);
                } else {
                    double[] inv = new double[12];
                    double[] rel = new double[12];
                    SE3.inverse(mats[i], 0, inv, 0);
                    SE3.compose(inv, 0, mats[j], 0, rel, 0);
                    z = toPose(rel);
                }
                b.addEdge(i, j, z, info, 0);
            }
        }
        b.fix(0);
        PoseGraph g = b.build();
        double[] p = g.poses();
        System.arraycopy(truth[0], 0, p, 0, ps); // the gauge pose at its true value
        return g.withPoses(p).withName("truth-" + dim).withPoses(withGauge(g, truth[0]));
    }

    private static double[] withGauge(PoseGraph g, double[] gauge) {
        double[] p = g.poses();
        System.arraycopy(gauge, 0, p, 0, gauge.length);
        return p;
    }

    private static double[] toPose(double[] t) {
        double[] q = new double[4];
        SO3.toQuaternion(t, 0, q, 0);
        return new double[] {t[9], t[10], t[11], q[0], q[1], q[2], q[3]};
    }

    private static double[] eye(int d, double v) {
        double[] m = new double[d * d];
        for (int i = 0; i < d; i++) {
            m[i * d + i] = v;
        }
        return m;
    }

    private static double chi2(PoseGraph g) {
        return new PoseGraphOptimizer(SolverConfig.builder().init(InitMethod.FILE).maxIterations(0).build())
                .optimize(g, Progress.NONE, null).report().initialChi2();
    }

    @Test
    void spanningTreeAndChordalRecoverNoiselessGraphs() {
        for (int dim : new int[] {2, 3}) {
            PoseGraph g = noiseless(dim, 40, 77 + dim);
            assertTrue(chi2(g) > 1, "the garbage estimate is far off");
            for (InitMethod m : new InitMethod[] {InitMethod.SPANNING_TREE, InitMethod.CHORDAL}) {
                PoseGraph init = Initializers.initialize(g, m);
                assertTrue(chi2(init) < 1e-10, dim + "D " + m + " chi2 "
                        + chi2(init));
            }
            assertClose(Initializers.initialize(g, InitMethod.SPANNING_TREE).poses(),
                    Initializers.initialize(g, InitMethod.CHORDAL).poses(), 1e-7, dim + "D tree vs chordal");
        }
    }

    /** A graph whose edges carry no translation information is refused by name (was: "singular system", an IllegalStateException). */
    @Test
    void chordalRefusesAGraphThatConstrainsNoPosition(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        java.nio.file.Path f = dir.resolve("rot-only.g2o");
        java.nio.file.Files.writeString(f, "VERTEX_SE2 0 0 0 0\nVERTEX_SE2 1 1 0 0\nEDGE_SE2 0 1 1 0 0.1 0 0 0 0 0 1\n");
        PoseGraph g = G2oReader.read(f);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Initializers.initialize(g, InitMethod.CHORDAL));
        assertTrue(e.getMessage().contains("translation information is zero"), e.getMessage());
    }

    @Test
    void chordalImprovesRealGraphs() throws IOException {
        PoseGraph intel = G2oReader.read(TestData.require("slam/pgo2d/intel.g2o"));
        assertTrue(chi2(Initializers.initialize(intel, InitMethod.CHORDAL)) < 0.2 * chi2(intel));
        PoseGraph grid = G2oReader.read(TestData.require("slam/pgo3d/smallGrid3D.g2o"));
        assertTrue(chi2(Initializers.initialize(grid, InitMethod.CHORDAL)) < 0.05 * chi2(grid));
    }
}
