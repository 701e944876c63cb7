package org.edgeai.slam.internal;

import org.edgeai.kernel.graph.ModelGraph;
import org.edgeai.slam.solve.SolverConfig;

/** Placeholder until the CG solver lands. */
public final class PoseGraphCgSystem extends PoseGraphSystem {
    public PoseGraphCgSystem(PoseGraphModel model, double[] initialState, boolean mixed, SolverConfig config) {
        super(model, initialState);
        throw new UnsupportedOperationException("not yet");
    }

    public ModelGraph kernelGraph(String name) {
        return new ModelGraph(name, java.util.List.of());
    }

    @Override
    protected void assemble() {
    }

    @Override
    public boolean solveStep(double lambda, double[] step) {
        return false;
    }

    @Override
    public int lastLinearIterations() {
        return 0;
    }
}
