package org.edgeai.nas.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX headers are not trusted: sizes the file cannot hold end in a clear error, not in an OutOfMemoryError. */
class IdxImagesTest {
    @TempDir
    Path dir;

    private Path idx(String name, int magic, int[] dims, byte[] payload) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(b)) {
            d.writeInt(magic);
            for (int v : dims) {
                d.writeInt(v);
            }
            d.write(payload);
        }
        Path f = dir.resolve(name);
        Files.write(f, b.toByteArray());
        return f;
    }

    @Test
    void readsTwoImagesAndRefusesLyingHeaders() throws IOException {
        byte[] pixels = new byte[2 * 2 * 3];
        pixels[5] = (byte) 255;
        IdxImages ok = IdxImages.read(idx("i", 2051, new int[] {2, 2, 3}, pixels), idx("l", 2049, new int[] {2}, new byte[] {7, 9}));
        assertEquals(2, ok.size());
        assertEquals(1f, ok.images()[0][5]);
        assertEquals(9, ok.labels()[1]);

        // 2^31 - 1 images of 28x28 claimed, one present (was: new float[n][784] -> OutOfMemoryError)
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdxImages.read(
                idx("big-i", 2051, new int[] {Integer.MAX_VALUE, 28, 28}, new byte[784]),
                idx("big-l", 2049, new int[] {Integer.MAX_VALUE}, new byte[1])));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        // 65536 x 65536 pixels per image (was: rows * cols wrapping to 0)
        e = assertThrows(IllegalArgumentException.class, () -> IdxImages.read(
                idx("wide-i", 2051, new int[] {1, 65536, 65536}, new byte[0]), idx("wide-l", 2049, new int[] {1}, new byte[1])));
        assertTrue(e.getMessage().contains("65536x65536") && e.getMessage().contains("at most 4096"), e.getMessage());
    }
}
