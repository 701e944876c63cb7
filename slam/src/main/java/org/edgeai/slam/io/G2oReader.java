package org.edgeai.slam.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.edgeai.kernel.io.TextFiles;
import org.edgeai.slam.graph.PoseGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads g2o pose-graph files: {@code VERTEX_SE2 id x y theta},
 * {@code EDGE_SE2 a b dx dy dtheta I11 I12 I13 I22 I23 I33},
 * {@code VERTEX_SE3:QUAT id x y z qx qy qz qw},
 * {@code EDGE_SE3:QUAT a b x y z qx qy qz qw} followed by the 21 upper-triangle information entries
 * (row-major), and {@code FIX id}. Blank lines and lines starting with {@code #} are skipped.
 *
 * <p>Errors ({@link SlamFormatException}, naming file and line): a wrong number of values, an
 * unparsable or non-finite number, a duplicate vertex, an edge from a pose to itself or to a
 * vertex that no VERTEX line defines (anywhere in the file), 2D and 3D records mixed in one file,
 * a zero quaternion, a file without any record. A file with edges but no VERTEX line at all (the
 * SE-Sync convention, e.g. {@code sesync_edges_only/*.g2o}) gets one pose per referenced id at the
 * identity, with a logged warning: such a graph needs the chordal or spanning-tree initialisation.
 * Unknown tags are an error unless {@code skipUnknownTags} is set, in which case they are counted
 * and logged once per tag (WARN), like g2o itself does.
 *
 * @implNote Stateless; thread-safe.
 */
public final class G2oReader {
    private static final Logger LOG = LoggerFactory.getLogger(G2oReader.class);

    private G2oReader() {
    }

    /** Same as {@code read(file, false)}. */
    public static PoseGraph read(Path file) throws IOException {
        return read(file, false);
    }

    /**
     * @param file            a g2o file
     * @param skipUnknownTags skip (and log) lines with tags other than the five supported ones
     * @return the graph; its name is the file name without extension
     * @throws SlamFormatException on malformed content (file and line in the message)
     * @throws IOException         if the file cannot be read
     */
    public static PoseGraph read(Path file, boolean skipUnknownTags) throws IOException {
        String fname = file.getFileName().toString();
        String name = fname.endsWith(".g2o") ? fname.substring(0, fname.length() - 4) : fname;
        PoseGraph.Builder b2 = null;
        PoseGraph.Builder b3 = null;
        int firstDimLine = 0;
        Map<String, Integer> skipped = new TreeMap<>();
        try (BufferedReader in = TextFiles.newReader(file)) {
            String line;
            int lineNo = 0;
            String[] tok = new String[64];
            while ((line = in.readLine()) != null) {
                lineNo++;
                int n = tokenize(line, tok);
                if (n == 0 || tok[0].startsWith("#")) {
                    continue;
                }
                String tag = tok[0];
                try {
                    switch (tag) {
                        case "VERTEX_SE2" -> {
                            expect(file, lineNo, tag, n, 5, "id x y theta");
                            b2 = dim(b2, b3, 2, name, file, lineNo, firstDimLine);
                            firstDimLine = firstDimLine == 0 ? lineNo : firstDimLine;
                            b2.addVertex(parseId(file, lineNo, tok[1]), doubles(file, lineNo, tok, 2, 3));
                        }
                        case "EDGE_SE2" -> {
                            expect(file, lineNo, tag, n, 12, "a b dx dy dtheta I11 I12 I13 I22 I23 I33");
                            b2 = dim(b2, b3, 2, name, file, lineNo, firstDimLine);
                            firstDimLine = firstDimLine == 0 ? lineNo : firstDimLine;
                            int a = parseId(file, lineNo, tok[1]);
                            int b = parseId(file, lineNo, tok[2]);
                            double[] m = doubles(file, lineNo, tok, 3, 3);
                            double[] u = doubles(file, lineNo, tok, 6, 6);
                            b2.addEdge(a, b, m, upperToFull(u, 3), lineNo);
                        }
                        case "VERTEX_SE3:QUAT" -> {
                            expect(file, lineNo, tag, n, 9, "id x y z qx qy qz qw");
                            b3 = dim(b3, b2, 3, name, file, lineNo, firstDimLine);
                            firstDimLine = firstDimLine == 0 ? lineNo : firstDimLine;
                            b3.addVertex(parseId(file, lineNo, tok[1]), doubles(file, lineNo, tok, 2, 7));
                        }
                        case "EDGE_SE3:QUAT" -> {
                            expect(file, lineNo, tag, n, 31, "a b x y z qx qy qz qw and 21 information values");
                            b3 = dim(b3, b2, 3, name, file, lineNo, firstDimLine);
                            firstDimLine = firstDimLine == 0 ? lineNo : firstDimLine;
                            int a = parseId(file, lineNo, tok[1]);
                            int b = parseId(file, lineNo, tok[2]);
                            double[] m = doubles(file, lineNo, tok, 3, 7);
                            double[] u = doubles(file, lineNo, tok, 10, 21);
                            b3.addEdge(a, b, m, upperToFull(u, 6), lineNo);
                        }
                        case "FIX" -> {
                            if (n < 2) {
                                throw new SlamFormatException(file, lineNo, "FIX needs at least one vertex id");
                            }
                            String[] ids = n <= tok.length ? tok : line.strip().split("\\s+");
                            for (int k = 1; k < n; k++) {
                                int id = parseId(file, lineNo, ids[k]);
                                if (b2 != null) {
                                    b2.fix(id);
                                } else if (b3 != null) {
                                    b3.fix(id);
                                } else {
                                    throw new SlamFormatException(file, lineNo, "FIX before any vertex");
                                }
                            }
                        }
                        default -> {
                            if (!skipUnknownTags) {
                                throw new SlamFormatException(file, lineNo, "unknown tag '" + tag
                                        + "' (supported: VERTEX_SE2, EDGE_SE2, VERTEX_SE3:QUAT, EDGE_SE3:QUAT, FIX;"
                                        + " pass skipUnknownTags / --skip-unknown-tags to ignore it)");
                            }
                            skipped.merge(tag, 1, Integer::sum);
                        }
                    }
                } catch (SlamFormatException e) {
                    throw e;
                } catch (IllegalArgumentException e) {
                    throw new SlamFormatException(file, lineNo, e.getMessage());
                }
            }
        }
        for (Map.Entry<String, Integer> e : skipped.entrySet()) {
            LOG.warn("{}: skipped {} line(s) with unsupported tag {}", file, e.getValue(), e.getKey());
        }
        PoseGraph.Builder b = b2 != null ? b2 : b3;
        if (b == null) {
            throw new SlamFormatException(file, 0, "no VERTEX_SE2, EDGE_SE2, VERTEX_SE3:QUAT or EDGE_SE3:QUAT record found;"
                    + " is this a g2o pose graph?");
        }
        if (b.vertexCount() == 0) {
            int created = b.addImplicitVertices();
            LOG.warn("{}: no VERTEX lines; created {} poses at the identity for the ids the edges use (initialise with"
                    + " --init chordal or spanning-tree)", file, created);
        }
        int[] missing = b.firstEdgeWithMissingVertex();
        if (missing != null) {
            boolean fromMissing = !b.hasVertex(missing[0]);
            throw new SlamFormatException(file, missing[2], "edge " + missing[0] + " -> " + missing[1]
                    + " refers to vertex " + (fromMissing ? missing[0] : missing[1]) + ", which no VERTEX line defines");
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new SlamFormatException(file, 0, e.getMessage());
        }
    }

    private static PoseGraph.Builder dim(PoseGraph.Builder mine, PoseGraph.Builder other, int d, String name, Path file,
                                         int line, int firstLine) {
        if (other != null) {
            throw new SlamFormatException(file, line, (d == 2 ? "2D" : "3D") + " record in a file whose first record (line "
                    + firstLine + ") is " + (d == 2 ? "3D" : "2D") + "; mixed 2D/3D graphs are not supported");
        }
        return mine != null ? mine : PoseGraph.builder(name, d);
    }

    private static void expect(Path file, int line, String tag, int n, int want, String fields) {
        if (n != want) {
            throw new SlamFormatException(file, line, tag + " expects " + (want - 1) + " values (" + fields + "), found "
                    + (n - 1));
        }
    }

    private static int parseId(Path file, int line, String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new SlamFormatException(file, line, "vertex id '" + s + "' is not an integer");
        }
    }

    private static double[] doubles(Path file, int line, String[] tok, int from, int count) {
        double[] v = new double[count];
        for (int k = 0; k < count; k++) {
            String s = tok[from + k];
            double x;
            try {
                x = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new SlamFormatException(file, line, "value " + (from + k) + " '" + s + "' is not a number");
            }
            if (!Double.isFinite(x)) {
                throw new SlamFormatException(file, line, "value " + (from + k) + " is " + s + " (must be finite)");
            }
            v[k] = x;
        }
        return v;
    }

    /** Upper triangle (row-major) to the full symmetric matrix. */
    static double[] upperToFull(double[] u, int d) {
        double[] f = new double[d * d];
        int k = 0;
        for (int r = 0; r < d; r++) {
            for (int c = r; c < d; c++) {
                f[r * d + c] = u[k];
                f[c * d + r] = u[k];
                k++;
            }
        }
        return f;
    }

    /** Splits on spaces and tabs; returns the number of tokens (tokens past the array are counted, not stored). */
    private static int tokenize(String line, String[] tok) {
        int n = 0;
        int len = line.length();
        int i = 0;
        while (i < len) {
            while (i < len && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= len) {
                break;
            }
            int s = i;
            while (i < len && !Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (n < tok.length) {
                tok[n] = line.substring(s, i);
            }
            n++;
        }
        return n;
    }
}
