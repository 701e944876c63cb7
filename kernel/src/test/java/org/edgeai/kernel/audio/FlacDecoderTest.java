package org.edgeai.kernel.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The kernel's FLAC decoder against the reference encoder: every FLAC under
 * {@code src/test/resources/org/edgeai/kernel/audio/flac/} was written by {@code flac} 1.4.2 (Xiph) from
 * the WAV beside it with the options in its name's tag (see {@link #matchesTheWavTheReferenceEncoderWasGiven});
 * FLAC is lossless, so the decoded samples must equal the WAV's exactly (read by the JDK's WAV reader).
 */
class FlacDecoderTest {
    private static byte[] resource(String name) throws IOException {
        try (InputStream in = FlacDecoderTest.class.getResourceAsStream("flac/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource flac/" + name);
            }
            return in.readAllBytes();
        }
    }

    /**
     * Encoder options (flac 1.4.2, {@code --no-padding}): fixed = -0 (FIXED predictors), lpc = -8, lpc32 =
     * {@code --lax -l32 -b4096}, bs192 / bs1000 / bs100 = -b192 / -b1000 / -b100 (block-size codes 1, 7 and 6),
     * midside = -8 -m, indep = -5 --no-mid-side, adaptive = -8 -M, s24 / m8 / cw = -5 (24-bit stereo 48 kHz,
     * 8-bit 8 kHz, constant runs and multiples of 8, i.e. CONSTANT subframes and wasted bits).
     */
    @ParameterizedTest
    @CsvSource({"mono16-fixed, mono16", "mono16-lpc, mono16", "mono16-lpc32, mono16", "mono16-bs192, mono16",
        "mono16-bs1000, mono16", "mono16-bs100, mono16", "stereo16-midside, stereo16", "stereo16-indep, stereo16",
        "stereo16-adaptive, stereo16", "stereo24-48k-s24, stereo24-48k", "mono8-8k-m8, mono8-8k",
        "const-wasted16-cw, const-wasted16"})
    void matchesTheWavTheReferenceEncoderWasGiven(String flac, String wav) throws IOException {
        AudioClip expected = AudioIo.read(resource(wav + ".wav"), wav);
        AudioClip got = AudioIo.read(resource(flac + ".flac"), flac);
        assertEquals(expected.sampleRateHz(), got.sampleRateHz());
        assertEquals(expected.channelCount(), got.channelCount());
        for (int c = 0; c < expected.channelCount(); c++) {
            assertArrayEquals(expected.channels()[c], got.channels()[c], 0f, flac + " channel " + c);
        }
    }

    @Test
    void id3TagsBeforeAndAfterTheStreamAreSkipped() throws IOException {
        byte[] flac = resource("mono16-lpc.flac");
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 1, 72}); // syncsafe size 1 x 128 + 72 = 200
        o.writeBytes(new byte[200]);
        o.writeBytes(flac);
        byte[] v1 = new byte[128];
        v1[0] = 'T';
        v1[1] = 'A';
        v1[2] = 'G';
        o.writeBytes(v1);
        assertArrayEquals(FlacDecoder.decode(flac, "plain").channels()[0], FlacDecoder.decode(o.toByteArray(), "tagged").channels()[0]);
    }

    @Test
    void damageIsReportedWithWhereItIs() throws IOException {
        byte[] good = resource("stereo16-midside.flac");
        int frames = firstFrame(good);
        // a flipped bit inside the first frame's audio: the frame CRC-16 no longer matches
        byte[] flipped = good.clone();
        flipped[frames + 40] ^= 0x10;
        assertMessage(flipped, "CRC");
        // a flipped bit in the frame header: CRC-8
        byte[] header = good.clone();
        header[frames + 2] ^= 0x01;
        assertMessage(header, "CRC-8");
        // cut: the frames end early
        assertMessage(Arrays.copyOf(good, good.length - 100), "ends");
        // bytes after the last frame
        byte[] trailing = Arrays.copyOf(good, good.length + 5);
        assertMessage(trailing, "no FLAC frame sync code");
        // the MD5 in STREAMINFO (bytes 18-33 of the block, which starts at byte 8) no longer matches
        byte[] md5 = good.clone();
        md5[8 + 20] ^= 0x01;
        assertMessage(md5, "MD5");
        // a metadata block longer than the file
        byte[] longBlock = good.clone();
        longBlock[5] = 0x7F;
        assertMessage(longBlock, "declares");
        // STREAMINFO not first
        byte[] notFirst = good.clone();
        notFirst[4] = (byte) ((notFirst[4] & 0x80) | 4);
        assertMessage(notFirst, "STREAMINFO must come first");
        // an ID3v2 tag followed by something that is not FLAC
        assertMessage(new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0, 'x', 'y', 'z', 'w'}, "not a FLAC file");
    }

    /** Frames of 65,535 samples in 12 bytes each (CONSTANT subframes): the output cap applies, not the memory. */
    @Test
    void outputIsCapped() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(new byte[] {'f', 'L', 'a', 'C', (byte) 0x80, 0, 0, 34});
        byte[] si = new byte[34];
        si[0] = 0;
        si[1] = 16;                       // min block 16
        si[2] = (byte) 0xFF;
        si[3] = (byte) 0xFF;              // max block 65535
        // sample rate 16000 (20 bits) | channels-1 = 0 (3) | bits-1 = 15 (5) | total samples 0 (36)
        long packed = (16000L << 44) | (15L << 36);
        for (int i = 0; i < 8; i++) {
            si[10 + i] = (byte) (packed >>> (56 - 8 * i));
        }
        o.writeBytes(si);
        for (int f = 0; f < 5; f++) {
            byte[] h = {(byte) 0xFF, (byte) 0xF8, 0x70, 0x08, (byte) f, (byte) 0xFF, (byte) 0xFE};
            o.writeBytes(h);
            o.write(FlacDecoder.Crc.crc8(h, 0, h.length));
            byte[] frame = Arrays.copyOf(h, h.length + 4);
            frame[h.length] = (byte) FlacDecoder.Crc.crc8(h, 0, h.length);
            frame[h.length + 1] = 0;      // CONSTANT subframe, no wasted bits
            frame[h.length + 2] = 0x01;   // value 0x0123
            frame[h.length + 3] = 0x23;
            o.write(0);
            o.write(0x01);
            o.write(0x23);
            int crc = FlacDecoder.Crc.crc16(frame, 0, frame.length);
            o.write(crc >>> 8);
            o.write(crc);
        }
        byte[] file = o.toByteArray();
        AudioClip five = FlacDecoder.decode(file, "five", 5 * 65535);
        assertEquals(5 * 65535, five.frames());
        assertEquals(0x0123 / 32768f, five.channels()[0][5 * 65535 - 1], 0f);
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> FlacDecoder.decode(file, "capped", 4 * 65535));
        assertTrue(e.getMessage().contains("more than " + 4 * 65535 + " samples"), e.getMessage());
    }

    /** CRC-8 / CRC-16 check values of the standard "123456789" test (CRC-8/SMBUS 0xF4, CRC-16/UMTS 0xFEE8). */
    @Test
    void crcsMatchTheirCatalogueCheckValues() {
        byte[] nine = "123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(0xF4, FlacDecoder.Crc.crc8(nine, 0, nine.length));
        assertEquals(0xFEE8, FlacDecoder.Crc.crc16(nine, 0, nine.length));
    }

    private static int firstFrame(byte[] flac) {
        int p = 4;
        boolean last = false;
        while (!last) {
            last = (flac[p] & 0x80) != 0;
            p += 4 + (((flac[p + 1] & 0xFF) << 16) | ((flac[p + 2] & 0xFF) << 8) | (flac[p + 3] & 0xFF));
        }
        return p;
    }

    private static void assertMessage(byte[] file, String part) {
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> AudioIo.read(file, "bad.flac"));
        assertTrue(e.getMessage().startsWith("bad.flac: ") && e.getMessage().contains(part), e.getMessage());
    }
}
