package org.edgeai.kernel.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.Tensor;
import org.edgeai.kernel.quant.QuantParams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir
    Path dir;

    private static ModelFile sample() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("w", Tensor.ofF32(new float[] {1, -2, 3.5f, Float.MIN_VALUE, -0f, 7}, 2, 3));
        t.put("h", Tensor.ofF16(new short[] {Float.floatToFloat16(0.5f), Float.floatToFloat16(-3f)}, 2));
        t.put("q", Tensor.ofI8(new byte[] {-128, 1, 2, 127}, QuantParams.symmetricPerChannel(new float[] {0.25f, 2f}, 0), 2, 2));
        t.put("a", Tensor.ofI8(new byte[] {9}, QuantParams.perTensor(0.1f, -3), 1));
        t.put("i", Tensor.ofI32(new int[] {Integer.MIN_VALUE, 0, Integer.MAX_VALUE}, 3));
        t.put("scalar", Tensor.ofF32(new float[] {42f}));
        t.put("empty", Tensor.zeros(DType.F32, 0, 4));
        t.put("view", Tensor.ofF32(new float[] {1, 2, 3, 4}, 2, 2).transpose(0, 1)); // stored contiguous
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("arch", "gru 2x64");
        meta.put("unicode", "π ≈ 3.14159 — ok");
        return new ModelFile("test-model", meta, t);
    }

    @Test
    void roundTripPreservesEverything() throws Exception {
        ModelFile m = sample();
        Path f = dir.resolve("m.eaim");
        m.write(f);
        ModelFile r = ModelFile.read(f);
        assertEquals("test-model", r.name());
        assertEquals(m.metadata(), r.metadata());
        assertEquals(m.tensors().keySet().stream().toList(), r.tensors().keySet().stream().toList());
        for (String k : m.tensors().keySet()) {
            Tensor a = m.tensor(k);
            Tensor b = r.tensor(k);
            assertEquals(a.dtype(), b.dtype(), k);
            assertArrayEquals(a.shape(), b.shape(), k);
            assertEquals(a.quant(), b.quant(), k);
            assertArrayEquals(a.toF32().f32(), b.toF32().f32(), 0f, k);
        }
        assertArrayEquals(new float[] {1, 3, 2, 4}, r.floats("view", 2, 2), 0f);
        assertThrows(ModelFormatException.class, () -> r.floats("view", 4));
        assertThrows(ModelFormatException.class, () -> r.tensor("missing"));
        assertTrue(Files.list(dir).allMatch(p -> p.getFileName().toString().equals("m.eaim")), "no temp files left");
    }

    @Test
    void rejectsTruncatedCorruptedAndWrongVersionFiles() {
        byte[] good = sample().toBytes();
        // every truncation point fails cleanly
        for (int n : new int[] {0, 7, 8, 30, 55, 56, 57, good.length / 2, good.length - 1}) {
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.parse(Arrays.copyOf(good, n)));
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
        byte[] flipped = good.clone();
        flipped[good.length - 3] ^= 0x10;
        assertTrue(assertThrows(ModelFormatException.class, () -> ModelFile.parse(flipped)).getMessage().contains("checksum"));
        byte[] magic = good.clone();
        magic[1] = 'X';
        assertTrue(assertThrows(ModelFormatException.class, () -> ModelFile.parse(magic)).getMessage().contains("magic"));
        byte[] version = good.clone();
        ByteBuffer.wrap(version).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 2);
        assertTrue(assertThrows(ModelFormatException.class, () -> ModelFile.parse(version)).getMessage().contains("version 2"));
        byte[] trailing = Arrays.copyOf(good, good.length + 4);
        assertTrue(assertThrows(ModelFormatException.class, () -> ModelFile.parse(trailing)).getMessage().contains("trailing"));
    }

    @Test
    void rejectsInconsistentEntriesEvenWithAValidChecksum() {
        byte[] good = sample().toBytes();
        // Rewrite the first tensor's dtype byte to I32's code (4) and fix the checksum: the data
        // length no longer matches (F32 and I32 have the same size, so use F16 = code 2 instead).
        byte[] payload = Arrays.copyOfRange(good, 56, good.length);
        int nameLen = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        int p = 4 + nameLen;
        int metaCount = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).getInt(p);
        p += 4;
        for (int i = 0; i < 2 * metaCount; i++) {
            p += 4 + ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).getInt(p);
        }
        p += 4; // tensor count
        p += 4 + ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).getInt(p); // first tensor name
        assertEquals(DType.F32.code(), payload[p]);
        payload[p] = (byte) DType.F16.code();
        byte[] bad = new byte[good.length];
        System.arraycopy(good, 0, bad, 0, 24);
        System.arraycopy(ModelFile.sha256(payload), 0, bad, 24, 32);
        System.arraycopy(payload, 0, bad, 56, payload.length);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.parse(bad));
        assertTrue(e.getMessage().contains("tensor 'w'") && e.getMessage().contains("data length"), e.getMessage());
    }

    @Test
    void rejectsStringsThatAreNotUtf8EvenWithAValidChecksum() {
        // found by ParserFuzzTest: a lenient decode turned the byte 0x94 into U+FFFD, so the model
        // loaded under another name and re-serialised to different bytes
        byte[] good = sample().toBytes();
        byte[] payload = Arrays.copyOfRange(good, 56, good.length);
        assertEquals('t', payload[4]); // model name "test-model" starts after its u32 length
        payload[5] = (byte) 0x94;
        byte[] bad = ParserFuzzTest.withHeader(payload);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.parse(bad));
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
        // the unmodified payload behind the same header-building code parses
        assertEquals("test-model", ModelFile.parse(ParserFuzzTest.withHeader(Arrays.copyOfRange(good, 56, good.length))).name());
    }

    @Test
    void failedWriteLeavesExistingFileUntouched() throws Exception {
        Path f = dir.resolve("keep.eaim");
        sample().write(f);
        byte[] before = Files.readAllBytes(f);
        Map<String, Tensor> bad = new LinkedHashMap<>();
        bad.put("rank9", Tensor.zeros(DType.F32, 1, 1, 1, 1, 1, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ModelFile("bad", Map.of(), bad).write(f));
        assertArrayEquals(before, Files.readAllBytes(f));
    }
}
