package org.edgeai.nas.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SearchSpaceAndRulesTest {
    private static final int P = 32;

    @Test
    void baselineGenotypeDecodesToTheBaselineInEveryMode() {
        for (IbnSearchSpace.Mode m : IbnSearchSpace.Mode.values()) {
            IbnSearchSpace s = IbnSearchSpace.fashionMnist(m, IbnSearchSpace.ChannelPolicy.CURATED, P);
            NetworkSpec d = s.decode(s.baselineGenotype(), "ibn-baseline");
            assertEquals(IbnSearchSpace.fashionMnistBaseline(), d, m.toString());
        }
    }

    @Test
    void structureModeSearchesPerStageDepthAndStride() {
        IbnSearchSpace s = IbnSearchSpace.fashionMnist(IbnSearchSpace.Mode.STRUCTURE, IbnSearchSpace.ChannelPolicy.CURATED, P);
        int[] depth = s.stageDepths();
        assertEquals(List.of(2, 2, 2, 1), java.util.Arrays.stream(depth).boxed().toList());
        // 1 stem + 4 stage widths, 3 x 11 slot genes (depth + 1 per stage: 3 + 3 + 3 + 2), 4 depths, 4 strides.
        assertEquals(1 + 4 + 3 * 11 + 4 + 4, s.choices().length);
        SplittableRandom r = new SplittableRandom(7);
        int[] ch = s.choices();
        java.util.Set<Integer> blockCounts = new java.util.TreeSet<>();
        for (int t = 0; t < 500; t++) {
            int[] g = new int[ch.length];
            for (int i = 0; i < g.length; i++) {
                g[i] = r.nextInt(ch[i]);
            }
            NetworkSpec n = s.decode(g, "ibn-baseline");
            blockCounts.add(n.blocks().size());
            // Count blocks per stage independently from the genes: stage s has depth gene g[depthAt + s] + 1.
            int depthAt = ch.length - 8;
            int expected = 0;
            for (int st = 0; st < 4; st++) {
                expected += g[depthAt + st] + 1;
            }
            assertEquals(expected, n.blocks().size());
            // Strides: the first block of each stage carries the stage's stride gene, every other block stride 1.
            int b = 0;
            for (int st = 0; st < 4; st++) {
                for (int j = 0; j <= g[depthAt + st]; j++, b++) {
                    assertEquals(j == 0 && g[depthAt + 4 + st] == 1 ? 2 : 1, n.blocks().get(b).stride(), n.describe());
                }
            }
            assertEquals(n, NetworkSpec.fromDescription(IbnSearchSpace.fashionMnistBaseline(), n.describe()));
            assertTrue(CandidateNetworks.graph(n).totalMacs() > 0);
        }
        // Every depth from 4 (one block per stage) to 11 (one more per stage) occurs.
        assertEquals(List.of(4, 5, 6, 7, 8, 9, 10, 11), List.copyOf(blockCounts));
    }

    @Test
    void curatedWidthsAreMultiplesOfTheParallelismFactor() {
        IbnSearchSpace cur = IbnSearchSpace.fashionMnist(IbnSearchSpace.Mode.BOTH, IbnSearchSpace.ChannelPolicy.CURATED, P);
        IbnSearchSpace unc = IbnSearchSpace.fashionMnist(IbnSearchSpace.Mode.BOTH, IbnSearchSpace.ChannelPolicy.UNCURATED, P);
        for (int w : cur.widthOptions(96)) {
            assertEquals(0, w % P);
        }
        // 0.25 x 96 = 24 .. 1.5 x 96 = 144: every integer when uncurated, 32..128 in steps of 32 when curated.
        assertEquals(144 - 24 + 1, unc.widthOptions(96).length);
        assertEquals(List.of(32, 64, 96, 128), java.util.Arrays.stream(cur.widthOptions(96)).boxed().toList());
        SplittableRandom r = new SplittableRandom(1);
        int[] ch = cur.choices();
        for (int t = 0; t < 200; t++) {
            int[] g = new int[ch.length];
            for (int i = 0; i < g.length; i++) {
                g[i] = r.nextInt(ch[i]);
            }
            NetworkSpec n = cur.decode(g, "c");
            assertEquals(0, n.stemChannels() % P);
            n.blocks().forEach(b -> assertEquals(0, b.outChannels() % P));
        }
    }

    @Test
    void expertRulesAlignFuseEarlyAndKeepOnlyPayingReplacements() {
        AnalyticLaneCostFixture npu = new AnalyticLaneCostFixture(P, 32);
        ExpertRules rules = ExpertRules.forParallelism(P);
        IbnSearchSpace unc = IbnSearchSpace.fashionMnist(IbnSearchSpace.Mode.DEPTH_MULTIPLIER, IbnSearchSpace.ChannelPolicy.UNCURATED, P);
        int[] g = unc.baselineGenotype();
        g[1] = 25; // stage 1 at 33 channels (options start at 8): one extra lane pass
        NetworkSpec odd = unc.decode(g, "odd");
        List<ExpertRules.Step> steps = rules.apply(odd, npu);
        assertEquals(3, steps.size());
        NetworkSpec aligned = steps.get(0).network();
        aligned.blocks().forEach(b -> assertEquals(0, b.outChannels() % P));
        assertTrue(steps.get(0).after().latencyMs() <= steps.get(0).before().latencyMs());
        NetworkSpec fused = rules.fuseEarly(aligned);
        // 14x14 blocks (the first two) are early; 7x7 and 4x4 blocks are late.
        assertEquals(BlockKind.FUSED_IBN, fused.blocks().get(0).kind());
        assertEquals(BlockKind.FUSED_IBN, fused.blocks().get(1).kind());
        assertEquals(BlockKind.FUSED_IBN, fused.blocks().get(2).kind()); // input still 14x14, stride-2 block
        assertEquals(BlockKind.IBN, fused.blocks().get(6).kind());
        // Rule 2 is kept only if it does not cost latency.
        ExpertRules.Step s2 = steps.get(1);
        assertTrue(s2.after().latencyMs() <= s2.before().latencyMs());
        assertEquals(CostSummary.of(fused, npu).latencyMs() <= s2.before().latencyMs(), s2.network().equals(fused));
        // Rule 3 keeps a replacement only if the cost model says it pays: re-check each one.
        ExpertRules.Step s3 = steps.get(2);
        assertTrue(s3.after().latencyMs() <= s3.before().latencyMs());
        for (int i = 0; i < s3.network().blocks().size(); i++) {
            if (s3.network().blocks().get(i).kind() == BlockKind.IBN) {
                var bl = new java.util.ArrayList<>(s3.network().blocks());
                bl.set(i, bl.get(i).withKind(BlockKind.FUSED_IBN));
                CostSummary trial = CostSummary.of(s3.network().withBlocks(bl), npu);
                boolean pays = trial.latencyMs() <= 0.98 * s3.after().latencyMs()
                        && trial.parameterBytes() - s3.after().parameterBytes() <= 0.25 * s3.after().parameterBytes();
                assertTrue(!pays, "block " + i + " would still pay");
            }
        }
    }

    @Test
    void memoryCriterionKeepsOnlyRulesThatDoNotGrowMemory() {
        // A cost model that runs depthwise convolutions 100x below the rate of dense ones (as a systolic
        // array that takes them channel by channel): fusing is faster there, but it always adds parameters
        // (a dense KxK conv replaces the 1x1 expansion and the depthwise conv).
        org.edgeai.kernel.graph.GraphCostModel npu = g -> new org.edgeai.kernel.graph.GraphCostModel.GraphCost(
                g.ops().stream().mapToDouble(op -> op.spec().macs() * (op.spec() instanceof org.edgeai.kernel.graph.OpSpec.Conv2d c
                        && c.depthwise() ? 100 : 1)).sum() * 1e-12, g.peakActivationBytes(), g.parameterBytes(), Double.NaN);
        ExpertRules rules = ExpertRules.forParallelism(P);
        NetworkSpec base = IbnSearchSpace.fashionMnistBaseline();
        CostSummary plain = CostSummary.of(base, npu);
        CostSummary early = CostSummary.of(rules.fuseEarly(base), npu);
        assertTrue(early.latencyMs() < plain.latencyMs(), "premise: fusing the early blocks is faster on the fixture");
        assertTrue(early.memoryBytes() > plain.memoryBytes(), "premise: and takes more memory");

        List<ExpertRules.Step> byLatency = rules.apply(base, npu, ExpertRules.Criterion.LATENCY);
        assertEquals(rules.fuseEarly(base), byLatency.get(1).network());
        assertEquals(byLatency, rules.apply(base, npu));

        List<ExpertRules.Step> byMemory = rules.apply(base, npu, ExpertRules.Criterion.MEMORY);
        assertEquals(base, byMemory.get(1).network(), "rule 2 is undone when it grows memory");
        assertTrue(byMemory.get(1).changes().startsWith("reverted") && byMemory.get(1).changes().endsWith("% memory"),
                byMemory.get(1).changes());
        // Rule 3 under the memory criterion: brute force over every block, none may be fused unless it saves >= 2 %.
        NetworkSpec last = byMemory.get(2).network();
        assertTrue(byMemory.get(2).after().memoryBytes() <= plain.memoryBytes());
        for (int i = 0; i < last.blocks().size(); i++) {
            if (base.blocks().get(i).kind() != last.blocks().get(i).kind()) {
                var bl = new java.util.ArrayList<>(base.blocks());
                bl.set(i, bl.get(i).withKind(BlockKind.FUSED_IBN));
                assertTrue(CostSummary.of(base.withBlocks(bl), npu).memoryBytes() <= 0.98 * plain.memoryBytes(), "block " + i);
            }
        }
        assertEquals(ExpertRules.Criterion.MEMORY.of(early), (double) early.memoryBytes());
        assertEquals(ExpertRules.Criterion.LATENCY.of(early), early.latencyMs());
    }
}
