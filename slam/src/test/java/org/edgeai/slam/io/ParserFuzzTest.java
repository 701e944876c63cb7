package org.edgeai.slam.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.edgeai.kernel.io.TextFiles;
import org.edgeai.slam.graph.BundleProblem;
import org.edgeai.slam.graph.PoseGraph;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coverage-guided fuzzing (Jazzer) of the g2o and BAL readers, whose input is whatever file a user
 * or a gRPC client hands over.
 *
 * <p>The property: every input is read or refused with a {@link SlamFormatException} naming the file
 * and a line in it, or with {@link TextFiles.NotTextException} for bytes that are not UTF-8; any
 * other exception, an {@link OutOfMemoryError} or a hang (over 10 s on one input) is a finding. What
 * is accepted must be finite and consistent (edges between existing vertices).
 *
 * <p>A plain test run replays the committed inputs under
 * {@code src/test/resources/org/edgeai/slam/io/ParserFuzzTestInputs/<method>/}; {@code JAZZER_FUZZ=1}
 * fuzzes one method at a time (README "Fuzzing the parsers").
 */
class ParserFuzzTest {
    /** Shared by all inputs of a run (each input overwrites its file); removed by JUnit afterwards. */
    @TempDir
    static Path dir;

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void g2o(byte[] data) throws IOException {
        Path file = Files.write(dir.resolve("fuzz.g2o"), data);
        PoseGraph g;
        try {
            g = G2oReader.read(file, data.length % 2 == 0);
        } catch (SlamFormatException e) {
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
            assertTrue(e.line() >= 0, "line " + e.line());
            return;
        } catch (TextFiles.NotTextException e) {
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
            return;
        }
        int d = g.dimension();
        assertTrue(d == 2 || d == 3, "dimension " + d);
        for (double v : g.poses()) {
            assertTrue(Double.isFinite(v), "non-finite pose accepted");
        }
        for (double v : g.informations()) {
            assertTrue(Double.isFinite(v), "non-finite information accepted");
        }
        assertEquals(g.edgeCount(), g.edgeFroms().length);
        for (int e = 0; e < g.edgeCount(); e++) {
            assertTrue(g.edgeFrom(e) >= 0 && g.edgeFrom(e) < g.vertexCount(), "edge from a missing vertex");
            assertTrue(g.edgeTo(e) >= 0 && g.edgeTo(e) < g.vertexCount(), "edge to a missing vertex");
        }
    }

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void bal(byte[] data) throws IOException {
        Path file = Files.write(dir.resolve("fuzz.bal"), data);
        BundleProblem p;
        try {
            p = BalReader.read(file);
        } catch (SlamFormatException e) {
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
            return;
        } catch (TextFiles.NotTextException e) {
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
            return;
        }
        for (double v : p.cameras()) {
            assertTrue(Double.isFinite(v), "non-finite camera parameter accepted");
        }
        for (double v : p.points()) {
            assertTrue(Double.isFinite(v), "non-finite point accepted");
        }
        for (int o = 0; o < p.observationCount(); o++) {
            int c = p.observationCameras()[o];
            int q = p.observationPoints()[o];
            assertTrue(c >= 0 && c < p.cameraCount(), "observation of a missing camera");
            assertTrue(q >= 0 && q < p.pointCount(), "observation of a missing point");
        }
    }
}
