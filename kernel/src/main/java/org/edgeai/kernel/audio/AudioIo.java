package org.edgeai.kernel.audio;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.edgeai.kernel.io.AtomicFiles;

/**
 * Reads and writes audio files through {@code javax.sound.sampled}, the JDK's audio file SPI.
 *
 * <p>Reading: WAV with PCM 8/16/24/32-bit or IEEE float 32/64-bit samples (including
 * WAVE_FORMAT_EXTENSIBLE), AIFF and AU through the JDK, FLAC through the kernel's own decoder, plus
 * any format whose {@code AudioFileReader} provider is on the class path. Writing: WAV, PCM
 * 16/24-bit or 32-bit float. Resampling is not done here (see the capability modules).
 *
 * <p>Errors name the file: {@link AudioFormatException} for an empty or truncated file, an
 * unsupported encoding, more than {@link #MAX_CHANNELS} channels, a decoder that stops making
 * progress, an invalid FLAC stream, or non-finite float samples; {@link IOException} for I/O
 * failures. FLAC is decoded by the kernel's own strict decoder ({@code FlacDecoder}, RFC 9639;
 * files are read into memory whole), not by a {@code javax.sound} provider.
 *
 * @implNote Stateless; thread-safe.
 */
public final class AudioIo {
    /**
     * Most channels a file may declare (third-order ambisonics has 16). A header declaring thousands
     * is corrupt, and the JDK's G.711 decoder never ends on one (found by fuzzing).
     */
    public static final int MAX_CHANNELS = 256;
    /** Zero-length reads in a row after which a decoder is taken to be stuck. */
    private static final int MAX_STALLED_READS = 64;

    private AudioIo() {
    }

    /**
     * Decodes a whole file.
     *
     * @return all channels as floats in [-1, 1] (integer PCM divided by 2^(bits-1))
     * @throws AudioFormatException if the file is empty, truncated, unsupported, or holds NaN/Inf
     * @throws IOException          if it cannot be read
     */
    public static AudioClip read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("audio file not found: " + file);
        }
        if (Files.size(file) == 0) {
            throw new AudioFormatException(file + ": empty file");
        }
        byte[] head = new byte[4];
        try (InputStream h = Files.newInputStream(file)) {
            head = Arrays.copyOf(head, h.readNBytes(head, 0, head.length));
        }
        if (FlacDecoder.looksLikeFlac(head)) {
            if (Files.size(file) > Integer.MAX_VALUE - 64) {
                throw new AudioFormatException(file + ": FLAC file over 2 GiB");
            }
            return FlacDecoder.decode(Files.readAllBytes(file), file.toString());
        }
        AudioInputStream in;
        try {
            in = AudioSystem.getAudioInputStream(file.toFile());
        } catch (UnsupportedAudioFileException e) {
            throw new AudioFormatException(file + ": not a supported audio file (" + e.getMessage()
                    + "); supported: WAV (PCM 8/16/24/32-bit, float 32/64-bit) and FLAC", e);
        } catch (IOException | RuntimeException e) {
            throw new AudioFormatException(file + ": malformed audio header (" + e + ")", e);
        }
        try (AudioInputStream s = in) {
            return decode(file.toString(), s);
        }
    }

    /**
     * Decodes an in-memory file (e.g. bytes received over the network).
     *
     * @param what a name for error messages
     * @throws AudioFormatException as {@link #read(Path)}
     */
    public static AudioClip read(byte[] fileBytes, String what) throws IOException {
        if (fileBytes.length == 0) {
            throw new AudioFormatException(what + ": empty file");
        }
        if (FlacDecoder.looksLikeFlac(fileBytes)) {
            return FlacDecoder.decode(fileBytes, what);
        }
        AudioInputStream in;
        try {
            in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(fileBytes));
        } catch (UnsupportedAudioFileException e) {
            throw new AudioFormatException(what + ": not a supported audio file (" + e.getMessage() + ")", e);
        } catch (IOException | RuntimeException e) {
            throw new AudioFormatException(what + ": malformed audio header (" + e + ")", e);
        }
        try (AudioInputStream s = in) {
            return decode(what, s);
        }
    }

    private static AudioClip decode(String what, AudioInputStream in) throws IOException {
        AudioFormat f = in.getFormat();
        AudioFormat.Encoding enc = f.getEncoding();
        boolean pcm = enc.equals(AudioFormat.Encoding.PCM_SIGNED) || enc.equals(AudioFormat.Encoding.PCM_UNSIGNED)
                || enc.equals(AudioFormat.Encoding.PCM_FLOAT);
        AudioInputStream src = in;
        if (!pcm) {
            // G.711 (mu-law, A-law) carries 8-bit codes whose decoders give 16-bit PCM only
            boolean g711 = enc.equals(AudioFormat.Encoding.ULAW) || enc.equals(AudioFormat.Encoding.ALAW);
            int bits = g711 || f.getSampleSizeInBits() <= 0 ? 16 : f.getSampleSizeInBits();
            AudioFormat target = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, f.getSampleRate(), bits, f.getChannels(),
                    f.getChannels() * ((bits + 7) / 8), f.getSampleRate(), false);
            try {
                src = AudioSystem.getAudioInputStream(target, in);
            } catch (IllegalArgumentException e) {
                throw new AudioFormatException(what + ": unsupported encoding " + enc + " (no decoder to PCM)", e);
            }
            f = src.getFormat();
            enc = f.getEncoding();
        }
        int channels = f.getChannels();
        if (channels > MAX_CHANNELS) {
            throw new AudioFormatException(what + ": " + channels + " channels declared, at most " + MAX_CHANNELS
                    + " are supported (corrupt header?)");
        }
        int bits = f.getSampleSizeInBits();
        int bytesPerSample = (bits + 7) / 8;
        if (channels <= 0 || bytesPerSample <= 0 || f.getFrameSize() != channels * bytesPerSample) {
            throw new AudioFormatException(what + ": unsupported frame layout (" + f + ")");
        }
        boolean isFloat = enc.equals(AudioFormat.Encoding.PCM_FLOAT);
        if (isFloat ? (bits != 32 && bits != 64) : (bits != 8 && bits != 16 && bits != 24 && bits != 32)) {
            throw new AudioFormatException(what + ": unsupported sample size " + bits + " bits for " + enc);
        }
        float rate = f.getSampleRate();
        if (!(rate >= 1) || rate != Math.rint(rate)) {
            throw new AudioFormatException(what + ": invalid sample rate " + rate);
        }
        byte[] data;
        try {
            data = readAll(what, src, f.getFrameSize());
        } catch (AudioFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new AudioFormatException(what + ": cannot decode audio data (" + e + ")", e);
        }
        int frameSize = f.getFrameSize();
        int frames = data.length / frameSize;
        // Only a PCM container's frame count is authoritative; decoders of compressed formats
        // report estimates that can exceed the true length of a valid file.
        long declared = pcm ? in.getFrameLength() : AudioSystem.NOT_SPECIFIED;
        if (declared != AudioSystem.NOT_SPECIFIED && declared > frames) {
            throw new AudioFormatException(what + ": truncated: header declares " + declared + " frames, file holds " + frames);
        }
        if (frames == 0) {
            throw new AudioFormatException(what + ": no audio samples");
        }
        float[][] out = new float[channels][frames];
        ByteBuffer b = ByteBuffer.wrap(data).order(f.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        boolean unsigned = enc.equals(AudioFormat.Encoding.PCM_UNSIGNED);
        for (int n = 0; n < frames; n++) {
            for (int c = 0; c < channels; c++) {
                int pos = n * frameSize + c * bytesPerSample;
                float v;
                if (isFloat) {
                    v = bits == 32 ? b.getFloat(pos) : (float) b.getDouble(pos);
                    if (!Float.isFinite(v)) {
                        throw new AudioFormatException(what + ": non-finite sample " + v + " at frame " + n + ", channel " + c);
                    }
                } else {
                    v = switch (bits) {
                        case 8 -> unsigned ? ((data[pos] & 0xFF) - 128) / 128f : data[pos] / 128f;
                        case 16 -> (unsigned ? (b.getShort(pos) & 0xFFFF) - 32768 : b.getShort(pos)) / 32768f;
                        case 24 -> int24(data, pos, f.isBigEndian()) / 8388608f;
                        default -> (float) (b.getInt(pos) / 2147483648.0);
                    };
                }
                out[c][n] = v;
            }
        }
        return new AudioClip(Math.round(rate), out);
    }

    /**
     * {@code readAllBytes} with a progress guard: {@link InputStream#readNBytes} retries a read that
     * returns 0 forever, which a format converter does on a frame it cannot fill.
     */
    private static byte[] readAll(String what, AudioInputStream in, int frameSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[Math.max(1, (1 << 16) / frameSize) * frameSize];
        int stalled = 0;
        for (int n; (n = in.read(buf, 0, buf.length)) != -1; ) {
            if (n == 0) {
                if (++stalled > MAX_STALLED_READS) {
                    throw new AudioFormatException(what + ": the audio decoder makes no progress after " + out.size()
                            + " bytes (corrupt header or data?)");
                }
                continue;
            }
            stalled = 0;
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static int int24(byte[] d, int p, boolean bigEndian) {
        int b0 = d[p] & 0xFF;
        int b1 = d[p + 1] & 0xFF;
        int b2 = d[p + 2];
        return bigEndian ? ((d[p] << 16) | (b1 << 8) | (d[p + 2] & 0xFF)) : ((b2 << 16) | (b1 << 8) | b0);
    }

    /** Sample encodings {@link #writeWav} can produce. */
    public enum WavEncoding {
        /** 16-bit signed PCM. */
        PCM16,
        /** 24-bit signed PCM. */
        PCM24,
        /** 32-bit IEEE float. */
        FLOAT32
    }

    /**
     * Writes a WAV file atomically (temporary file in the same directory, then moved into place).
     * Integer encodings round to nearest and clip to full scale.
     *
     * @param clip samples. Not modified.
     * @throws AudioFormatException if a sample is NaN or infinite (nothing is written)
     * @throws IOException          if writing fails (the target is left untouched)
     */
    public static void writeWav(Path file, AudioClip clip, WavEncoding encoding) throws IOException {
        byte[] bytes = toWavBytes(clip, encoding);
        AtomicFiles.write(file, bytes);
    }

    /**
     * @return a complete WAV file in memory
     * @throws AudioFormatException if a sample is not finite, or the audio data would exceed 2 GiB
     */
    public static byte[] toWavBytes(AudioClip clip, WavEncoding encoding) throws IOException {
        int ch = clip.channelCount();
        int frames = clip.frames();
        int bps = switch (encoding) {
            case PCM16 -> 2;
            case PCM24 -> 3;
            case FLOAT32 -> 4;
        };
        long dataBytes = (long) frames * ch * bps;
        if (dataBytes > Integer.MAX_VALUE - 64) {
            throw new AudioFormatException("cannot write " + frames + " frames x " + ch + " channel(s) x " + bps
                    + " bytes = " + dataBytes + " bytes as one in-memory WAV (limit 2 GiB); split the clip");
        }
        ByteBuffer b = ByteBuffer.allocate((int) dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int n = 0; n < frames; n++) {
            for (int c = 0; c < ch; c++) {
                float v = clip.channels()[c][n];
                if (!Float.isFinite(v)) {
                    throw new AudioFormatException("cannot write non-finite sample " + v + " at frame " + n + ", channel " + c);
                }
                switch (encoding) {
                    case PCM16 -> b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(v * 32768.0))));
                    case PCM24 -> {
                        int s = (int) Math.max(-8388608, Math.min(8388607, Math.round(v * 8388608.0)));
                        b.put((byte) s).put((byte) (s >> 8)).put((byte) (s >> 16));
                    }
                    case FLOAT32 -> b.putFloat(v);
                }
            }
        }
        AudioFormat f = encoding == WavEncoding.FLOAT32
                ? new AudioFormat(AudioFormat.Encoding.PCM_FLOAT, clip.sampleRateHz(), 32, ch, ch * 4, clip.sampleRateHz(), false)
                : new AudioFormat(clip.sampleRateHz(), bps * 8, ch, true, false);
        try (AudioInputStream s = new AudioInputStream(new ByteArrayInputStream(b.array()), f, frames)) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(b.capacity() + 80);
            AudioSystem.write(s, AudioFileFormat.Type.WAVE, out);
            return out.toByteArray();
        }
    }
}
