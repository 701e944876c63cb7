package org.edgeai.accel.scalesim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.graph.Activation;
import org.edgeai.kernel.graph.ModelGraph;
import org.edgeai.kernel.graph.OpKind;
import org.edgeai.kernel.graph.OpNode;
import org.edgeai.kernel.graph.OpSpec;
import org.edgeai.kernel.io.TextFiles;

/**
 * Reads SCALE-Sim v2 topology files into a {@link ModelGraph} of int8 ops (SCALE-Sim's word is one
 * byte).
 *
 * <h2>Convolution format</h2>
 * Header line, then {@code name, IFMAP height, IFMAP width, filter height, filter width, channels,
 * num filter, stride[, stride width],} (trailing comma optional). As in SCALE-Sim
 * ({@code topology_utils.topo_calc_hyperparams}) the IFMAP is taken as already padded and the output
 * size is {@code ceil((ifmap - filter + stride) / stride)}; a last partial window is expressed as
 * end padding in the {@link OpSpec.Conv2d}. A row becomes a {@link OpKind#POINTWISE_CONV2D} (1x1,
 * stride 1) or {@link OpKind#CONV2D}. Two depthwise conventions are understood:
 * <ul>
 *   <li>SCALE-Sim's own: a layer whose name contains {@code DP} is simulated as one 1-channel layer
 *       per input channel, each with {@code num filter} filters; it becomes a grouped convolution with
 *       {@code groups = channels} ({@link OpKind#DEPTHWISE_CONV2D} when num filter is 1).</li>
 *   <li>A {@code layer,dw_channels} side file (the reference data's {@code *_dwmeta.csv}): a row
 *       written as one channel and one filter with {@code dw_channels > 0} is a depthwise
 *       convolution over that many channels.</li>
 * </ul>
 * Rows that write a depthwise layer as an ordinary convolution with C channels and one filter
 * (SCALE-Sim's shipped {@code mobilenet.csv}) stay ordinary convolutions, as SCALE-Sim simulates
 * them.
 *
 * <h2>GEMM format</h2>
 * Header {@code Layer, M, N, K,}, then {@code name, M, N, K}; each row becomes a
 * {@link OpKind#GEMM} {@code [M, K] x [K, N]} (SCALE-Sim's {@code load_arrays_gemm} maps it to an
 * M x K IFMAP with a 1 x K filter and N filters, the same product).
 *
 * <p>Duplicate layer names get a {@code #2}, {@code #3}, ... suffix.
 */
public final class ScaleSimTopology {
    private ScaleSimTopology() {
    }

    /** Topology file layout. */
    public enum Format {
        /** Convolution layers. */
        CONV,
        /** Matrix products (M, N, K). */
        GEMM
    }

    /**
     * Reads a topology, detecting the format from the header and using a sibling
     * {@code <stem>_dwmeta.csv} depthwise side file if one exists.
     *
     * @param file the CSV
     * @return the graph, named after the file stem
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException naming file and line if the content is malformed
     */
    public static ModelGraph read(Path file) throws IOException {
        Path meta = siblingDepthwiseMeta(file);
        return read(file, null, Files.isRegularFile(meta) ? meta : null);
    }

    /** @return where {@link #read(Path)} looks for the depthwise side file */
    public static Path siblingDepthwiseMeta(Path topology) {
        String stem = stem(topology);
        Path parent = topology.toAbsolutePath().getParent();
        return parent.resolve(stem + "_dwmeta.csv");
    }

    /**
     * @param file          the CSV
     * @param format        the layout, or null to detect it from the header
     * @param depthwiseMeta a {@code layer,dw_channels} file, or null
     * @return the graph, named after the file stem
     * @throws IOException              if a file cannot be read
     * @throws IllegalArgumentException naming file and line if the content is malformed
     */
    public static ModelGraph read(Path file, Format format, Path depthwiseMeta) throws IOException {
        Map<String, Integer> dw = depthwiseMeta == null ? Map.of() : readDepthwiseMeta(depthwiseMeta);
        List<String> lines = TextFiles.readLines(file);
        return parse(stem(file), file.toString(), lines, format, dw);
    }

    /**
     * @param name          graph name
     * @param source        file name for error messages
     * @param lines         the file's lines, header first. Not modified.
     * @param format        the layout, or null to detect it from the header
     * @param depthwiseMeta layer name to depthwise channel count (0 = not depthwise). Not modified.
     * @return the graph
     * @throws IllegalArgumentException naming source and line if the content is malformed
     */
    public static ModelGraph parse(String name, String source, List<String> lines, Format format,
                                   Map<String, Integer> depthwiseMeta) {
        int headerLine = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                headerLine = i;
                break;
            }
        }
        if (headerLine < 0) {
            throw new IllegalArgumentException(source + ": empty topology file");
        }
        List<String> header = tokens(lines.get(headerLine));
        Format f = format != null ? format : detect(header);
        List<OpNode> ops = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> metaUsed = new HashSet<>();
        for (int i = headerLine + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.trim().startsWith("#")) {
                continue;
            }
            String where = source + ":" + (i + 1);
            List<String> t = tokens(line);
            String layer = t.getFirst();
            if (layer.isEmpty()) {
                throw new IllegalArgumentException(where + ": missing layer name");
            }
            OpNode op;
            if (f == Format.GEMM) {
                if (t.size() < 4) {
                    throw new IllegalArgumentException(where + ": expected name, M, N, K but got " + t.size() + " fields");
                }
                op = gemmLayer(layer, positive(t.get(1), "M", where), positive(t.get(2), "N", where),
                        positive(t.get(3), "K", where));
            } else {
                if (t.size() < 8) {
                    throw new IllegalArgumentException(where + ": expected name, IFMAP height, IFMAP width, filter height, "
                            + "filter width, channels, num filter, stride but got " + t.size() + " fields");
                }
                int ih = positive(t.get(1), "IFMAP height", where);
                int iw = positive(t.get(2), "IFMAP width", where);
                int fh = positive(t.get(3), "filter height", where);
                int fw = positive(t.get(4), "filter width", where);
                int ch = positive(t.get(5), "channels", where);
                int nf = positive(t.get(6), "num filter", where);
                int sh = positive(t.get(7), "stride", where);
                int sw = t.size() > 8 && !t.get(8).isEmpty() ? positive(t.get(8), "stride width", where) : sh;
                if (fh > ih || fw > iw) {
                    throw new IllegalArgumentException(where + ": filter " + fh + "x" + fw + " larger than IFMAP " + ih + "x" + iw);
                }
                int dwChannels = depthwiseMeta.getOrDefault(layer, 0);
                if (dwChannels > 0) {
                    metaUsed.add(layer);
                    if (ch != 1 || nf != 1) {
                        throw new IllegalArgumentException(where + ": layer " + layer + " has dw_channels=" + dwChannels
                                + " in the depthwise side file, so it must be written with 1 channel and 1 filter (got "
                                + ch + " and " + nf + ")");
                    }
                    op = convLayer(layer, ih, iw, fh, fw, dwChannels, 1, sh, sw, dwChannels);
                } else if (layer.contains("DP")) {
                    op = convLayer(layer, ih, iw, fh, fw, ch, nf, sh, sw, ch);
                } else {
                    op = convLayer(layer, ih, iw, fh, fw, ch, nf, sh, sw, 1);
                }
            }
            String unique = op.name();
            for (int k = 2; !names.add(unique); k++) {
                unique = op.name() + "#" + k;
            }
            ops.add(unique.equals(op.name()) ? op : op.withName(unique));
        }
        if (ops.isEmpty()) {
            throw new IllegalArgumentException(source + ": no layers after the header");
        }
        for (Map.Entry<String, Integer> e : depthwiseMeta.entrySet()) {
            if (e.getValue() > 0 && !metaUsed.contains(e.getKey())) {
                throw new IllegalArgumentException(source + ": depthwise side file names layer " + e.getKey()
                        + ", which is not in the topology");
            }
        }
        return new ModelGraph(name, ops);
    }

    /**
     * One SCALE-Sim convolution row as an int8 op.
     *
     * @param channels  input channels per group times groups (for a depthwise layer: its channels)
     * @param filters   filters per group
     * @param groups    1 for an ordinary convolution; {@code channels} for SCALE-Sim's depthwise
     *                  (per-channel) layers
     * @return a {@link OpKind#POINTWISE_CONV2D}, {@link OpKind#DEPTHWISE_CONV2D} or {@link OpKind#CONV2D}
     * @throws IllegalArgumentException if a size is not positive or the filter exceeds the IFMAP
     */
    public static OpNode convLayer(String name, int ifmapH, int ifmapW, int filterH, int filterW, int channels, int filters,
                                   int strideH, int strideW, int groups) {
        if (filterH > ifmapH || filterW > ifmapW) {
            throw new IllegalArgumentException("layer " + name + ": filter larger than IFMAP");
        }
        int oh = Math.ceilDiv(ifmapH - filterH + strideH, strideH);
        int ow = Math.ceilDiv(ifmapW - filterW + strideW, strideW);
        int padH = Math.max(0, (oh - 1) * strideH + filterH - ifmapH);
        int padW = Math.max(0, (ow - 1) * strideW + filterW - ifmapW);
        int outChannels = groups == 1 ? filters : groups * filters;
        OpSpec.Conv2d spec = new OpSpec.Conv2d(channels, ifmapH, ifmapW, outChannels, oh, ow, filterH, filterW, strideH,
                strideW, padH, padW, groups, false);
        OpKind kind;
        if (groups > 1 && spec.depthwise()) {
            kind = OpKind.DEPTHWISE_CONV2D;
        } else if (groups == 1 && filterH == 1 && filterW == 1 && strideH == 1 && strideW == 1) {
            kind = OpKind.POINTWISE_CONV2D;
        } else {
            kind = OpKind.CONV2D;
        }
        return new OpNode(name, kind, spec, DType.I8, DType.I8, Activation.NONE, null);
    }

    /** @return one SCALE-Sim GEMM row as an int8 {@code [M, K] x [K, N]} op */
    public static OpNode gemmLayer(String name, int m, int n, int k) {
        return new OpNode(name, OpKind.GEMM, new OpSpec.Gemm(m, n, k, false), DType.I8, DType.I8, Activation.NONE, null);
    }

    /**
     * @param file {@code layer,dw_channels} CSV with a header line
     * @return layer name to channel count (0 for non-depthwise layers)
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException naming file and line if malformed
     */
    public static Map<String, Integer> readDepthwiseMeta(Path file) throws IOException {
        return parseDepthwiseMeta(file.toString(), TextFiles.readLines(file));
    }

    /**
     * @param source file name for error messages
     * @param lines  {@code layer,dw_channels} lines, header first. Not modified.
     * @return layer name to channel count (0 for non-depthwise layers)
     * @throws IllegalArgumentException naming source and line if malformed
     */
    public static Map<String, Integer> parseDepthwiseMeta(String source, List<String> lines) {
        Map<String, Integer> m = new HashMap<>();
        boolean header = true;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            List<String> t = tokens(line);
            String where = source + ":" + (i + 1);
            if (t.size() < 2) {
                throw new IllegalArgumentException(where + ": expected layer,dw_channels");
            }
            int c = nonNegative(t.get(1), "dw_channels", where);
            if (m.put(t.get(0), c) != null) {
                throw new IllegalArgumentException(where + ": layer " + t.get(0) + " listed twice");
            }
        }
        return m;
    }

    private static Format detect(List<String> header) {
        if (header.size() >= 4 && header.get(1).equalsIgnoreCase("M") && header.get(2).equalsIgnoreCase("N")
                && header.get(3).equalsIgnoreCase("K")) {
            return Format.GEMM;
        }
        return Format.CONV;
    }

    /** Comma-separated fields, trimmed, trailing empty fields dropped. */
    static List<String> tokens(String line) {
        String[] parts = line.split(",", -1);
        List<String> t = new ArrayList<>(parts.length);
        for (String p : parts) {
            t.add(p.trim());
        }
        while (t.size() > 1 && t.getLast().isEmpty()) {
            t.removeLast();
        }
        return t;
    }

    static int positive(String s, String field, String where) {
        int v = parseInt(s, field, where);
        if (v <= 0) {
            throw new IllegalArgumentException(where + ": " + field + " must be positive, got " + v);
        }
        return v;
    }

    private static int nonNegative(String s, String field, String where) {
        int v = parseInt(s, field, where);
        if (v < 0) {
            throw new IllegalArgumentException(where + ": " + field + " must be >= 0, got " + v);
        }
        return v;
    }

    private static int parseInt(String s, String field, String where) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": " + field + " is not an integer: '" + s + "'", e);
        }
    }

    static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
