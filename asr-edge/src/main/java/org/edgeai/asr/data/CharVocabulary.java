package org.edgeai.asr.data;

/**
 * The output alphabet: index 0 is the CTC/RNN-T blank, 1 the word space, 2 the apostrophe, 3..28
 * the letters a..z ({@value #SIZE} symbols).
 *
 * @implNote Stateless; thread-safe.
 */
public final class CharVocabulary {
    /** Number of output symbols including the blank. */
    public static final int SIZE = 29;
    /** The blank symbol. */
    public static final int BLANK = 0;
    /** The word separator. */
    public static final int SPACE = 1;
    /** The apostrophe. */
    public static final int APOSTROPHE = 2;

    private CharVocabulary() {
    }

    /**
     * @param text lower-case text of a-z, apostrophes and single spaces (upper case is folded)
     * @return token ids (no blanks)
     * @throws IllegalArgumentException on any other character (message gives it and its position)
     */
    public static int[] encode(String text) {
        String t = text.trim();
        int[] out = new int[t.length()];
        for (int i = 0; i < t.length(); i++) {
            out[i] = id(t.charAt(i), t, i);
        }
        return out;
    }

    private static int id(char c, String t, int i) {
        char l = Character.toLowerCase(c);
        if (l >= 'a' && l <= 'z') {
            return 3 + (l - 'a');
        }
        if (l == ' ') {
            return SPACE;
        }
        if (l == '\'') {
            return APOSTROPHE;
        }
        throw new IllegalArgumentException("character '" + c + "' at " + i + " of \"" + t + "\" is not in the vocabulary (a-z, ', space)");
    }

    /** @return true if every character of {@code text} is encodable */
    public static boolean encodable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char l = Character.toLowerCase(text.charAt(i));
            if (!(l >= 'a' && l <= 'z') && l != ' ' && l != '\'') {
                return false;
            }
        }
        return true;
    }

    /** @return the character of a non-blank token id */
    public static char symbol(int id) {
        return switch (id) {
            case SPACE -> ' ';
            case APOSTROPHE -> '\'';
            default -> {
                if (id < 3 || id >= SIZE) {
                    throw new IllegalArgumentException("token id " + id + " has no character (blank or out of range)");
                }
                yield (char) ('a' + id - 3);
            }
        };
    }

    /** @return the text of a token sequence (blanks skipped, spaces normalized) */
    public static String decode(int[] ids, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            if (ids[i] != BLANK) {
                b.append(symbol(ids[i]));
            }
        }
        return b.toString().trim().replaceAll(" +", " ");
    }
}
