package org.edgeai.nas.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import org.edgeai.kernel.io.TextFiles;

/**
 * The append-only CSV journals that make the trainings of the NAS experiments resumable (search accuracies,
 * confirmations, zero-shot samples and retests, rechecks): one finished training per line, appended right after it
 * finishes. A crash can only cut the line being written, so a malformed <em>last</em> line is skipped (that
 * training is simply repeated); a malformed line anywhere else means the file was damaged or is not a journal, and is
 * an error naming the file and line. A last line without its line break is a cut line and is skipped even when it
 * parses ({@code net,91.25} cut to {@code net,9} would otherwise read as 9 %); the next append first removes it.
 *
 * <p>A journal may start with a settings line, {@code # settings: ...} ({@link #requireSettings}): what the journaled
 * results depend on beyond their key (epochs, batch, training seed, ...). A run with other settings is refused
 * instead of silently reusing results it would not have produced. Lines starting with {@code #} are not records.
 *
 * @implNote Stateless; appends are not synchronised (one writer per journal).
 */
public final class Journal {
    private Journal() {
    }

    /**
     * Reads a journal.
     *
     * @param journal journal file; null or absent reads as empty
     * @param format  the expected columns, for messages (e.g. {@code network,seed,accuracy})
     * @param fields  number of comma-separated fields per line
     * @param row     receives each line's fields in file order; may throw {@link IllegalArgumentException} (also a
     *                {@link NumberFormatException}) to mark the line malformed
     * @throws IllegalArgumentException if a line other than the last is malformed (message: {@code FILE:LINE})
     * @throws UncheckedIOException     if the file cannot be read
     */
    public static void read(Path journal, String format, int fields, Consumer<String[]> row) {
        if (journal == null || !Files.exists(journal)) {
            return;
        }
        List<String> lines;
        boolean cut;
        try {
            lines = TextFiles.readLines(journal);
            cut = !endsWithLineBreak(journal);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read journal " + journal + ": " + e.getMessage(), e);
        }
        for (int l = 0; l < lines.size(); l++) {
            String line = lines.get(l);
            if (line.isBlank() || line.startsWith("#") || (cut && l == lines.size() - 1)) {
                continue;
            }
            try {
                String[] f = line.split(",", -1);
                if (f.length != fields) {
                    throw new IllegalArgumentException("expected " + fields + " fields, got " + f.length);
                }
                row.accept(f);
            } catch (IllegalArgumentException e) {
                if (l < lines.size() - 1) {
                    throw new IllegalArgumentException(journal + ":" + (l + 1) + ": malformed journal line '" + line + "' (expected "
                            + format + ")", e);
                }
            }
        }
    }

    /** First characters of a journal's settings line. */
    public static final String SETTINGS_PREFIX = "# settings: ";

    /**
     * Binds a journal to the settings its results depend on: a new (absent or empty) journal gets the settings line;
     * an existing one must carry the same settings. A journal without a settings line (written before they existed)
     * is accepted as it is.
     *
     * @param journal  journal file; null does nothing (its directory must exist)
     * @param settings e.g. {@code epochs=3 batch=128 lr=0.01 train=10000 test=2000 seed=1}; empty does nothing
     * @throws IllegalArgumentException naming both settings if the journal was written with other settings
     * @throws UncheckedIOException     if the file cannot be read or written
     */
    public static void requireSettings(Path journal, String settings) {
        if (journal == null || settings == null || settings.isEmpty()) {
            return;
        }
        try {
            if (!Files.exists(journal) || Files.size(journal) == 0) {
                Files.writeString(journal, SETTINGS_PREFIX + settings + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                return;
            }
            String first;
            try (var r = TextFiles.newReader(journal)) {
                first = r.readLine();
            }
            if (first != null && first.startsWith(SETTINGS_PREFIX) && !first.substring(SETTINGS_PREFIX.length()).equals(settings)) {
                throw new IllegalArgumentException(journal + " holds results of a run with settings '"
                        + first.substring(SETTINGS_PREFIX.length()) + "'; this run has '" + settings
                        + "': they would be reused as if this run had produced them. Use another journal (or --work directory)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check journal " + journal + ": " + e.getMessage(), e);
        }
    }

    /** Truncates the file after its last line break: the cut record goes (its training is repeated and appended). */
    private static void dropCutLine(Path file) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long keep = 0;
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            for (long p = ch.size() - 1; p >= 0; p--) {
                b.clear();
                ch.read(b, p);
                if (b.get(0) == '\n') {
                    keep = p + 1;
                    break;
                }
            }
            ch.truncate(keep);
        }
    }

    private static boolean endsWithLineBreak(Path file) throws IOException {
        try (var ch = Files.newByteChannel(file)) {
            long size = ch.size();
            if (size == 0) {
                return true;
            }
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            ch.position(size - 1);
            ch.read(b);
            return b.get(0) == '\n';
        }
    }

    /**
     * Appends one line (a line break is added).
     *
     * @param journal journal file (created if absent); null does nothing
     * @param line    the line, without a line break
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void append(Path journal, String line) {
        if (journal == null) {
            return;
        }
        try {
            if (Files.exists(journal) && !endsWithLineBreak(journal)) {
                dropCutLine(journal);
            }
            Files.writeString(journal, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to journal " + journal + ": " + e.getMessage(), e);
        }
    }
}
