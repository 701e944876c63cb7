package org.edgeai.nas.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.edgeai.kernel.Progress;
import org.edgeai.nas.search.CandidateEvaluator;
import org.edgeai.nas.search.SeedTableExperiment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedTableExperimentTest {
    @TempDir
    Path tmp;

    @Test
    void descriptionsRoundTripOverSampledNetworks() {
        NetworkSpec base = IbnSearchSpace.fashionMnistBaseline();
        for (IbnSearchSpace.Mode mode : IbnSearchSpace.Mode.values()) {
            IbnSearchSpace space = IbnSearchSpace.fashionMnist(mode, IbnSearchSpace.ChannelPolicy.UNCURATED, 32);
            SplittableRandom rng = new SplittableRandom(mode.ordinal());
            for (int k = 0; k < 50; k++) {
                int[] ch = space.choices();
                int[] g = new int[ch.length];
                for (int i = 0; i < g.length; i++) {
                    g[i] = rng.nextInt(ch[i]);
                }
                NetworkSpec n = space.decode(g, base.name());
                assertEquals(n, NetworkSpec.fromDescription(base, n.describe()));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> NetworkSpec.fromDescription(base, "s32|X3e4c32s1"));
        assertThrows(IllegalArgumentException.class, () -> NetworkSpec.fromDescription(base, "32|I3e4c32s1"));
    }

    @Test
    void fusedSweepFindsTheConfigurationAClosedFormCostPrefers() {
        // A cost model that charges 1 ms per depthwise op and nothing else: fusing every block is best
        // (7 IBN blocks -> 7 ms to 0 ms); every one of the 127 other assignments is faster than the baseline.
        org.edgeai.kernel.graph.GraphCostModel depthwiseCount = g -> {
            long dw = g.ops().stream().filter(o -> o.spec() instanceof org.edgeai.kernel.graph.OpSpec.Conv2d c && c.depthwise()).count();
            return new org.edgeai.kernel.graph.GraphCostModel.GraphCost(dw * 1e-3 + 1e-6, 1, 1, Double.NaN);
        };
        IbnSearchSpace space = IbnSearchSpace.fashionMnist(IbnSearchSpace.Mode.FUSED, IbnSearchSpace.ChannelPolicy.CURATED, 32);
        FusedIbnSweep.Result r = FusedIbnSweep.run(space, depthwiseCount);
        assertEquals(128, r.configurations());
        assertEquals(7.001, r.baselineLatencyMs(), 1e-9);
        assertEquals(0.001, r.bestLatencyMs(), 1e-9);
        assertEquals(127, r.fasterCount());
        assertEquals(7, r.best().chars().filter(ch -> ch == 'F').count());
    }

    @Test
    void tableRowsAreConfirmedWithFurtherSeedsAndResume() throws Exception {
        AnalyticLaneCostFixture npu = new AnalyticLaneCostFixture(32, 32);
        AnalyticLaneCostFixture layerByLayer = new AnalyticLaneCostFixture(32, 32);
        AtomicInteger calls = new AtomicInteger();
        CandidateEvaluator eval = (spec, seed, p) -> {
            calls.incrementAndGet();
            return syntheticAccuracy(spec, seed);
        };
        var settings = new SeedTableExperiment.Settings(32, 6, 3, 8, 0.5, 1, 2, 0);
        SeedTableExperiment.Result r = SeedTableExperiment.run(npu, layerByLayer, eval, settings, tmp, Progress.NONE);
        assertEquals(7, r.rows().size());
        assertEquals(3, r.baselineAccuracies().size());
        for (var row : r.rows()) {
            assertEquals(3, row.accuracies().size(), row.setting());
            assertEquals(row.accuracy(), row.accuracies().getFirst(), 1e-12);
            double mean = row.accuracies().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            assertEquals(mean, row.meanAccuracy(), 1e-9);
            assertEquals(mean >= r.baselineMeanAccuracy() - 0.5, row.withinTolerance(), row.setting());
        }
        assertTrue(r.rows().get(5).setting().startsWith("V2-layer"));
        assertTrue(Files.readAllLines(tmp.resolve(SeedTableExperiment.CONFIRM_JOURNAL)).size() >= 2);
        int first = calls.get();
        SeedTableExperiment.Result again = SeedTableExperiment.run(npu, layerByLayer, eval, settings, tmp, Progress.NONE);
        assertEquals(first, calls.get(), "a resumed experiment must not retrain journaled networks");
        assertEquals(r.rows().get(2).network(), again.rows().get(2).network());
        assertFalse(Double.isNaN(again.baselineMeanAccuracy()));
    }

    @Test
    void theStructureRowSearchesDepthAndStrideAndIsConfirmedLikeTheOthers() {
        AnalyticLaneCostFixture npu = new AnalyticLaneCostFixture(32, 32);
        CandidateEvaluator eval = (spec, seed, p) -> syntheticAccuracy(spec, seed);
        SeedTableExperiment.Result r = SeedTableExperiment.run(npu, null, eval,
                new SeedTableExperiment.Settings(32, 6, 4, 6, 0.5, 1, 2, 1, true, true), tmp.resolve("structure"), Progress.NONE);
        assertEquals(6, r.rows().size());
        var row = r.rows().get(5);
        assertEquals("structure", row.setting());
        assertTrue(Double.isNaN(row.seedReduction()));
        NetworkSpec n = NetworkSpec.fromDescription(IbnSearchSpace.fashionMnistBaseline(), row.network());
        // The row's latency and reduction are the cost model's for the network it reports.
        double base = CostSummary.of(IbnSearchSpace.fashionMnistBaseline(), npu).latencyMs();
        assertEquals(CostSummary.of(n, npu).latencyMs(), row.latencyMs(), 1e-12);
        assertEquals(100 * (1 - row.latencyMs() / base), row.reduction(), 1e-9);
        assertEquals(3, row.accuracies().size());
        assertEquals(row.meanAccuracy() >= r.baselineMeanAccuracy() - 0.5, row.withinTolerance());
    }

    /** A longer structure search replays the shorter one's candidates from the journal, then goes on; other rows are untouched. */
    @Test
    void aLongerStructureSearchExtendsTheShorterOne() {
        AnalyticLaneCostFixture npu = new AnalyticLaneCostFixture(32, 32);
        AtomicInteger calls = new AtomicInteger();
        CandidateEvaluator eval = (spec, seed, p) -> {
            calls.incrementAndGet();
            return syntheticAccuracy(spec, seed);
        };
        Path dir = tmp.resolve("structure-longer");
        var shorter = SeedTableExperiment.run(npu, null, eval, new SeedTableExperiment.Settings(32, 6, 30, 4, 0.5, 1, 1, 0, true, true, 4),
                dir, Progress.NONE);
        int before = calls.get();
        var longer = SeedTableExperiment.run(npu, null, eval, new SeedTableExperiment.Settings(32, 6, 30, 4, 0.5, 1, 1, 0, true, true, 9),
                dir, Progress.NONE);
        var s = shorter.rows().get(5);
        var l = longer.rows().get(5);
        assertEquals(4, s.evaluations());
        assertEquals(9, l.evaluations());
        assertEquals(s.convergence(), l.convergence().subList(0, 4), "the first four trained candidates are the shorter run's");
        // five new search trainings, plus at most one confirmation seed for a new best
        assertTrue(calls.get() - before >= 5 && calls.get() - before <= 6, "new trainings: " + (calls.get() - before));
        for (int i = 0; i < 5; i++) {
            var a = shorter.rows().get(i);
            var b = longer.rows().get(i);
            assertEquals(List.of(a.network(), a.convergence(), a.accuracies()), List.of(b.network(), b.convergence(), b.accuracies()), "row " + i);
        }
        assertThrows(IllegalArgumentException.class, () -> new SeedTableExperiment.Settings(32, 6, 30, 4, 0.5, 1, 1, 0, true, true, 0));
    }

    /**
     * Further structure searches differ from the first only in the evolution's seed: the first row is the
     * one-search table's, every search training uses the table's seed (the journal is shared), and the
     * second search proposes networks the first never trained.
     */
    @Test
    void furtherStructureSearchSeedsShareTheTrainingSeedAndTheJournal() {
        AnalyticLaneCostFixture npu = new AnalyticLaneCostFixture(32, 32);
        java.util.Map<Long, java.util.Set<String>> bySeed = new java.util.concurrent.ConcurrentHashMap<>();
        CandidateEvaluator eval = (spec, seed, p) -> {
            bySeed.computeIfAbsent(seed, k -> java.util.concurrent.ConcurrentHashMap.newKeySet()).add(spec.describe());
            return syntheticAccuracy(spec, seed);
        };
        var one = SeedTableExperiment.run(npu, null, eval, new SeedTableExperiment.Settings(32, 6, 30, 4, 0.5, 7, 1, 0, true, true, 6, 1),
                tmp.resolve("one"), Progress.NONE);
        java.util.Set<String> firstSearch = java.util.Set.copyOf(bySeed.get(7L));
        bySeed.clear();
        var settings = new SeedTableExperiment.Settings(32, 6, 30, 4, 0.5, 7, 1, 0, true, true, 6, 2);
        var two = SeedTableExperiment.run(npu, null, eval, settings, tmp.resolve("two"), Progress.NONE);
        assertEquals(7, two.rows().size());
        assertEquals(essence(one.rows().get(5)), essence(two.rows().get(5)), "the first structure search is the one-search table's row");
        var second = two.rows().get(6);
        assertEquals("structure-search-seed-2", second.setting());
        assertEquals(6, second.evaluations());
        assertEquals(java.util.Set.of(7L, 8L), bySeed.keySet(), "searches train with seed 7, confirmations with seed 8 only");
        assertTrue(bySeed.get(7L).containsAll(firstSearch));
        assertTrue(bySeed.get(7L).size() > firstSearch.size(), "the second search must propose networks the first did not train");
        bySeed.clear();
        var again = SeedTableExperiment.run(npu, null, eval, settings, tmp.resolve("two"), Progress.NONE);
        assertTrue(bySeed.isEmpty(), "resumed from the journals, nothing is retrained: " + bySeed);
        assertEquals(two.rows().stream().map(SeedTableExperimentTest::essence).toList(),
                again.rows().stream().map(SeedTableExperimentTest::essence).toList());
        assertThrows(IllegalArgumentException.class, () -> new SeedTableExperiment.Settings(32, 6, 30, 4, 0.5, 7, 1, 0, true, true, 6, 0));
        assertThrows(IllegalArgumentException.class, () -> new SeedTableExperiment.Settings(32, 6, 30, 4, 0.5, 7, 1, 0, true, false, 6, 2));
    }

    /** A row without its timings (wall and CPU seconds differ between runs). */
    private static List<Object> essence(SeedTableExperiment.Row r) {
        return List.of(r.setting(), r.network(), r.reduction(), r.evaluations(), r.convergence(), r.accuracies(), r.withinTolerance(),
                r.rejected());
    }

    @Test
    void priceFirstRowsCountTrainedCandidatesOnly() {
        AnalyticLaneCostFixture npu = new AnalyticLaneCostFixture(32, 32);
        AtomicInteger calls = new AtomicInteger();
        CandidateEvaluator eval = (spec, seed, p) -> {
            calls.incrementAndGet();
            return syntheticAccuracy(spec);
        };
        SeedTableExperiment.Result r = SeedTableExperiment.run(npu, null, eval,
                new SeedTableExperiment.Settings(32, 6, 4, 5, 0.5, 1, 0, 0, true), tmp.resolve("pf"), Progress.NONE);
        int trained = 0;
        for (var row : r.rows()) {
            assertTrue(row.evaluations() <= 5, row.setting() + " " + row.evaluations());
            assertEquals(row.evaluations(), row.convergence().size(), row.setting());
            trained += row.evaluations();
        }
        // every training is journaled once; rows share the baseline and any network two searches propose
        assertTrue(calls.get() <= trained, calls.get() + " trainings for " + trained + " row evaluations");
    }

    /** Synthetic accuracy: saturating in log-MACs. */
    private static double syntheticAccuracy(NetworkSpec spec) {
        return 90 - 400.0 / Math.log(CandidateNetworks.graph(spec).totalMacs());
    }

    /** {@link #syntheticAccuracy(NetworkSpec)} plus +-0.3 points of seed noise. */
    private static double syntheticAccuracy(NetworkSpec spec, long seed) {
        return syntheticAccuracy(spec) + 0.3 * Math.sin(seed * 12.9898);
    }

    /**
     * Synthetic accuracy: saturating in log-MACs; networks in {@code unlucky} ("*": every network but the
     * baseline) lose 5 points on every seed but the search's.
     */
    private static CandidateEvaluator luckyOnce(java.util.Set<String> unlucky) {
        String baseline = IbnSearchSpace.fashionMnistBaseline().describe();
        return (spec, seed, p) -> {
            double acc = syntheticAccuracy(spec);
            String d = spec.describe();
            boolean bad = unlucky.contains(d) || (unlucky.contains("*") && !d.equals(baseline));
            return seed != 1 && bad ? acc - 5 : acc;
        };
    }

    @Test
    void aBestThatFailsConfirmationGivesWayToTheNextFeasibleCandidate() throws Exception {
        AnalyticLaneCostFixture npu = new AnalyticLaneCostFixture(32, 32);
        String baseline = IbnSearchSpace.fashionMnistBaseline().describe();
        var plain = SeedTableExperiment.run(npu, null, luckyOnce(java.util.Set.of()),
                new SeedTableExperiment.Settings(32, 6, 3, 8, 0.5, 1, 1, 2), tmp.resolve("plain"), Progress.NONE);
        SeedTableExperiment.Row v1 = plain.rows().getFirst();
        assertTrue(v1.reduction() > 0 && v1.withinTolerance() && v1.rejected().isEmpty(), v1.toString());

        // The same search, but its best network was lucky once: the confirmation rejects it and takes the next one.
        var lucky = SeedTableExperiment.run(npu, null, luckyOnce(java.util.Set.of(v1.network())),
                new SeedTableExperiment.Settings(32, 6, 3, 8, 0.5, 1, 1, 2), tmp.resolve("lucky"), Progress.NONE);
        SeedTableExperiment.Row row = lucky.rows().getFirst();
        assertEquals(1, row.rejected().size());
        assertEquals(v1.network(), row.rejected().getFirst().network());
        assertEquals(v1.reduction(), row.rejected().getFirst().reduction(), 1e-9);
        assertTrue(row.rejected().getFirst().meanAccuracy() < lucky.baselineMeanAccuracy() - 0.5);
        assertTrue(row.withinTolerance());
        assertFalse(row.network().equals(v1.network()));
        double latency = CostSummary.of(NetworkSpec.fromDescription(IbnSearchSpace.fashionMnistBaseline(), row.network()), npu).latencyMs();
        assertEquals(latency, row.latencyMs(), 1e-12);
        assertTrue(row.latencyMs() >= v1.latencyMs() && row.reduction() <= v1.reduction(), row.toString());

        // Every candidate lucky once: after 1 + 1 rejections the row reports the baseline, with no reduction.
        var none = SeedTableExperiment.run(npu, null, luckyOnce(java.util.Set.of("*")),
                new SeedTableExperiment.Settings(32, 6, 3, 8, 0.5, 1, 1, 1), tmp.resolve("none"), Progress.NONE);
        SeedTableExperiment.Row n = none.rows().getFirst();
        assertEquals(baseline, n.network());
        assertEquals(0, n.reduction(), 0);
        assertEquals(none.baselineAccuracies(), n.accuracies());
        assertEquals(2, n.rejected().size());
        assertEquals(v1.network(), n.rejected().getFirst().network());
    }
}
