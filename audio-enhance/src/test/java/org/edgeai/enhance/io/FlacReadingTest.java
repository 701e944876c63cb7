package org.edgeai.enhance.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.edgeai.kernel.audio.AudioClip;
import org.edgeai.kernel.audio.AudioIo;
import org.edgeai.kernel.testing.TestData;
import org.junit.jupiter.api.Test;

/** Kernel AudioIo reads the LibriSpeech FLAC files this module trains on (the kernel's own FLAC decoder). */
class FlacReadingTest {

    /** Total samples of the FLAC STREAMINFO block (bytes 8+... of the file), parsed independently here. */
    private static long streamInfoSamples(byte[] d) {
        int b = 8; // "fLaC" + 4-byte metadata block header; STREAMINFO body follows
        return ((long) (d[b + 13] & 0x0F) << 32) | ((long) (d[b + 14] & 0xFF) << 24) | ((d[b + 15] & 0xFF) << 16)
                | ((d[b + 16] & 0xFF) << 8) | (d[b + 17] & 0xFF);
    }

    @Test
    void decodesTheNumberOfSamplesDeclaredInStreamInfo() throws Exception {
        Path f = TestData.require("asr/librispeech-mini5/flac/19/19-198-0000.flac");
        AudioClip c = AudioIo.read(f);
        assertEquals(16000, c.sampleRateHz());
        assertEquals(1, c.channelCount());
        assertEquals(streamInfoSamples(Files.readAllBytes(f)), c.frames());
        double peak = 0;
        for (float v : c.channels()[0]) {
            peak = Math.max(peak, Math.abs(v));
        }
        assertTrue(peak > 0.01 && peak <= 1.0, "peak " + peak);
    }
}
