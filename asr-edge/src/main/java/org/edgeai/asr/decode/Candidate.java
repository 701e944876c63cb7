package org.edgeai.asr.decode;

import java.util.List;
import java.util.Objects;

/**
 * One complete hypothesis of a segment from a beam search's final n-best list.
 *
 * @param text  the words separated by single spaces (empty for no output)
 * @param words the words with timings, in order (same words as {@code text})
 * @param score the search's final score ({@code ln p} of the model over the prefix's merged
 *              alignments plus the LM and word-bonus terms of the search's config, sentence end
 *              included); only comparable within one list
 */
public record Candidate(String text, List<WordTiming> words, double score) {
    /** @throws NullPointerException if a component is null */
    public Candidate {
        Objects.requireNonNull(text, "text");
        words = List.copyOf(words);
    }
}
