package org.edgeai.kernel.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextFilesTest {
    @TempDir
    Path dir;

    @Test
    void readsUtf8LinesLikeTheJdk() throws IOException {
        Path f = dir.resolve("ok.txt");
        Files.writeString(f, "a,b\r\nGrüße 東京 🎧\n\nlast", StandardCharsets.UTF_8);
        assertEquals(Files.readAllLines(f, StandardCharsets.UTF_8), TextFiles.readLines(f));
    }

    /** Bad bytes on a known line far beyond the reader's look-ahead and the locator's 64 KiB buffer. */
    /** Notepad / Excel "UTF-8 with BOM": the mark is gone from line 1, a U+FEFF anywhere else stays. */
    @Test
    void aLeadingByteOrderMarkIsRemoved() throws IOException {
        Path f = dir.resolve("bom.txt");
        Files.writeString(f, "\uFEFFpath\tduration_s\n\uFEFFkept\n", StandardCharsets.UTF_8);
        assertEquals(java.util.List.of("path\tduration_s", "\uFEFFkept"), TextFiles.readLines(f));
        Path only = dir.resolve("only-bom.txt");
        Files.writeString(only, "\uFEFF", StandardCharsets.UTF_8);
        assertEquals(java.util.List.of(""), TextFiles.readLines(only));
    }

    @Test
    void namesTheFileAndTheLineOfTheFirstBadByte() throws IOException {
        for (int badLine : new int[] {1, 2, 9_000, 20_001}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int i = 1; i < badLine; i++) {
                bytes.writeBytes(("line " + i + " ü\n").getBytes(StandardCharsets.UTF_8));
            }
            bytes.writeBytes("half".getBytes(StandardCharsets.UTF_8));
            bytes.write(0xFF);
            bytes.writeBytes("\nafter\n".getBytes(StandardCharsets.UTF_8));
            Path f = dir.resolve("bad" + badLine + ".csv");
            Files.write(f, bytes.toByteArray());
            var e = assertThrows(TextFiles.NotTextException.class, () -> TextFiles.readLines(f));
            assertEquals(badLine, e.line());
            assertTrue(e.getMessage().startsWith(f + ":" + badLine + ": not UTF-8 text"), e.getMessage());
        }
    }

    @Test
    void aMultiByteSequenceCutByTheEndOfTheFileIsReported() throws IOException {
        Path f = dir.resolve("cut.txt");
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        Files.write(f, new byte[] {'a', '\n', 'b', '\n', euro[0], euro[1]});
        assertEquals(3, assertThrows(TextFiles.NotTextException.class, () -> TextFiles.readLines(f)).line());
    }

    @Test
    void aFileThatDecodesHasNoBadLine() throws IOException {
        Path f = dir.resolve("fine.txt");
        Files.writeString(f, "x\ny\n", StandardCharsets.UTF_8);
        assertEquals(3, TextFiles.firstBadLine(f));
    }
}
