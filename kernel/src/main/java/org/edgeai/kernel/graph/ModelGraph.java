package org.edgeai.kernel.graph;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A network as an ordered list of operators, executed in list order (a topological order; a
 * residual add reads the output of an earlier op). This is the one description that the kernel
 * executes, the accelerator simulator prices and the NAS searches over.
 *
 * @param name model name
 * @param ops  operators in execution order; names are unique
 */
public record ModelGraph(String name, List<OpNode> ops) {

    /** @throws IllegalArgumentException if two ops share a name */
    public ModelGraph {
        Objects.requireNonNull(name, "name");
        ops = List.copyOf(ops);
        Set<String> seen = new HashSet<>();
        for (OpNode op : ops) {
            if (!seen.add(op.name())) {
                throw new IllegalArgumentException("duplicate op name in graph " + name + ": " + op.name());
            }
        }
    }

    /** @return total multiply-accumulates of one execution */
    public long totalMacs() {
        long s = 0;
        for (OpNode op : ops) {
            s += op.macs();
        }
        return s;
    }

    /** @return total parameter bytes (see {@link OpNode#weightBytes()}) */
    public long parameterBytes() {
        long s = 0;
        for (OpNode op : ops) {
            s += op.weightBytes();
        }
        return s;
    }

    /**
     * Peak activation memory of a sequential execution: the largest {@code input + output} of any
     * single op (each op's input is freed after it runs). Residual branches that keep an extra
     * tensor alive are priced by the accelerator simulator, which sees the whole graph.
     *
     * @return bytes
     */
    public long peakActivationBytes() {
        long peak = 0;
        for (OpNode op : ops) {
            peak = Math.max(peak, op.inputBytes() + op.outputBytes());
        }
        return peak;
    }
}
