package org.edgeai.asr.eval;

import java.util.List;
import org.edgeai.asr.decode.WordTiming;

/**
 * Recognition of one utterance.
 *
 * @param id utterance id
 * @param speaker speaker id
 * @param gender speaker gender from the speaker table ("F", "M"), or "?" if unknown
 * @param reference reference transcript
 * @param hypothesis recognized text (finals joined)
 * @param words word-level error counts
 * @param chars character-level error counts
 * @param audioS audio duration in seconds
 * @param cpuS CPU seconds of the recognizing thread (features, encoder, decoder)
 * @param speechEndS acoustic end of speech in seconds (energy threshold, see {@link Evaluator})
 * @param finalDelayS time of the endpoint final result minus {@code speechEndS}; NaN without an endpoint final
 * @param lastWordEndS model end time of the last recognized word; NaN if none
 * @param wordTimings the words with timings
 */
public record UtteranceResult(String id, String speaker, String gender, String reference, String hypothesis,
                              EditDistance.Counts words, EditDistance.Counts chars, double audioS, double cpuS,
                              double speechEndS, double finalDelayS, double lastWordEndS, List<WordTiming> wordTimings) {
}
