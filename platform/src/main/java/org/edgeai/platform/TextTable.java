package org.edgeai.platform;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with left-aligned text and right-aligned numbers, for human-readable output.
 *
 * @implNote Not thread-safe: {@link #row} appends to an unsynchronized list.
 */
public final class TextTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    /** @param header column titles */
    public TextTable(String... header) {
        this.header = List.of(header);
    }

    /**
     * @param cells one value per column ({@code toString()} is used; numbers are right-aligned)
     * @return this table
     * @throws IllegalArgumentException if the number of cells differs from the header
     */
    public TextTable row(Object... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + header.size() + " columns");
        }
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(c == null ? "" : c.toString());
        }
        rows.add(r);
        return this;
    }

    @Override
    public String toString() {
        int[] w = new int[header.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = header.get(i).length();
            for (List<String> r : rows) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, w);
        for (int i = 0; i < w.length; i++) {
            sb.append("-".repeat(w[i])).append(i + 1 < w.length ? "  " : "\n");
        }
        for (List<String> r : rows) {
            line(sb, r, w);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] w) {
        for (int i = 0; i < w.length; i++) {
            String c = cells.get(i);
            boolean numeric = c.matches("[-+]?[0-9.,eE%x]+");
            String pad = " ".repeat(w[i] - c.length());
            sb.append(numeric ? pad + c : c + (i + 1 < w.length ? pad : ""));
            sb.append(i + 1 < w.length ? "  " : "\n");
        }
    }
}
