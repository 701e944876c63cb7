package org.edgeai.asr.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EditDistanceTest {
    @Test
    void countsKnownAlignments() {
        EditDistance.Counts c = EditDistance.words("one two three four", "one too three four five");
        assertEquals(1, c.substitutions());
        assertEquals(0, c.deletions());
        assertEquals(1, c.insertions());
        assertEquals(4, c.referenceLength());
        assertEquals(0.5, c.rate(), 1e-12);
        EditDistance.Counts d = EditDistance.words("a b c", "");
        assertEquals(3, d.deletions());
        assertEquals(1.0, d.rate(), 1e-12);
        assertEquals(0, EditDistance.words("  x   y ", "x y").errors());
        assertEquals(2, EditDistance.characters("abc", "axcd").errors());
    }

    /** Reference Levenshtein distance by plain recursion with memo. */
    private static int lev(List<Integer> a, List<Integer> b, int i, int j, Integer[][] memo) {
        if (i == a.size()) {
            return b.size() - j;
        }
        if (j == b.size()) {
            return a.size() - i;
        }
        if (memo[i][j] != null) {
            return memo[i][j];
        }
        int best = Math.min(lev(a, b, i + 1, j, memo) + 1, lev(a, b, i, j + 1, memo) + 1);
        best = Math.min(best, lev(a, b, i + 1, j + 1, memo) + (a.get(i).equals(b.get(j)) ? 0 : 1));
        return memo[i][j] = best;
    }

    @Test
    void errorTotalEqualsLevenshteinDistanceOnRandomSequences() {
        Random r = new Random(345);
        for (int trial = 0; trial < 200; trial++) {
            List<Integer> a = r.ints(r.nextInt(8), 0, 3).boxed().toList();
            List<Integer> b = r.ints(r.nextInt(8), 0, 3).boxed().toList();
            EditDistance.Counts c = EditDistance.align(a, b);
            assertEquals(lev(a, b, 0, 0, new Integer[a.size() + 1][b.size() + 1]), c.errors());
            assertEquals(b.size(), a.size() - c.deletions() + c.insertions(), "hypothesis length is consistent");
        }
    }
}
