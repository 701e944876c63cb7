package org.edgeai.kernel.audio;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing (Jazzer) of {@link FlacDecoder} with its CRC and MD5 checks off, so that
 * mutated frames reach the subframe and residual decoders (with the checks on, almost every mutation
 * stops at a CRC). The property: every input decodes or is refused with an
 * {@link AudioFormatException}; no other exception, no {@link OutOfMemoryError}, no input over 10 s.
 * Output is capped at 2^20 samples here to keep each run small. Seeds: files written by the reference
 * encoder (see {@code FlacDecoderTest}). {@code JAZZER_FUZZ=1} fuzzes (README "Fuzzing the parsers").
 */
class FlacFuzzTest {
    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void frames(byte[] data) {
        AudioClip clip;
        try {
            clip = FlacDecoder.decode(data, "fuzz.flac", 1 << 20, false);
        } catch (AudioFormatException e) {
            assertNotNull(e.getMessage());
            assertTrue(e.getMessage().startsWith("fuzz.flac: "), e.getMessage());
            return;
        }
        assertTrue(clip.frames() > 0 && (long) clip.frames() * clip.channelCount() <= 1 << 20);
        for (float[] channel : clip.channels()) {
            for (float v : channel) {
                assertTrue(Float.isFinite(v), "non-finite sample");
            }
        }
    }
}
