package org.edgeai.nas.search;

import io.jenetics.Genotype;
import io.jenetics.IntegerChromosome;
import io.jenetics.IntegerGene;
import io.jenetics.Mutator;
import io.jenetics.SinglePointCrossover;
import io.jenetics.TournamentSelector;
import io.jenetics.engine.Engine;
import io.jenetics.util.RandomRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.edgeai.nas.bench.Nb201Cell;
import org.edgeai.nas.bench.Nb201Op;
import org.edgeai.nas.internal.Ridge;

/**
 * Table-driven searches over NAS-Bench-201 under a latency budget and a query budget.
 *
 * <ul>
 *   <li>{@link #random}: uniform sampling of feasible cells (latency is free, so infeasible ones are
 *       skipped without a query).</li>
 *   <li>{@link #regularizedEvolution}: Real et al., "Regularized Evolution for Image Classifier
 *       Architecture Search" (AAAI 2019): a FIFO population, tournament of {@code sample}, the
 *       winner's child differs in one edge op; the oldest member dies.</li>
 *   <li>{@link #jeneticsGa}: a Jenetics genetic algorithm (6 integer genes, tournament selection,
 *       single-point crossover, mutation); infeasible genotypes get fitness 0 without a query.</li>
 *   <li>{@link #guidedEvolution}: the search of this module. Regularized evolution whose
 *       parent proposes {@code proposals} feasible one- and two-edge mutants; a ridge surrogate on
 *       the input-to-output live ops (refitted after every query) picks the one to query, and a
 *       mutant whose live cell (the function it computes) equals an already queried one is not
 *       queried again, since ops off every input-to-output path do not change the network.</li>
 * </ul>
 * All methods are seeded and stop when the query budget is spent (or after a bounded number of
 * proposals when the feasible space is exhausted).
 *
 * @implNote Stateless; thread-safe: each run keeps its state in locals, and the Jenetics GA's seeded random
 *           engine is bound to the calling thread only ({@code RandomRegistry.with}).
 */
public final class Nb201Searchers {
    private static final int MAX_DRAWS = 200_000;

    private Nb201Searchers() {
    }

    /** Method names accepted by {@link #run}. */
    public static final List<String> METHODS = List.of("random", "re", "jenetics-ga", "guided");

    /**
     * @param method one of {@link #METHODS}
     * @param p      the search problem
     * @param seed   seed of the run
     * @return the run
     * @throws IllegalArgumentException if the method is unknown
     */
    public static Nb201SearchRun run(String method, Nb201SearchProblem p, long seed) {
        return switch (method) {
            case "random" -> random(p, seed);
            case "re" -> regularizedEvolution(p, seed, 20, 5);
            case "jenetics-ga" -> jeneticsGa(p, seed, 20);
            case "guided" -> guidedEvolution(p, seed, 20, 5, 20);
            default -> throw new IllegalArgumentException("unknown search method '" + method + "' (known: " + METHODS + ")");
        };
    }

    /**
     * Random search.
     *
     * @param p    the search problem
     * @param seed seed of the sampling
     * @return the run
     */
    public static Nb201SearchRun random(Nb201SearchProblem p, long seed) {
        RandomGenerator rng = new SplittableRandom(seed);
        QueryLedger ledger = new QueryLedger(p);
        for (int draws = 0; ledger.open() && draws < MAX_DRAWS; draws++) {
            Nb201Cell c = Nb201Cell.random(rng);
            if (p.feasible(c)) {
                ledger.query(c);
            }
        }
        return result("random", seed, p, ledger);
    }

    /**
     * Regularized evolution.
     *
     * @param p          the search problem
     * @param seed       seed of the sampling, tournaments and mutations
     * @param population population size, &gt;= 2
     * @param sample     tournament size in [1, population]
     * @return the run
     * @throws IllegalArgumentException if {@code population < 2} or {@code sample} is outside [1, population]
     */
    public static Nb201SearchRun regularizedEvolution(Nb201SearchProblem p, long seed, int population, int sample) {
        checkPopulation(population, sample);
        RandomGenerator rng = new SplittableRandom(seed);
        QueryLedger ledger = new QueryLedger(p);
        Deque<Member> pop = new ArrayDeque<>();
        int draws = 0;
        while (pop.size() < population && ledger.open() && draws++ < MAX_DRAWS) {
            Nb201Cell c = Nb201Cell.random(rng);
            if (p.feasible(c)) {
                pop.addLast(new Member(c, ledger.query(c)));
            }
        }
        while (ledger.open() && draws++ < MAX_DRAWS && !pop.isEmpty()) {
            Member parent = tournament(pop, sample, rng);
            Nb201Cell child = mutate(parent.cell, 1, rng);
            if (!p.feasible(child)) {
                continue;
            }
            pop.addLast(new Member(child, ledger.query(child)));
            pop.removeFirst();
        }
        return result("re", seed, p, ledger);
    }

    /**
     * Jenetics genetic algorithm.
     *
     * @param p          the search problem
     * @param seed       seed of the evolution's random engine
     * @param population population size, &gt;= 2
     * @return the run
     * @throws IllegalArgumentException if {@code population < 2}
     */
    public static Nb201SearchRun jeneticsGa(Nb201SearchProblem p, long seed, int population) {
        if (population < 2) {
            throw new IllegalArgumentException("population must be >= 2, got " + population);
        }
        QueryLedger ledger = new QueryLedger(p);
        RandomRegistry.with(new SplittableRandom(seed), r -> {
            Engine<IntegerGene, Double> engine = Engine.builder(
                            (Genotype<IntegerGene> g) -> {
                                Nb201Cell c = decode(g);
                                if (!p.feasible(c) || (!ledger.known(c) && !ledger.open())) {
                                    return 0.0;
                                }
                                return ledger.query(c);
                            },
                            // Jenetics 8 integer ranges exclude their maximum: [0, 5) covers all five ops.
                            Genotype.of(IntegerChromosome.of(0, Nb201Op.values().length, Nb201Cell.EDGES)))
                    .populationSize(population)
                    .selector(new TournamentSelector<>(3))
                    .alterers(new SinglePointCrossover<>(0.5), new Mutator<>(1.0 / Nb201Cell.EDGES))
                    .executor(Runnable::run)
                    .build();
            return engine.stream().limit(r2 -> ledger.open()).limit(10_000).toList();
        });
        return result("jenetics-ga", seed, p, ledger);
    }

    private static Nb201Cell decode(Genotype<IntegerGene> g) {
        Nb201Op[] ops = new Nb201Op[Nb201Cell.EDGES];
        for (int e = 0; e < ops.length; e++) {
            ops[e] = Nb201Op.values()[g.chromosome().get(e).intValue()];
        }
        return new Nb201Cell(Arrays.asList(ops));
    }

    /**
     * Surrogate-guided regularized evolution (see class doc).
     *
     * @param p          the search problem
     * @param seed       seed of the sampling, tournaments and mutations
     * @param population population size, &gt;= 2
     * @param sample     tournament size in [1, population]
     * @param proposals  mutants scored by the surrogate per query, &gt;= 1
     * @return the run
     * @throws IllegalArgumentException if {@code population < 2}, {@code sample} is outside [1, population], or
     *                                  {@code proposals < 1}
     */
    public static Nb201SearchRun guidedEvolution(Nb201SearchProblem p, long seed, int population, int sample, int proposals) {
        checkPopulation(population, sample);
        if (proposals < 1) {
            throw new IllegalArgumentException("proposals must be >= 1, got " + proposals);
        }
        RandomGenerator rng = new SplittableRandom(seed);
        QueryLedger ledger = new QueryLedger(p);
        Deque<Member> pop = new ArrayDeque<>();
        java.util.Set<Integer> liveSeen = new java.util.HashSet<>();
        List<double[]> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        int draws = 0;
        while (pop.size() < population && ledger.open() && draws++ < MAX_DRAWS) {
            Nb201Cell c = Nb201Cell.random(rng);
            if (p.feasible(c) && !c.constantOutput() && liveSeen.add(liveCell(c).code())) {
                double acc = ledger.query(c);
                pop.addLast(new Member(c, acc));
                xs.add(surrogateFeatures(c));
                ys.add(acc);
            }
        }
        double[] w = null;
        while (ledger.open() && draws < MAX_DRAWS && !pop.isEmpty()) {
            if (w == null || xs.size() % 1 == 0) {
                w = fitSurrogate(xs, ys);
            }
            Member parent = tournament(pop, sample, rng);
            Nb201Cell pick = null;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < proposals && draws < MAX_DRAWS; draws++) {
                Nb201Cell child = mutate(parent.cell, 1 + rng.nextInt(2), rng);
                if (!p.feasible(child) || child.constantOutput() || liveSeen.contains(liveCell(child).code())) {
                    continue;
                }
                k++;
                double s = Ridge.predict(w, surrogateFeatures(child));
                if (s > bestScore) {
                    bestScore = s;
                    pick = child;
                }
            }
            if (pick == null) {
                continue;
            }
            liveSeen.add(liveCell(pick).code());
            double acc = ledger.query(pick);
            xs.add(surrogateFeatures(pick));
            ys.add(acc);
            pop.addLast(new Member(pick, acc));
            pop.removeFirst();
        }
        return result("guided", seed, p, ledger);
    }

    /** @return the cell with every op off the input-to-output paths set to none (same function) */
    static Nb201Cell liveCell(Nb201Cell c) {
        boolean[] live = c.onInputOutputPath();
        Nb201Op[] ops = new Nb201Op[Nb201Cell.EDGES];
        for (int e = 0; e < ops.length; e++) {
            ops[e] = live[e] ? c.op(e) : Nb201Op.NONE;
        }
        return new Nb201Cell(Arrays.asList(ops));
    }

    /** Intercept, one-hot live (edge, op) for the four real ops, live counts per op type. */
    static double[] surrogateFeatures(Nb201Cell c) {
        boolean[] live = c.onInputOutputPath();
        double[] f = new double[1 + 24 + 4];
        f[0] = 1;
        for (int e = 0; e < Nb201Cell.EDGES; e++) {
            int o = c.op(e).ordinal();
            if (live[e] && o > 0) {
                f[1 + e * 4 + o - 1] = 1;
                f[25 + o - 1] += 1;
            }
        }
        return f;
    }

    private static double[] fitSurrogate(List<double[]> xs, List<Double> ys) {
        double[] y = new double[ys.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = ys.get(i);
        }
        // A strong penalty keeps the 28 weights stable with ~20 observations.
        return Ridge.fit(xs.toArray(double[][]::new), y, 1.0);
    }

    private record Member(Nb201Cell cell, double accuracy) {
    }

    private static void checkPopulation(int population, int sample) {
        if (population < 2 || sample < 1 || sample > population) {
            throw new IllegalArgumentException("need population >= 2 and 1 <= sample <= population, got " + population + ", " + sample);
        }
    }

    private static Member tournament(Deque<Member> pop, int sample, RandomGenerator rng) {
        List<Member> list = new ArrayList<>(pop);
        Member best = null;
        for (int i = 0; i < sample; i++) {
            Member m = list.get(rng.nextInt(list.size()));
            if (best == null || m.accuracy > best.accuracy) {
                best = m;
            }
        }
        return best;
    }

    /** @return a copy of {@code c} with {@code edges} distinct edges changed to a different op */
    static Nb201Cell mutate(Nb201Cell c, int edges, RandomGenerator rng) {
        Nb201Cell out = c;
        int first = -1;
        for (int k = 0; k < edges; k++) {
            int e;
            do {
                e = rng.nextInt(Nb201Cell.EDGES);
            } while (e == first);
            first = e;
            int o = (out.op(e).ordinal() + 1 + rng.nextInt(Nb201Op.values().length - 1)) % Nb201Op.values().length;
            out = out.with(e, Nb201Op.values()[o]);
        }
        return out;
    }

    private static Nb201SearchRun result(String method, long seed, Nb201SearchProblem p, QueryLedger ledger) {
        Nb201Cell b = ledger.best();
        return new Nb201SearchRun(method, seed, b, b == null ? Double.NaN : ledger.query(b),
                b == null ? Double.NaN : p.reportAccuracy(b), b == null ? Double.NaN : p.latencyMs(b), ledger.queries(),
                ledger.incumbentTrace(), ledger.evaluated());
    }
}
