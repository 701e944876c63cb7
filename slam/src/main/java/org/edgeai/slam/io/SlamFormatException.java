package org.edgeai.slam.io;

import java.nio.file.Path;

/**
 * A malformed input file: names the file, the 1-based line and what is wrong. Extends
 * {@link IllegalArgumentException} so that callers treating bad input uniformly can catch that.
 */
public final class SlamFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final int line;

    /**
     * @param file    the file (its name is used in the message)
     * @param line    1-based line number, or 0 if the problem is not tied to a line
     * @param problem what is wrong
     */
    public SlamFormatException(Path file, int line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
        this.file = file.toString();
        this.line = line;
    }

    /** @return the file path as given */
    public String file() {
        return file;
    }

    /** @return the 1-based line number, or 0 */
    public int line() {
        return line;
    }
}
