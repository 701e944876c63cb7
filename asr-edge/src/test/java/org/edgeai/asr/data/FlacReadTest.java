package org.edgeai.asr.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.edgeai.kernel.audio.AudioClip;
import org.edgeai.kernel.audio.AudioIo;
import org.edgeai.kernel.testing.TestData;
import org.junit.jupiter.api.Test;

/**
 * Kernel AudioIo reads LibriSpeech FLAC through jflac. jflac's AudioInputStream over-reports the
 * frame count of some valid files (43551 for this 31440-sample file), which AudioIo used to reject
 * as "truncated". Expected values from the reference decoder: {@code metaflac --show-total-samples}
 * prints 31440 and {@code flac -t} passes.
 */
class FlacReadTest {
    @Test
    void readsAValidFlacWhoseDecoderOverstatesItsLength() throws Exception {
        AudioClip c = AudioIo.read(TestData.require("asr/librispeech-mini5/flac/19/19-198-0000.flac"));
        assertEquals(16000, c.sampleRateHz());
        assertEquals(31440, c.frames());
    }
}
