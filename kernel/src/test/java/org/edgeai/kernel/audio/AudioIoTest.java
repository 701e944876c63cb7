package org.edgeai.kernel.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.edgeai.kernel.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioIoTest {
    @TempDir
    Path dir;

    private static AudioClip stereoSine() {
        int n = 1600;
        float[] l = new float[n];
        float[] r = new float[n];
        for (int i = 0; i < n; i++) {
            l[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 16000.0));
            r[i] = -l[i] / 2;
        }
        l[10] = 1f;  // full scale must clip to the largest code, not wrap
        l[11] = -1f;
        return new AudioClip(16000, new float[][] {l, r});
    }

    @Test
    void wavRoundTripsInEveryEncoding() throws Exception {
        AudioClip c = stereoSine();
        for (AudioIo.WavEncoding e : AudioIo.WavEncoding.values()) {
            Path f = dir.resolve(e + ".wav");
            AudioIo.writeWav(f, c, e);
            AudioClip back = AudioIo.read(f);
            assertEquals(16000, back.sampleRateHz());
            assertEquals(2, back.channelCount());
            double step = switch (e) {
                case PCM16 -> 1 / 32768.0;
                case PCM24 -> 1 / 8388608.0;
                case FLOAT32 -> 0;
            };
            for (int ch = 0; ch < 2; ch++) {
                for (int i = 0; i < c.frames(); i++) {
                    assertEquals(c.channels()[ch][i], back.channels()[ch][i], step, e + " ch" + ch + " i" + i);
                }
            }
            float[] mono = back.monoSamples();
            assertEquals((back.channels()[0][5] + back.channels()[1][5]) / 2, mono[5], 1e-7f);
        }
    }

    /** Telephone audio: 8 kHz G.711 mu-law and A-law WAVs (written by the JDK's own encoders) decode to the signal. */
    @Test
    void g711WavsDecode() throws Exception {
        int n = 800;
        short[] pcm = new short[n];
        for (int i = 0; i < n; i++) {
            pcm[i] = (short) Math.round(12000 * Math.sin(2 * Math.PI * 300 * i / 8000.0));
        }
        byte[] bytes = new byte[2 * n];
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).asShortBuffer().put(pcm);
        javax.sound.sampled.AudioFormat lin = new javax.sound.sampled.AudioFormat(8000, 16, 1, true, false);
        for (javax.sound.sampled.AudioFormat.Encoding enc : new javax.sound.sampled.AudioFormat.Encoding[] {
            javax.sound.sampled.AudioFormat.Encoding.ULAW, javax.sound.sampled.AudioFormat.Encoding.ALAW}) {
            var src = new javax.sound.sampled.AudioInputStream(new java.io.ByteArrayInputStream(bytes), lin, n);
            var coded = javax.sound.sampled.AudioSystem.getAudioInputStream(enc, src);
            Path f = dir.resolve(enc + ".wav");
            javax.sound.sampled.AudioSystem.write(coded, javax.sound.sampled.AudioFileFormat.Type.WAVE, f.toFile());
            AudioClip c = AudioIo.read(f);
            assertEquals(8000, c.sampleRateHz(), enc.toString());
            assertEquals(n, c.channels()[0].length, enc.toString());
            for (int i = 0; i < n; i++) {
                double x = pcm[i] / 32768.0;
                // 8-bit logarithmic codes: relative step about 1/16 of the segment, so within 4 % of full scale here
                assertEquals(x, c.channels()[0][i], 0.04 * Math.abs(x) + 1e-3, enc + " sample " + i);
            }
        }
    }

    /** Sun .au header (big-endian): magic, data offset 24, data size, encoding 1 = 8-bit G.711 mu-law, rate, channels. */
    private static byte[] ulawAu(int channels, int dataBytes) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(24 + dataBytes);
        b.putInt(0x2e736e64).putInt(24).putInt(dataBytes).putInt(1).putInt(8000).putInt(channels);
        for (int i = 0; i < dataBytes; i++) {
            b.put((byte) (0x80 | i));
        }
        return b.array();
    }

    @Test
    void absurdChannelCountsAreRefusedInsteadOfHanging() {
        // found by ParserFuzzTest: the JDK's mu-law converter returns 0 bytes forever on a 8,257-channel frame
        AudioFormatException e = assertThrows(AudioFormatException.class,
                () -> assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> AudioIo.read(ulawAu(8257, 64), "big.au")));
        assertTrue(e.getMessage().contains("8257 channels"), e.getMessage());
        assertTrue(e.getMessage().startsWith("big.au"), e.getMessage());
    }

    @Test
    void ulawAuWithFewChannelsDecodes() throws Exception {
        AudioClip c = AudioIo.read(ulawAu(2, 64), "two.au");
        assertEquals(2, c.channelCount());
        assertEquals(32, c.frames());
        assertEquals(8000, c.sampleRateHz());
    }

    @Test
    void badFilesGetClearErrors() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.wav"));
        assertTrue(assertThrows(AudioFormatException.class, () -> AudioIo.read(empty)).getMessage().contains("empty"));
        byte[] good = AudioIo.toWavBytes(stereoSine(), AudioIo.WavEncoding.PCM16);
        Path header = dir.resolve("header.wav");
        Files.write(header, Arrays.copyOf(good, 20));
        assertThrows(AudioFormatException.class, () -> AudioIo.read(header));
        Path truncated = dir.resolve("truncated.wav");
        Files.write(truncated, Arrays.copyOf(good, good.length - 1000));
        assertTrue(assertThrows(AudioFormatException.class, () -> AudioIo.read(truncated)).getMessage().contains("truncated"));
        Path text = dir.resolve("text.wav");
        Files.writeString(text, "this is not audio at all, just some text to be rejected");
        assertTrue(assertThrows(AudioFormatException.class, () -> AudioIo.read(text)).getMessage().contains("not a supported"));
        AudioClip nan = AudioClip.mono(new float[] {0f, Float.NaN}, 16000);
        Path out = dir.resolve("nan.wav");
        assertThrows(AudioFormatException.class, () -> AudioIo.writeWav(out, nan, AudioIo.WavEncoding.FLOAT32));
        assertFalse(Files.exists(out), "nothing is written when the clip is invalid");
    }

    @Test
    void readsTheRealDevSet() throws Exception {
        AudioClip c = AudioIo.read(TestData.require("audio/dev/noisy/p232_003.wav"));
        assertEquals(16000, c.sampleRateHz());
        assertEquals(1, c.channelCount());
        assertEquals(7.185, c.durationSeconds(), 1e-3); // pairs.csv duration
        assertArrayEquals(c.channels()[0], c.monoSamples());
    }
}
