package org.edgeai.nas.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Nb201CellTest {
    private static Nb201Cell cell(String... ops) {
        return new Nb201Cell(java.util.Arrays.stream(ops).map(Nb201Op::ofLabel).toList());
    }

    @Test
    void parseAndPrintRoundTripOverWholeSpace() {
        for (int code = 0; code < Nb201Cell.SPACE_SIZE; code++) {
            Nb201Cell c = Nb201Cell.ofCode(code);
            assertEquals(code, c.code());
            assertEquals(c, Nb201Cell.parse(c.archString()));
        }
    }

    @Test
    void parsesTheReadmeExample() {
        Nb201Cell c = Nb201Cell.parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|");
        assertEquals(cell("nor_conv_3x3", "nor_conv_3x3", "avg_pool_3x3", "skip_connect", "nor_conv_3x3", "skip_connect"), c);
    }

    @Test
    void rejectsMalformedStrings() {
        assertThrows(IllegalArgumentException.class, () -> Nb201Cell.parse("|nor_conv_3x3~0|"));
        assertThrows(IllegalArgumentException.class, () -> Nb201Cell.parse("|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|"));
        assertThrows(IllegalArgumentException.class, () -> Nb201Cell.parse("|none~1|+|none~0|none~1|+|none~0|none~1|none~2|"));
        // a node that is a single '|' (was: StringIndexOutOfBoundsException)
        assertThrows(IllegalArgumentException.class, () -> Nb201Cell.parse("|+|+|"));
    }

    @Test
    void constantOutputExecutesNothing() {
        Nb201Cell c = cell("nor_conv_3x3", "nor_conv_3x3", "nor_conv_3x3", "none", "none", "none");
        assertTrue(c.constantOutput());
        assertArrayEquals(new boolean[6], c.executed());
    }

    @Test
    void deadNodeWithoutZeroInputIsEliminated() {
        // node 3 = skip(node 0) only; node 2 = conv(x) + conv(node 1) has no 'none' input: all dead.
        Nb201Cell c = cell("nor_conv_3x3", "nor_conv_3x3", "nor_conv_3x3", "skip_connect", "none", "none");
        assertArrayEquals(new boolean[] {false, false, false, true, false, false}, c.executed());
    }

    @Test
    void zeroEdgeIntoANeededNode2KeepsNode1() {
        // node 2 = conv1x1(x) + 0 * node 1 is needed (skip into node 3), so node 1 = conv3x3(x) is computed;
        // node 1's zero edge into node 3 alone would not keep it.
        Nb201Cell c = cell("nor_conv_3x3", "nor_conv_1x1", "none", "skip_connect", "none", "skip_connect");
        assertArrayEquals(new boolean[] {true, true, false, true, false, true}, c.executed());
        assertArrayEquals(new boolean[6], c.materialisable());
        Nb201Cell noNode2 = cell("nor_conv_3x3", "nor_conv_1x1", "none", "skip_connect", "none", "none");
        assertFalse(noNode2.executed()[0]);
    }

    @Test
    void deadNode2WithZeroInputIsOnlyMaterialisable() {
        // node 2 = 0 * x + conv(node 1) is dead (node 3 reads it through 'none'): not certain, but its conv and,
        // through it, node 1's conv may run; skips are never listed.
        Nb201Cell c = cell("nor_conv_3x3", "none", "nor_conv_3x3", "skip_connect", "none", "none");
        assertArrayEquals(new boolean[] {false, false, false, true, false, false}, c.executed());
        assertArrayEquals(new boolean[] {true, false, true, false, false, false}, c.materialisable());
        Nb201Cell skip = cell("skip_connect", "none", "skip_connect", "skip_connect", "none", "none");
        assertArrayEquals(new boolean[6], skip.materialisable());
    }

    @Test
    void materialisableOpsDependOnTheExecutionContextOnly() {
        // The estimator learns one decision per context; that is only sound if the candidates agree within it.
        java.util.Map<Integer, String> seen = new java.util.HashMap<>();
        for (int code = 0; code < Nb201Cell.SPACE_SIZE; code++) {
            Nb201Cell c = Nb201Cell.ofCode(code);
            int k = c.executionContext();
            assertTrue(k >= 0 && k < 1000, c.archString());
            String m = java.util.Arrays.toString(c.materialisable());
            String prev = seen.putIfAbsent(k, m);
            assertTrue(prev == null || prev.equals(m), c.archString());
            boolean[] ex = c.executed();
            boolean[] mat = c.materialisable();
            boolean anyPath = false;
            for (int e = 0; e < Nb201Cell.EDGES; e++) {
                assertFalse(ex[e] && mat[e], c.archString());
                assertFalse(ex[e] && c.op(e) == Nb201Op.NONE, c.archString());
                anyPath |= c.onInputOutputPath()[e];
            }
            assertEquals(anyPath, c.inputReachesOutput(), c.archString());
        }
        assertEquals(1000, seen.size());
    }

    @Test
    void liveChainExecutesEveryOp() {
        Nb201Cell c = cell("nor_conv_3x3", "skip_connect", "avg_pool_3x3", "nor_conv_1x1", "skip_connect", "nor_conv_3x3");
        boolean[] all = {true, true, true, true, true, true};
        assertArrayEquals(all, c.executed());
        assertArrayEquals(all, c.onInputOutputPath());
    }

    @Test
    void inputOutputPathNeedsAPathFromTheInput() {
        // node 1 receives only 'none', so conv(3<-1) is not on an input-to-output path.
        Nb201Cell c = cell("none", "none", "none", "skip_connect", "nor_conv_3x3", "none");
        assertArrayEquals(new boolean[] {false, false, false, true, false, false}, c.onInputOutputPath());
        assertTrue(c.executed()[4]);
        assertFalse(c.executed()[0]);
    }
}
