package org.edgeai.slam.init;

import java.util.Objects;
import org.edgeai.slam.factor.RobustLoss;
import org.edgeai.slam.graph.PoseGraph;
import org.edgeai.slam.internal.ChordalRelaxation;
import org.edgeai.slam.internal.PoseGraphModel;
import org.edgeai.slam.internal.SpanningTree;
import org.edgeai.slam.solve.InformationPolicy;
import org.edgeai.slam.solve.InitMethod;

/**
 * Initial estimates for pose graphs (see {@link InitMethod} for the methods and their sources).
 * The gauge poses (FIX'd, else the lowest id of each connected component) keep their file values.
 *
 * @implNote Stateless; thread-safe.
 */
public final class Initializers {
    private Initializers() {
    }

    /**
     * @param graph  the problem. Not modified.
     * @param method the initialisation
     * @return the graph with the initial estimate
     * @throws IllegalArgumentException if an information matrix is indefinite (see
     *                                  {@link InformationPolicy#REJECT}); use
     *                                  {@link #initialize(PoseGraph, InitMethod, InformationPolicy)}
     */
    public static PoseGraph initialize(PoseGraph graph, InitMethod method) {
        return initialize(graph, method, InformationPolicy.REJECT);
    }

    /** Same as {@link #initialize(PoseGraph, InitMethod)} with an explicit information policy. */
    public static PoseGraph initialize(PoseGraph graph, InitMethod method, InformationPolicy policy) {
        Objects.requireNonNull(method, "method");
        PoseGraphModel model = new PoseGraphModel(graph, policy, RobustLoss.NONE, 1);
        double[] state = switch (method) {
            case FILE -> model.initialState();
            case SPANNING_TREE -> SpanningTree.initialize(model);
            case CHORDAL -> ChordalRelaxation.initialize(model);
        };
        return graph.withPoses(model.toGraphLayout(state));
    }
}
