package org.edgeai.nas.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edgeai.kernel.Progress;
import org.edgeai.nas.search.CandidateEvaluator;
import org.edgeai.nas.search.MultishotConfig;
import org.edgeai.nas.search.MultishotSearch;
import org.edgeai.nas.search.ZeroShotSearch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zero-shot search against brute force over the very candidates it screened (recorded through the proxy): with
 * a perfect proxy (the accuracy itself) its bisection must find the cheapest screened network that reaches the
 * target in about log2(pool) trainings; with a misleading proxy it must still never report a network below the
 * target; with a budget it trains exactly the best-scored candidates.
 */
class ZeroShotSearchTest {
    @TempDir
    Path tmp;

    /** Synthetic accuracy: saturating in log-MACs, so smaller networks lose accuracy. */
    private static double accuracy(NetworkSpec spec) {
        return 90 - 400.0 / Math.log(CandidateNetworks.graph(spec).totalMacs());
    }

    private static final AnalyticLaneCostFixture NPU = new AnalyticLaneCostFixture(32, 32);
    private static final IbnSearchSpace SPACE = IbnSearchSpace.fashionMnist(IbnSearchSpace.Mode.FULL,
            IbnSearchSpace.ChannelPolicy.CURATED, 32);

    @Test
    void aPerfectProxyFindsTheCheapestScreenedNetworkAtTheTargetByBisection() {
        double target = accuracy(SPACE.baseline()) - 0.5;
        Map<String, NetworkSpec> screened = new LinkedHashMap<>();
        List<Integer> scoredAtTraining = new ArrayList<>();
        CandidateEvaluator eval = (s, seed, p) -> {
            scoredAtTraining.add(screened.size());
            return accuracy(s);
        };
        MultishotConfig cfg = new MultishotConfig(MultishotConfig.Objective.LATENCY_AT_ACCURACY, 2, 1, 40, target,
                Double.POSITIVE_INFINITY, Long.MAX_VALUE, false, 1, true, 5);
        ZeroShotSearch.Outcome o = ZeroShotSearch.run(SPACE, NPU, eval, spec -> {
            screened.put(spec.describe(), spec);
            return accuracy(spec);
        }, 400, cfg, null, Progress.NONE);
        assertEquals(screened.size(), o.eligible());
        assertTrue(o.sampled() % 400 == 0 && o.sampled() <= 400 * ZeroShotSearch.MAX_ROUNDS, o.sampled() + " sampled");
        double baseLatency = CostSummary.of(SPACE.baseline(), NPU).latencyMs();
        for (NetworkSpec s : screened.values()) {
            assertTrue(CostSummary.of(s, NPU).latencyMs() < baseLatency, "only networks faster than the baseline are scored");
        }
        NetworkSpec brute = screened.values().stream()
                .filter(s -> accuracy(s) >= target)
                .min(Comparator.comparingDouble(s -> CostSummary.of(s, NPU).latencyMs())).orElseThrow();
        MultishotSearch.Result r = o.result();
        assertEquals(CostSummary.of(brute, NPU).latencyMs(), r.best().cost().latencyMs(), 0, "brute force: " + brute.describe());
        assertTrue(r.best().feasible());
        assertTrue(r.evaluations().size() - 1 <= 40);
        // the first round's bisection: about log2(pool) trainings before the next round is screened
        int firstRound = scoredAtTraining.get(1);
        assertTrue(firstRound >= 20, firstRound + " scored in the first round");
        long firstRoundTrainings = scoredAtTraining.stream().skip(1).filter(n -> n == firstRound).count();
        int log2 = 32 - Integer.numberOfLeadingZeros(firstRound);
        assertTrue(firstRoundTrainings <= log2 + 1, firstRoundTrainings + " trainings for a pool of " + firstRound);
        assertEquals(SPACE.baseline().withName("candidate").describe(), r.evaluations().getFirst().network(),
                "the baseline is trained first");
    }

    @Test
    void aMisleadingProxyNeverYieldsANetworkBelowTheTargetAndTheJournalResumes() {
        double target = accuracy(SPACE.baseline()) - 0.5;
        List<String> trained = new ArrayList<>();
        CandidateEvaluator eval = (s, seed, p) -> {
            trained.add(s.describe());
            return accuracy(s);
        };
        MultishotConfig cfg = new MultishotConfig(MultishotConfig.Objective.LATENCY_AT_ACCURACY, 2, 1, 6, target,
                Double.POSITIVE_INFINITY, Long.MAX_VALUE, false, 1, true, 7);
        Path journal = tmp.resolve("j.csv");
        ZeroShotSearch.Outcome o = ZeroShotSearch.run(SPACE, NPU, eval, spec -> -accuracy(spec), 200, cfg, journal, Progress.NONE);
        MultishotSearch.Result r = o.result();
        assertTrue(r.best() == r.baseline() || r.best().accuracy() >= target, r.best().toString());
        assertTrue(trained.size() <= 7, "6 trainings and the baseline");
        for (MultishotSearch.Evaluation e : r.evaluations()) {
            assertEquals(e.accuracy() >= target, e.feasible(), e.toString());
        }
        int before = trained.size();
        ZeroShotSearch.Outcome again = ZeroShotSearch.run(SPACE, NPU, eval, spec -> -accuracy(spec), 200, cfg, journal, Progress.NONE);
        assertEquals(before, trained.size(), "a resumed search trains nothing the journal knows");
        assertEquals(r.best().network(), again.result().best().network());
    }

    @Test
    void underABudgetTheBestScoredCandidatesAreTrained() {
        double budget = 1.5 * CostSummary.of(SPACE.baseline(), NPU).latencyMs();
        Map<String, Double> scores = new LinkedHashMap<>();
        List<String> trained = new ArrayList<>();
        CandidateEvaluator eval = (s, seed, p) -> {
            trained.add(s.describe());
            return accuracy(s);
        };
        MultishotConfig cfg = new MultishotConfig(MultishotConfig.Objective.ACCURACY_UNDER_BUDGET, 2, 1, 5, 0, budget,
                Long.MAX_VALUE, false, 1, false, 3);
        ZeroShotSearch.Outcome o = ZeroShotSearch.run(SPACE, NPU, eval, spec -> {
            double v = CandidateNetworks.graph(spec).totalMacs();
            scores.put(spec.describe(), v);
            return v;
        }, 150, cfg, null, Progress.NONE);
        assertTrue(o.eligible() >= 20, o.eligible() + " eligible");
        assertEquals(scores.size(), o.eligible());
        List<String> top = scores.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(5).map(Map.Entry::getKey).toList();
        assertEquals(top, trained.subList(1, trained.size()), "the baseline, then the five best-scored");
        for (MultishotSearch.Evaluation e : o.result().evaluations().subList(1, 6)) {
            assertTrue(e.cost().latencyMs() <= budget && e.feasible());
        }
        assertEquals(top.getFirst(), o.result().best().network(), "highest MACs = highest synthetic accuracy");
    }

    @Test
    void rejectsANonFiniteProxyAndAnEmptySample() {
        MultishotConfig cfg = new MultishotConfig(MultishotConfig.Objective.LATENCY_AT_ACCURACY, 2, 1, 3, 80,
                Double.POSITIVE_INFINITY, Long.MAX_VALUE, false, 1);
        CandidateEvaluator eval = (s, seed, p) -> 90;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ZeroShotSearch.run(SPACE, NPU, eval, spec -> Double.NaN, 50, cfg, null, Progress.NONE));
        assertTrue(e.getMessage().contains("is NaN"), e.getMessage());
        // -infinity is a legitimate lowest score (NASWOT of a singular kernel): such candidates rank last, nothing fails
        ZeroShotSearch.Outcome o = ZeroShotSearch.run(SPACE, NPU, eval,
                spec -> spec.describe().hashCode() % 3 == 0 ? Double.NEGATIVE_INFINITY : spec.describe().length(), 50, cfg, null,
                Progress.NONE);
        assertTrue(o.result().evaluations().stream().allMatch(ev -> Double.isFinite(ev.accuracy())), "searched without failing");
        assertThrows(IllegalArgumentException.class, () -> ZeroShotSearch.run(SPACE, NPU, eval, spec -> 1, 0, cfg, null, Progress.NONE));
    }
}
