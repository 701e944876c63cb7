package org.edgeai.accel.scalesim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.edgeai.kernel.io.TextFiles;

/**
 * Reads the per-layer SCALE-Sim results of the reference data
 * ({@code ../shared/data/accel/scalesim/<topology>__<N>x<N>_<df>.csv}: one row per layer with
 * SCALE-Sim's COMPUTE_REPORT and DETAILED_ACCESS_REPORT columns).
 */
public final class ScaleSimReference {
    private ScaleSimReference() {
    }

    /**
     * One layer of a SCALE-Sim run.
     *
     * @param layer            layer name
     * @param macs             MACs of the simulated layer (per channel for depthwise rows)
     * @param totalCycles      SCALE-Sim "Total Cycles" (per channel for depthwise rows)
     * @param stallCycles      SCALE-Sim "Stall Cycles"
     * @param dwChannels       depthwise channels (0 if not depthwise)
     * @param layerCycles      cycles of the whole layer: {@code totalCycles x dwChannels} for depthwise
     *                         rows, else {@code totalCycles}
     * @param sramIfmapReads   SRAM IFMAP reads, words
     * @param sramFilterReads  SRAM filter reads, words
     * @param sramOfmapWrites  SRAM OFMAP writes, words
     * @param dramIfmapReads   DRAM IFMAP reads, words
     * @param dramFilterReads  DRAM filter reads, words
     * @param dramOfmapWrites  DRAM OFMAP writes, words
     *                         (all counts per simulated layer: per channel for depthwise rows; the DRAM counts are
     *                         -1 when the file has no such column, as the cycle comparison does not need them)
     */
    public record Layer(String layer, long macs, long totalCycles, long stallCycles, int dwChannels, long layerCycles,
                        long sramIfmapReads, long sramFilterReads, long sramOfmapWrites, long dramIfmapReads,
                        long dramFilterReads, long dramOfmapWrites) {
        /**
         * @return SCALE-Sim's compute cycles of the whole layer: {@code (totalCycles - stallCycles)},
         *         times the channel count for depthwise rows (equal to {@link #layerCycles()} when
         *         SCALE-Sim ran with an ideal interface, as in the reference data)
         */
        public long layerComputeCycles() {
            return (totalCycles - stallCycles) * Math.max(1, dwChannels);
        }
    }

    /**
     * @param file a SCALE-Sim per-layer result CSV
     * @return its layers in order
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException naming file and line if a column is missing or malformed
     */
    public static List<Layer> read(Path file) throws IOException {
        List<String> lines = TextFiles.readLines(file);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + ": empty");
        }
        List<String> header = ScaleSimTopology.tokens(lines.getFirst());
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            col.put(header.get(i), i);
        }
        List<Layer> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String where = file + ":" + (i + 1);
            List<String> t = ScaleSimTopology.tokens(lines.get(i));
            int dw = col.containsKey("dw_channels") ? (int) number(t, col, "dw_channels", where) : 0;
            long total = number(t, col, "Total Cycles", where);
            long layerCycles = dw > 0 ? number(t, col, "total_cycles_x_dw_channels", where) : total;
            out.add(new Layer(text(t, col, "layer", where), number(t, col, "macs", where), total,
                    number(t, col, "Stall Cycles", where), dw, layerCycles, number(t, col, "SRAM IFMAP Reads", where),
                    number(t, col, "SRAM Filter Reads", where), number(t, col, "SRAM OFMAP Writes", where),
                    optional(t, col, "DRAM IFMAP Reads", where), optional(t, col, "DRAM Filter Reads", where),
                    optional(t, col, "DRAM OFMAP Writes", where)));
        }
        return out;
    }

    private static String text(List<String> t, Map<String, Integer> col, String name, String where) {
        Integer i = col.get(name);
        if (i == null || i >= t.size()) {
            throw new IllegalArgumentException(where + ": missing column '" + name + "'");
        }
        return t.get(i);
    }

    private static long optional(List<String> t, Map<String, Integer> col, String name, String where) {
        return col.containsKey(name) ? number(t, col, name, where) : -1;
    }

    private static long number(List<String> t, Map<String, Integer> col, String name, String where) {
        String s = text(t, col, name, where);
        try {
            double v = Double.parseDouble(s);
            // finite and exactly representable: "Infinity" or 1e30 must not become Long.MAX_VALUE and overflow sums
            if (!Double.isFinite(v) || v != Math.rint(v) || v < 0 || v > (double) (1L << 53)) {
                throw new NumberFormatException();
            }
            return (long) v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": column '" + name + "' is not a non-negative integer: '" + s + "'", e);
        }
    }
}
