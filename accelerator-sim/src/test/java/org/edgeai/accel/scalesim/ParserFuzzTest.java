package org.edgeai.accel.scalesim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.edgeai.accel.AcceleratorConfig;
import org.edgeai.accel.AcceleratorConfigs;
import org.edgeai.accel.Dataflow;
import org.edgeai.accel.FusionPolicy;
import org.edgeai.accel.NeuralEngineSimulator;
import org.edgeai.accel.SimulationReport;
import org.edgeai.accel.SystolicArray;
import org.edgeai.kernel.graph.ModelGraph;
import org.edgeai.kernel.graph.OpNode;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing (Jazzer) of the SCALE-Sim topology and configuration readers, and of the
 * simulator on whatever they accept.
 *
 * <p>The property: every text is parsed or refused with an {@link IllegalArgumentException} naming
 * the source; what is accepted must price without an exception, with non-negative, finite cycles,
 * latency and energy, and, where small, its SCALE-Sim memory trace must fetch no more than it reads. Any other exception, an {@link OutOfMemoryError} or a hang (over 10 s on one
 * input) is a finding.
 *
 * <p>A plain test run replays the committed inputs under
 * {@code src/test/resources/org/edgeai/accel/scalesim/ParserFuzzTestInputs/<method>/};
 * {@code JAZZER_FUZZ=1} fuzzes one method at a time (README "Fuzzing the parsers").
 */
class ParserFuzzTest {
    private static final String SOURCE = "fuzz.csv";

    private static List<String> lines(String text) {
        return List.of(text.split("\n", -1));
    }

    private static void pricesSanely(AcceleratorConfig config, ModelGraph g) {
        for (FusionPolicy fusion : FusionPolicy.values()) {
            SimulationReport r = new NeuralEngineSimulator(config, fusion).simulate(g);
            assertTrue(r.macs() >= 0 && r.totalCycles() >= 0 && r.computeCycles() >= 0, "negative count " + r.macs() + " MACs, " + r.totalCycles() + " cycles");
            assertTrue(Double.isFinite(r.latencySeconds()) && r.latencySeconds() >= 0, "latency " + r.latencySeconds());
            assertTrue(Double.isFinite(r.energy().totalJoules()) && r.energy().totalJoules() >= 0, "energy");
            assertTrue(r.peakActivationBytes() >= 0 && r.parameterBytes() >= 0, "memory");
        }
    }

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void topology(@NotNull String text) {
        ModelGraph g;
        try {
            g = ScaleSimTopology.parse("fuzz", SOURCE, lines(text), null, Map.of());
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage() != null && e.getMessage().startsWith(SOURCE), "the message names the source: " + e);
            return;
        }
        pricesSanely(AcceleratorConfigs.byName("npu-small"), g);
        tracesSanely(g);
    }

    /** SCALE-Sim's memory accounting on the accepted layers small enough to trace quickly. */
    private static void tracesSanely(ModelGraph g) {
        for (OpNode op : g.ops()) {
            if (op.macs() > 1_000_000) {
                continue;
            }
            for (Dataflow df : Dataflow.values()) {
                ScaleSimMemory.Traffic t = ScaleSimMemory.of(op, new SystolicArray(4, 3, df), 500, 700).perSimulatedLayer();
                assertTrue(t.ifmapDramReads() >= 0 && t.ifmapDramReads() <= t.ifmapSramReads()
                        && t.filterDramReads() >= 0 && t.filterDramReads() <= t.filterSramReads()
                        && t.ofmapDramWrites() >= 0 && t.ofmapDramWrites() <= t.ofmapSramWrites(), op.name() + " " + df + ": " + t);
            }
        }
    }

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void config(@NotNull String text) {
        AcceleratorConfig c;
        try {
            c = ScaleSimConfig.parse("fuzz", "fuzz.cfg", lines(text));
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage() != null && e.getMessage().startsWith("fuzz.cfg"), "the message names the source: " + e);
            return;
        }
        ModelGraph g = ScaleSimTopology.parse("net", "net.csv", List.of(
                "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,",
                "conv1,34,34,3,3,3,32,1,", "conv2,32,32,3,3,32,64,2,", "fc,1,1,1,1,4096,10,1,"), null, Map.of());
        pricesSanely(c, g);
    }
}
