package org.edgeai.nas.estimate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.edgeai.nas.bench.Nb201Cell;

/**
 * The NAS-Bench-201 decomposition: per-(edge, op) and per-add latencies of the executed cell graph,
 * summed, with the execution rule partly learned.
 *
 * <ul>
 *   <li>Cells whose output is constant ({@link Nb201Cell#constantOutput()}) take the median latency
 *       of the constant training cells.</li>
 *   <li>Cells whose input does not reach the output ({@link Nb201Cell#inputReachesOutput()} false)
 *       compute on zeros and are mostly folded by the compiler: a separate robust additive fit on
 *       those training cells.</li>
 *   <li>The other cells run their certain ops ({@link Nb201Cell#executed()}) plus, per execution
 *       context ({@link Nb201Cell#executionContext()}), the subset of their
 *       {@link Nb201Cell#materialisable() materialisable} ops that best explains the training cells of
 *       that context; a context never seen in training runs, per (edge, op), what most learned contexts
 *       that could run it do. Decomposition and context subsets are fitted alternately (3 additive fits): a robust
 *       additive fit ({@link RobustLinear}), then for each context the subset with the smallest
 *       Welsch loss (scale 0.1) over its cells.</li>
 * </ul>
 *
 * @implNote Immutable.
 */
final class Nb201Decomposition implements DecomposedRegressor.Base<Nb201Cell> {
    /** Additive fits, alternating with the context subsets (the last fit uses the final subsets). */
    static final int ROUNDS = 3;
    /** Welsch scale of the context choice, log units. */
    static final double CONTEXT_SCALE = 0.1;
    /**
     * Fewest training cells for a separate fit of the disconnected cells; with fewer, they take the main
     * fit scaled by their median measured-to-main ratio.
     */
    static final int MIN_SIDE_ROWS = 2 * Nb201Features.PARTS;

    private final double[] main;
    private final Map<Integer, boolean[]> materialised;
    /** For contexts never seen in training: per (edge, op), whether most learned contexts run it. */
    private final boolean[][] fallback;
    private final double[] side;
    private final double sideRatio;
    private final double constantMs;
    private final double floorMs;

    private Nb201Decomposition(double[] main, Map<Integer, boolean[]> materialised, boolean[][] fallback, double[] side,
                               double sideRatio, double constantMs, double floorMs) {
        this.main = main;
        this.materialised = materialised;
        this.fallback = fallback;
        this.side = side;
        this.sideRatio = sideRatio;
        this.constantMs = constantMs;
        this.floorMs = floorMs;
    }

    static final DecomposedRegressor.BaseFitter<Nb201Cell> FITTER = Nb201Decomposition::fit;

    static Nb201Decomposition fit(List<Nb201Cell> cells, double[] ms, EstimatorConfig cfg) {
        List<Integer> mainRows = new ArrayList<>();
        List<Integer> sideRows = new ArrayList<>();
        List<Double> constant = new ArrayList<>();
        double min = Double.MAX_VALUE;
        for (int i = 0; i < ms.length; i++) {
            Nb201Cell c = cells.get(i);
            min = Math.min(min, ms[i]);
            if (c.constantOutput()) {
                constant.add(ms[i]);
            } else if (c.inputReachesOutput()) {
                mainRows.add(i);
            } else {
                sideRows.add(i);
            }
        }
        double floor = 0.5 * min;
        double constantMs = constant.isEmpty() ? min : median(constant);
        if (mainRows.isEmpty()) {
            throw new IllegalArgumentException("no training cell connects its input to its output; nothing to decompose");
        }
        Map<Integer, boolean[]> rule = new HashMap<>();
        double[] w = null;
        for (int round = 0; round < ROUNDS; round++) {
            double[][] x = new double[mainRows.size()][];
            double[] y = new double[x.length];
            for (int j = 0; j < x.length; j++) {
                int i = mainRows.get(j);
                x[j] = Nb201Features.parts(cells.get(i), executed(rule, cells.get(i)));
                y[j] = ms[i];
            }
            w = RobustLinear.fit(x, y, cfg.partsScale(), cfg.ridgeLambda());
            if (round + 1 < ROUNDS) {
                rule = learnContexts(w, cells, ms, mainRows);
            }
        }
        double[] side = null;
        double sideRatio = 1;
        if (!sideRows.isEmpty()) {
            List<Double> v = new ArrayList<>();
            for (int i : sideRows) {
                v.add(ms[i] / Math.max(RobustLinear.predict(w, Nb201Features.parts(cells.get(i))), floor));
            }
            sideRatio = median(v);
            if (sideRows.size() >= MIN_SIDE_ROWS) {
                double[][] x = new double[sideRows.size()][];
                double[] y = new double[x.length];
                for (int j = 0; j < x.length; j++) {
                    x[j] = Nb201Features.parts(cells.get(sideRows.get(j)));
                    y[j] = ms[sideRows.get(j)];
                }
                side = RobustLinear.fit(x, y, cfg.partsScale(), Math.max(cfg.ridgeLambda(), 1e-2));
            }
        }
        return new Nb201Decomposition(w, rule, fallback(rule, cells, mainRows), side, sideRatio, constantMs, floor);
    }

    /** For each context with materialisable ops, the subset that best explains its cells. */
    private static Map<Integer, boolean[]> learnContexts(double[] w, List<Nb201Cell> cells, double[] ms, List<Integer> rows) {
        Map<Integer, List<Integer>> byContext = new HashMap<>();
        for (int i : rows) {
            boolean[] m = cells.get(i).materialisable();
            boolean any = false;
            for (boolean b : m) {
                any |= b;
            }
            if (any) {
                byContext.computeIfAbsent(cells.get(i).executionContext(), k -> new ArrayList<>()).add(i);
            }
        }
        Map<Integer, boolean[]> rule = new HashMap<>();
        for (var entry : byContext.entrySet()) {
            List<Integer> members = entry.getValue();
            // Every cell of a context has the same materialisable edges (they depend on edges 0-2 and the
            // none pattern of edges 3-5 only).
            boolean[] cand = cells.get(members.get(0)).materialisable();
            int[] edges = new int[Nb201Cell.EDGES];
            int k = 0;
            for (int e = 0; e < cand.length; e++) {
                if (cand[e]) {
                    edges[k++] = e;
                }
            }
            double bestLoss = Double.MAX_VALUE;
            boolean[] best = new boolean[Nb201Cell.EDGES];
            for (int mask = 0; mask < (1 << k); mask++) {
                boolean[] add = new boolean[Nb201Cell.EDGES];
                for (int q = 0; q < k; q++) {
                    add[edges[q]] = (mask >> q & 1) == 1;
                }
                double loss = 0;
                for (int i : members) {
                    boolean[] ex = cells.get(i).executed();
                    for (int e = 0; e < ex.length; e++) {
                        ex[e] |= add[e];
                    }
                    double p = Math.max(RobustLinear.predict(w, Nb201Features.parts(cells.get(i), ex)), RobustLinear.FLOOR_MS);
                    double u = Math.log(ms[i] / p) / CONTEXT_SCALE;
                    loss += 1 - Math.exp(-0.5 * u * u);
                }
                if (loss < bestLoss - 1e-12) {
                    bestLoss = loss;
                    best = add;
                }
            }
            rule.put(entry.getKey(), best);
        }
        return rule;
    }

    /**
     * Per (edge, op): whether the learned contexts that could run it mostly do, weighted by their
     * training cells.
     */
    private static boolean[][] fallback(Map<Integer, boolean[]> rule, List<Nb201Cell> cells, List<Integer> rows) {
        int ops = org.edgeai.nas.bench.Nb201Op.values().length;
        double[][] run = new double[Nb201Cell.EDGES][ops];
        double[][] seen = new double[Nb201Cell.EDGES][ops];
        for (int i : rows) {
            Nb201Cell c = cells.get(i);
            boolean[] add = rule.get(c.executionContext());
            boolean[] m = c.materialisable();
            for (int e = 0; e < Nb201Cell.EDGES; e++) {
                if (m[e] && add != null) {
                    seen[e][c.op(e).ordinal()]++;
                    run[e][c.op(e).ordinal()] += add[e] ? 1 : 0;
                }
            }
        }
        boolean[][] f = new boolean[Nb201Cell.EDGES][ops];
        for (int e = 0; e < Nb201Cell.EDGES; e++) {
            for (int o = 0; o < ops; o++) {
                f[e][o] = seen[e][o] > 0 && run[e][o] > 0.5 * seen[e][o];
            }
        }
        return f;
    }

    private static boolean[] executed(Map<Integer, boolean[]> rule, Nb201Cell c) {
        boolean[] ex = c.executed();
        boolean[] add = rule.get(c.executionContext());
        if (add != null) {
            for (int e = 0; e < ex.length; e++) {
                ex[e] |= add[e];
            }
        }
        return ex;
    }

    /** Learned subset of the cell's context, or the per-(edge, op) fallback for a context never seen. */
    private boolean[] learnedExecuted(Nb201Cell c) {
        if (materialised.containsKey(c.executionContext())) {
            return executed(materialised, c);
        }
        boolean[] ex = c.executed();
        boolean[] m = c.materialisable();
        for (int e = 0; e < ex.length; e++) {
            ex[e] |= m[e] && fallback[e][c.op(e).ordinal()];
        }
        return ex;
    }

    /** @return the ops this decomposition assumes run for {@code c} (certain plus learned) */
    boolean[] executed(Nb201Cell c) {
        if (c.constantOutput()) {
            return new boolean[Nb201Cell.EDGES];
        }
        return c.inputReachesOutput() ? learnedExecuted(c) : c.executed();
    }

    @Override
    public double decomposedMs(Nb201Cell c) {
        if (c.constantOutput()) {
            return constantMs;
        }
        if (!c.inputReachesOutput()) {
            if (side != null) {
                return Math.max(RobustLinear.predict(side, Nb201Features.parts(c)), floorMs);
            }
            return Math.max(sideRatio * RobustLinear.predict(main, Nb201Features.parts(c)), floorMs);
        }
        return Math.max(RobustLinear.predict(main, Nb201Features.parts(c, learnedExecuted(c))), floorMs);
    }

    @Override
    public double[] features(Nb201Cell c) {
        boolean[] ex = executed(c);
        double[] s = Nb201Features.structure(c, ex);
        double[] p = Nb201Features.parts(c, ex);
        double[] f = Arrays.copyOf(s, s.length + p.length);
        System.arraycopy(p, 0, f, s.length, p.length);
        return f;
    }

    /** @return number of execution contexts with a learned subset */
    int learnedContexts() {
        return materialised.size();
    }

    private static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int k = s.length;
        return k % 2 == 1 ? s[k / 2] : 0.5 * (s[k / 2 - 1] + s[k / 2]);
    }
}
