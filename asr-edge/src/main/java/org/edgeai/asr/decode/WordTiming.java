package org.edgeai.asr.decode;

/**
 * A recognized word and where it is in the audio.
 *
 * @param word the word
 * @param startS time of its first character's emission, seconds from the stream start
 * @param endS end of the encoder step of its last character's emission, seconds from the stream start
 */
public record WordTiming(String word, double startS, double endS) {
}
