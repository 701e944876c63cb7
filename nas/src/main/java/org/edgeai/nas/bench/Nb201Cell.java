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
 * The deployed graph is not the cell as written: graph compilers drop dead code, fold constants and
 * keep or drop a {@code none} edge (a multiply by zero) depending on context. {@link #executed()}
 * returns the ops that run for certain, by a rule we derived from the HW-NAS-Bench pixel3 / raspi4
 * measurements in {@code ../shared/data/nas} (both devices agree on it):
 * <ol>
 *   <li>if node 3 receives only {@code none}, the cell output is the constant zero: the whole network
 *       folds to a constant and nothing executes (the table's ~0.003 ms rows);</li>
 *   <li>otherwise, backwards from node 3 (always needed): an op executes when it feeds a needed node,
 *       and its source node becomes needed;</li>
 *   <li>a {@code none} edge into a needed node 2 keeps its source node 1 needed (the multiply by zero
 *       stays in the graph, so node 1 is computed), while {@code none} edges into node 3 are dropped.</li>
 * </ol>
 * Ops outside that set may still run: a dead node 2 with a {@code none} input is sometimes
 * materialised (its convolutions run, its pooling does not, and whether its producers run depends on
 * the ops around it). {@link #materialisable()} lists those candidates and {@link #executionContext()}
 * names the context that decides them; the latency estimator learns the decision per context from
 * measurements. Counting: rules 1-3 and the learned contexts bring a robust additive fit from 55 % /
 * 53 % (all six choices) to about 77 % / 80 % of shared pixel3 / raspi4 rows within ±10 % in
 * cross-validation.
 *
 * @param ops the six edge ops in architecture-string order; copied
 * @implNote Immutable and thread-safe.
 */
public record Nb201Cell(List<Nb201Op> ops) {
    /** Number of edges of a cell. */
    public static final int EDGES = 6;
    private static final int[] EDGE_TO = {1, 2, 2, 3, 3, 3};
    private static final int[] EDGE_FROM = {0, 0, 1, 0, 1, 2};
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
            if (n.length() < 2 || !n.startsWith("|") || !n.endsWith("|")) {
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

    /**
     * @param e edge in architecture-string order, in [0, 6)
     * @return target node (1..3) of edge {@code e}
     * @throws ArrayIndexOutOfBoundsException if {@code e} is out of range
     */
    public static int edgeTo(int e) {
        return EDGE_TO[e];
    }

    /**
     * @param e edge in architecture-string order, in [0, 6)
     * @return source node (0..2) of edge {@code e}
     * @throws ArrayIndexOutOfBoundsException if {@code e} is out of range
     */
    public static int edgeFrom(int e) {
        return EDGE_FROM[e];
    }

    /**
     * @param e  edge in architecture-string order, in [0, 6)
     * @param op the new op
     * @return a copy with edge {@code e} set to {@code op} (this cell is not modified)
     * @throws ArrayIndexOutOfBoundsException if {@code e} is out of range
     */
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
     * @return per edge (architecture-string order), whether its op executes on the device for certain
     *         (see the class documentation for the rule); {@code none} edges never execute
     */
    public boolean[] executed() {
        return executedRule(false);
    }

    /**
     * @return per edge, whether its op (a convolution or pooling) runs only if the compiler
     *         materialises a dead node 2 that has a {@code none} input (see the class documentation);
     *         disjoint from {@link #executed()}
     */
    public boolean[] materialisable() {
        boolean[] certain = executedRule(false);
        boolean[] all = executedRule(true);
        boolean[] m = new boolean[EDGES];
        for (int e = 0; e < EDGES; e++) {
            Nb201Op op = ops.get(e);
            m[e] = all[e] && !certain[e] && op != Nb201Op.SKIP_CONNECT;
        }
        return m;
    }

    /**
     * The context that decides which {@link #materialisable()} ops run: the ops on edges
     * {@code (1<-0), (2<-0), (2<-1)} and which of the three edges into node 3 are {@code none}.
     *
     * @return a key in {@code [0, 1000)}
     */
    public int executionContext() {
        int k = (ops.get(0).ordinal() * 5 + ops.get(1).ordinal()) * 5 + ops.get(2).ordinal();
        for (int e = 3; e < EDGES; e++) {
            k = k * 2 + (ops.get(e) == Nb201Op.NONE ? 1 : 0);
        }
        return k;
    }

    /** @return true when node 3 is reachable from node 0 through non-{@code none} edges */
    public boolean inputReachesOutput() {
        boolean[] reached = {true, false, false, false};
        for (int e = 0; e < EDGES; e++) {
            if (ops.get(e) != Nb201Op.NONE && reached[EDGE_FROM[e]]) {
                reached[EDGE_TO[e]] = true;
            }
        }
        return reached[3];
    }

    /**
     * @param materialiseDeadNode2 also run the inputs of a dead node 2 that has a {@code none} input
     *                             (and keep its sources needed)
     */
    private boolean[] executedRule(boolean materialiseDeadNode2) {
        boolean[] ex = new boolean[EDGES];
        if (constantOutput()) {
            return ex;
        }
        boolean[] needed = new boolean[4];
        needed[3] = true;
        for (int node = 3; node >= 1; node--) {
            boolean materialise = false;
            if (node == 2 && !needed[2] && materialiseDeadNode2) {
                materialise = ops.get(1) == Nb201Op.NONE || ops.get(2) == Nb201Op.NONE;
            }
            if (!needed[node] && !materialise) {
                continue;
            }
            for (int e = 0; e < EDGES; e++) {
                if (EDGE_TO[e] != node) {
                    continue;
                }
                if (ops.get(e) != Nb201Op.NONE) {
                    ex[e] = true;
                    needed[EDGE_FROM[e]] = true;
                } else if (node == 2) {
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
