package org.edgeai.kernel.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.edgeai.kernel.audio.AudioClip;
import org.edgeai.kernel.audio.AudioFormatException;
import org.edgeai.kernel.audio.AudioIo;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing (Jazzer) of the kernel's two binary parsers of untrusted input: the model
 * file ({@link ModelFile#parse}) and audio files ({@link AudioIo#read(byte[], String)}).
 *
 * <p>The property: any input either parses or is refused with the parser's documented exception
 * (a {@link ModelFormatException} / {@link AudioFormatException} with a message); any other
 * exception, an {@link OutOfMemoryError} or a hang (over 10 s on one input) is a finding. What is accepted must also be
 * consistent (a model re-serialises to the same bytes; audio samples are finite and in range).
 *
 * <p>A plain test run replays the committed inputs under
 * {@code src/test/resources/org/edgeai/kernel/io/ParserFuzzTestInputs/<method>/} (valid files and
 * every input on which the fuzzer found a fault, {@code finding-*}, kept as regression inputs:
 * a .au header declaring 8,257 G.711 channels that hung the JDK's decoder, a model string that was
 * not UTF-8 and was silently replaced). {@code JAZZER_FUZZ=1} fuzzes one method
 * at a time (README "Fuzzing the parsers").
 */
class ParserFuzzTest {
    private static final int HEADER_BYTES = 56;

    /** Whole files: magic, version, flags, length and checksum checks. */
    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void modelFile(byte[] data) {
        ModelFile m;
        try {
            m = ModelFile.parse(data);
        } catch (ModelFormatException e) {
            assertNotNull(e.getMessage());
            return;
        }
        assertArrayEquals(data, m.toBytes(), "an accepted model file re-serialises to the same bytes");
    }

    /**
     * Payloads behind a valid header (length and SHA-256 filled in by the harness), so that the
     * fuzzer reaches the entry parser instead of stopping at the checksum.
     */
    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void modelPayload(byte[] payload) {
        byte[] file = withHeader(payload);
        ModelFile m;
        try {
            m = ModelFile.parse(file);
        } catch (ModelFormatException e) {
            assertNotNull(e.getMessage());
            return;
        }
        assertArrayEquals(file, m.toBytes(), "an accepted model payload re-serialises to the same bytes");
        ModelFile again = ModelFile.parse(m.toBytes());
        assertEquals(m.metadata(), again.metadata());
        assertEquals(m.tensors().keySet(), again.tensors().keySet());
    }

    /** WAV (and whatever else the JDK's audio readers recognise) from bytes, as the gRPC server receives it. */
    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void audio(byte[] data) throws IOException {
        AudioClip clip;
        try {
            clip = AudioIo.read(data, "fuzz");
        } catch (AudioFormatException e) {
            assertNotNull(e.getMessage());
            return;
        }
        assertTrue(clip.sampleRateHz() >= 1, "sample rate " + clip.sampleRateHz());
        for (float[] channel : clip.channels()) {
            for (float v : channel) {
                assertTrue(Float.isFinite(v), "non-finite sample " + v + " accepted");
            }
        }
    }

    /** The model-file header {@link ModelFile} writes, with this payload's length and checksum. */
    static byte[] withHeader(byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x89, 'E', 'A', 'I', 'M', '\r', '\n', 0x1A});
        b.putInt(ModelFile.FORMAT_VERSION).putInt(0).putLong(payload.length);
        b.put(ModelFile.sha256(payload)).put(payload);
        return Arrays.copyOf(b.array(), b.capacity());
    }
}
