package org.edgeai.kernel.io;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Writes whole files atomically, so that a reader (or a crash) never sees a half-written file: the
 * content goes to a uniquely named temporary sibling ({@code .<name>.<pid>.<nanos>.tmp}, created
 * with the default permissions, in the same directory so that the rename stays on one file system),
 * which is then renamed over the target with {@code ATOMIC_MOVE} (falling back to a plain replacing
 * move where the file system cannot rename atomically). The temporary file's content is forced to the
 * device ({@code FileChannel.force}) before the rename, so after a power loss the target holds the old or the whole
 * new content, not an empty file. On any failure the temporary file is deleted and the target is left as it was.
 *
 * <p>The target's directory must exist (callers that want it created call
 * {@link Files#createDirectories} first).
 *
 * @implNote Stateless; thread-safe. Concurrent writers of one target each write their own temporary
 *           file; the last rename wins.
 */
public final class AtomicFiles {
    /** Produces a file's bytes. */
    @FunctionalInterface
    public interface StreamBody {
        /**
         * @param out the temporary file's stream (buffered; closed by the caller, do not close)
         * @throws IOException to abort the write
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /** Produces a file's text. */
    @FunctionalInterface
    public interface TextBody {
        /**
         * @param out the temporary file's UTF-8 writer (buffered; closed by the caller, do not close)
         * @throws IOException to abort the write
         */
        void writeTo(Writer out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * @param target file to create or replace
     * @param bytes  the whole content. Not modified.
     * @throws IOException          if the directory does not exist (the message names it) or writing
     *                              or renaming fails; the target is then untouched
     * @throws NullPointerException if an argument is null
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Objects.requireNonNull(bytes, "bytes");
        write(target, out -> out.write(bytes));
    }

    /**
     * @param target file to create or replace
     * @param body   writes the content
     * @throws IOException          if the directory does not exist (the message names it), the body
     *                              throws, or writing or renaming fails; the target is then untouched
     * @throws NullPointerException if an argument is null
     */
    public static void write(Path target, StreamBody body) throws IOException {
        Objects.requireNonNull(body, "body");
        Path abs = target.toAbsolutePath();
        Path tmp = temporarySibling(target, abs);
        try {
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                // a body that closes its stream (against the contract) only flushes it: the channel stays open for force
                OutputStream out = new BufferedOutputStream(new java.io.FilterOutputStream(java.nio.channels.Channels.newOutputStream(ch)) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        this.out.write(b, off, len);
                    }

                    @Override
                    public void close() throws IOException {
                        flush();
                    }
                }, 1 << 16);
                body.writeTo(out);
                out.flush();
                // the content reaches the disk before the rename: after a power loss the target is the old file or
                // the whole new one, never an empty or truncated one (ext4 data=writeback, XFS, btrfs)
                ch.force(true);
            }
            moveOver(tmp, abs);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * @param target file to create or replace
     * @param body   writes the content as text, encoded as UTF-8
     * @throws IOException          as {@link #write(Path, StreamBody)}
     * @throws NullPointerException if an argument is null
     */
    public static void writeText(Path target, TextBody body) throws IOException {
        Objects.requireNonNull(body, "body");
        write(target, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            body.writeTo(w);
            w.flush();
        });
    }

    private static Path temporarySibling(Path target, Path abs) throws IOException {
        Path dir = abs.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IOException("cannot write " + target + ": directory " + dir + " does not exist");
        }
        return abs.resolveSibling("." + abs.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".tmp");
    }

    private static void moveOver(Path tmp, Path abs) throws IOException {
        try {
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
