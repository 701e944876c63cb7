package org.edgeai.nas.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.edgeai.kernel.Progress;
import org.edgeai.nas.search.CandidateEvaluator;
import org.edgeai.nas.search.MultishotConfig;
import org.edgeai.nas.search.MultishotSearch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultishotSearchTest {
    @TempDir
    Path tmp;

    /** Synthetic accuracy: saturating in log-MACs, so smaller networks lose accuracy. */
    private static final CandidateEvaluator SYNTHETIC = (spec, seed, progress) ->
            90 - 400.0 / Math.log(CandidateNetworks.graph(spec).totalMacs());

    @Test
    void findsAFasterNetworkAtTheBaselineAccuracyAndResumesFromItsJournal() throws Exception {
        AnalyticLaneCostFixture npu = new AnalyticLaneCostFixture(32, 32);
        IbnSearchSpace space = IbnSearchSpace.fashionMnist(IbnSearchSpace.Mode.BOTH, IbnSearchSpace.ChannelPolicy.CURATED, 32);
        double baseAcc = SYNTHETIC.accuracy(space.baseline(), 0, Progress.NONE);
        MultishotConfig cfg = new MultishotConfig(MultishotConfig.Objective.LATENCY_AT_ACCURACY, 12, 8, 60, baseAcc - 0.5,
                Double.POSITIVE_INFINITY, Long.MAX_VALUE, false, 3);
        AtomicInteger calls = new AtomicInteger();
        CandidateEvaluator counting = (s, seed, p) -> {
            calls.incrementAndGet();
            return SYNTHETIC.accuracy(s, seed, p);
        };
        Path journal = tmp.resolve("journal.csv");
        MultishotSearch.Result r = MultishotSearch.run(space, npu, counting, cfg, journal, Progress.NONE);
        assertTrue(r.best().feasible());
        assertTrue(r.best().accuracy() >= baseAcc - 0.5);
        assertTrue(r.best().cost().latencyMs() < r.baseline().cost().latencyMs());
        assertTrue(r.evaluations().size() <= 60);
        assertEquals(r.evaluations().stream().filter(e -> !Double.isNaN(e.accuracy())).count(), r.convergence().size());
        for (int i = 1; i < r.convergence().size(); i++) {
            double a = r.convergence().get(i - 1);
            double b = r.convergence().get(i);
            assertTrue(Double.isNaN(a) || b <= a, "convergence must not get worse");
        }
        int first = calls.get();
        assertEquals(first, Files.readAllLines(journal).size());
        MultishotSearch.Result again = MultishotSearch.run(space, npu, counting, cfg, journal, Progress.NONE);
        assertEquals(first, calls.get(), "a resumed search must not retrain journaled candidates");
        assertEquals(r.best().network(), again.best().network());
    }

    @Test
    void everyOptionOfEveryGeneIsProposed() {
        // Jenetics integer ranges exclude their maximum; an off-by-one would never fuse a block (V2) nor pick the
        // last width, kernel or expansion.
        AnalyticLaneCostFixture npu = new AnalyticLaneCostFixture(32, 32);
        for (IbnSearchSpace.Mode mode : new IbnSearchSpace.Mode[] {IbnSearchSpace.Mode.FUSED, IbnSearchSpace.Mode.FULL}) {
            IbnSearchSpace space = IbnSearchSpace.fashionMnist(mode, IbnSearchSpace.ChannelPolicy.CURATED, 32);
            java.util.Set<String> blocks = new java.util.HashSet<>();
            java.util.Set<Integer> widths = new java.util.HashSet<>();
            for (long seed = 1; seed <= 3; seed++) {
                MultishotConfig cfg = new MultishotConfig(MultishotConfig.Objective.LATENCY_AT_ACCURACY, 16, 10, 150, 0,
                        Double.POSITIVE_INFINITY, Long.MAX_VALUE, false, seed);
                for (var e : MultishotSearch.run(space, npu, (s, sd, p) -> 50, cfg, null, Progress.NONE).evaluations()) {
                    NetworkSpec n = NetworkSpec.fromDescription(space.baseline(), e.network());
                    for (BlockSpec b : n.blocks()) {
                        blocks.add(b.kind() + "/k" + b.kernel() + "/e" + b.expansion());
                        widths.add(b.outChannels());
                    }
                }
            }
            assertTrue(blocks.contains("FUSED_IBN/k3/e4"), mode + " " + blocks);
            if (mode == IbnSearchSpace.Mode.FULL) {
                assertTrue(blocks.stream().anyMatch(b -> b.contains("/k5/")), blocks.toString());
                assertTrue(blocks.stream().anyMatch(b -> b.endsWith("/e6")), blocks.toString());
                // 1.5x the baseline's widest block (128) rounded to the curated grid.
                assertTrue(widths.stream().anyMatch(w -> w >= 192), widths.toString());
            }
        }
    }

    @Test
    void overBudgetCandidatesAreNotTrained() {
        AnalyticLaneCostFixture npu = new AnalyticLaneCostFixture(32, 32);
        IbnSearchSpace space = IbnSearchSpace.fashionMnist(IbnSearchSpace.Mode.BOTH, IbnSearchSpace.ChannelPolicy.CURATED, 32);
        long budget = CostSummary.of(space.baseline(), npu).memoryBytes() * 3 / 4;
        MultishotConfig cfg = new MultishotConfig(MultishotConfig.Objective.ACCURACY_UNDER_BUDGET, 12, 8, 60, 0,
                Double.POSITIVE_INFINITY, budget, true, 5);
        MultishotSearch.Result r = MultishotSearch.run(space, npu, SYNTHETIC, cfg, null, Progress.NONE);
        for (var e : r.evaluations()) {
            assertEquals(e.cost().memoryBytes() <= budget, e.feasible(), e.toString());
            assertEquals(e.feasible(), !Double.isNaN(e.accuracy()), e.toString());
        }
        assertTrue(r.best().feasible());
    }

    @Test
    void priceFirstTrainsOnlyCandidatesThatBeatTheBaseline() {
        AnalyticLaneCostFixture npu = new AnalyticLaneCostFixture(32, 32);
        IbnSearchSpace space = IbnSearchSpace.fashionMnist(IbnSearchSpace.Mode.BOTH, IbnSearchSpace.ChannelPolicy.CURATED, 32);
        double baseLatency = CostSummary.of(space.baseline(), npu).latencyMs();
        double baseAcc = SYNTHETIC.accuracy(space.baseline(), 0, Progress.NONE);
        java.util.List<Double> trainedLatencies = new java.util.ArrayList<>();
        CandidateEvaluator recording = (s, seed, p) -> {
            trainedLatencies.add(CostSummary.of(s, npu).latencyMs());
            return SYNTHETIC.accuracy(s, seed, p);
        };
        MultishotConfig cfg = new MultishotConfig(MultishotConfig.Objective.LATENCY_AT_ACCURACY, 12, 30, 10, baseAcc - 0.5,
                Double.POSITIVE_INFINITY, Long.MAX_VALUE, false, 3, true);
        MultishotSearch.Result r = MultishotSearch.run(space, npu, recording, cfg, null, Progress.NONE);
        assertEquals(10, trainedLatencies.size(), "the baseline and 9 faster candidates (maxEvaluations counts the baseline)");
        assertEquals(baseLatency, trainedLatencies.get(0), 0);
        for (double l : trainedLatencies.subList(1, trainedLatencies.size())) {
            assertTrue(l < baseLatency, l + " ms trained, baseline " + baseLatency + " ms");
        }
        long priced = r.evaluations().stream().filter(e -> Double.isNaN(e.accuracy())).count();
        assertTrue(priced > 0, "the search proposed no slower candidate: the test does not exercise the rule");
        for (var e : r.evaluations()) {
            if (Double.isNaN(e.accuracy())) {
                assertTrue(e.cost().latencyMs() >= baseLatency && !e.feasible(), e.toString());
                assertEquals(0.5 * baseLatency / e.cost().latencyMs(), e.fitness(), 1e-12);
            }
        }
        assertEquals(10, r.convergence().size());
    }

    @Test
    void weightedRewardIsMnasNetsSoftConstraintAndTheSearchKeepsTheBestRewardItTrained() {
        AnalyticLaneCostFixture npu = new AnalyticLaneCostFixture(32, 32);
        IbnSearchSpace space = IbnSearchSpace.fashionMnist(IbnSearchSpace.Mode.BOTH, IbnSearchSpace.ChannelPolicy.CURATED, 32);
        CostSummary base = CostSummary.of(space.baseline(), npu);
        double target = 0.7 * base.latencyMs();
        // priceFirst is requested but does not apply: the reward has no target accuracy to beat the baseline at.
        MultishotConfig cfg = new MultishotConfig(MultishotConfig.Objective.WEIGHTED_REWARD, 12, 6, 20, 0, target, Long.MAX_VALUE,
                false, 3, true, 3);
        assertEquals(-0.07, cfg.rewardExponent(), 0.0);
        MultishotSearch.Result r = MultishotSearch.run(space, npu, SYNTHETIC, cfg, null, Progress.NONE);
        double bestReward = Double.NEGATIVE_INFINITY;
        String bestNetwork = null;
        for (var e : r.evaluations()) {
            assertTrue(!Double.isNaN(e.accuracy()) && e.feasible(), "every candidate is trained and admissible: " + e);
            // MnasNet eq. 2 with alpha = beta = -0.07, written out: ACC * (LAT / T)^w.
            double expected = e.accuracy() * Math.exp(-0.07 * Math.log(e.cost().latencyMs() / target));
            assertEquals(expected, e.fitness(), 1e-9 * expected, e.network());
            if (expected > bestReward) {
                bestReward = expected;
                bestNetwork = e.network();
            }
        }
        assertTrue(r.evaluations().size() > 5);
        assertEquals(bestNetwork, r.best().network(), "best = highest reward over everything trained (brute force)");
        assertEquals(bestReward, r.convergence().getLast(), 1e-9 * bestReward);

        // With a memory target the memory ratio enters with the same exponent; a positive exponent or no latency target is refused.
        long mem = base.memoryBytes() / 2;
        MultishotConfig both = new MultishotConfig(MultishotConfig.Objective.WEIGHTED_REWARD, 2, 1, 1, 0, target, mem, false, 1, false,
                1, -0.2);
        MultishotSearch.Result one = MultishotSearch.run(space, npu, SYNTHETIC, both, null, Progress.NONE);
        var b = one.baseline();
        assertEquals(b.accuracy() * Math.pow(b.cost().latencyMs() / target, -0.2) * Math.pow((double) b.cost().memoryBytes() / mem, -0.2),
                b.fitness(), 1e-9);
        assertTrue(b.fitness() < b.accuracy(), "over both targets: penalised");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new MultishotConfig(
                MultishotConfig.Objective.WEIGHTED_REWARD, 2, 1, 1, 0, target, Long.MAX_VALUE, false, 1, false, 1, 0.1));
        var noTarget = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new MultishotConfig(
                MultishotConfig.Objective.WEIGHTED_REWARD, 2, 1, 1, 0, Double.POSITIVE_INFINITY, Long.MAX_VALUE, false, 1));
        assertTrue(noTarget.getMessage().contains("latency target"), noTarget.getMessage());
        var zeroShot = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () ->
                org.edgeai.nas.search.ZeroShotSearch.run(space, npu, SYNTHETIC, s -> 1.0, 10, cfg, null, Progress.NONE));
        assertTrue(zeroShot.getMessage().contains("weighted"), zeroShot.getMessage());
    }

    @Test
    void expertRulesAreJudgedOnWhatTheSearchMinimises() {
        var o = MultishotConfig.Objective.class;
        assertEquals(ExpertRules.Criterion.LATENCY, new MultishotConfig(MultishotConfig.Objective.LATENCY_AT_ACCURACY, 2, 1, 1, 80,
                Double.POSITIVE_INFINITY, Long.MAX_VALUE, true, 1).ruleCriterion());
        assertEquals(ExpertRules.Criterion.MEMORY, new MultishotConfig(MultishotConfig.Objective.MEMORY_AT_ACCURACY, 2, 1, 1, 80,
                Double.POSITIVE_INFINITY, Long.MAX_VALUE, true, 1).ruleCriterion());
        // Budgeted searches: memory only when the memory budget is the only one.
        assertEquals(ExpertRules.Criterion.MEMORY, new MultishotConfig(MultishotConfig.Objective.ACCURACY_UNDER_BUDGET, 2, 1, 1, 0,
                Double.POSITIVE_INFINITY, 200_000, true, 1).ruleCriterion());
        assertEquals(ExpertRules.Criterion.LATENCY, new MultishotConfig(MultishotConfig.Objective.ACCURACY_UNDER_BUDGET, 2, 1, 1, 0,
                0.05, 200_000, true, 1).ruleCriterion());
        assertEquals(ExpertRules.Criterion.LATENCY, new MultishotConfig(MultishotConfig.Objective.ACCURACY_UNDER_BUDGET, 2, 1, 1, 0,
                Double.POSITIVE_INFINITY, Long.MAX_VALUE, true, 1).ruleCriterion());
        assertEquals(4, o.getEnumConstants().length, "a new objective needs its rule criterion decided");
    }
}
