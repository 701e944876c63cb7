package org.edgeai.asr.eval;

import java.util.List;

/**
 * Levenshtein alignment (Levenshtein 1966; Wagner and Fischer 1974 dynamic program) between a
 * reference and a hypothesis, counting substitutions, deletions and insertions with unit costs,
 * the standard scoring of word and character error rates (NIST sclite).
 *
 * @implNote Stateless; thread-safe.
 */
public final class EditDistance {
    private EditDistance() {
    }

    /**
     * Error counts of one alignment.
     *
     * @param substitutions reference tokens replaced
     * @param deletions reference tokens missing from the hypothesis
     * @param insertions hypothesis tokens not in the reference
     * @param referenceLength number of reference tokens
     */
    public record Counts(int substitutions, int deletions, int insertions, int referenceLength) {
        /** @return S + D + I */
        public int errors() {
            return substitutions + deletions + insertions;
        }

        /** @return the element-wise sum */
        public Counts plus(Counts o) {
            return new Counts(substitutions + o.substitutions, deletions + o.deletions, insertions + o.insertions,
                    referenceLength + o.referenceLength);
        }

        /** @return errors / reference length (0 when both are empty, 1 per error if the reference is empty) */
        public double rate() {
            return referenceLength == 0 ? errors() : errors() / (double) referenceLength;
        }
    }

    /** @return the minimum-edit alignment counts (ties prefer substitutions, then deletions) */
    public static <T> Counts align(List<T> reference, List<T> hypothesis) {
        int n = reference.size();
        int m = hypothesis.size();
        int[][] cost = new int[n + 1][m + 1];
        int[][] op = new int[n + 1][m + 1]; // 0 match, 1 sub, 2 del, 3 ins
        for (int i = 1; i <= n; i++) {
            cost[i][0] = i;
            op[i][0] = 2;
        }
        for (int j = 1; j <= m; j++) {
            cost[0][j] = j;
            op[0][j] = 3;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                boolean eq = reference.get(i - 1).equals(hypothesis.get(j - 1));
                int best = cost[i - 1][j - 1] + (eq ? 0 : 1);
                int o = eq ? 0 : 1;
                if (cost[i - 1][j] + 1 < best) {
                    best = cost[i - 1][j] + 1;
                    o = 2;
                }
                if (cost[i][j - 1] + 1 < best) {
                    best = cost[i][j - 1] + 1;
                    o = 3;
                }
                cost[i][j] = best;
                op[i][j] = o;
            }
        }
        int s = 0;
        int d = 0;
        int ins = 0;
        int i = n;
        int j = m;
        while (i > 0 || j > 0) {
            switch (op[i][j]) {
                case 0 -> { i--; j--; }
                case 1 -> { s++; i--; j--; }
                case 2 -> { d++; i--; }
                default -> { ins++; j--; }
            }
        }
        return new Counts(s, d, ins, n);
    }

    /** @return word-level counts of two texts split on whitespace */
    public static Counts words(String reference, String hypothesis) {
        return align(tokens(reference), tokens(hypothesis));
    }

    /** @return character-level counts, spaces included as characters (runs of blanks collapsed) */
    public static Counts characters(String reference, String hypothesis) {
        return align(chars(reference), chars(hypothesis));
    }

    private static List<String> tokens(String s) {
        String t = s.trim();
        return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
    }

    private static List<Character> chars(String s) {
        String t = String.join(" ", tokens(s));
        java.util.ArrayList<Character> out = new java.util.ArrayList<>(t.length());
        for (int i = 0; i < t.length(); i++) {
            out.add(t.charAt(i));
        }
        return out;
    }
}
