package org.edgeai.platform.accel;

import static org.edgeai.platform.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.edgeai.kernel.testing.TestData;
import org.edgeai.platform.Cli;
import org.edgeai.platform.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimCommandTest {
    private static final Path SCALESIM = TestData.require("accel/scalesim");

    @Test
    void scaleSimTopologyAndConfigGiveScaleSimCycles() throws Exception {
        CliRun r = run("sim", "--topology", SCALESIM.resolve("topologies/rnn_gemm.csv").toString(),
                "--config", SCALESIM.resolve("configs/arr16_os.cfg").toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = Cli.json().readTree(r.out());
        JsonNode layers = j.get("report").get("layers");
        assertEquals(9, layers.size());
        // SCALE-Sim: lstm_D40_H128_xproj_T100 on 16x16 os = 15679 (last-cycle index) -> 15680 cycles
        assertEquals("lstm_D40_H128_xproj_T100", layers.get(0).get("name").asText());
        assertEquals(15680, layers.get(0).get("compute_cycles").asLong());
        assertEquals(137223 + 9, j.get("report").get("compute_cycles").asLong());
        assertEquals("arr16x16_os", j.get("config").get("name").asText());
    }

    @Test
    void depthwiseSideFileIsPickedUpAndPlotIsWritten(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("plots/latency.png");
        CliRun r = run("sim", "-t", SCALESIM.resolve("topologies/mobilenetv2_padded.csv").toString(), "-c", "arr16_ws",
                "--plot", png.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("depthwise_conv2d"), r.out());
        // SCALE-Sim total (depthwise x channels) 4,391,068 plus one cycle per simulated channel layer
        assertTrue(r.out().contains("4,398,240 cycles"), r.out());
        byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head);
        try (var s = Files.list(png.getParent())) {
            assertEquals(1, s.count(), "no temporary file left behind");
        }
    }

    @Test
    void namedModelOnThePreset() throws Exception {
        CliRun r = run("sim", "-t", "mobilenetv2", "--fusion", "auto", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode rep = Cli.json().readTree(r.out()).get("report");
        assertEquals("npu-small", rep.get("accelerator").asText());
        assertEquals(300_774_272L, rep.get("macs").asLong());
        assertTrue(rep.get("latency_seconds").asDouble() > 0);
        assertTrue(rep.get("energy").get("dram_joules").asDouble() > 0);
    }

    @Test
    void parityCommandPassesOnTheReferenceData() {
        CliRun r = run("--data-dir", TestData.root().toString(), "sim", "parity");
        assertEquals(0, r.code(), r.err());
        assertEquals(20, r.out().lines().filter(l -> l.contains(" yes")).count(), r.out());
        assertFalse(r.out().contains("NO"));
    }

    @Test
    void memoryParityReproducesScaleSimAndFailsOnATamperedCount(@TempDir Path dir) throws Exception {
        // the four RNN GEMM runs (the whole reference set is checked by ScaleSimMemoryParityTest)
        Path src = TestData.require("accel/scalesim");
        Path dst = Files.createDirectories(dir.resolve("accel/scalesim"));
        Files.createDirectories(dst.resolve("topologies"));
        Files.createDirectories(dst.resolve("configs"));
        Files.copy(src.resolve("topologies/rnn_gemm.csv"), dst.resolve("topologies/rnn_gemm.csv"));
        for (String c : List.of("arr16_os", "arr16_ws", "arr32_os", "arr32_ws")) {
            Files.copy(src.resolve("configs/" + c + ".cfg"), dst.resolve("configs/" + c + ".cfg"));
            String run = "rnn_gemm__" + c.substring(3, 5) + "x" + c.substring(3, 5) + "_" + c.substring(6) + ".csv";
            Files.copy(src.resolve(run), dst.resolve(run));
        }
        CliRun ok = run("--data-dir", dir.toString(), "sim", "parity", "--memory", "--json");
        assertEquals(0, ok.code(), ok.err());
        JsonNode runs = Cli.json().readTree(ok.out());
        assertEquals(4, runs.size());
        for (JsonNode r : runs) {
            assertEquals(9, r.get("dram_reads_exact_layers").asInt(), r.toString());
            assertEquals(9, r.get("sram_exact_layers").asInt(), r.toString());
        }
        // one DRAM IFMAP count off by one word: that layer is no longer reproduced
        Path f = dst.resolve("rnn_gemm__16x16_os.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(f));
        List<String> header = List.of(lines.getFirst().split(","));
        String[] row = lines.get(1).split(",", -1);
        int col = header.indexOf("DRAM IFMAP Reads");
        row[col] = Long.toString(Long.parseLong(row[col]) + 1);
        lines.set(1, String.join(",", row));
        Files.write(f, lines);
        CliRun tampered = run("--data-dir", dir.toString(), "sim", "parity", "--memory");
        assertEquals(1, tampered.code(), tampered.out());
        assertTrue(tampered.out().lines().anyMatch(l -> l.startsWith("rnn_gemm") && l.contains("arr16_os")
                && l.matches(".*\\b9\\s+8\\s+9\\b.*")), tampered.out());
        // a result file without the DRAM columns: the cycle comparison still works, the memory one says what is missing
        List<String> noDram = new ArrayList<>();
        List<Integer> drop = new ArrayList<>(List.of(header.indexOf("DRAM IFMAP Reads"), header.indexOf("DRAM Filter Reads"),
                header.indexOf("DRAM OFMAP Writes")));
        drop.sort(java.util.Comparator.reverseOrder());
        for (String line : Files.readAllLines(f)) {
            List<String> cells = new ArrayList<>(List.of(line.split(",", -1)));
            for (int i : drop) {
                cells.remove(i);
            }
            noDram.add(String.join(",", cells));
        }
        Files.write(f, noDram);
        CliRun cycles = run("--data-dir", dir.toString(), "sim", "parity");
        assertEquals(0, cycles.code(), cycles.err());
        CliRun missing = run("--data-dir", dir.toString(), "sim", "parity", "--memory");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("rnn_gemm__16x16_os.csv") && missing.err().contains("DRAM IFMAP Reads"),
                missing.err());
    }

    @Test
    void scaleSimMemoryTracesAnyTopologyAsScaleSimCountsIt() throws Exception {
        Path dir = TestData.require("accel/scalesim");
        CliRun r = run("sim", "-t", dir.resolve("topologies/rnn_gemm.csv").toString(), "-c", "arr32_ws",
                "--scalesim-memory", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode traced = Cli.json().readTree(r.out()).get("scale_sim_memory");
        List<String> ref = Files.readAllLines(dir.resolve("rnn_gemm__32x32_ws.csv"));
        List<String> header = List.of(ref.getFirst().split(","));
        assertEquals(ref.size() - 1, traced.size());
        for (int i = 1; i < ref.size(); i++) {
            String[] row = ref.get(i).split(",");
            JsonNode t = traced.get(i - 1).get("traffic");
            assertEquals(Long.parseLong(row[header.indexOf("DRAM IFMAP Reads")]), t.get("ifmap_dram_reads").asLong());
            assertEquals(Long.parseLong(row[header.indexOf("DRAM Filter Reads")]), t.get("filter_dram_reads").asLong());
        }
        CliRun table = run("sim", "-t", "mobilenetv2", "-c", "arr16_os", "--scalesim-memory");
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().contains("SCALE-Sim v2 memory accounting") && table.out().contains("traced "), table.out());
        CliRun lanes = run("sim", "-t", "mobilenetv2", "-c", "npu-small", "--scalesim-memory");
        assertEquals(2, lanes.code());
        assertTrue(lanes.err().contains("--scalesim-memory needs a systolic-array configuration"), lanes.err());
    }

    @Test
    void badInputIsOneClearLine(@TempDir Path dir) throws Exception {
        CliRun missing = run("sim", "-t", dir.resolve("none.csv").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("topology file not found"), missing.err());

        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
                + "c1,8,8,3,3,4,4,1,\nc2,8,8,3,x,4,4,1,\n");
        CliRun malformed = run("sim", "-t", bad.toString(), "-c", "arr16_os");
        assertEquals(1, malformed.code());
        assertTrue(malformed.err().contains(bad + ":3") && malformed.err().contains("filter width"), malformed.err());

        CliRun preset = run("sim", "-t", "mobilenetv2", "-c", "tpu-v9");
        assertEquals(1, preset.code());
        assertTrue(preset.err().contains("npu-small"), preset.err());

        CliRun noTopology = run("sim");
        assertEquals(2, noTopology.code());
        assertTrue(noTopology.err().contains("--topology"), noTopology.err());

        CliRun plot = run("sim", "-t", "gru-kws", "--plot", dir.resolve("x.jpg").toString());
        assertEquals(2, plot.code());
    }

    @Test
    void presetsAreListed() throws Exception {
        CliRun r = run("sim", "presets", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = Cli.json().readTree(r.out());
        assertEquals(7, j.get("presets").size());
        java.util.Set<String> arrays = new java.util.HashSet<>();
        j.get("presets").forEach(p -> arrays.add(p.get("array").toString()));
        assertEquals(7, arrays.size(), "every preset is a different array: " + arrays);
        assertEquals(6, j.get("models").size());
    }
}
