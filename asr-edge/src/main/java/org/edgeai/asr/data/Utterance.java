package org.edgeai.asr.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One manifest entry.
 *
 * @param id         utterance id (file name without extension)
 * @param audio      absolute audio path
 * @param durationS  duration in seconds as the manifest states it
 * @param speakerId  speaker id
 * @param transcript reference transcript, lower case, single spaces
 */
public record Utterance(String id, Path audio, double durationS, String speakerId, String transcript) {
    /** @throws NullPointerException if a field is null */
    public Utterance {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(speakerId, "speakerId");
        Objects.requireNonNull(transcript, "transcript");
    }
}
