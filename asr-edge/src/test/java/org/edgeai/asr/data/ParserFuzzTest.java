package org.edgeai.asr.data;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.edgeai.kernel.io.TextFiles;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Coverage-guided fuzzing (Jazzer) of the manifest and speaker-table readers ({@code asr transcribe
 * --manifest}, {@code asr train}).
 *
 * <p>The property: every input is read or refused with an {@link IllegalArgumentException} whose
 * message names the file (and line), or {@link TextFiles.NotTextException} for bytes that are not
 * UTF-8; any other exception, an {@link OutOfMemoryError} or a hang (over 10 s on one input) is a
 * finding. Accepted utterances have a positive finite duration and a non-blank speaker.
 *
 * <p>A plain test run replays the committed inputs under
 * {@code src/test/resources/org/edgeai/asr/data/ParserFuzzTestInputs/<method>/}; {@code JAZZER_FUZZ=1}
 * fuzzes one method at a time (README "Fuzzing the parsers").
 */
class ParserFuzzTest {
    /** Shared by all inputs of a run (each input overwrites its file); removed by JUnit afterwards. */
    @TempDir
    static Path dir;

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void manifest(byte[] data) throws IOException {
        Path file = Files.write(dir.resolve("fuzz.tsv"), data);
        List<Utterance> us;
        try {
            us = Manifest.read(file);
        } catch (IllegalArgumentException | TextFiles.NotTextException e) {
            assertTrue(e.getMessage() != null && e.getMessage().startsWith(file.toString()), "the message names the file: " + e);
            return;
        }
        assertFalse(us.isEmpty());
        for (Utterance u : us) {
            assertTrue(u.durationS() > 0 && Double.isFinite(u.durationS()), "duration " + u.durationS());
            assertFalse(u.speakerId().isBlank(), "blank speaker");
            assertFalse(u.id().isEmpty(), "empty id");
        }
        try {
            Manifest.readGenders(file);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage() != null && e.getMessage().startsWith(file.toString()), "the message names the file: " + e);
        }
    }
}
