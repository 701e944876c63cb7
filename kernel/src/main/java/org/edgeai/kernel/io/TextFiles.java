package org.edgeai.kernel.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the platform's text inputs (g2o and BAL files, manifests, CSV tables, search journals) as
 * UTF-8, so that a binary or wrongly encoded file is reported as such, with its name and line,
 * instead of as the JDK's bare {@code MalformedInputException: Input length = 1}.
 *
 * @implNote Stateless; thread-safe. Each reader returned is for one thread.
 */
public final class TextFiles {
    private TextFiles() {
    }

    /**
     * A decoding failure: the file is not UTF-8 text.
     */
    public static final class NotTextException extends IOException {
        private static final long serialVersionUID = 1L;

        private final int line;

        NotTextException(Path file, int line, CharacterCodingException cause) {
            super(file + ":" + line + ": not UTF-8 text (binary or wrongly encoded file)", cause);
            this.line = line;
        }

        /** @return the 1-based line holding the first byte sequence that is not UTF-8 */
        public int line() {
            return line;
        }
    }

    /**
     * Opens {@code file} for reading lines; malformed input fails {@link BufferedReader#readLine()}
     * with a {@link NotTextException} naming the file and the 1-based line of the first byte sequence
     * that is not UTF-8 (found by re-reading the file once, on that error path only).
     *
     * @param file the file
     * @return a reader (the caller closes it); a leading UTF-8 byte-order mark (U+FEFF, as Windows tools write) is
     *         removed from the first line, so headers and tags compare equal to what they look like
     * @throws IOException if the file cannot be opened
     */
    public static BufferedReader newReader(Path file) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new NamingReader(file, new InputStreamReader(Files.newInputStream(file), decoder));
    }

    /**
     * @param file the file
     * @return every line, without terminators, in file order
     * @throws NotTextException if the file is not UTF-8 text
     * @throws IOException      if it cannot be read
     */
    public static List<String> readLines(Path file) throws IOException {
        try (BufferedReader r = newReader(file)) {
            List<String> lines = new ArrayList<>();
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                lines.add(l);
            }
            return lines;
        }
    }

    /**
     * @return the 1-based line of the first malformed or unmappable UTF-8 sequence in {@code file},
     *         or the line after the last one if the whole file decodes (it changed since)
     */
    static int firstBadLine(Path file) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int line = 1;
        ByteBuffer in = ByteBuffer.allocate(1 << 16);
        CharBuffer out = CharBuffer.allocate(1 << 16);
        try (InputStream s = Files.newInputStream(file)) {
            boolean eof = false;
            while (true) {
                int n = eof ? -1 : s.read(in.array(), in.position(), in.remaining());
                if (n < 0) {
                    eof = true;
                } else {
                    in.position(in.position() + n);
                }
                in.flip();
                int start = in.position();
                CoderResult r = decoder.decode(in, out, eof);
                for (int i = start; i < in.position(); i++) {
                    if (in.get(i) == '\n') {
                        line++;
                    }
                }
                if (r.isError()) {
                    return line;
                }
                out.clear();
                if (eof && !r.isOverflow()) {
                    return line;
                }
                in.compact();
            }
        }
    }

    /** A reader whose {@link #readLine()} names the file and the line when the bytes are not UTF-8. */
    private static final class NamingReader extends BufferedReader {
        private final Path file;

        NamingReader(Path file, InputStreamReader in) {
            super(in);
            this.file = file;
        }

        private boolean firstLine = true;

        @Override
        public String readLine() throws IOException {
            try {
                String l = super.readLine();
                if (firstLine) {
                    firstLine = false;
                    if (l != null && l.startsWith("\uFEFF")) {
                        l = l.substring(1);
                    }
                }
                return l;
            } catch (CharacterCodingException e) {
                throw new NotTextException(file, firstBadLine(file), e);
            }
        }
    }
}
