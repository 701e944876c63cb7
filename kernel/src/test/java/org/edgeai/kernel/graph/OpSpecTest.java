package org.edgeai.kernel.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** MAC counts are exact products; sizes whose count would wrap (negative MACs, cycles, energy) are refused. */
class OpSpecTest {
    @Test
    void macCountsAreExactOrRefused() {
        assertEquals(2L * 3 * 5, new OpSpec.Gemm(2, 3, 5, false).macs());
        assertEquals(1L << 62, new OpSpec.Gemm(1 << 20, 1 << 21, 1 << 21, false).macs(), "2^62 still fits");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OpSpec.Gemm(1 << 21, 1 << 21, 1 << 21, false));
        assertTrue(e.getMessage().contains("Gemm sizes [2097152, 2097152, 2097152]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new OpSpec.Recurrent(Integer.MAX_VALUE, Integer.MAX_VALUE, 4, Integer.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> new OpSpec.Sparse(10, 10, Long.MAX_VALUE / 2, 3));
        assertEquals(4L * 100 * 7 * 3, new OpSpec.Conv1d(7, 100, 3, 1, 4, false).macs());
    }
}
