package org.edgeai.slam.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.random.RandomGenerator;
import org.edgeai.kernel.testing.Rng;
import org.edgeai.slam.geometry.SO3;
import org.edgeai.slam.graph.PoseGraph;
import org.junit.jupiter.api.Test;

/** Alignment recovers known rigid transforms; ATE/RPE equal hand-computed values. */
class TrajectoryMetricsTest {
    @Test
    void alignmentRecoversAKnownTransformIn3d() {
        RandomGenerator r = Rng.of(9);
        int n = 50;
        double[] gt = new double[3 * n];
        for (int i = 0; i < gt.length; i++) {
            gt[i] = 10 * r.nextDouble();
        }
        double[] rot = new double[9];
        SO3.exp(new double[] {0.3, -1.1, 2.0}, 0, rot, 0);
        double[] t = {4, -2, 7};
        // estimate = R^T (gt - t), so aligning the estimate needs exactly (R, t)
        double[] est = new double[3 * n];
        for (int i = 0; i < n; i++) {
            double[] d = {gt[3 * i] - t[0], gt[3 * i + 1] - t[1], gt[3 * i + 2] - t[2]};
            SO3.rotateInverse(rot, 0, d, 0, est, 3 * i);
        }
        RigidAlignment a = RigidAlignment.fit(est, gt, 3);
        double[] got = a.rotation();
        for (int k = 0; k < 9; k++) {
            assertEquals(rot[k], got[k], 1e-12);
        }
        for (int k = 0; k < 3; k++) {
            assertEquals(t[k], a.translation()[k], 1e-10);
        }
    }

    @Test
    void ateAndRpeOfA2dTrajectoryWithOneDisplacedPose() {
        PoseGraph.Builder gtB = PoseGraph.builder("gt", 2);
        PoseGraph.Builder estB = PoseGraph.builder("est", 2);
        int n = 10;
        double yaw = 0.7;
        for (int i = 0; i < n; i++) {
            gtB.addVertex(i, new double[] {i, 0, 0});
            // the estimate is the ground truth rotated by yaw and shifted, pose 5 moved by 0.1 m sideways
            double x = i;
            double y = i == 5 ? 0.1 : 0;
            estB.addVertex(i, new double[] {Math.cos(yaw) * x - Math.sin(yaw) * y + 3,
                Math.sin(yaw) * x + Math.cos(yaw) * y - 1, yaw});
        }
        TrajectoryErrors e = TrajectoryMetrics.evaluate(estB.build(), gtB.build());
        assertEquals(n, e.poses());
        // alignment cannot undo a single 0.1 m displacement: least squares spreads it
        double[] sorted = e.ate().sortedErrors();
        assertEquals(0.1, e.ate().quantile(1.0), 0.02);
        assertEquals(sorted[n - 1], e.ateMax(), 0);
        // RPE: pairs (4,5) and (5,6) each have a 0.1 m sideways error, others none
        assertEquals(Math.sqrt(2 * 0.01 / (n - 1)), e.rpeTranslationRmse(), 1e-12);
        assertEquals(0, e.rpeRotationRmseRad(), 1e-12);
        assertEquals(1.0, e.rpeTranslation().fractionAtMost(0.1 + 1e-12), 0);
        assertEquals((n - 3) / (double) (n - 1), e.rpeTranslation().fractionAtMost(1e-9), 1e-12);
    }

    @Test
    void distributionQuantilesFollowNearestRank() {
        ErrorDistribution d = new ErrorDistribution(new double[] {3, 1, 2, 4});
        assertEquals(1, d.quantile(0.25), 0);
        assertEquals(2, d.quantile(0.5), 0);
        assertEquals(4, d.quantile(1), 0);
        assertEquals(0.75, d.fractionAtMost(3), 0);
        assertEquals(0, d.fractionAtMost(0.5), 0);
        assertThrows(IllegalArgumentException.class, () -> new ErrorDistribution(new double[] {Double.NaN}));
    }
}
