package org.edgeai.nas.estimate;

import java.util.ArrayList;
import java.util.List;
import org.edgeai.nas.bench.Nb201Cell;
import org.edgeai.nas.bench.Nb201Op;

/**
 * Features of a NAS-Bench-201 cell for the latency estimator, all derived from the executed
 * (pruned) cell graph of {@link Nb201Cell#executed()}.
 *
 * <p><b>Parts</b> (the decomposition, 27 columns): for each edge and each op other than
 * {@code none}, 1 if that op executes on that edge (24); for nodes 1..3 the number of element-wise
 * adds that sum its executed inputs, {@code max(0, inputs - 1)} (3).
 *
 * <p><b>Structure</b> (the correction, 62 columns): the raw one-hot (edge, op) choice (30); the
 * executed one-hot (24, as above); executed op counts per type (4); executed inputs per node 1..3
 * (3); longest executed path from node 0 to node 3 counted in ops and in convolutions (2); number
 * of nodes computed (1); whether a dead node is materialised (1, rule 3); 1 if the output is constant (1);
 * whether each edge lies on a non-{@code none} input-to-output path (6)... minus redundancy, see
 * {@link #structureNames()} for the exact order.
 */
public final class Nb201Features {
    private static final Nb201Op[] REAL = {Nb201Op.SKIP_CONNECT, Nb201Op.NOR_CONV_1X1, Nb201Op.NOR_CONV_3X3, Nb201Op.AVG_POOL_3X3};

    private Nb201Features() {
    }

    /** @return part columns of {@code cell} (see class doc) */
    public static double[] parts(Nb201Cell cell) {
        boolean[] ex = cell.executed();
        double[] f = new double[Nb201Cell.EDGES * REAL.length + 3];
        int k = 0;
        for (int e = 0; e < Nb201Cell.EDGES; e++) {
            for (Nb201Op op : REAL) {
                f[k++] = ex[e] && cell.op(e) == op ? 1 : 0;
            }
        }
        int[] in = executedInputs(cell, ex);
        for (int node = 1; node <= 3; node++) {
            f[k++] = Math.max(0, in[node] - 1);
        }
        return f;
    }

    /** @return structure columns of {@code cell}, in {@link #structureNames()} order */
    public static double[] structure(Nb201Cell cell) {
        boolean[] ex = cell.executed();
        boolean[] path = cell.onInputOutputPath();
        List<Double> f = new ArrayList<>();
        for (int e = 0; e < Nb201Cell.EDGES; e++) {
            for (Nb201Op op : Nb201Op.values()) {
                f.add(cell.op(e) == op ? 1.0 : 0.0);
            }
        }
        for (int e = 0; e < Nb201Cell.EDGES; e++) {
            for (Nb201Op op : REAL) {
                f.add(ex[e] && cell.op(e) == op ? 1.0 : 0.0);
            }
        }
        for (Nb201Op op : REAL) {
            int c = 0;
            for (int e = 0; e < Nb201Cell.EDGES; e++) {
                c += ex[e] && cell.op(e) == op ? 1 : 0;
            }
            f.add((double) c);
        }
        int[] in = executedInputs(cell, ex);
        for (int node = 1; node <= 3; node++) {
            f.add((double) in[node]);
        }
        // Longest executed path 0 -> 3 in ops and in convolutions (-1 when none).
        int[] hops = {0, -1, -1, -1};
        int[] convs = {0, -1, -1, -1};
        for (int e = 0; e < Nb201Cell.EDGES; e++) {
            int from = Nb201Cell.EDGE_FROM[e];
            int to = Nb201Cell.EDGE_TO[e];
            if (ex[e] && hops[from] >= 0) {
                hops[to] = Math.max(hops[to], hops[from] + 1);
                boolean conv = cell.op(e) == Nb201Op.NOR_CONV_1X1 || cell.op(e) == Nb201Op.NOR_CONV_3X3;
                convs[to] = Math.max(convs[to], convs[from] + (conv ? 1 : 0));
            }
        }
        f.add((double) hops[3]);
        f.add((double) convs[3]);
        boolean[] computed = new boolean[4];
        for (int e = 0; e < Nb201Cell.EDGES; e++) {
            if (ex[e]) {
                computed[Nb201Cell.EDGE_FROM[e]] = true;
                computed[Nb201Cell.EDGE_TO[e]] = true;
            }
        }
        int nodes = 0;
        for (boolean b : computed) {
            nodes += b ? 1 : 0;
        }
        f.add((double) nodes);
        boolean deadMaterialised = false;
        for (int e = 0; e < Nb201Cell.EDGES; e++) {
            if (ex[e] && !path[e]) {
                deadMaterialised = true;
            }
        }
        f.add(deadMaterialised ? 1.0 : 0.0);
        f.add(cell.constantOutput() ? 1.0 : 0.0);
        for (int e = 0; e < Nb201Cell.EDGES; e++) {
            f.add(path[e] ? 1.0 : 0.0);
        }
        double[] out = new double[f.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.get(i);
        }
        return out;
    }

    /** @return names of the structure columns */
    public static List<String> structureNames() {
        List<String> n = new ArrayList<>();
        for (int e = 0; e < Nb201Cell.EDGES; e++) {
            for (Nb201Op op : Nb201Op.values()) {
                n.add("choice_" + edgeName(e) + "_" + op.label());
            }
        }
        for (int e = 0; e < Nb201Cell.EDGES; e++) {
            for (Nb201Op op : REAL) {
                n.add("exec_" + edgeName(e) + "_" + op.label());
            }
        }
        for (Nb201Op op : REAL) {
            n.add("exec_count_" + op.label());
        }
        for (int node = 1; node <= 3; node++) {
            n.add("exec_inputs_node" + node);
        }
        n.add("longest_path_ops");
        n.add("longest_path_convs");
        n.add("computed_nodes");
        n.add("dead_node_materialised");
        n.add("constant_output");
        for (int e = 0; e < Nb201Cell.EDGES; e++) {
            n.add("on_io_path_" + edgeName(e));
        }
        return n;
    }

    private static String edgeName(int e) {
        return Nb201Cell.EDGE_TO[e] + "_" + Nb201Cell.EDGE_FROM[e];
    }

    private static int[] executedInputs(Nb201Cell cell, boolean[] ex) {
        int[] in = new int[4];
        for (int e = 0; e < Nb201Cell.EDGES; e++) {
            if (ex[e]) {
                in[Nb201Cell.EDGE_TO[e]]++;
            }
        }
        return in;
    }
}
