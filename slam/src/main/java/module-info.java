/**
 * The SLAM back end of edgeai: Lie groups, g2o/BAL I/O, pose-graph optimisation and bundle
 * adjustment with an fp64 sparse Cholesky reference solver and fp32 / fp16-fp32 mixed-precision
 * CGNR solvers, initialisation (odometry spanning tree, chordal relaxation), trajectory metrics
 * (ATE/RPE) and the benchmark harness behind {@code edgeai slam bench}.
 *
 * <p>CSparseJ (AMD ordering) is used inside {@code org.edgeai.slam.internal} only and never
 * appears in the exported API.
 */
module org.edgeai.slam {
    requires org.edgeai.kernel;
    requires csparsej;
    requires org.slf4j;
    requires java.management; // ThreadMXBean CPU time in the benchmark harness

    exports org.edgeai.slam;
    exports org.edgeai.slam.geometry;
    exports org.edgeai.slam.graph;
    exports org.edgeai.slam.io;
    exports org.edgeai.slam.factor;
    exports org.edgeai.slam.init;
    exports org.edgeai.slam.solve;
    exports org.edgeai.slam.eval;
    exports org.edgeai.slam.bench;
}
