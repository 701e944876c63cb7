package org.edgeai.kernel.audio;

/** An audio file is malformed or uses an unsupported encoding; the message names the file and the problem. */
public class AudioFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message the file and what is wrong with it */
    public AudioFormatException(String message) {
        super(message);
    }

    /** @param message the file and what is wrong @param cause underlying problem */
    public AudioFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
