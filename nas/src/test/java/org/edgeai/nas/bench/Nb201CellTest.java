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
    void deadNodeWithZeroInputIsMaterialised() {
        // node 2 = none(x) + conv(node 1): materialised, so conv(2<-1) and conv(1<-0) run.
        Nb201Cell c = cell("nor_conv_3x3", "none", "nor_conv_3x3", "skip_connect", "none", "none");
        assertArrayEquals(new boolean[] {true, false, true, true, false, false}, c.executed());
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
