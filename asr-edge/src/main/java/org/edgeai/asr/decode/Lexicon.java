package org.edgeai.asr.decode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edgeai.asr.data.CharVocabulary;

/**
 * A closed word list as a character trie over token ids, used to constrain beam search to
 * in-vocabulary words (lexicon-constrained CTC decoding, as in Hannun et al. 2014 and Graves and
 * Jaitly 2014).
 *
 * @implNote Immutable after construction; thread-safe.
 */
public final class Lexicon {
    /** A trie node: children by token id, and the word id if a word ends here (else -1). */
    public static final class Node {
        private final Node[] children = new Node[CharVocabulary.SIZE];
        private int wordId = -1;

        /** @return the child for token {@code id}, or null */
        public Node child(int id) {
            return children[id];
        }

        /** @return the id of the word ending here, or -1 */
        public int wordId() {
            return wordId;
        }
    }

    private final Node root = new Node();
    private final List<String> words = new ArrayList<>();
    private final Map<String, Integer> ids = new HashMap<>();

    /**
     * @param vocabulary words (a-z and apostrophes); duplicates ignored
     * @throws IllegalArgumentException if a word is empty or has other characters
     */
    public Lexicon(Collection<String> vocabulary) {
        for (String w : vocabulary) {
            if (w.isEmpty() || w.contains(" ") || !CharVocabulary.encodable(w)) {
                throw new IllegalArgumentException("lexicon word '" + w + "' must be non-empty a-z/apostrophe without spaces");
            }
            if (ids.containsKey(w)) {
                continue;
            }
            Node n = root;
            for (int t : CharVocabulary.encode(w)) {
                if (n.children[t] == null) {
                    n.children[t] = new Node();
                }
                n = n.children[t];
            }
            n.wordId = words.size();
            ids.put(w, words.size());
            words.add(w);
        }
    }

    /** @return the lexicon of every word in {@code transcripts}, in first-seen order */
    public static Lexicon fromTranscripts(Collection<String> transcripts) {
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (String t : transcripts) {
            for (String w : t.trim().split("\\s+")) {
                if (!w.isEmpty()) {
                    seen.put(w, true);
                }
            }
        }
        return new Lexicon(seen.keySet());
    }

    /** @return the trie root */
    public Node root() {
        return root;
    }

    /** @return number of words */
    public int size() {
        return words.size();
    }

    /** @return the word with id {@code id} */
    public String word(int id) {
        return words.get(id);
    }

    /** @return the id of {@code w}, or -1 if out of vocabulary */
    public int id(String w) {
        return ids.getOrDefault(w, -1);
    }

    /** @return the words in id order (unmodifiable) */
    public List<String> words() {
        return java.util.Collections.unmodifiableList(words);
    }
}
