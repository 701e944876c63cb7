package org.edgeai.asr;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.edgeai.asr.data.Manifest;
import org.edgeai.asr.data.Utterance;
import org.edgeai.asr.decode.Lexicon;
import org.edgeai.asr.decode.WordBigramLm;

/**
 * Builds the decoder's lexicon and word bigram LM from a training manifest's transcripts (for AN4:
 * {@code an4/train.tsv}, 94 words). Only training transcripts are used, never dev or test.
 *
 * @implNote Stateless; thread-safe.
 */
public final class LanguageResources {
    private LanguageResources() {
    }

    /**
     * @param trainManifest a manifest whose transcripts define the vocabulary and LM
     * @throws IOException if unreadable
     * @throws IllegalArgumentException if malformed
     */
    public static WordBigramLm fromManifest(Path trainManifest) throws IOException {
        List<String> texts = new ArrayList<>();
        for (Utterance u : Manifest.read(trainManifest)) {
            texts.add(u.transcript());
        }
        return new WordBigramLm(Lexicon.fromTranscripts(texts), texts);
    }
}
