package org.edgeai.kernel.graph;

import java.util.List;

/** Anything built from kernel layers that can describe itself as graph operators. */
public interface GraphDescribable {
    /**
     * @param name prefix for op names (e.g. {@code "encoder.0"})
     * @return the operators this object executes, in order
     */
    List<OpNode> describe(String name);

    /** @return the whole description as a graph named {@code name} */
    default ModelGraph toGraph(String name) {
        return new ModelGraph(name, describe(name));
    }
}
