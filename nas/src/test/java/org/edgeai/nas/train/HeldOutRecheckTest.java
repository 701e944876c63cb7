package org.edgeai.nas.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.edgeai.kernel.Progress;
import org.edgeai.kernel.graph.GraphCostModel;
import org.edgeai.kernel.graph.OpSpec;
import org.edgeai.nas.space.IbnSearchSpace;
import org.edgeai.nas.space.NetworkSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeldOutRecheckTest {
    /** 1 ms per depthwise convolution (+1 ns), 1 byte of memory: a network with k of 7 blocks fused saves k / 7. */
    private static final GraphCostModel DEPTHWISE_COUNT = g -> {
        long dw = g.ops().stream().filter(o -> o.spec() instanceof OpSpec.Conv2d c && c.depthwise()).count();
        return new GraphCostModel.GraphCost(dw * 1e-3 + 1e-9, 1, 0, Double.NaN);
    };

    private static final NetworkSpec BASE = IbnSearchSpace.fashionMnist(IbnSearchSpace.Mode.STRUCTURE,
            IbnSearchSpace.ChannelPolicy.CURATED, 32).baseline();
    /** Blocks 1 and 2 fused: 5 of 7 depthwise convolutions left. */
    private static final NetworkSpec TWO_FUSED = NetworkSpec.fromDescription(BASE,
            "s32|F3e4c32s1|F3e4c32s1|I3e4c64s2|I3e4c64s1|I3e4c96s2|I3e4c96s1|I3e4c128s1|h256");
    private static final NetworkSpec NARROW = NetworkSpec.fromDescription(BASE,
            "s32|I3e4c32s1|I3e4c32s1|I3e4c64s2|I3e4c64s1|I3e4c96s2|I3e4c96s1|I3e4c32s1|h256");

    /** Fixed accuracies per network and seed: {selection, held out}. */
    private static final Map<String, double[][]> SCORES = Map.of(
            BASE.describe(), new double[][] {{87, 87.1, 87.0, 87.1}, {86, 86.2, 86.4, 86.2}},
            // exactly at the bar on the selection set (87.05 - 0.5), 0.6 under the baseline held out
            TWO_FUSED.describe(), new double[][] {{86.55, 86.55, 86.55, 86.55}, {85.7, 85.6, 85.6, 85.7}},
            NARROW.describe(), new double[][] {{86.0, 86.2, 86.1, 86.1}, {86.5, 86.6, 86.4, 86.5}});

    @TempDir
    Path dir;

    private static HeldOutRecheck.Scorer scorer(AtomicInteger calls) {
        return (spec, seed, p) -> {
            calls.incrementAndGet();
            double[][] s = SCORES.get(spec.describe());
            int k = (int) (seed - 1);
            return new double[] {s[0][k], s[1][k]};
        };
    }

    @Test
    void judgesEachSetAgainstTheBaselinesMeanAndResumesFromTheJournal() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Path journal = dir.resolve("recheck.csv");
        HeldOutRecheck.Settings s = new HeldOutRecheck.Settings(1, 4, 0.5);
        // the baseline listed among the networks is not trained twice
        var r = HeldOutRecheck.run(BASE, List.of(TWO_FUSED, BASE, NARROW), scorer(calls), DEPTHWISE_COUNT, s, journal, Progress.NONE);
        assertEquals(12, calls.get());
        assertEquals(12, Files.readAllLines(journal).size());
        assertEquals(87.05 - 0.5, r.neededSelection(), 1e-12);
        assertEquals(86.2 - 0.5, r.neededHeldOut(), 1e-12);
        assertEquals(2, r.rows().size());
        var fused = r.rows().get(0);
        assertEquals(100.0 * 2 / 7, fused.latencyReduction(), 1e-3);
        assertEquals(86.55, fused.selectionMean(), 1e-12);
        assertTrue(fused.holdsSelection(), "a mean exactly at the bar holds");
        assertEquals(85.65, fused.heldOutMean(), 1e-12);
        assertFalse(fused.holdsHeldOut());
        var narrow = r.rows().get(1);
        assertEquals(0, narrow.latencyReduction(), 1e-3);
        assertFalse(narrow.holdsSelection());
        assertTrue(narrow.holdsHeldOut());
        assertEquals(List.of(86.5, 86.6, 86.4, 86.5), narrow.heldOut());

        var again = HeldOutRecheck.run(BASE, List.of(TWO_FUSED, NARROW), scorer(calls), DEPTHWISE_COUNT, s, journal, Progress.NONE);
        assertEquals(12, calls.get(), "every training comes from the journal");
        assertEquals(r, again);

        // a cut last line is retrained; a malformed line before it is an error naming the file and line
        List<String> lines = Files.readAllLines(journal);
        Files.write(journal, lines.subList(0, 11));
        Files.writeString(journal, lines.get(11).substring(0, 10), java.nio.file.StandardOpenOption.APPEND);
        assertEquals(r, HeldOutRecheck.run(BASE, List.of(TWO_FUSED, NARROW), scorer(calls), DEPTHWISE_COUNT, s, journal, Progress.NONE));
        assertEquals(13, calls.get());
        Files.writeString(journal, "garbage\n" + Files.readString(journal));
        var e = assertThrows(IllegalArgumentException.class,
                () -> HeldOutRecheck.run(BASE, List.of(NARROW), scorer(calls), DEPTHWISE_COUNT, s, journal, Progress.NONE));
        assertTrue(e.getMessage().contains("recheck.csv:1"), e.getMessage());
    }

    @Test
    void refusesBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new HeldOutRecheck.Settings(1, 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new HeldOutRecheck.Settings(1, 4, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new HeldOutRecheck.Settings(1, 4, Double.NaN));
    }
}
