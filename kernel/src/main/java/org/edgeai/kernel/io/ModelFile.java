package org.edgeai.kernel.io;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.Tensor;
import org.edgeai.kernel.quant.QuantParams;

/**
 * The edgeai model file: a named, ordered list of tensors plus string metadata, protected by a
 * SHA-256 checksum. Modeled on RNNoise's {@code WeightHead} (magic, version, name/type/size per
 * array) with a payload hash added.
 *
 * <h2>Layout (version 1, all integers little-endian)</h2>
 * <pre>
 * offset  size  field
 *  0       8    magic 0x89 'E' 'A' 'I' 'M' '\r' '\n' 0x1A  (PNG-style: catches text-mode mangling)
 *  8       4    u32 format version (= 1)
 * 12       4    u32 flags (= 0, reserved)
 * 16       8    u64 payload length in bytes
 * 24      32    SHA-256 of the payload
 * 56       ...  payload:
 *                 str model name
 *                 u32 metadata count, then (str key, str value) pairs
 *                 u32 tensor count, then per tensor:
 *                   str name; u8 dtype code ({@link DType#code()}); u8 rank (0..8); u32 dims[rank]
 *                   u8 quantization kind: 0 none, 1 per-tensor, 2 per-channel
 *                     (kind 1, 2: i32 axis, u32 n, f32 scales[n], i32 zero points[n])
 *                   u64 data length (= numel * dtype size); data (elements little-endian, row-major)
 * str = u32 byte length + UTF-8 bytes
 * </pre>
 * Loading verifies magic, version, payload length against the file size, the checksum, that every
 * string is valid UTF-8, and every tensor entry (dtype, rank, dims, quantization, data length, unique names) before returning.
 * Writing goes to a temporary file that is atomically moved into place, so a crash never leaves a
 * half-written model.
 *
 * @param name     model name
 * @param metadata string key/value pairs (architecture, training command, metrics), in order
 * @param tensors  tensors by unique name, in order; contiguous
 */
public record ModelFile(String name, Map<String, String> metadata, Map<String, Tensor> tensors) {
    /** The current and only supported format version. */
    public static final int FORMAT_VERSION = 1;
    private static final byte[] MAGIC = {(byte) 0x89, 'E', 'A', 'I', 'M', '\r', '\n', 0x1A};
    private static final int HEADER_BYTES = 56;
    private static final int MAX_RANK = 8;
    private static final int MAX_STRING_BYTES = 1 << 20;

    /** Copies the maps (keeping order) and makes tensors contiguous. */
    public ModelFile {
        Objects.requireNonNull(name, "name");
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        LinkedHashMap<String, Tensor> t = new LinkedHashMap<>();
        tensors.forEach((k, v) -> t.put(k, v.contiguous()));
        tensors = Collections.unmodifiableMap(t);
    }

    /**
     * @param tensorName name of a tensor
     * @return the tensor
     * @throws ModelFormatException if the model has no tensor of that name (lists the names it has)
     */
    public Tensor tensor(String tensorName) {
        Tensor t = tensors.get(tensorName);
        if (t == null) {
            throw new ModelFormatException("model '" + name + "' has no tensor '" + tensorName + "'; it has " + tensors.keySet());
        }
        return t;
    }

    /**
     * @return the tensor's values as f32 (dequantized / widened; a copy)
     * @throws ModelFormatException if absent or if its shape differs from {@code expectedShape}
     *                              (when given)
     */
    public float[] floats(String tensorName, int... expectedShape) {
        Tensor t = tensor(tensorName);
        if (expectedShape.length > 0 && !Arrays.equals(t.shape(), expectedShape)) {
            throw new ModelFormatException("tensor '" + tensorName + "' of model '" + name + "' has shape "
                    + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(expectedShape));
        }
        return t.dtype() == DType.F32 ? t.f32().clone() : t.toF32().f32();
    }

    /**
     * @param key metadata key
     * @return the value
     * @throws ModelFormatException if absent
     */
    public String meta(String key) {
        String v = metadata.get(key);
        if (v == null) {
            throw new ModelFormatException("model '" + name + "' has no metadata '" + key + "'; it has " + metadata.keySet());
        }
        return v;
    }

    // ------------------------------------------------------------------------------------ writing

    /** @return the serialized file */
    public byte[] toBytes() {
        ByteSink p = new ByteSink();
        p.str(name);
        p.u32(metadata.size());
        metadata.forEach((k, v) -> {
            p.str(k);
            p.str(v);
        });
        p.u32(tensors.size());
        tensors.forEach((k, t) -> writeTensor(p, k, t));
        byte[] payload = p.toArray();
        ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).putInt(FORMAT_VERSION).putInt(0).putLong(payload.length).put(sha256(payload)).put(payload);
        return out.array();
    }

    /**
     * Writes atomically through {@link AtomicFiles} (a temporary sibling renamed over {@code file}); creates
     * missing parent directories.
     *
     * @throws IOException if writing fails (the target is left untouched)
     */
    public void write(Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        AtomicFiles.write(abs, toBytes());
    }

    private static void writeTensor(ByteSink p, String name, Tensor t) {
        p.str(name);
        p.u8(t.dtype().code());
        int[] shape = t.shape();
        if (shape.length > MAX_RANK) {
            throw new IllegalArgumentException("tensor '" + name + "' has rank " + shape.length + " > " + MAX_RANK);
        }
        p.u8(shape.length);
        for (int d : shape) {
            p.u32(d);
        }
        QuantParams q = t.quant();
        if (q == null) {
            p.u8(0);
        } else {
            p.u8(q.isPerTensor() ? 1 : 2);
            p.u32(q.axis());
            float[] s = q.scales();
            int[] z = q.zeroPoints();
            p.u32(s.length);
            for (float v : s) {
                p.f32(v);
            }
            for (int v : z) {
                p.u32(v);
            }
        }
        p.u64(t.byteSize());
        ByteBuffer b = ByteBuffer.allocate((int) t.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        switch (t.dtype()) {
            case F32 -> b.asFloatBuffer().put(t.f32(), t.offset(), t.numel());
            case F16 -> b.asShortBuffer().put(t.f16(), t.offset(), t.numel());
            case I8 -> b.put(t.i8(), t.offset(), t.numel());
            case I32 -> b.asIntBuffer().put(t.i32(), t.offset(), t.numel());
        }
        p.bytes(b.array());
    }

    // ------------------------------------------------------------------------------------ reading

    /**
     * Reads and fully verifies a model file.
     *
     * @throws IOException          if the file cannot be read
     * @throws ModelFormatException if it is not a valid model file (message names the file)
     */
    public static ModelFile read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 16) {
            throw new ModelFormatException(file + ": " + size + " bytes is larger than the 2 GiB model limit");
        }
        try {
            return parse(Files.readAllBytes(file));
        } catch (ModelFormatException e) {
            throw new ModelFormatException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses and fully verifies a serialized model.
     *
     * @param bytes the file contents. Not modified.
     * @throws ModelFormatException if the bytes are not a valid model
     */
    public static ModelFile parse(byte[] bytes) {
        if (bytes.length < HEADER_BYTES) {
            throw new ModelFormatException("truncated header: " + bytes.length + " bytes, a model file has at least " + HEADER_BYTES);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[MAGIC.length];
        in.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new ModelFormatException("not an edgeai model file: magic " + HexFormat.of().formatHex(magic)
                    + ", expected " + HexFormat.of().formatHex(MAGIC));
        }
        int version = in.getInt();
        if (version != FORMAT_VERSION) {
            throw new ModelFormatException("unsupported model format version " + Integer.toUnsignedString(version)
                    + " (this build reads version " + FORMAT_VERSION + ")");
        }
        int flags = in.getInt();
        if (flags != 0) {
            throw new ModelFormatException("unknown header flags 0x" + Integer.toHexString(flags));
        }
        long payloadLength = in.getLong();
        byte[] expectedHash = new byte[32];
        in.get(expectedHash);
        long actual = bytes.length - HEADER_BYTES;
        if (payloadLength != actual) {
            throw new ModelFormatException((payloadLength > actual ? "truncated" : "trailing bytes") + ": header declares "
                    + payloadLength + " payload bytes, file holds " + actual);
        }
        byte[] payload = Arrays.copyOfRange(bytes, HEADER_BYTES, bytes.length);
        byte[] hash = sha256(payload);
        if (!MessageDigest.isEqual(hash, expectedHash)) {
            throw new ModelFormatException("checksum mismatch (file corrupted): SHA-256 " + HexFormat.of().formatHex(hash)
                    + ", header says " + HexFormat.of().formatHex(expectedHash));
        }
        ByteBuffer p = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        try {
            String name = str(p);
            int metaCount = count(p, 8, "metadata entries");
            Map<String, String> meta = new LinkedHashMap<>();
            for (int i = 0; i < metaCount; i++) {
                String key = str(p);
                if (meta.put(key, str(p)) != null) {
                    throw new ModelFormatException("duplicate metadata key '" + key + "'");
                }
            }
            int tensorCount = count(p, 12, "tensors");
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (int i = 0; i < tensorCount; i++) {
                String tn = str(p);
                if (tensors.containsKey(tn)) {
                    throw new ModelFormatException("duplicate tensor name '" + tn + "'");
                }
                tensors.put(tn, readTensor(p, tn));
            }
            if (p.hasRemaining()) {
                throw new ModelFormatException(p.remaining() + " unparsed bytes after the last tensor");
            }
            return new ModelFile(name, meta, tensors);
        } catch (BufferUnderflowException e) {
            throw new ModelFormatException("payload ends in the middle of an entry", e);
        }
    }

    private static Tensor readTensor(ByteBuffer p, String name) {
        DType dtype;
        try {
            dtype = DType.ofCode(p.get() & 0xFF);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("tensor '" + name + "': " + e.getMessage());
        }
        int rank = p.get() & 0xFF;
        if (rank > MAX_RANK) {
            throw new ModelFormatException("tensor '" + name + "': rank " + rank + " > " + MAX_RANK);
        }
        int[] shape = new int[rank];
        for (int d = 0; d < rank; d++) {
            shape[d] = p.getInt();
            if (shape[d] < 0) {
                throw new ModelFormatException("tensor '" + name + "': negative dimension " + Integer.toUnsignedString(shape[d]));
            }
        }
        long numel;
        try {
            numel = Tensor.numel(shape);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("tensor '" + name + "': " + e.getMessage());
        }
        int qKind = p.get() & 0xFF;
        QuantParams q = null;
        if (qKind == 1 || qKind == 2) {
            int axis = p.getInt();
            int n = count(p, 8, "scales of tensor '" + name + "'");
            float[] s = new float[n];
            int[] z = new int[n];
            for (int i = 0; i < n; i++) {
                s[i] = p.getFloat();
            }
            for (int i = 0; i < n; i++) {
                z[i] = p.getInt();
            }
            if ((qKind == 1) != (axis == -1)) {
                throw new ModelFormatException("tensor '" + name + "': quantization kind " + qKind + " with axis " + axis);
            }
            try {
                q = new QuantParams(s, z, axis);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException("tensor '" + name + "': " + e.getMessage());
            }
        } else if (qKind != 0) {
            throw new ModelFormatException("tensor '" + name + "': unknown quantization kind " + qKind);
        }
        if (dtype == DType.I8 && q == null) {
            throw new ModelFormatException("tensor '" + name + "': I8 tensor without quantization parameters");
        }
        if (dtype != DType.I8 && q != null) {
            throw new ModelFormatException("tensor '" + name + "': quantization parameters on a " + dtype + " tensor");
        }
        long length = p.getLong();
        long expected = numel * dtype.byteSize();
        if (length != expected) {
            throw new ModelFormatException("tensor '" + name + "': data length " + length + " bytes, shape "
                    + Arrays.toString(shape) + " of " + dtype + " needs " + expected);
        }
        if (length > p.remaining()) {
            throw new ModelFormatException("tensor '" + name + "': data of " + length + " bytes exceeds the " + p.remaining() + " remaining");
        }
        ByteBuffer d = p.slice(p.position(), (int) length).order(ByteOrder.LITTLE_ENDIAN);
        p.position(p.position() + (int) length);
        int n = (int) numel;
        try {
            return switch (dtype) {
                case F32 -> {
                    float[] a = new float[n];
                    d.asFloatBuffer().get(a);
                    yield Tensor.ofF32(a, shape);
                }
                case F16 -> {
                    short[] a = new short[n];
                    d.asShortBuffer().get(a);
                    yield Tensor.ofF16(a, shape);
                }
                case I8 -> {
                    byte[] a = new byte[n];
                    d.get(a);
                    yield Tensor.ofI8(a, q, shape);
                }
                case I32 -> {
                    int[] a = new int[n];
                    d.asIntBuffer().get(a);
                    yield Tensor.ofI32(a, shape);
                }
            };
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("tensor '" + name + "': " + e.getMessage());
        }
    }

    private static int count(ByteBuffer p, int minBytesEach, String what) {
        long n = Integer.toUnsignedLong(p.getInt());
        if (n * minBytesEach > p.remaining()) {
            throw new ModelFormatException(n + " " + what + " cannot fit in the " + p.remaining() + " remaining bytes");
        }
        return (int) n;
    }

    private static String str(ByteBuffer p) {
        long n = Integer.toUnsignedLong(p.getInt());
        if (n > MAX_STRING_BYTES || n > p.remaining()) {
            throw new ModelFormatException("string of " + n + " bytes exceeds the limit or the remaining " + p.remaining() + " bytes");
        }
        byte[] b = new byte[(int) n];
        p.get(b);
        try {
            // strict: a lenient decode would turn bad bytes into U+FFFD and change the file's meaning
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new ModelFormatException("string of " + n + " bytes is not valid UTF-8 (" + e.getMessage() + ")", e);
        }
    }

    /** @return the SHA-256 of {@code data} */
    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Growable little-endian byte sink. */
    private static final class ByteSink {
        private ByteBuffer buf = ByteBuffer.allocate(1 << 12).order(ByteOrder.LITTLE_ENDIAN);

        private void ensure(int n) {
            if (buf.remaining() < n) {
                long cap = Math.max((long) buf.capacity() * 2, (long) buf.position() + n);
                if (cap > Integer.MAX_VALUE - 64) {
                    throw new IllegalArgumentException("model larger than 2 GiB");
                }
                ByteBuffer b = ByteBuffer.allocate((int) cap).order(ByteOrder.LITTLE_ENDIAN);
                buf.flip();
                b.put(buf);
                buf = b;
            }
        }

        void u8(int v) {
            ensure(1);
            buf.put((byte) v);
        }

        void u32(int v) {
            ensure(4);
            buf.putInt(v);
        }

        void u64(long v) {
            ensure(8);
            buf.putLong(v);
        }

        void f32(float v) {
            ensure(4);
            buf.putFloat(v);
        }

        void bytes(byte[] b) {
            ensure(b.length);
            buf.put(b);
        }

        void str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length > MAX_STRING_BYTES) {
                throw new IllegalArgumentException("string longer than " + MAX_STRING_BYTES + " bytes");
            }
            u32(b.length);
            bytes(b);
        }

        byte[] toArray() {
            return Arrays.copyOf(buf.array(), buf.position());
        }
    }
}
