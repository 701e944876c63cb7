package org.edgeai.slam.solve;

/** How the initial pose-graph estimate is obtained (ignored for bundle adjustment). */
public enum InitMethod {
    /** The estimate stored in the file (VERTEX lines). */
    FILE,
    /**
     * Compose measurements along a breadth-first spanning tree from the fixed pose, preferring
     * odometry edges {@code i -> i+1} (the classical odometry initialisation).
     */
    SPANNING_TREE,
    /**
     * Chordal relaxation (Carlone, Tron, Daniilidis, Dellaert, "Initialization techniques for 3D
     * SLAM: a survey on rotation estimation and its use in pose graph optimization", ICRA 2015):
     * rotations by linear least squares on the rotation-matrix entries then projection onto
     * SO(d), then translations by linear least squares with those rotations fixed. The default.
     */
    CHORDAL
}
