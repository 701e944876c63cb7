package org.edgeai.asr.stream;

import java.util.List;
import org.edgeai.asr.decode.WordTiming;

/**
 * One recognition event of a stream.
 *
 * @param isFinal true for the final result of a segment (after an endpoint or at end of stream);
 *                false for an interim hypothesis that may still change
 * @param text the hypothesis of the current segment
 * @param words words with timings (seconds from stream start); empty for interim results
 * @param audioTimeS stream time in seconds at which the event was produced (audio consumed so far)
 * @param endpoint true if a final came from endpoint detection (trailing silence) rather than end of stream
 */
public record RecognitionResult(boolean isFinal, String text, List<WordTiming> words, double audioTimeS, boolean endpoint) {
    /** Copies the word list. */
    public RecognitionResult {
        words = List.copyOf(words);
    }
}
