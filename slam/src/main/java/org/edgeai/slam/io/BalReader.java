package org.edgeai.slam.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import org.edgeai.kernel.io.TextFiles;
import org.edgeai.slam.graph.BundleProblem;

/**
 * Reads "Bundle Adjustment in the Large" text files: a header {@code cameras points observations},
 * one {@code camera point x y} line per observation, then 9 values per camera and 3 per point
 * (whitespace-separated, usually one per line).
 *
 * <p>Errors ({@link SlamFormatException} with file and line): a bad header (including counts the file is too
 * small to hold, checked before anything is allocated), a missing or
 * unparsable or non-finite value, an index out of range, trailing content, an empty problem.
 *
 * @implNote Stateless; thread-safe.
 */
public final class BalReader {
    private BalReader() {
    }

    /**
     * @return the problem; its name is the file name without extension
     * @throws SlamFormatException on malformed content
     * @throws IOException         if the file cannot be read
     */
    public static BundleProblem read(Path file) throws IOException {
        String fname = file.getFileName().toString();
        String name = fname.endsWith(".txt") ? fname.substring(0, fname.length() - 4) : fname;
        try (BufferedReader in = TextFiles.newReader(file)) {
            Tokens t = new Tokens(in, file);
            int nc = t.nextInt("camera count");
            int np = t.nextInt("point count");
            int no = t.nextInt("observation count");
            if (nc <= 0 || np <= 0 || no <= 0) {
                throw new SlamFormatException(file, t.line, "header must give positive counts, got " + nc + " cameras, "
                        + np + " points, " + no + " observations");
            }
            // Every value is a token of at least one character plus a separator: an array is allocated only if the
            // file could hold its values (no OutOfMemoryError or int overflow from a corrupt or hostile header).
            long bytes = java.nio.file.Files.size(file);
            fits(file, t.line, "observations", no, 4, bytes);
            int[] oc = new int[no];
            int[] op = new int[no];
            double[] xy = new double[2 * no];
            for (int k = 0; k < no; k++) {
                oc[k] = t.nextInt("camera index of observation " + k);
                op[k] = t.nextInt("point index of observation " + k);
                if (oc[k] < 0 || oc[k] >= nc) {
                    throw new SlamFormatException(file, t.line, "camera index " + oc[k] + " out of range [0, " + nc + ")");
                }
                if (op[k] < 0 || op[k] >= np) {
                    throw new SlamFormatException(file, t.line, "point index " + op[k] + " out of range [0, " + np + ")");
                }
                xy[2 * k] = t.nextDouble("observation x");
                xy[2 * k + 1] = t.nextDouble("observation y");
            }
            fits(file, t.line, "cameras", nc, 9, bytes);
            double[] cams = new double[9 * nc];
            for (int i = 0; i < cams.length; i++) {
                cams[i] = t.nextDouble("camera " + (i / 9) + " parameter " + (i % 9));
            }
            fits(file, t.line, "points", np, 3, bytes);
            double[] pts = new double[3 * np];
            for (int i = 0; i < pts.length; i++) {
                pts[i] = t.nextDouble("point " + (i / 3) + " coordinate " + (i % 3));
            }
            String extra = t.next();
            if (extra != null) {
                throw new SlamFormatException(file, t.line, "unexpected content '" + extra + "' after the "
                        + np + " points declared in the header");
            }
            return new BundleProblem(name, cams, pts, oc, op, xy);
        }
    }

    private static void fits(Path file, int line, String what, int count, int valuesEach, long bytes) {
        long values = (long) count * valuesEach;
        if (2 * values - 1 > bytes) {
            throw new SlamFormatException(file, line, "header declares " + count + " " + what + ", i.e. " + values
                    + " values, but the whole file has only " + bytes + " bytes (truncated file or wrong header)");
        }
    }

    /** Whitespace tokenizer that tracks line numbers. */
    private static final class Tokens {
        private final BufferedReader in;
        private final Path file;
        private String current = "";
        private int pos;
        int line;

        Tokens(BufferedReader in, Path file) {
            this.in = in;
            this.file = file;
        }

        String next() throws IOException {
            while (true) {
                while (pos < current.length() && Character.isWhitespace(current.charAt(pos))) {
                    pos++;
                }
                if (pos < current.length()) {
                    int s = pos;
                    while (pos < current.length() && !Character.isWhitespace(current.charAt(pos))) {
                        pos++;
                    }
                    return current.substring(s, pos);
                }
                String l = in.readLine();
                if (l == null) {
                    return null;
                }
                line++;
                current = l;
                pos = 0;
            }
        }

        int nextInt(String what) throws IOException {
            String s = next();
            if (s == null) {
                throw new SlamFormatException(file, line, "file ends where the " + what + " was expected");
            }
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new SlamFormatException(file, line, what + " '" + s + "' is not an integer");
            }
        }

        double nextDouble(String what) throws IOException {
            String s = next();
            if (s == null) {
                throw new SlamFormatException(file, line, "file ends where the " + what + " was expected");
            }
            double x;
            try {
                x = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new SlamFormatException(file, line, what + " '" + s + "' is not a number");
            }
            if (!Double.isFinite(x)) {
                throw new SlamFormatException(file, line, what + " is " + s + " (must be finite)");
            }
            return x;
        }
    }
}
