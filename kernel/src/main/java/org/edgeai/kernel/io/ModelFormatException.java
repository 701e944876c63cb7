package org.edgeai.kernel.io;

/**
 * A model or diff file is malformed: wrong magic, unsupported version, truncated, checksum
 * mismatch, or an inconsistent tensor entry. The message names the file (when known) and the
 * problem with the actual and expected values.
 */
public class ModelFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, with actual and expected values */
    public ModelFormatException(String message) {
        super(message);
    }

    /** @param message what is wrong @param cause underlying problem */
    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
