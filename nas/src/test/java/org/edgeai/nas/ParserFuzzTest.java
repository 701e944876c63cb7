package org.edgeai.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.edgeai.nas.bench.FbnetTable;
import org.edgeai.nas.bench.Nb201Table;
import org.edgeai.nas.data.IdxImages;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coverage-guided fuzzing (Jazzer) of the readers of the files a user hands to {@code nas estimate}
 * and the trainers: NAS-Bench-201 and FBNet latency tables (CSV) and IDX image / label files (plain
 * and gzip).
 *
 * <p>The property: every input is read or refused with an {@link IllegalArgumentException} (or, for
 * bytes that are not text, an {@link UncheckedIOException}) whose message names the file; any other
 * exception, an {@link OutOfMemoryError} or a hang (over 10 s on one input) is a finding. What is
 * accepted must be consistent (finite latencies, labels and pixels of the declared sizes).
 *
 * <p>A plain test run replays the committed inputs under
 * {@code src/test/resources/org/edgeai/nas/ParserFuzzTestInputs/<method>/}; {@code JAZZER_FUZZ=1}
 * fuzzes one method at a time (README "Fuzzing the parsers").
 */
class ParserFuzzTest {
    /** Shared by all inputs of a run (each input overwrites its file); removed by JUnit afterwards. */
    @TempDir
    static Path dir;

    private static void refusedNaming(Path file, RuntimeException e) {
        assertTrue(e.getMessage() != null && e.getMessage().contains(file.getFileName().toString()),
                "the message names the file: " + e);
    }

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void nb201Table(byte[] data) throws IOException {
        Path file = Files.write(dir.resolve("fuzz-nb201.csv"), data);
        Nb201Table t;
        try {
            t = Nb201Table.read(file);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            refusedNaming(file, e);
            return;
        }
        for (int r = 0; r < t.size(); r++) {
            assertTrue(t.index(r) >= 0 && t.index(r) < 15625, "index " + t.index(r));
            for (int d = 0; d < t.devices().size(); d++) {
                double v = t.latencyMs(r, d);
                assertTrue(Double.isNaN(v) || v >= 0 && v < Double.POSITIVE_INFINITY, "latency " + v + " accepted (NaN = empty cell)");
            }
        }
    }

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void fbnetTable(byte[] data) throws IOException {
        Path file = Files.write(dir.resolve("fuzz-fbnet.csv"), data);
        FbnetTable t;
        try {
            t = FbnetTable.read(file);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            refusedNaming(file, e);
            return;
        }
        for (int r = 0; r < t.size(); r++) {
            for (int d = 0; d < t.devices().size(); d++) {
                double v = t.latencyMs(r, d);
                assertTrue(Double.isNaN(v) || v >= 0 && v < Double.POSITIVE_INFINITY, "latency " + v + " accepted (NaN = empty cell)");
            }
        }
    }

    /**
     * Input layout: byte 0 odd = gzip the image file (a valid stream of fuzzed content); bytes 1-2 the
     * label file's length L (big-endian, clamped to what is there); then L bytes of labels, then the
     * image file.
     */
    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void idx(byte[] data) throws IOException {
        if (data.length < 3) {
            return;
        }
        boolean gzip = (data[0] & 1) == 1;
        int l = Math.min(((data[1] & 0xff) << 8) | (data[2] & 0xff), data.length - 3);
        byte[] labels = Arrays.copyOfRange(data, 3, 3 + l);
        byte[] images = Arrays.copyOfRange(data, 3 + l, data.length);
        Path lf = Files.write(dir.resolve("fuzz-labels.idx"), labels);
        Path imf = dir.resolve(gzip ? "fuzz-images.idx.gz" : "fuzz-images.idx");
        try (OutputStream o = gzip ? new GZIPOutputStream(Files.newOutputStream(imf)) : Files.newOutputStream(imf)) {
            o.write(images);
        }
        IdxImages set;
        try {
            set = IdxImages.read(imf, lf);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            assertTrue(e.getMessage() != null && e.getMessage().contains("fuzz-"), "the message names the file: " + e);
            return;
        }
        assertTrue(set.size() <= labels.length - 8, "one label byte per image, after the 8-byte header");
        assertEquals(set.size(), set.images().length);
        for (float[] image : set.images()) {
            assertEquals(set.rows() * set.cols(), image.length);
        }
    }
}
