package org.edgeai.nas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.edgeai.kernel.Progress;
import org.edgeai.nas.bench.Nb201Cell;
import org.edgeai.nas.bench.Nb201Op;
import org.edgeai.nas.bench.Nb201Table;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class Nb201SearchersTest {
    private static Nb201Table table;

    /** A synthetic table over the whole space: accuracy grows with live convs, latency with executed ops. */
    @BeforeAll
    static void buildTable() {
        int n = Nb201Cell.SPACE_SIZE;
        int[] idx = new int[n];
        List<Nb201Cell> cells = new ArrayList<>();
        double[][] acc = new double[n][2];
        double[][] lat = new double[n][1];
        SplittableRandom noise = new SplittableRandom(11);
        for (int i = 0; i < n; i++) {
            Nb201Cell c = Nb201Cell.ofCode(i);
            idx[i] = i;
            cells.add(c);
            boolean[] live = c.onInputOutputPath();
            boolean[] ex = c.executed();
            double a = 10;
            double l = 0.1;
            for (int e = 0; e < 6; e++) {
                if (live[e]) {
                    a += c.op(e) == Nb201Op.NOR_CONV_3X3 ? 12 : c.op(e) == Nb201Op.NOR_CONV_1X1 ? 7 : 2;
                }
                if (ex[e]) {
                    l += c.op(e) == Nb201Op.NOR_CONV_3X3 ? 4 : c.op(e) == Nb201Op.NOR_CONV_1X1 ? 1.5 : 0.3;
                }
            }
            acc[i][0] = a + noise.nextDouble();
            acc[i][1] = acc[i][0] + noise.nextDouble();
            lat[i][0] = l;
        }
        table = new Nb201Table("synthetic", idx, cells, List.of("valid", "test"), acc, List.of("dev"), lat);
    }

    /** Rows with an empty accuracy or latency cell are not offered (was: a NaN row could leave a search without result). */
    @Test
    void rowsWithEmptyCellsAreLeftOut() {
        double[][] acc = table.accuracy();
        double[][] lat = table.latencyMs();
        acc[0][0] = Double.NaN;
        acc[1][1] = Double.NaN;
        lat[2][0] = Double.NaN;
        Nb201Table holes = new Nb201Table("holes", table.indices(), table.cells(), List.of("valid", "test"), acc, List.of("dev"), lat);
        Nb201SearchProblem p = new Nb201SearchProblem(holes, "valid", "test", "dev", 1e9, 300);
        assertEquals(table.size() - 3, p.availableRows());
        for (int r = 0; r < 3; r++) {
            assertFalse(p.available(table.cells().get(r)), "row " + r);
        }
        for (String m : Nb201Searchers.METHODS) {
            Nb201SearchRun run = Nb201Searchers.run(m, p, 7);
            assertTrue(Double.isFinite(run.reportAccuracy()), m + " returns a finite result");
        }
    }

    @Test
    void everyMethodRespectsBothBudgetsAndIsSeeded() {
        Nb201SearchProblem p = new Nb201SearchProblem(table, "valid", "test", "dev", 9.0, 60);
        for (String m : Nb201Searchers.METHODS) {
            Nb201SearchRun r = Nb201Searchers.run(m, p, 4);
            assertNotNull(r.best(), m);
            assertTrue(p.feasible(r.best()), m);
            assertTrue(r.latencyMs() <= 9.0, m);
            assertEquals(60, r.queries(), m);
            assertEquals(60, r.incumbentTrace().size(), m);
            for (ParetoFront.Point pt : r.evaluated()) {
                assertTrue(pt.cost() <= 9.0, m);
                assertTrue(pt.accuracy() <= r.searchAccuracy(), m);
            }
            Nb201SearchRun again = Nb201Searchers.run(m, p, 4);
            assertEquals(r.best(), again.best(), m + " not deterministic for a seed");
            assertEquals(r.evaluated(), again.evaluated(), m);
        }
    }

    @Test
    void jeneticsGaProposesEveryOpOnEveryEdge() {
        // Jenetics integer ranges exclude their maximum; an off-by-one would never propose avg_pool_3x3.
        Nb201SearchProblem p = new Nb201SearchProblem(table, "valid", "test", "dev", 1e9, 300);
        int[][] seen = new int[Nb201Cell.EDGES][Nb201Op.values().length];
        for (long seed = 1; seed <= 5; seed++) {
            for (ParetoFront.Point pt : Nb201Searchers.jeneticsGa(p, seed, 20).evaluated()) {
                Nb201Cell c = Nb201Cell.parse(pt.name());
                for (int e = 0; e < Nb201Cell.EDGES; e++) {
                    seen[e][c.op(e).ordinal()]++;
                }
            }
        }
        for (int e = 0; e < Nb201Cell.EDGES; e++) {
            for (Nb201Op op : Nb201Op.values()) {
                assertTrue(seen[e][op.ordinal()] > 0, "edge " + e + " never got " + op);
            }
        }
    }

    @Test
    void evolutionBeatsRandomSearchOnAverage() {
        Nb201SearchProblem p = new Nb201SearchProblem(table, "valid", "test", "dev", 9.0, 40);
        var r = Nb201SearchBenchmark.run(p, List.of("random", "re", "guided"), 20, Progress.NONE);
        double random = r.methods().get(0).meanReportAccuracy();
        double guided = r.methods().get(2).meanReportAccuracy();
        assertTrue(guided > random, r.toString());
        assertTrue(guided <= r.oracleReportAccuracy() + 1.0 + 1e-9);
    }

    @Test
    void liveCellDropsOnlyOpsOffEveryPath() {
        Nb201Cell c = Nb201Cell.parse("|nor_conv_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|avg_pool_3x3~2|");
        // node 2 receives nothing, so avg_pool(3<-2) and conv(1<-0) do not reach the output along live paths.
        assertEquals(Nb201Cell.parse("|none~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|"), Nb201Searchers.liveCell(c));
    }

    @Test
    void mutationChangesExactlyTheRequestedEdges() {
        SplittableRandom rng = new SplittableRandom(9);
        for (int i = 0; i < 2000; i++) {
            Nb201Cell c = Nb201Cell.random(rng);
            int k = 1 + (i % 2);
            Nb201Cell m = Nb201Searchers.mutate(c, k, rng);
            int diff = 0;
            for (int e = 0; e < 6; e++) {
                diff += c.op(e) != m.op(e) ? 1 : 0;
            }
            assertEquals(k, diff);
        }
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new Nb201SearchProblem(table, "valid", "test", "dev", 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new Nb201SearchProblem(table, "valid", "test", "dev", 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Nb201SearchProblem(table, "nope", "test", "dev", 1, 10));
        Nb201SearchProblem p = new Nb201SearchProblem(table, "valid", "test", "dev", 9, 10);
        assertThrows(IllegalArgumentException.class, () -> Nb201Searchers.run("annealing", p, 1));
        assertThrows(IllegalArgumentException.class, () -> Nb201Searchers.regularizedEvolution(p, 1, 5, 6));
    }

    @Test
    void paretoFrontMatchesBruteForce() {
        SplittableRandom rng = new SplittableRandom(2);
        List<ParetoFront.Point> pts = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            pts.add(new ParetoFront.Point("p" + i, Math.floor(rng.nextDouble() * 50), Math.floor(rng.nextDouble() * 50)));
        }
        List<ParetoFront.Point> front = ParetoFront.of(pts);
        for (ParetoFront.Point p : pts) {
            boolean dominated = false;
            for (ParetoFront.Point q : pts) {
                if (q.accuracy() >= p.accuracy() && q.cost() <= p.cost() && (q.accuracy() > p.accuracy() || q.cost() < p.cost())) {
                    dominated = true;
                }
            }
            boolean onFront = front.stream().anyMatch(f -> f.accuracy() == p.accuracy() && f.cost() == p.cost());
            assertEquals(!dominated, onFront, p.toString());
        }
    }
}
