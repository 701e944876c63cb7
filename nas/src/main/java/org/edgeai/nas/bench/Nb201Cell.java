package org.edgeai.nas.bench;

import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A NAS-Bench-201 cell: a DAG on nodes 0..3 (0 = cell input, 3 = cell output) with one op on each of
 * the six edges {@code (i <- j), j < i}, in architecture-string order
 * {@code (1<-0), (2<-0), (2<-1), (3<-0), (3<-1), (3<-2)}. A node sums the outputs of its incoming
 * edges. The macro network stacks this one cell 15 times (3 stages of 5, channels 16/32/64, with
 * residual reduction blocks between the stages).
 *
 * <h2>Which ops execute on a device</h2>
 * {@link #executed()} returns the ops that actually run in the deployed graph, following a rule we
 * derived from the HW-NAS-Bench pixel3 / raspi4 measurements in {@code ../shared/data/nas} (graph
 * compilers drop dead code and fold constants):
 * <ol>
 *   <li>if node 3 receives only {@code none}, the cell output is the constant zero: the whole network
 *       folds to a constant and nothing executes (the table's ~0.003 ms rows);</li>
 *   <li>otherwise an op executes when it feeds a node whose value is needed; node 3 is needed, and a
 *       node is needed when an executed op reads it (dead-code elimination, backwards from node 3);</li>
 *   <li>a node that is not needed but has a {@code none} input is still materialised (the zero
 *       multiply keeps it and its producers in the graph): its non-{@code none} input ops execute and
 *       its source nodes become needed.</li>
 * </ol>
 * Rule 3 is empirical: on the shared rows, an additive per-(edge, op) fit on the executed ops reaches
 * 73 % / 66 % within ±10 % on pixel3 / raspi4, against 70 % / 62 % with rules 1-2 alone and
 * 55 % / 53 % on all ops.
 *
 * @param ops the six edge ops in architecture-string order; copied
 */
public record Nb201Cell(List<Nb201Op> ops) {
    /** Number of edges of a cell. */
    public static final int EDGES = 6;
    /** Target node of each edge in architecture-string order. */
    public static final int[] EDGE_TO = {1, 2, 2, 3, 3, 3};
    /** Source node of each edge in architecture-string order. */
    public static final int[] EDGE_FROM = {0, 0, 1, 0, 1, 2};
    /** Number of distinct cells ({@code 5^6}). */
    public static final int SPACE_SIZE = 15625;

    /** @throws IllegalArgumentException if there are not six ops */
    public Nb201Cell {
        ops = List.copyOf(ops);
        if (ops.size() != EDGES) {
            throw new IllegalArgumentException("a NAS-Bench-201 cell has 6 edges, got " + ops.size());
        }
    }

    /** @return the op on edge {@code e} (architecture-string order) */
    public Nb201Op op(int e) {
        return ops.get(e);
    }

    /**
     * Parses {@code |op~0|+|op~0|op~1|+|op~0|op~1|op~2|}.
     *
     * @param arch the NAS-Bench-201 architecture string
     * @return the cell
     * @throws IllegalArgumentException if the string is malformed (message quotes it)
     */
    public static Nb201Cell parse(String arch) {
        String[] nodes = arch.split("\\+");
        if (nodes.length != 3) {
            throw new IllegalArgumentException("malformed NAS-Bench-201 arch string (need 3 nodes joined by '+'): " + arch);
        }
        Nb201Op[] ops = new Nb201Op[EDGES];
        int e = 0;
        for (int i = 0; i < 3; i++) {
            String n = nodes[i];
            if (!n.startsWith("|") || !n.endsWith("|")) {
                throw new IllegalArgumentException("malformed NAS-Bench-201 node '" + n + "' in " + arch);
            }
            String[] parts = n.substring(1, n.length() - 1).split("\\|");
            if (parts.length != i + 1) {
                throw new IllegalArgumentException("node " + (i + 1) + " needs " + (i + 1) + " inputs in " + arch);
            }
            for (int j = 0; j <= i; j++) {
                String[] opIn = parts[j].split("~");
                if (opIn.length != 2 || !opIn[1].equals(Integer.toString(j))) {
                    throw new IllegalArgumentException("malformed edge '" + parts[j] + "' (expected op~" + j + ") in " + arch);
                }
                ops[e++] = Nb201Op.ofLabel(opIn[0]);
            }
        }
        return new Nb201Cell(Arrays.asList(ops));
    }

    /** @return the NAS-Bench-201 architecture string */
    public String archString() {
        StringBuilder sb = new StringBuilder();
        int e = 0;
        for (int i = 1; i <= 3; i++) {
            if (i > 1) {
                sb.append('+');
            }
            sb.append('|');
            for (int j = 0; j < i; j++) {
                sb.append(ops.get(e++).label()).append('~').append(j).append('|');
            }
        }
        return sb.toString();
    }

    /**
     * The cell as a base-5 number, edge 0 most significant, ops in {@link Nb201Op} order. This is a
     * compact key, NOT the NAS-Bench-201 index (which follows the benchmark's own enumeration).
     *
     * @return a code in {@code [0, 15625)}
     */
    public int code() {
        int c = 0;
        for (Nb201Op op : ops) {
            c = c * 5 + op.ordinal();
        }
        return c;
    }

    /**
     * @param code a value from {@link #code()}
     * @return the cell
     * @throws IllegalArgumentException if out of range
     */
    public static Nb201Cell ofCode(int code) {
        if (code < 0 || code >= SPACE_SIZE) {
            throw new IllegalArgumentException("cell code " + code + " not in [0, 15625)");
        }
        Nb201Op[] ops = new Nb201Op[EDGES];
        for (int e = EDGES - 1; e >= 0; e--) {
            ops[e] = Nb201Op.values()[code % 5];
            code /= 5;
        }
        return new Nb201Cell(Arrays.asList(ops));
    }

    /** @return a uniformly random cell drawn from {@code rng} */
    public static Nb201Cell random(RandomGenerator rng) {
        return ofCode(rng.nextInt(SPACE_SIZE));
    }

    /** @return a copy with edge {@code e} set to {@code op} */
    public Nb201Cell with(int e, Nb201Op op) {
        Nb201Op[] a = ops.toArray(Nb201Op[]::new);
        a[e] = op;
        return new Nb201Cell(Arrays.asList(a));
    }

    /** @return true when node 3 receives only {@code none}: the network output is a constant */
    public boolean constantOutput() {
        return ops.get(3) == Nb201Op.NONE && ops.get(4) == Nb201Op.NONE && ops.get(5) == Nb201Op.NONE;
    }

    /**
     * @return per edge (architecture-string order), whether its op executes on the device (see the
     *         class documentation for the rule); {@code none} edges never execute
     */
    public boolean[] executed() {
        boolean[] ex = new boolean[EDGES];
        if (constantOutput()) {
            return ex;
        }
        boolean[] needed = new boolean[4];
        needed[3] = true;
        for (int node = 3; node >= 1; node--) {
            boolean forced = false;
            if (node < 3 && !needed[node]) {
                for (int e = 0; e < EDGES; e++) {
                    if (EDGE_TO[e] == node && ops.get(e) == Nb201Op.NONE) {
                        forced = true;
                    }
                }
            }
            for (int e = 0; e < EDGES; e++) {
                if (EDGE_TO[e] != node) {
                    continue;
                }
                ex[e] = ops.get(e) != Nb201Op.NONE && (needed[node] || forced);
                if (ex[e] || forced) {
                    needed[EDGE_FROM[e]] = true;
                }
            }
        }
        return ex;
    }

    /**
     * @return per edge, whether it lies on a path of non-{@code none} edges from node 0 to node 3
     *         (the "live" cell of the accuracy view)
     */
    public boolean[] onInputOutputPath() {
        boolean[] fromInput = new boolean[4];
        fromInput[0] = true;
        for (int e = 0; e < EDGES; e++) {
            if (ops.get(e) != Nb201Op.NONE && fromInput[EDGE_FROM[e]]) {
                fromInput[EDGE_TO[e]] = true;
            }
        }
        boolean[] toOutput = new boolean[4];
        toOutput[3] = true;
        for (int e = EDGES - 1; e >= 0; e--) {
            if (ops.get(e) != Nb201Op.NONE && toOutput[EDGE_TO[e]]) {
                toOutput[EDGE_FROM[e]] = true;
            }
        }
        boolean[] live = new boolean[EDGES];
        for (int e = 0; e < EDGES; e++) {
            live[e] = ops.get(e) != Nb201Op.NONE && fromInput[EDGE_FROM[e]] && toOutput[EDGE_TO[e]];
        }
        return live;
    }
}
