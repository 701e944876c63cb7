package org.edgeai.accel.scalesim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.edgeai.accel.AcceleratorConfig;
import org.edgeai.accel.SystolicArray;
import org.edgeai.kernel.graph.ModelGraph;
import org.edgeai.kernel.graph.OpNode;
import org.edgeai.kernel.testing.TestData;
import org.junit.jupiter.api.Test;

/**
 * {@link ScaleSimMemory} reproduces SCALE-Sim v2's memory counts on all 584 reference layers (5 topologies x 2 arrays
 * x 2 dataflows): SRAM reads and writes and IFMAP / filter DRAM reads exactly, DRAM OFMAP writes up to SCALE-Sim's write-line padding. The
 * expectation is read from the reference CSVs here, by column name, not through {@link ScaleSimReference}.
 */
class ScaleSimMemoryParityTest {
    private static final Path DIR = TestData.require("accel/scalesim");
    private static final Pattern RESULT = Pattern.compile("(.+)__(\\d+)x\\2_(os|ws)\\.csv");

    @Test
    void everyReferenceLayerIsReproduced() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.filter(p -> RESULT.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
        assertEquals(20, files.size(), "expected the 20 reference runs in " + DIR);
        int layers = 0;
        long dramReads = 0;
        for (Path f : files) {
            Matcher m = RESULT.matcher(f.getFileName().toString());
            assertTrue(m.matches());
            ModelGraph g = ScaleSimTopology.read(DIR.resolve("topologies").resolve(m.group(1) + ".csv"));
            AcceleratorConfig c = ScaleSimConfig.read(DIR.resolve("configs").resolve("arr" + m.group(2) + "_" + m.group(3) + ".cfg"));
            List<String> lines = Files.readAllLines(f).stream().filter(l -> !l.isBlank()).toList();
            String[] header = lines.getFirst().split(",");
            Map<String, Integer> col = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                col.put(header[i].trim(), i);
            }
            assertEquals(g.ops().size(), lines.size() - 1, f.toString());
            for (int i = 1; i < lines.size(); i++) {
                String[] row = lines.get(i).split(",");
                OpNode op = g.ops().get(i - 1);
                String where = f.getFileName() + " " + op.name();
                assertEquals(row[col.get("layer")].trim(), op.name(), where);
                ScaleSimMemory.Traffic t = ScaleSimMemory.of(op, (SystolicArray) c.array(), c.memory().ifmapSramBytes(),
                        c.memory().filterSramBytes()).perSimulatedLayer();
                assertEquals(value(row, col, "SRAM IFMAP Reads"), t.ifmapSramReads(), where);
                assertEquals(value(row, col, "SRAM Filter Reads"), t.filterSramReads(), where);
                assertEquals(value(row, col, "SRAM OFMAP Writes"), t.ofmapSramWrites(), where);
                assertEquals(value(row, col, "DRAM IFMAP Reads"), t.ifmapDramReads(), where);
                assertEquals(value(row, col, "DRAM Filter Reads"), t.filterDramReads(), where);
                long writes = value(row, col, "DRAM OFMAP Writes");
                // SCALE-Sim drains its write buffer half an OFMAP SRAM at a time, each drain with at most one partly
                // filled line of C words: at most C - 1 unused slots per drain on top of the valid writes
                int cols = ((SystolicArray) c.array()).cols();
                long drains = Math.ceilDiv(t.ofmapDramWrites(), c.memory().ofmapSramBytes() / 2) + 1;
                assertTrue(writes >= t.ofmapDramWrites() && writes - t.ofmapDramWrites() <= (cols - 1) * drains,
                        where + ": DRAM OFMAP writes " + t.ofmapDramWrites() + " vs SCALE-Sim " + writes);
                layers++;
                dramReads += t.dramReads();
            }
        }
        assertEquals(584, layers);
        assertTrue(dramReads > 100_000_000L, "the reference runs fetch hundreds of millions of words; got " + dramReads);
    }

    @Test
    void comparisonReportsTheRunsAsReproduced() throws IOException {
        // two of the twenty runs (the whole set is checked above; this checks the comparison's bookkeeping)
        for (String file : List.of("rnn_gemm__16x16_os.csv", "mobilenetv2_padded__32x32_ws.csv")) {
            ScaleSimParity.MemoryRunResult r = ScaleSimParity.compareMemory(DIR, DIR.resolve(file));
            assertEquals(r.layers().size(), r.sramExactLayers());
            assertEquals(r.layers().size(), r.ofmapWritesReproducedLayers());
            assertTrue(r.reproduced(), r.topology() + " " + r.config() + ": " + r.sramExactLayers() + " / "
                    + r.dramReadsExactLayers() + " of " + r.layers().size() + " exact");
            assertTrue(r.analyticDramReads() > 0 && r.referenceDramReads() > 0);
        }
    }

    private static long value(String[] row, Map<String, Integer> col, String name) {
        return Math.round(Double.parseDouble(row[col.get(name)].trim()));
    }
}
