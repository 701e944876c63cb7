package org.edgeai.nas.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.edgeai.kernel.io.TextFiles;

/**
 * A small RFC-4180 CSV reader for the NAS reference tables: a header row, then one record per line;
 * fields may be double-quoted (with {@code ""} for a quote). Every error names the file and line.
 *
 * @param source  file name used in messages
 * @param header  column names in file order
 * @param rows    records, each with {@code header.size()} fields
 * @param lines   1-based line number of each record (for messages)
 * @implNote The record keeps {@code rows} and {@code lines} as given and returns them as they are (no copies):
 *           treat them as read-only. Safe to share between threads once nobody modifies them.
 */
public record CsvTable(String source, List<String> header, List<String[]> rows, int[] lines) {

    /**
     * @param file the CSV file
     * @return the table
     * @throws IllegalArgumentException if the file is empty, a record has the wrong field count or a quote is unbalanced
     * @throws UncheckedIOException     if the file cannot be read
     */
    public static CsvTable read(Path file) {
        try (BufferedReader r = TextFiles.newReader(file)) {
            return parse(file.toString(), r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param source name for messages
     * @param reader the text. Consumed, not closed.
     * @return the table
     * @throws IOException on read failure
     * @throws IllegalArgumentException naming the source and line if the text is empty (no header), a record has a
     *                                  different number of fields than the header, or a quote is unbalanced
     */
    public static CsvTable parse(String source, BufferedReader reader) throws IOException {
        String line = reader.readLine();
        int lineNo = 1;
        if (line == null || line.isBlank()) {
            throw new IllegalArgumentException(source + ": empty file, expected a header row");
        }
        if (line.startsWith("\uFEFF")) {
            line = line.substring(1);
        }
        List<String> header = List.of(split(source, lineNo, line));
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        while ((line = reader.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = split(source, lineNo, line);
            if (f.length != header.size()) {
                throw new IllegalArgumentException(source + ":" + lineNo + ": " + f.length + " fields, header has " + header.size());
            }
            rows.add(f);
            lines.add(lineNo);
        }
        int[] ln = new int[lines.size()];
        for (int i = 0; i < ln.length; i++) {
            ln[i] = lines.get(i);
        }
        return new CsvTable(source, header, rows, ln);
    }

    private static String[] split(String source, int lineNo, String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString().trim());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(source + ":" + lineNo + ": unbalanced quote");
        }
        out.add(cur.toString().trim());
        return out.toArray(String[]::new);
    }

    /** @return column name to index */
    public Map<String, Integer> columnIndex() {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            m.put(header.get(i), i);
        }
        return m;
    }

    /**
     * @param column a column name
     * @return its index
     * @throws IllegalArgumentException naming the file and the columns present if absent
     */
    public int require(String column) {
        int i = header.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException(source + ": missing column '" + column + "' (columns: " + header + ")");
        }
        return i;
    }

    /**
     * Parses a finite double.
     *
     * @param row    record index
     * @param column column index
     * @return the value
     * @throws IllegalArgumentException with file, line and column when not a finite number
     */
    public double number(int row, int column) {
        String s = rows.get(row)[column];
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ":" + lines[row] + ": column " + header.get(column) + ": not a number: '" + s + "'");
        }
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(source + ":" + lines[row] + ": column " + header.get(column) + ": not finite: " + s);
        }
        return v;
    }

    /** @return "file:line" of a record, for messages */
    public String where(int row) {
        return source + ":" + lines[row];
    }
}
