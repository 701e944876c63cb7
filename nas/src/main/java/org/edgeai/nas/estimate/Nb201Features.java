package org.edgeai.nas.estimate;

import java.util.ArrayList;
import java.util.List;
import org.edgeai.nas.bench.Nb201Cell;
import org.edgeai.nas.bench.Nb201Op;

/**
 * Features of a NAS-Bench-201 cell for the latency estimator, derived from an executed-op mask: the
 * certain ops of {@link Nb201Cell#executed()}, possibly extended by the materialised ops the
 * estimator learned (see {@link LatencyEstimator}).
 *
 * <p><b>Parts</b> (the decomposition, {@value #PARTS} columns): for each edge and each op other than
 * {@code none}, 1 if that op executes on that edge (24); for nodes 1..3 the number of element-wise
 * adds that sum its executed inputs, {@code max(0, inputs - 1)} (3).
 *
 * <p><b>Structure</b> (the correction): the raw one-hot (edge, op) choice (30); the executed one-hot
 * (24); executed op counts per type (4); executed inputs per node (3); longest executed path from
 * node 0 to node 3 in ops and in convolutions (2); nodes computed (1); executed ops off every
 * input-to-output path (1); constant output and input-reaches-output flags (2); input-to-output path
 * membership per edge (6); executed in-degree per node and op type (12); op-type pairs on consecutive
 * executed edges through nodes 1 and 2 (16); for the four input-to-output paths (direct, via 1, via 2,
 * via 1 and 2) whether all their edges execute (4), and over the executing ones their number, how
 * many contain a convolution, how many contain none, the most 3x3 convolutions and the most
 * convolutions on one path, the fewest convolutions on one path (6); a MAC-proportional count
 * (3x3 = 9, 1x1 = 1) and the number of executed ops (2). See {@link #structureNames()}. Stateless; thread-safe.
 */
public final class Nb201Features {
    /** Number of part columns. */
    public static final int PARTS = Nb201Cell.EDGES * 4 + 3;
    private static final Nb201Op[] REAL = {Nb201Op.SKIP_CONNECT, Nb201Op.NOR_CONV_1X1, Nb201Op.NOR_CONV_3X3, Nb201Op.AVG_POOL_3X3};
    /** Edges of the four input-to-output paths. */
    private static final int[][] PATHS = {{3}, {0, 4}, {1, 5}, {0, 2, 5}};

    private Nb201Features() {
    }

    /** @return part columns of {@code cell} for its certain executed ops (see class doc) */
    public static double[] parts(Nb201Cell cell) {
        return parts(cell, cell.executed());
    }

    /**
     * @param cell     the cell
     * @param executed {@code [6]} executed mask. Not modified.
     * @return {@value #PARTS} part columns
     * @throws IllegalArgumentException if the mask does not have six entries
     */
    public static double[] parts(Nb201Cell cell, boolean[] executed) {
        checkMask(executed);
        double[] f = new double[PARTS];
        int[] in = new int[4];
        for (int e = 0; e < Nb201Cell.EDGES; e++) {
            if (executed[e] && cell.op(e) != Nb201Op.NONE) {
                f[e * 4 + real(cell.op(e))] = 1;
                in[Nb201Cell.edgeTo(e)]++;
            }
        }
        for (int node = 1; node <= 3; node++) {
            f[Nb201Cell.EDGES * 4 + node - 1] = Math.max(0, in[node] - 1);
        }
        return f;
    }

    /** @return structure columns of {@code cell} for its certain executed ops */
    public static double[] structure(Nb201Cell cell) {
        return structure(cell, cell.executed());
    }

    /**
     * @param cell     the cell
     * @param executed {@code [6]} executed mask. Not modified.
     * @return structure columns in {@link #structureNames()} order
     * @throws IllegalArgumentException if the mask does not have six entries
     */
    public static double[] structure(Nb201Cell cell, boolean[] executed) {
        checkMask(executed);
        boolean[] ex = new boolean[Nb201Cell.EDGES];
        for (int e = 0; e < ex.length; e++) {
            ex[e] = executed[e] && cell.op(e) != Nb201Op.NONE;
        }
        boolean[] path = cell.onInputOutputPath();
        List<Double> f = new ArrayList<>(120);
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
        int[] in = new int[4];
        double[][] inByOp = new double[4][4];
        for (int e = 0; e < Nb201Cell.EDGES; e++) {
            if (ex[e]) {
                in[Nb201Cell.edgeTo(e)]++;
                inByOp[Nb201Cell.edgeTo(e)][real(cell.op(e))]++;
            }
        }
        for (int node = 1; node <= 3; node++) {
            f.add((double) in[node]);
        }
        // Longest executed path 0 -> 3 in ops and in convolutions (-1 when none).
        int[] hops = {0, -1, -1, -1};
        int[] convs = {0, -1, -1, -1};
        for (int e = 0; e < Nb201Cell.EDGES; e++) {
            int from = Nb201Cell.edgeFrom(e);
            int to = Nb201Cell.edgeTo(e);
            if (ex[e] && hops[from] >= 0) {
                hops[to] = Math.max(hops[to], hops[from] + 1);
                convs[to] = Math.max(convs[to], convs[from] + (isConv(cell.op(e)) ? 1 : 0));
            }
        }
        f.add((double) hops[3]);
        f.add((double) convs[3]);
        boolean[] computed = new boolean[4];
        boolean offPath = false;
        for (int e = 0; e < Nb201Cell.EDGES; e++) {
            if (ex[e]) {
                computed[Nb201Cell.edgeFrom(e)] = true;
                computed[Nb201Cell.edgeTo(e)] = true;
                offPath |= !path[e];
            }
        }
        int nodes = 0;
        for (boolean b : computed) {
            nodes += b ? 1 : 0;
        }
        f.add((double) nodes);
        f.add(offPath ? 1.0 : 0.0);
        f.add(cell.constantOutput() ? 1.0 : 0.0);
        f.add(cell.inputReachesOutput() ? 1.0 : 0.0);
        for (int e = 0; e < Nb201Cell.EDGES; e++) {
            f.add(path[e] ? 1.0 : 0.0);
        }
        for (int node = 1; node <= 3; node++) {
            for (int o = 0; o < 4; o++) {
                f.add(inByOp[node][o]);
            }
        }
        double[] pairs = new double[16];
        for (int a = 0; a < Nb201Cell.EDGES; a++) {
            for (int b = 0; b < Nb201Cell.EDGES; b++) {
                if (ex[a] && ex[b] && Nb201Cell.edgeTo(a) == Nb201Cell.edgeFrom(b)) {
                    pairs[real(cell.op(a)) * 4 + real(cell.op(b))]++;
                }
            }
        }
        for (double v : pairs) {
            f.add(v);
        }
        int live = 0;
        int withConv = 0;
        int convFree = 0;
        int mostC3 = 0;
        int mostConv = 0;
        int fewestConv = Integer.MAX_VALUE;
        for (int[] p : PATHS) {
            boolean runs = true;
            int c3 = 0;
            int cv = 0;
            for (int e : p) {
                runs &= ex[e];
                c3 += cell.op(e) == Nb201Op.NOR_CONV_3X3 ? 1 : 0;
                cv += isConv(cell.op(e)) ? 1 : 0;
            }
            f.add(runs ? 1.0 : 0.0);
            if (runs) {
                live++;
                withConv += cv > 0 ? 1 : 0;
                convFree += cv == 0 ? 1 : 0;
                mostC3 = Math.max(mostC3, c3);
                mostConv = Math.max(mostConv, cv);
                fewestConv = Math.min(fewestConv, cv);
            }
        }
        f.add((double) live);
        f.add((double) withConv);
        f.add((double) convFree);
        f.add((double) mostC3);
        f.add((double) mostConv);
        f.add(live == 0 ? -1.0 : fewestConv);
        double macs = 0;
        int count = 0;
        for (int e = 0; e < Nb201Cell.EDGES; e++) {
            if (ex[e]) {
                count++;
                macs += cell.op(e) == Nb201Op.NOR_CONV_3X3 ? 9 : cell.op(e) == Nb201Op.NOR_CONV_1X1 ? 1 : 0;
            }
        }
        f.add(macs);
        f.add((double) count);
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
        n.add("executed_off_io_path");
        n.add("constant_output");
        n.add("input_reaches_output");
        for (int e = 0; e < Nb201Cell.EDGES; e++) {
            n.add("on_io_path_" + edgeName(e));
        }
        for (int node = 1; node <= 3; node++) {
            for (Nb201Op op : REAL) {
                n.add("exec_in_node" + node + "_" + op.label());
            }
        }
        for (Nb201Op a : REAL) {
            for (Nb201Op b : REAL) {
                n.add("exec_pair_" + a.label() + "_then_" + b.label());
            }
        }
        for (String p : new String[] {"direct", "via1", "via2", "via12"}) {
            n.add("path_" + p + "_runs");
        }
        n.add("paths_running");
        n.add("paths_with_conv");
        n.add("paths_without_conv");
        n.add("path_most_conv3x3");
        n.add("path_most_conv");
        n.add("path_fewest_conv");
        n.add("exec_mac_units");
        n.add("exec_ops");
        return n;
    }

    private static boolean isConv(Nb201Op op) {
        return op == Nb201Op.NOR_CONV_1X1 || op == Nb201Op.NOR_CONV_3X3;
    }

    /** @return index of a non-{@code none} op in {@link #REAL} */
    private static int real(Nb201Op op) {
        return op.ordinal() - 1;
    }

    private static void checkMask(boolean[] executed) {
        if (executed.length != Nb201Cell.EDGES) {
            throw new IllegalArgumentException("executed mask needs 6 entries, got " + executed.length);
        }
    }

    private static String edgeName(int e) {
        return Nb201Cell.edgeTo(e) + "_" + Nb201Cell.edgeFrom(e);
    }
}
