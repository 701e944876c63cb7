package org.edgeai.platform.slam;

import static org.edgeai.platform.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.edgeai.kernel.testing.TestData;
import org.edgeai.platform.Cli;
import org.edgeai.platform.CliRun;
import org.edgeai.slam.graph.PoseGraph;
import org.edgeai.slam.io.G2oReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code edgeai slam optimize} end to end: JSON fields, --out, --plot, bad input. */
class SlamCommandTest {
    @TempDir
    Path tmp;

    @Test
    void optimizePrintsTheRequiredJsonAndWritesOutputs() throws IOException {
        Path input = TestData.require("slam/pgo2d/manhattanOlson3500.g2o");
        Path out = tmp.resolve("opt.g2o");
        Path plot = tmp.resolve("traj.png");
        Path cdf = tmp.resolve("cdf.png");
        CliRun r = run("slam", "optimize", "--input", input.toString(), "--out", out.toString(), "--plot", plot.toString(),
                "--error-plot", cdf.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = Cli.json().readTree(r.out());
        for (String field : new String[] {"initial_chi2", "final_chi2", "iterations", "seconds", "status"}) {
            assertTrue(j.has(field), "missing " + field + " in " + r.out());
        }
        assertEquals("CONVERGED", j.get("status").asText());
        assertEquals(69142.94241, j.get("initial_chi2").asDouble(), 1e-3);
        assertTrue(j.get("final_chi2").asDouble() <= 146.0766129 * 1.001);
        assertTrue(j.get("ground_truth").get("ate_rmse").asDouble() < 2.0, "ground truth found automatically");
        PoseGraph written = G2oReader.read(out);
        assertEquals(3500, written.vertexCount());
        assertEquals(5598, written.edgeCount());
        assertTrue(Files.size(plot) > 10_000 && Files.size(cdf) > 5_000, "PNG plots written");
        byte[] head = Files.readAllBytes(plot);
        assertEquals((byte) 0x89, head[0]);
        assertEquals('P', head[1]);
    }

    @Test
    void badInputGivesOneClearLineAndWritesNothing() throws IOException {
        Path bad = tmp.resolve("bad.g2o");
        Files.writeString(bad, "VERTEX_SE2 0 0 0 0\nVERTEX_SE2 1 0 0 0\nEDGE_SE2 0 1 1 0 0 1 0 0 1 0\n");
        Path out = tmp.resolve("never.g2o");
        CliRun r = run("slam", "optimize", "--input", bad.toString(), "--out", out.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("bad.g2o:3: EDGE_SE2 expects 11 values"), r.err());
        assertFalse(Files.exists(out));
        CliRun unknownSolver = run("slam", "optimize", "--input", bad.toString(), "--solver", "quantum");
        assertEquals(1, unknownSolver.code());
        assertTrue(unknownSolver.err().contains("unknown solver 'quantum'"), unknownSolver.err());
    }

    /** Output options that cannot be honoured are refused before the solve, and no --out file is left behind. */
    @Test
    void refusedOutputOptionsWriteNothing() throws IOException {
        Path graph = tmp.resolve("tiny.g2o");
        Files.writeString(graph, "VERTEX_SE2 0 0 0 0\nVERTEX_SE2 1 1 0 0\nEDGE_SE2 0 1 1 0 0 1 0 0 1 0 1\n");
        Path out = tmp.resolve("never.g2o");
        Path badTruth = tmp.resolve("truth.g2o");
        Files.writeString(badTruth, "VERTEX_SE2 0 0 0\n");
        Path ba = TestData.require("slam/bal/problem-49-7776-pre.txt");
        String[][] refused = {
            {graph.toString(), "--error-plot", tmp.resolve("cdf.png").toString(), "--error-plot needs ground truth"},
            {graph.toString(), "--ground-truth", badTruth.toString(), "truth.g2o:1"},
            {ba.toString(), "--plot", tmp.resolve("p.png").toString(), "--plot draws pose-graph trajectories"},
        };
        for (String[] c : refused) {
            CliRun r = run("slam", "optimize", "--input", c[0], "--out", out.toString(), c[1], c[2]);
            assertEquals(1, r.code(), c[1] + ": " + r.err());
            assertTrue(r.err().contains(c[3]), r.err());
            assertFalse(Files.exists(out), "no --out after a refused " + c[1]);
        }
        CliRun ok = run("slam", "optimize", "--input", graph.toString(), "--out", out.toString());
        assertEquals(0, ok.code(), ok.err());
        assertEquals(2, G2oReader.read(out).vertexCount());
    }

    @Test
    void indefiniteInformationIsRefusedUnlessProjected() {
        Path cubicle = TestData.require("slam/pgo3d/cubicle.g2o");
        CliRun r = run("slam", "optimize", "--input", cubicle.toString(), "--max-iterations", "1");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("5021 of 16869 edges have an indefinite information matrix"), r.err());
        assertTrue(r.err().contains("--psd-projection"), r.err());
    }
}
