package org.edgeai.nas.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.edgeai.kernel.Progress;
import org.edgeai.kernel.graph.GraphCostModel;
import org.edgeai.kernel.graph.OpSpec;
import org.edgeai.nas.space.IbnSearchSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedReachTest {
    @TempDir
    Path tmp;

    /** 1 ms per depthwise convolution (+1 ns): fusing k of the 7 blocks saves k/7 of the latency. */
    private static final GraphCostModel DEPTHWISE_COUNT = g -> {
        long dw = g.ops().stream().filter(o -> o.spec() instanceof OpSpec.Conv2d c && c.depthwise()).count();
        return new GraphCostModel.GraphCost(dw * 1e-3 + 1e-9, 1, 1, Double.NaN);
    };

    private static final IbnSearchSpace V2 = IbnSearchSpace.fashionMnist(IbnSearchSpace.Mode.FUSED, IbnSearchSpace.ChannelPolicy.CURATED, 32);

    private static long fused(org.edgeai.nas.space.NetworkSpec s) {
        return s.blocks().stream().filter(b -> b.kind() == org.edgeai.nas.space.BlockKind.FUSED_IBN).count();
    }

    @Test
    void pricingOnlyCountsTheConfigurationsAtTheSeedsReduction() {
        AtomicInteger calls = new AtomicInteger();
        CandidateEvaluator eval = (spec, seed, p) -> {
            calls.incrementAndGet();
            return 0;
        };
        SeedReach.Result r = SeedReach.run(V2, MultishotConfig.Objective.LATENCY_AT_ACCURACY, 35, DEPTHWISE_COUNT, eval,
                new SeedReach.Settings(0.5, 1, 3, 1.0, 0), tmp, Progress.NONE);
        // k fused blocks save k/7: 35 % needs k >= 3, i.e. 128 - C(7,0) - C(7,1) - C(7,2) = 99 configurations.
        assertEquals(128, r.configurations());
        assertEquals(99, r.qualifying());
        assertEquals(100 * (1 - 1e-9 / (7e-3 + 1e-9)), r.maxReduction(), 1e-9);
        assertEquals(7, r.maxReductionNetwork().chars().filter(c -> c == 'F').count());
        assertEquals(0, calls.get());
        assertTrue(r.trained().isEmpty());
        assertNull(r.answer());
    }

    @Test
    void theFirstNetworkInObjectiveOrderWhoseMeanHoldsIsTheAnswerAndTheJournalsResume() {
        AtomicInteger calls = new AtomicInteger();
        // Accuracy 87 - 0.11 k for k fused blocks, the same for every seed: the baseline's needed mean is 86.5, so
        // k = 4 (86.56) holds and k = 5 (86.45) does not. In objective order the 1 + 7 + 21 networks with 7, 6, 5 fused
        // blocks fail, then the first 4-fused network answers.
        CandidateEvaluator eval = (spec, seed, p) -> {
            calls.incrementAndGet();
            return 87 - 0.11 * fused(spec);
        };
        var settings = new SeedReach.Settings(0.5, 1, 3, 1.0, 1000);
        SeedReach.Result r = SeedReach.run(V2, MultishotConfig.Objective.LATENCY_AT_ACCURACY, 35, DEPTHWISE_COUNT, eval, settings, tmp,
                Progress.NONE);
        assertEquals(86.5, r.neededAccuracy(), 1e-12);
        assertEquals(4, r.baselineAccuracies().size());
        assertNotNull(r.answer());
        assertEquals(4, r.answer().network().chars().filter(c -> c == 'F').count());
        assertEquals(100 * 4e-3 / (7e-3 + 1e-9), r.answer().reduction(), 1e-6);
        assertEquals(1 + 7 + 21 + 1, r.trained().size());
        assertTrue(r.complete());
        for (SeedReach.Candidate c : r.trained()) {
            // Every failing candidate was within the 1-point margin, so each was confirmed with 3 more seeds.
            assertEquals(4, c.accuracies().size(), c.network());
        }
        // Baseline 4 trainings + 30 candidates x 4.
        assertEquals(4 + 30 * 4, calls.get());
        SeedReach.Result again = SeedReach.run(V2, MultishotConfig.Objective.LATENCY_AT_ACCURACY, 35, DEPTHWISE_COUNT, eval, settings,
                tmp, Progress.NONE);
        assertEquals(4 + 30 * 4, calls.get(), "everything comes from the journals");
        assertEquals(r, again);
    }

    @Test
    void candidatesFarBelowTheTargetAreNotConfirmedAndAnExhaustedSpaceAnswersNo() {
        AtomicInteger calls = new AtomicInteger();
        CandidateEvaluator eval = (spec, seed, p) -> {
            calls.incrementAndGet();
            return 87 - 0.5 * fused(spec); // k >= 3 loses >= 1.5 points: never within the 0.5-point margin
        };
        SeedReach.Result r = SeedReach.run(V2, MultishotConfig.Objective.LATENCY_AT_ACCURACY, 35, DEPTHWISE_COUNT, eval,
                new SeedReach.Settings(0.5, 1, 3, 0.5, 1000), tmp, Progress.NONE);
        assertNull(r.answer());
        assertEquals(99, r.trained().size());
        assertTrue(r.complete());
        assertTrue(r.trained().stream().allMatch(c -> c.accuracies().size() == 1 && !c.reaches()));
        assertEquals(4 + 99, calls.get());
        SeedReach.Result capped = SeedReach.run(V2, MultishotConfig.Objective.LATENCY_AT_ACCURACY, 35, DEPTHWISE_COUNT, eval,
                new SeedReach.Settings(0.5, 1, 3, 0.5, 10), tmp.resolve("capped"), Progress.NONE);
        assertEquals(10, capped.trained().size());
        assertTrue(!capped.complete(), "10 of 99 trained and no answer: inconclusive");
    }

    @Test
    void macsOrderTrainsTheLargestNetworksFirst() {
        java.util.List<Long> macs = new java.util.ArrayList<>();
        CandidateEvaluator eval = (spec, seed, p) -> {
            macs.add(org.edgeai.nas.space.CandidateNetworks.graph(spec).totalMacs());
            return fused(spec) == 0 ? 87 : 80; // nothing holds: every qualifying network is trained
        };
        SeedReach.Result r = SeedReach.run(V2, MultishotConfig.Objective.LATENCY_AT_ACCURACY, 35, DEPTHWISE_COUNT, eval,
                new SeedReach.Settings(0.5, 1, 3, 0.5, 1000, SeedReach.Order.MACS), tmp, Progress.NONE);
        assertEquals(99, r.trained().size());
        // The baseline's four trainings come first, then the candidates in non-increasing MACs.
        java.util.List<Long> candidates = macs.subList(4, macs.size());
        assertEquals(99, candidates.size());
        for (int i = 1; i < candidates.size(); i++) {
            assertTrue(candidates.get(i) <= candidates.get(i - 1), "MACs must not increase: " + candidates);
        }
        assertTrue(candidates.getFirst() > candidates.getLast());
    }

    @Test
    void badArgumentsAreRefused() {
        CandidateEvaluator eval = (spec, seed, p) -> 0;
        var s = new SeedReach.Settings(0.5, 1, 3, 1, 0);
        assertThrows(IllegalArgumentException.class, () -> SeedReach.run(V2, MultishotConfig.Objective.LATENCY_AT_ACCURACY, 100,
                DEPTHWISE_COUNT, eval, s, tmp, Progress.NONE));
        assertThrows(IllegalArgumentException.class, () -> new SeedReach.Settings(0.5, 1, -1, 1, 0));
        IbnSearchSpace huge = IbnSearchSpace.fashionMnist(IbnSearchSpace.Mode.BOTH, IbnSearchSpace.ChannelPolicy.UNCURATED, 32);
        var e = assertThrows(IllegalArgumentException.class, () -> SeedReach.run(huge, MultishotConfig.Objective.LATENCY_AT_ACCURACY, 53,
                DEPTHWISE_COUNT, eval, s, tmp, Progress.NONE));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
    }

    /** A mean equal to the bar in exact arithmetic holds, whichever side floating point puts it on. */
    @Test
    void aMeanExactlyAtTheBarHolds() {
        double needed = (86.95 + 87.0 + 87.0 + 87.25) / 4 - 0.5; // 86.55
        double below = (84.0 + 84.95 + 88.6 + 88.65) / 4; // 86.55 exactly; 86.54999999999998 in binary64
        double above = (87.0 + 87.3 + 86.55 + 85.35) / 4; // 86.55 exactly; 86.55000000000001 in binary64
        assertTrue(below < needed && above > needed, "the two rounding directions");
        assertTrue(SeedTableExperiment.holds(below, needed));
        assertTrue(SeedTableExperiment.holds(above, needed));
        assertFalse(SeedTableExperiment.holds(86.5, needed), "one 0.05 step below fails");
    }
}
