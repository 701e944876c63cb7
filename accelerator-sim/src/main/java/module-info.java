/**
 * The simulated Neural Engine: prices any kernel {@code ModelGraph} on a parallel-lane or
 * systolic accelerator (cycles, latency, utilization, memory traffic, energy) and reproduces
 * SCALE-Sim v2's compute cycles. Implements {@code org.edgeai.kernel.graph.GraphCostModel}.
 */
module org.edgeai.accel {
    requires transitive org.edgeai.kernel;

    exports org.edgeai.accel;
    exports org.edgeai.accel.maestro;
    exports org.edgeai.accel.scalesim;
    exports org.edgeai.accel.zoo;
    // org.edgeai.accel.internal is not exported
}
