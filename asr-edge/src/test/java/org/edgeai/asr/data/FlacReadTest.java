package org.edgeai.asr.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.edgeai.kernel.audio.AudioClip;
import org.edgeai.kernel.audio.AudioIo;
import org.edgeai.kernel.testing.TestData;
import org.junit.jupiter.api.Test;

/**
 * Kernel AudioIo reads LibriSpeech FLAC with the kernel's own decoder ({@code FlacDecoder}). Until the
 * twenty-second session it went through jflac-codec, whose AudioInputStream over-reports the frame
 * count of some valid files (43551 for this 31440-sample file), which AudioIo once rejected as
 * "truncated". Expected values from the reference decoder: {@code metaflac --show-total-samples}
 * prints 31440 and {@code flac -t} passes.
 */
class FlacReadTest {
    @Test
    void readsAValidFlacWhoseDecoderOverstatesItsLength() throws Exception {
        AudioClip c = AudioIo.read(TestData.require("asr/librispeech-mini5/flac/19/19-198-0000.flac"));
        assertEquals(16000, c.sampleRateHz());
        assertEquals(31440, c.frames());
    }

    /**
     * The kernel's decoder against an independent implementation: jflac-codec (test scope only; it
     * hangs or runs out of memory on hostile files, which is why it no longer decodes for AudioIo),
     * read here straight through javax.sound.sampled. Checked on all 242 LibriSpeech files once
     * (identical); here on three.
     */
    @Test
    void samplesEqualThoseOfAnIndependentDecoder() throws Exception {
        Path dir = TestData.require("asr/librispeech-mini5/flac/19");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".flac")).sorted().limit(3).toList();
        }
        assertEquals(3, files.size(), "three FLAC files in " + dir);
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            assertTrue(Files.size(f) > 1000);
            short[] direct = jflacDirect(bytes);
            float[] viaAudioIo = AudioIo.read(f).channels()[0];
            assertEquals(direct.length, viaAudioIo.length, f.toString());
            float[] expected = new float[direct.length];
            for (int i = 0; i < direct.length; i++) {
                expected[i] = direct[i] / 32768f;
            }
            assertArrayEquals(expected, viaAudioIo, 0f, f.toString());
        }
    }

    private static short[] jflacDirect(byte[] flac) throws Exception {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(new BufferedInputStream(new ByteArrayInputStream(flac)))) {
            AudioFormat f = in.getFormat();
            AudioFormat pcm = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, f.getSampleRate(), 16, 1, 2, f.getSampleRate(), false);
            byte[] data = AudioSystem.getAudioInputStream(pcm, in).readAllBytes();
            short[] out = new short[data.length / 2];
            ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
            return out;
        }
    }
}
