package org.edgeai.kernel.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private long filesIn(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.count();
        }
    }

    @Test
    void writesAndReplacesWholeFilesLeavingNoTemporaries() throws IOException {
        Path f = dir.resolve("a.bin");
        AtomicFiles.write(f, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(f));
        AtomicFiles.write(f, out -> out.write(new byte[] {9}));
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(f));
        Path t = dir.resolve("b.txt");
        AtomicFiles.writeText(t, w -> w.write("chi² ✓\n"));
        assertEquals("chi² ✓\n", Files.readString(t, StandardCharsets.UTF_8));
        assertEquals(2, filesIn(dir));
    }

    @Test
    void aFailingBodyLeavesTheOldContentAndNoTemporary() throws IOException {
        Path f = dir.resolve("keep.txt");
        Files.writeString(f, "old");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeText(f, w -> {
            w.write("half of the new");
            throw new IOException("disk on fire");
        }));
        assertEquals("disk on fire", e.getMessage());
        assertEquals("old", Files.readString(f));
        assertEquals(1, filesIn(dir));
    }

    @Test
    void aMissingDirectoryIsNamed() {
        Path f = dir.resolve("nope").resolve("x.bin");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(f, new byte[1]));
        assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("does not exist"), e.getMessage());
        assertThrows(NullPointerException.class, () -> AtomicFiles.write(dir.resolve("y"), (byte[]) null));
    }
}
