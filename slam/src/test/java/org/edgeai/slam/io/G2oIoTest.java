package org.edgeai.slam.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.edgeai.kernel.testing.TestData;
import org.edgeai.slam.graph.PoseGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** g2o reading (real files and every malformed-input case) and atomic writing. */
class G2oIoTest {
    @TempDir
    Path tmp;

    private Path file(String name, String content) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void readsIntel() throws IOException {
        PoseGraph g = G2oReader.read(TestData.require("slam/pgo2d/intel.g2o"));
        assertEquals("intel", g.name());
        assertEquals(2, g.dimension());
        assertEquals(1728, g.vertexCount());
        assertEquals(2512, g.edgeCount());
        double[] p = g.poses();
        assertArrayEquals(new double[] {0.144012, -0.004462, -0.017453}, new double[] {p[3], p[4], p[5]}, 0);
        double[] info = g.informations();
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(info[r * 3 + c], info[c * 3 + r], 0, "symmetric");
            }
        }
    }

    @Test
    void readsA3dGraphAndNormalisesQuaternions() throws IOException {
        Path f = file("q.g2o", """
                VERTEX_SE3:QUAT 0 0 0 0 0 0 0 2
                VERTEX_SE3:QUAT 1 1 0 0 0 0 0 1
                EDGE_SE3:QUAT 0 1 1 0 0 0 0 0 1 1 0 0 0 0 0 1 0 0 0 0 1 0 0 0 1 0 0 1 0 1
                FIX 0
                """);
        PoseGraph g = G2oReader.read(f);
        assertEquals(3, g.dimension());
        assertEquals(1.0, g.poses()[6], 0, "qw normalised from 2 to 1");
        assertTrue(g.isFixed(0));
        assertFalse(g.isFixed(1));
    }

    @Test
    void writeThenReadIsExact() throws IOException {
        PoseGraph g = G2oReader.read(TestData.require("slam/pgo3d/smallGrid3D.g2o"));
        Path out = tmp.resolve("sub").resolve("copy.g2o");
        Files.createDirectories(out.getParent());
        G2oWriter.write(g, out);
        PoseGraph back = G2oReader.read(out);
        assertArrayEquals(g.poses(), back.poses(), 0);
        assertArrayEquals(g.measurements(), back.measurements(), 0);
        assertArrayEquals(g.informations(), back.informations(), 0);
        assertArrayEquals(g.edgeFroms(), back.edgeFroms());
        try (Stream<Path> s = Files.list(out.getParent())) {
            assertEquals(1, s.count(), "no temporary file left behind");
        }
    }

    @Test
    void writingIntoAMissingDirectoryFailsWithoutCreatingAnything() throws IOException {
        PoseGraph g = G2oReader.read(file("a.g2o", "VERTEX_SE2 0 0 0 0\n"));
        Path out = tmp.resolve("missing").resolve("x.g2o");
        assertThrows(IOException.class, () -> G2oWriter.write(g, out));
        assertFalse(Files.exists(out.getParent()));
    }

    private SlamFormatException bad(String content) throws IOException {
        Path f = file("bad.g2o", content);
        return assertThrows(SlamFormatException.class, () -> G2oReader.read(f));
    }

    /** A FIX line may list any number of ids; a BOM (Windows editors) before the first tag is ignored. */
    @Test
    void longFixLinesAndAByteOrderMarkAreRead() throws IOException {
        StringBuilder b = new StringBuilder("\uFEFFVERTEX_SE2 0 0 0 0\n");
        StringBuilder fix = new StringBuilder("FIX");
        for (int i = 1; i < 100; i++) {
            b.append("VERTEX_SE2 ").append(i).append(' ').append(i).append(" 0 0\n");
            b.append("EDGE_SE2 ").append(i - 1).append(' ').append(i).append(" 1 0 0 1 0 0 1 0 1\n");
            fix.append(' ').append(i);
        }
        PoseGraph g = G2oReader.read(file("long-fix.g2o", b.append(fix).append('\n').toString()));
        assertEquals(100, g.vertexCount());
        for (int i = 1; i < 100; i++) {
            assertTrue(g.isFixed(i), "vertex " + i + " fixed");
        }
        assertFalse(g.isFixed(0));
        assertTrue(bad("VERTEX_SE2 0 0 0 0\nFIX " + "0 ".repeat(70) + "x\n").getMessage().contains("bad.g2o:2"));
    }

    @Test
    void malformedLinesNameFileAndLine() throws IOException {
        SlamFormatException e = bad("VERTEX_SE2 0 0 0 0\n# comment\nVERTEX_SE2 1 0 0\n");
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("bad.g2o:3"), e.getMessage());
        assertTrue(e.getMessage().contains("expects 4 values"), e.getMessage());
        assertEquals(2, bad("VERTEX_SE2 0 0 0 0\nVERTEX_SE2 1 x 0 0\n").line());
        assertTrue(bad("VERTEX_SE2 0 NaN 0 0\n").getMessage().contains("must be finite"));
        assertTrue(bad("VERTEX_SE2 1.5 0 0 0\n").getMessage().contains("not an integer"));
    }

    @Test
    void edgeOnlyFilesGetIdentityVerticesAndLateVerticesAreAccepted() throws IOException {
        PoseGraph edgesOnly = G2oReader.read(file("e.g2o", "EDGE_SE2 0 1 1 0 0 1 0 0 1 0 1\nEDGE_SE2 1 3 1 0 0 1 0 0 1 0 1\n"));
        assertEquals(3, edgesOnly.vertexCount());
        assertArrayEquals(new double[9], edgesOnly.poses(), 0);
        PoseGraph late = G2oReader.read(file("l.g2o", "VERTEX_SE2 0 0 0 0\nEDGE_SE2 0 1 1 0 0 1 0 0 1 0 1\nVERTEX_SE2 1 1 0 0\n"));
        assertEquals(2, late.vertexCount());
    }

    @Test
    void unknownTagsFailUnlessSkipped() throws IOException {
        String content = "VERTEX_SE2 0 0 0 0\nVERTEX_XY 7 1 2\nVERTEX_SE2 1 1 0 0\nEDGE_SE2 0 1 1 0 0 1 0 0 1 0 1\n";
        SlamFormatException e = bad(content);
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("unknown tag 'VERTEX_XY'"));
        PoseGraph g = G2oReader.read(file("skip.g2o", content), true);
        assertEquals(2, g.vertexCount());
        assertEquals(1, g.edgeCount());
    }

    @Test
    void semanticErrorsAreReported() throws IOException {
        SlamFormatException missing = bad("VERTEX_SE2 0 0 0 0\nEDGE_SE2 0 5 1 0 0 1 0 0 1 0 1\n");
        assertEquals(2, missing.line());
        assertTrue(missing.getMessage().contains("refers to vertex 5, which no VERTEX line defines"), missing.getMessage());
        assertTrue(bad("VERTEX_SE2 0 0 0 0\nVERTEX_SE2 0 1 0 0\n").getMessage().contains("duplicate vertex id 0"));
        assertTrue(bad("VERTEX_SE2 0 0 0 0\nEDGE_SE2 0 0 1 0 0 1 0 0 1 0 1\n").getMessage().contains("to itself"));
        assertTrue(bad("VERTEX_SE2 0 0 0 0\nVERTEX_SE3:QUAT 1 0 0 0 0 0 0 1\n").getMessage().contains("mixed 2D/3D"));
        assertTrue(bad("VERTEX_SE3:QUAT 1 0 0 0 0 0 0 0\n").getMessage().contains("norm 0"));
        assertTrue(bad("VERTEX_SE2 0 0 0 0\nFIX 9\n").getMessage().contains("FIX names vertex 9"));
        assertTrue(bad("# only a comment\n").getMessage().contains("no VERTEX_SE2"));
    }
}
