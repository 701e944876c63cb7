package org.edgeai.kernel.audio;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A strict FLAC decoder for whole files in memory (format: RFC 9639, "Free Lossless Audio Codec").
 *
 * <p>Why our own: jflac-codec 1.5.2, the FLAC decoder used until then (no maintained pure-Java FLAC
 * decoder was found on Maven Central), failed on hostile input in three ways that fuzzing found
 * within minutes ({@code ParserFuzzTest#audio}):
 * an {@link OutOfMemoryError} from a VORBIS_COMMENT count, and two infinite loops (after the declared
 * sample count, and on an undecodable frame) that no caller can interrupt. This decoder moves forward
 * through the file at every step, sizes nothing from a count it has not checked against the bytes present, and
 * stops at the first inconsistency with a message giving the byte offset.
 *
 * <p>Supported: every subframe type (CONSTANT, VERBATIM, FIXED orders 0-4, LPC orders 1-32), Rice and
 * Rice2 partitioned residuals with escape partitions, wasted bits, the three stereo decorrelations,
 * 4-32 bits per sample, 1-8 channels, fixed and variable block sizes. Checked: the frame header's
 * CRC-8 and the frame's CRC-16, frame parameters against STREAMINFO, the total sample count when
 * STREAMINFO gives one, and the MD5 of the decoded samples when STREAMINFO gives one. Metadata
 * blocks other than STREAMINFO are length-checked and skipped; an ID3v2 tag before the stream and an
 * ID3v1 tag after it are skipped. Not supported: Ogg-encapsulated FLAC, and resynchronising after a
 * damaged frame (the file is refused instead).
 *
 * @implNote Stateless; thread-safe. Output is capped at {@link #MAX_SAMPLES} samples over all
 *           channels (a few bytes of constant subframes can declare 65,535 samples each).
 */
final class FlacDecoder {
    /** Most samples (all channels together) one file may decode to: 2^27, 512 MiB of floats. */
    static final long MAX_SAMPLES = 1L << 27;

    private static final int STREAMINFO_BYTES = 34;

    private FlacDecoder() {
    }

    /** @return whether the bytes start like a FLAC file (marker, or an ID3v2 tag that may precede one) */
    static boolean looksLikeFlac(byte[] head) {
        return startsWith(head, 0, "fLaC") || startsWith(head, 0, "ID3");
    }

    /**
     * @param file the whole file. Not modified.
     * @param what a name for error messages
     * @return the decoded audio, samples divided by 2^(bits-1)
     * @throws AudioFormatException naming {@code what} (and the byte offset) if the bytes are not a valid,
     *                              complete FLAC stream of a supported kind
     */
    static AudioClip decode(byte[] file, String what) {
        return decode(file, what, MAX_SAMPLES);
    }

    /** {@link #decode(byte[], String)} with another output cap (tests). */
    static AudioClip decode(byte[] file, String what, long maxSamples) {
        return decode(file, what, maxSamples, true);
    }

    /**
     * @param verifyChecksums false only for fuzzing, so that mutated frames reach the subframe decoder
     *                        instead of stopping at their CRCs and the MD5
     */
    static AudioClip decode(byte[] file, String what, long maxSamples, boolean verifyChecksums) {
        int p = skipId3v2(file);
        if (!startsWith(file, p, "fLaC")) {
            throw new AudioFormatException(what + ": not a FLAC file (no fLaC marker at byte " + p + ")");
        }
        p += 4;
        StreamInfo info = null;
        boolean last = false;
        while (!last) {
            if (file.length - p < 4) {
                throw new AudioFormatException(what + ": FLAC metadata ends inside a block header at byte " + p);
            }
            int h = file[p] & 0xFF;
            last = (h & 0x80) != 0;
            int type = h & 0x7F;
            int length = ((file[p + 1] & 0xFF) << 16) | ((file[p + 2] & 0xFF) << 8) | (file[p + 3] & 0xFF);
            if (type == 127) {
                throw new AudioFormatException(what + ": FLAC metadata block of the invalid type 127 at byte " + p);
            }
            p += 4;
            if (length > file.length - p) {
                throw new AudioFormatException(what + ": FLAC metadata block of type " + type + " declares " + length
                        + " bytes, only " + (file.length - p) + " remain (truncated or corrupt)");
            }
            if (type == 0) {
                if (info != null) {
                    throw new AudioFormatException(what + ": FLAC file has two STREAMINFO blocks");
                }
                if (length != STREAMINFO_BYTES) {
                    throw new AudioFormatException(what + ": FLAC STREAMINFO block of " + length + " bytes, expected "
                            + STREAMINFO_BYTES);
                }
                info = StreamInfo.parse(file, p, what);
            } else if (info == null) {
                throw new AudioFormatException(what + ": FLAC metadata starts with a block of type " + type
                        + ", STREAMINFO must come first");
            }
            p += length;
        }
        return new Frames(file, p, info, what, maxSamples, verifyChecksums).decodeAll();
    }

    /** STREAMINFO fields the decoder uses (RFC 9639, STREAMINFO block). */
    private record StreamInfo(int minBlock, int maxBlock, int sampleRate, int channels, int bits, long totalSamples,
                              byte[] md5) {
        static StreamInfo parse(byte[] b, int p, String what) {
            BitReader r = new BitReader(b, p, p + STREAMINFO_BYTES, what);
            int minBlock = r.bits(16);
            int maxBlock = r.bits(16);
            r.bits(24);
            r.bits(24);
            int rate = r.bits(20);
            int channels = r.bits(3) + 1;
            int bits = r.bits(5) + 1;
            long total = ((long) r.bits(4) << 32) | (r.bits(32) & 0xFFFFFFFFL);
            byte[] md5 = Arrays.copyOfRange(b, p + 18, p + 34);
            if (minBlock < 16 || maxBlock < minBlock) {
                throw new AudioFormatException(what + ": FLAC STREAMINFO block sizes " + minBlock + ".." + maxBlock
                        + " (the minimum is 16)");
            }
            if (rate == 0) {
                throw new AudioFormatException(what + ": FLAC STREAMINFO sample rate 0");
            }
            if (bits < 4) {
                throw new AudioFormatException(what + ": FLAC STREAMINFO gives " + bits + " bits per sample (at least 4)");
            }
            return new StreamInfo(minBlock, maxBlock, rate, channels, bits, total, md5);
        }
    }

    /** The frame loop: one decoder per file. */
    private static final class Frames {
        private final byte[] file;
        private final StreamInfo info;
        private final String what;
        private int pos;
        private final int[][] out;
        private final long maxSamples;
        private final boolean verify;
        private int frames;

        Frames(byte[] file, int pos, StreamInfo info, String what, long maxSamples, boolean verify) {
            this.file = file;
            this.pos = pos;
            this.info = info;
            this.what = what;
            this.maxSamples = maxSamples;
            this.verify = verify;
            this.out = new int[info.channels][];
        }

        AudioClip decodeAll() {
            int end = file.length;
            if (end - pos >= 128 && startsWith(file, end - 128, "TAG")) {
                end -= 128; // ID3v1 tag
            }
            long declared = info.totalSamples;
            for (int c = 0; c < info.channels; c++) {
                out[c] = new int[1 << 16]; // grown by doubling: a declared total is not trusted for allocation
            }
            long n = 0;
            long[][] block = new long[info.channels][];
            while (pos < end) {
                int bs = decodeFrame(end, block);
                if (n + bs > maxSamples / info.channels) {
                    throw new AudioFormatException(what + ": FLAC stream decodes to more than " + maxSamples
                            + " samples (limit)");
                }
                if (declared > 0 && n + bs > declared) {
                    throw new AudioFormatException(what + ": FLAC frames hold more than the " + declared
                            + " samples STREAMINFO declares (at byte " + pos + ")");
                }
                for (int c = 0; c < info.channels; c++) {
                    if (out[c].length < n + bs) {
                        out[c] = Arrays.copyOf(out[c], (int) Math.min(maxSamples / info.channels,
                                Math.max(n + bs, 2L * out[c].length)));
                    }
                    for (int i = 0; i < bs; i++) {
                        out[c][(int) n + i] = (int) block[c][i];
                    }
                }
                n += bs;
                frames++;
            }
            if (n == 0) {
                throw new AudioFormatException(what + ": FLAC file without audio frames");
            }
            if (declared > 0 && n != declared) {
                throw new AudioFormatException(what + ": truncated: FLAC STREAMINFO declares " + declared
                        + " samples, the frames hold " + n);
            }
            if (verify) {
                checkMd5((int) n);
            }
            float scale = (float) (1.0 / (1L << (info.bits - 1)));
            float[][] channels = new float[info.channels][(int) n];
            for (int c = 0; c < info.channels; c++) {
                for (int i = 0; i < n; i++) {
                    channels[c][i] = out[c][i] * scale;
                }
            }
            return new AudioClip(info.sampleRate, channels);
        }

        /** MD5 of the samples interleaved, each little-endian in ceil(bits / 8) bytes (RFC 9639, STREAMINFO). */
        private void checkMd5(int n) {
            boolean unset = true;
            for (byte b : info.md5) {
                unset &= b == 0;
            }
            if (unset) {
                return;
            }
            MessageDigest md;
            try {
                md = MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("MD5 is required by every Java platform", e);
            }
            int bytes = (info.bits + 7) / 8;
            byte[] buf = new byte[4096 * bytes * info.channels];
            int k = 0;
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < info.channels; c++) {
                    int v = out[c][i];
                    for (int j = 0; j < bytes; j++) {
                        buf[k++] = (byte) (v >> (8 * j));
                    }
                }
                if (k == buf.length) {
                    md.update(buf, 0, k);
                    k = 0;
                }
            }
            md.update(buf, 0, k);
            if (!MessageDigest.isEqual(md.digest(), info.md5)) {
                throw new AudioFormatException(what + ": FLAC audio does not match the MD5 in STREAMINFO (corrupt file)");
            }
        }

        /** Decodes the frame at {@link #pos} into {@code block} (grown as needed) and moves past it; returns its block size. */
        private int decodeFrame(int end, long[][] block) {
            int start = pos;
            BitReader r = new BitReader(file, pos, end, what);
            int sync = r.bits(15);
            if (sync != 0x7FFC) {
                throw new AudioFormatException(what + ": no FLAC frame sync code at byte " + start + " (frame "
                        + frames + "; corrupt data, or bytes after the last frame)");
            }
            r.bits(1); // blocking strategy: fixed or variable block size; the coded number below is not needed
            int bsCode = r.bits(4);
            int rateCode = r.bits(4);
            int chanCode = r.bits(4);
            int sizeCode = r.bits(3);
            if (r.bits(1) != 0) {
                fail(start, "reserved bit set in the frame header");
            }
            r.utf8Number(start);
            int bs = switch (bsCode) {
                case 0 -> fail(start, "reserved block size code 0");
                case 1 -> 192;
                case 2, 3, 4, 5 -> 576 << (bsCode - 2);
                case 6 -> r.bits(8) + 1;
                case 7 -> r.bits(16) + 1;
                default -> 256 << (bsCode - 8);
            };
            int rate = switch (rateCode) {
                case 0 -> info.sampleRate;
                case 1 -> 88200;
                case 2 -> 176400;
                case 3 -> 192000;
                case 4 -> 8000;
                case 5 -> 16000;
                case 6 -> 22050;
                case 7 -> 24000;
                case 8 -> 32000;
                case 9 -> 44100;
                case 10 -> 48000;
                case 11 -> 96000;
                case 12 -> r.bits(8) * 1000;
                case 13 -> r.bits(16);
                case 14 -> r.bits(16) * 10;
                default -> fail(start, "invalid sample rate code 15");
            };
            int bits = switch (sizeCode) {
                case 0 -> info.bits;
                case 1 -> 8;
                case 2 -> 12;
                case 4 -> 16;
                case 5 -> 20;
                case 6 -> 24;
                case 7 -> 32;
                default -> fail(start, "reserved sample size code 3");
            };
            int headerEnd = r.bytePosition();
            int crc8 = r.bits(8);
            if (verify && crc8 != Crc.crc8(file, start, headerEnd)) {
                fail(start, "frame header CRC-8 mismatch");
            }
            int channels = chanCode < 8 ? chanCode + 1 : chanCode <= 10 ? 2 : fail(start, "reserved channel assignment " + chanCode);
            if (channels != info.channels) {
                fail(start, channels + " channels, STREAMINFO says " + info.channels);
            }
            if (rate != info.sampleRate) {
                fail(start, "sample rate " + rate + " Hz, STREAMINFO says " + info.sampleRate);
            }
            if (bits != info.bits) {
                fail(start, bits + " bits per sample, STREAMINFO says " + info.bits);
            }
            if (bs > info.maxBlock) {
                fail(start, "block of " + bs + " samples, STREAMINFO's maximum is " + info.maxBlock);
            }
            for (int c = 0; c < channels; c++) {
                if (block[c] == null || block[c].length < bs) {
                    block[c] = new long[bs];
                }
                boolean side = chanCode == 8 && c == 1 || chanCode == 9 && c == 0 || chanCode == 10 && c == 1;
                subframe(r, block[c], bs, bits + (side ? 1 : 0), start);
            }
            decorrelate(chanCode, block, bs);
            r.alignToByte();
            int frameEnd = r.bytePosition();
            int crc16 = r.bits(16);
            if (verify && crc16 != Crc.crc16(file, start, frameEnd)) {
                fail(start, "frame CRC-16 mismatch");
            }
            pos = r.bytePosition();
            return bs;
        }

        private void subframe(BitReader r, long[] s, int bs, int bits, int start) {
            if (r.bits(1) != 0) {
                fail(start, "subframe padding bit set");
            }
            int type = r.bits(6);
            int wasted = 0;
            if (r.bits(1) == 1) {
                wasted = r.unary(bits - 1, start) + 1;
            }
            int b = bits - wasted;
            if (type == 0) {
                long v = r.signed(b);
                Arrays.fill(s, 0, bs, v);
            } else if (type == 1) {
                for (int i = 0; i < bs; i++) {
                    s[i] = r.signed(b);
                }
            } else if (type >= 8 && type <= 12) {
                int order = type - 8;
                warmUp(r, s, order, bs, b, start);
                residual(r, s, order, bs, start);
                fixedPredict(s, order, bs);
            } else if (type >= 32) {
                int order = type - 31;
                warmUp(r, s, order, bs, b, start);
                int precision = r.bits(4) + 1;
                if (precision == 16) {
                    fail(start, "invalid LPC coefficient precision");
                }
                int shift = (int) r.signed(5);
                if (shift < 0) {
                    fail(start, "negative LPC shift " + shift);
                }
                long[] coef = new long[order];
                for (int j = 0; j < order; j++) {
                    coef[j] = r.signed(precision);
                }
                residual(r, s, order, bs, start);
                for (int i = order; i < bs; i++) {
                    long sum = 0;
                    for (int j = 0; j < order; j++) {
                        sum += coef[j] * s[i - 1 - j];
                    }
                    s[i] += sum >> shift;
                }
            } else {
                fail(start, "reserved subframe type " + type);
            }
            if (wasted > 0) {
                for (int i = 0; i < bs; i++) {
                    s[i] <<= wasted;
                }
            }
        }

        private void warmUp(BitReader r, long[] s, int order, int bs, int bits, int start) {
            if (order > bs) {
                fail(start, "predictor order " + order + " above the block size " + bs);
            }
            for (int i = 0; i < order; i++) {
                s[i] = r.signed(bits);
            }
        }

        /** Partitioned Rice residual into s[order..bs) (RFC 9639, coded residual). */
        private void residual(BitReader r, long[] s, int order, int bs, int start) {
            int method = r.bits(2);
            if (method > 1) {
                fail(start, "reserved residual coding method " + method);
            }
            int paramBits = method == 0 ? 4 : 5;
            int escape = (1 << paramBits) - 1;
            int partOrder = r.bits(4);
            int parts = 1 << partOrder;
            if (bs % parts != 0 || (bs >> partOrder) < order) {
                fail(start, "partition order " + partOrder + " does not fit a block of " + bs + " with predictor order " + order);
            }
            int i = order;
            for (int part = 0; part < parts; part++) {
                int count = (bs >> partOrder) - (part == 0 ? order : 0);
                int param = r.bits(paramBits);
                if (param == escape) {
                    int n = r.bits(5);
                    for (int k = 0; k < count; k++) {
                        s[i++] = n == 0 ? 0 : r.signed(n);
                    }
                } else {
                    for (int k = 0; k < count; k++) {
                        long q = r.unary(Integer.MAX_VALUE, start);
                        long u = (q << param) | (param == 0 ? 0 : r.bits(param) & 0xFFFFFFFFL);
                        s[i++] = (u >>> 1) ^ -(u & 1);
                    }
                }
            }
        }

        private static void fixedPredict(long[] s, int order, int bs) {
            for (int i = order; i < bs; i++) {
                s[i] += switch (order) {
                    case 0 -> 0;
                    case 1 -> s[i - 1];
                    case 2 -> 2 * s[i - 1] - s[i - 2];
                    case 3 -> 3 * s[i - 1] - 3 * s[i - 2] + s[i - 3];
                    default -> 4 * s[i - 1] - 6 * s[i - 2] + 4 * s[i - 3] - s[i - 4];
                };
            }
        }

        private static void decorrelate(int chanCode, long[][] b, int bs) {
            if (chanCode < 8) {
                return;
            }
            long[] a = b[0];
            long[] c = b[1];
            for (int i = 0; i < bs; i++) {
                switch (chanCode) {
                    case 8 -> c[i] = a[i] - c[i];               // left/side: right = left - side
                    case 9 -> a[i] = a[i] + c[i];               // side/right: left = side + right
                    default -> {                                // mid/side
                        long mid = (a[i] << 1) | (c[i] & 1);
                        long side = c[i];
                        a[i] = (mid + side) >> 1;
                        c[i] = (mid - side) >> 1;
                    }
                }
            }
        }

        private int fail(int frameStart, String problem) {
            throw new AudioFormatException(what + ": FLAC frame " + frames + " at byte " + frameStart + ": " + problem);
        }
    }

    /** Big-endian bit reader over {@code [from, to)} of a byte array; reading past {@code to} is an error. */
    private static final class BitReader {
        private final byte[] b;
        private final int to;
        private final String what;
        private long bit;

        BitReader(byte[] b, int from, int to, String what) {
            this.b = b;
            this.to = to;
            this.what = what;
            this.bit = 8L * from;
        }

        int bytePosition() {
            return (int) (bit >>> 3);
        }

        void alignToByte() {
            bit = (bit + 7) & ~7L;
        }

        /** @return the next n (0-32) bits as an unsigned value in an int (n = 32: the raw bits) */
        int bits(int n) {
            if (bit + n > 8L * to) {
                throw new AudioFormatException(what + ": FLAC data ends at byte " + to + " in the middle of a frame or block");
            }
            long v = 0;
            for (int k = 0; k < n; ) {
                int byteIndex = (int) (bit >>> 3);
                int offset = (int) (bit & 7);
                int take = Math.min(8 - offset, n - k);
                int chunk = ((b[byteIndex] & 0xFF) >>> (8 - offset - take)) & ((1 << take) - 1);
                v = (v << take) | chunk;
                k += take;
                bit += take;
            }
            return (int) v;
        }

        /** @return an n-bit (1-33) two's-complement value */
        long signed(int n) {
            if (n > 32) {
                long hi = bits(n - 32) & 0xFFFFFFFFL;
                long lo = bits(32) & 0xFFFFFFFFL;
                long v = (hi << 32) | lo;
                return (v << (64 - n)) >> (64 - n);
            }
            if (n <= 0) {
                throw new AudioFormatException(what + ": FLAC subframe of " + n + " bits per sample");
            }
            long v = bits(n) & 0xFFFFFFFFL;
            return (v << (64 - n)) >> (64 - n);
        }

        /** @return the number of 0 bits before the next 1 bit, at most {@code limit} */
        int unary(int limit, int frameStart) {
            int q = 0;
            while (true) {
                if (bit >= 8L * to) {
                    throw new AudioFormatException(what + ": FLAC data ends at byte " + to + " inside a Rice code");
                }
                int byteIndex = (int) (bit >>> 3);
                int offset = (int) (bit & 7);
                int rest = (b[byteIndex] << (24 + offset)) & 0xFF000000;
                if (rest == 0) {
                    q += 8 - offset;
                    bit += 8 - offset;
                } else {
                    int z = Integer.numberOfLeadingZeros(rest);
                    q += z;
                    bit += z + 1;
                    break;
                }
                if (q > limit) {
                    break;
                }
            }
            if (q > limit) {
                throw new AudioFormatException(what + ": FLAC unary code of " + q + " zeros at frame byte " + frameStart
                        + " exceeds " + limit);
            }
            return q;
        }

        /** Skips the frame/sample number, coded like UTF-8 in 1-7 bytes (RFC 9639, coded number). */
        void utf8Number(int frameStart) {
            int first = bits(8);
            int extra;
            if ((first & 0x80) == 0) {
                extra = 0;
            } else if ((first & 0xE0) == 0xC0) {
                extra = 1;
            } else if ((first & 0xF0) == 0xE0) {
                extra = 2;
            } else if ((first & 0xF8) == 0xF0) {
                extra = 3;
            } else if ((first & 0xFC) == 0xF8) {
                extra = 4;
            } else if ((first & 0xFE) == 0xFC) {
                extra = 5;
            } else if (first == 0xFE) {
                extra = 6;
            } else {
                throw new AudioFormatException(what + ": FLAC frame at byte " + frameStart + ": invalid coded frame number");
            }
            for (int i = 0; i < extra; i++) {
                if ((bits(8) & 0xC0) != 0x80) {
                    throw new AudioFormatException(what + ": FLAC frame at byte " + frameStart + ": invalid coded frame number");
                }
            }
        }
    }

    /** The two CRCs of a FLAC frame (RFC 9639): CRC-8 poly 0x07 and CRC-16 poly 0x8005, initial value 0, MSB first. */
    static final class Crc {
        private static final int[] T8 = new int[256];
        private static final int[] T16 = new int[256];

        static {
            for (int i = 0; i < 256; i++) {
                int c = i;
                for (int k = 0; k < 8; k++) {
                    c = (c & 0x80) != 0 ? ((c << 1) ^ 0x07) & 0xFF : (c << 1) & 0xFF;
                }
                T8[i] = c;
                int d = i << 8;
                for (int k = 0; k < 8; k++) {
                    d = (d & 0x8000) != 0 ? ((d << 1) ^ 0x8005) & 0xFFFF : (d << 1) & 0xFFFF;
                }
                T16[i] = d;
            }
        }

        private Crc() {
        }

        static int crc8(byte[] b, int from, int to) {
            int c = 0;
            for (int i = from; i < to; i++) {
                c = T8[(c ^ b[i]) & 0xFF];
            }
            return c;
        }

        static int crc16(byte[] b, int from, int to) {
            int c = 0;
            for (int i = from; i < to; i++) {
                c = ((c << 8) ^ T16[((c >>> 8) ^ b[i]) & 0xFF]) & 0xFFFF;
            }
            return c;
        }
    }

    private static int skipId3v2(byte[] file) {
        if (!startsWith(file, 0, "ID3") || file.length < 10) {
            return 0;
        }
        long size = 0;
        for (int i = 6; i < 10; i++) {
            size = (size << 7) | (file[i] & 0x7F);
        }
        long start = 10 + size + ((file[5] & 0x10) != 0 ? 10 : 0);
        return (int) Math.min(start, file.length);
    }

    private static boolean startsWith(byte[] b, int at, String ascii) {
        if (at < 0 || b.length - at < ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (b[at + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
