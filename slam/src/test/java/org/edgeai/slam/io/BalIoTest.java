package org.edgeai.slam.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.edgeai.kernel.testing.TestData;
import org.edgeai.slam.graph.BundleProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BAL reading, malformed input, atomic writing. */
class BalIoTest {
    @TempDir
    Path tmp;

    @Test
    void readsDubrovnikAndRoundTrips() throws IOException {
        BundleProblem p = BalReader.read(TestData.require("slam/bal/dubrovnik-3-7-pre.txt"));
        assertEquals(3, p.cameraCount());
        assertEquals(7, p.pointCount());
        assertEquals(19, p.observationCount());
        assertArrayEquals(new double[] {-3.859900e+02, 3.871200e+02}, new double[] {p.observations()[0],
            p.observations()[1]}, 0);
        Path out = tmp.resolve("copy.txt");
        BalWriter.write(p, out);
        BundleProblem back = BalReader.read(out);
        assertArrayEquals(p.cameras(), back.cameras(), 0);
        assertArrayEquals(p.points(), back.points(), 0);
        assertArrayEquals(p.observations(), back.observations(), 0);
    }

    private SlamFormatException bad(String content) throws IOException {
        Path f = tmp.resolve("bad.txt");
        Files.writeString(f, content);
        return assertThrows(SlamFormatException.class, () -> BalReader.read(f));
    }

    @Test
    void malformedFilesNameTheLine() throws IOException {
        String cam = "0 0 0 0 0 0 500 0 0\n".replace(' ', '\n');
        SlamFormatException e = bad("1 1 1\n0 0 1.0 2.0\n" + cam);
        assertTrue(e.getMessage().contains("file ends where the point 0 coordinate 0 was expected"), e.getMessage());
        assertEquals(2, bad("1 1 1\n0 3 1.0 2.0\n").line());
        assertTrue(bad("1 1 1\n0 3 1.0 2.0\n").getMessage().contains("point index 3 out of range"));
        assertTrue(bad("0 1 1\n").getMessage().contains("positive counts"));
        // counts the file cannot hold are refused before allocation (was: OutOfMemoryError / NegativeArraySizeException)
        assertTrue(bad("1 1 2000000000\n0 0 1 2\n").getMessage().contains("2000000000 observations"));
        assertTrue(bad("238609295 1 1\n0 0 0 0\n").getMessage().contains("truncated file or wrong header"));
        assertTrue(bad("1 1 1\n0 0 NaN 2.0\n").getMessage().contains("must be finite"));
        assertTrue(bad("1 1 1\n0 0 1 2\n" + cam + "1\n2\n3\n4\n").getMessage().contains("unexpected content '4'"));
    }
}
