package org.edgeai.asr.stream;

import java.util.List;

/**
 * A streaming recognizer of one 16 kHz mono audio stream: chunks in, interim and final results out.
 *
 * @implNote Implementations own per-stream state: not thread-safe, one per stream.
 */
public interface Recognizer {
    /**
     * Feeds one chunk of audio.
     *
     * @param pcm 16 kHz mono samples, full scale [-1, 1], from {@code offset}. Not modified.
     * @return the events this chunk produced: finals of segments that ended, then at most one
     *         interim result of the open segment (a new list)
     * @throws IndexOutOfBoundsException if the range lies outside {@code pcm}
     */
    List<RecognitionResult> accept(float[] pcm, int offset, int length);

    /**
     * Ends the stream: the open segment's hypothesis becomes final.
     *
     * @return the final result, or an empty list if the open segment has no speech
     */
    List<RecognitionResult> finish();

    /** Clears all state for a new stream. */
    void reset();
}
