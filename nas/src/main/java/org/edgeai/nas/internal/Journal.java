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
 * an error naming the file and line.
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
        try {
            lines = TextFiles.readLines(journal);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read journal " + journal + ": " + e.getMessage(), e);
        }
        for (int l = 0; l < lines.size(); l++) {
            String line = lines.get(l);
            if (line.isBlank()) {
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
            Files.writeString(journal, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to journal " + journal + ": " + e.getMessage(), e);
        }
    }
}
