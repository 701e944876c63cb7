package org.edgeai.asr;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.edgeai.asr.data.Manifest;
import org.edgeai.asr.data.Utterance;
import org.edgeai.asr.decode.Lexicon;
import org.edgeai.asr.decode.WordNgramLm;

/**
 * Builds the decoder's lexicon and word n-gram LM from a training manifest's transcripts (for AN4:
 * {@code an4/train.tsv}, 94 words). Only training transcripts are used, never dev or test.
 *
 * @implNote Stateless; thread-safe.
 */
public final class LanguageResources {
    /** Default n-gram order (chosen on AN4 dev). */
    public static final int DEFAULT_ORDER = 3;

    private LanguageResources() {
    }

    /**
     * @param trainManifest a manifest whose transcripts define the vocabulary and LM
     * @throws IOException if unreadable
     * @throws IllegalArgumentException if malformed
     */
    public static WordNgramLm fromManifest(Path trainManifest) throws IOException {
        return fromManifest(trainManifest, DEFAULT_ORDER);
    }

    /**
     * Uses the transcripts the acoustic training uses too: non-blank and spelled only with {@link
     * org.edgeai.asr.data.CharVocabulary}'s characters (others, e.g. with digits or commas, are skipped, as in training).
     *
     * @param trainManifest a manifest whose transcripts define the vocabulary and LM
     * @param order         n-gram order
     * @return the language model over the transcripts' words
     * @throws IOException if unreadable
     * @throws IllegalArgumentException if malformed, or if no transcript is usable (message names the manifest)
     */
    public static WordNgramLm fromManifest(Path trainManifest, int order) throws IOException {
        List<String> texts = new ArrayList<>();
        for (Utterance u : Manifest.read(trainManifest)) {
            if (!u.transcript().isBlank() && org.edgeai.asr.data.CharVocabulary.encodable(u.transcript())) {
                texts.add(u.transcript());
            }
        }
        if (texts.isEmpty()) {
            throw new IllegalArgumentException(trainManifest + ": no transcript is spelled with the recognizer's characters "
                    + "(a-z, apostrophe, space) only, so there is nothing to build the language model from");
        }
        return new WordNgramLm(Lexicon.fromTranscripts(texts), texts, order);
    }
}
