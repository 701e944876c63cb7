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
     * @param order n-gram order
     * @throws IOException if unreadable
     */
    public static WordNgramLm fromManifest(Path trainManifest, int order) throws IOException {
        List<String> texts = new ArrayList<>();
        for (Utterance u : Manifest.read(trainManifest)) {
            texts.add(u.transcript());
        }
        return new WordNgramLm(Lexicon.fromTranscripts(texts), texts, order);
    }
}
