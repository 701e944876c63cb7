package org.edgeai.accel.maestro;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.edgeai.accel.AcceleratorConfig;
import org.edgeai.accel.AcceleratorConfigs;
import org.edgeai.accel.Dataflow;
import org.edgeai.accel.DotProductLanes;
import org.edgeai.accel.FusionPolicy;
import org.edgeai.accel.LayerReport;
import org.edgeai.accel.MemoryHierarchy;
import org.edgeai.accel.NeuralEngineSimulator;
import org.edgeai.accel.SimulationReport;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.graph.Activation;
import org.edgeai.kernel.graph.ModelGraph;
import org.edgeai.kernel.graph.OpKind;
import org.edgeai.kernel.graph.OpNode;
import org.edgeai.kernel.graph.OpSpec;
import org.edgeai.kernel.io.TextFiles;

/**
 * Prices MAESTRO's MobileNetV2 and MnasNet layer lists with as many MAC units as MAESTRO's
 * {@code accelerator_1} (256 PEs) and compares per-layer cycles with MAESTRO's runtime: on a 16x16
 * systolic array (MAESTRO's {@code kcp_ws} mapping, filters and channels spread over the PEs with
 * weights stationary, against the weight-stationary array; {@code yxp_os}, output rows and columns
 * spread with outputs stationary, against the output-stationary one) and on 16 dot-product lanes of
 * width 16.
 *
 * <p>Layer shapes come from the bundled transcription of MAESTRO's model files
 * ({@code org/edgeai/accel/maestro/*.csv}); a CONV layer becomes a convolution, a DSCONV a
 * depthwise convolution (MAESTRO does not pad). A layer is marked not comparable when MAESTRO's MAC
 * count differs from the shape's (MAESTRO's {@code yxp_os} mapping counts strided depthwise layers
 * differently) or when it is one of MAESTRO's residual "DSCONV 1x1" stand-ins for an elementwise add.
 */
public final class MaestroComparison {
    private MaestroComparison() {
    }

    private static final Pattern FILE = Pattern.compile("maestro_(.+)_(kcp_ws|yxp_os)_(\\d+)pe\\.csv");

    /**
     * @param layer           MAESTRO layer name
     * @param type            {@code CONV} or {@code DSCONV}
     * @param macs            MACs of the shape
     * @param maestroMacs     MACs MAESTRO counted
     * @param maestroCycles   MAESTRO runtime
     * @param simulatedCycles this simulator's compute cycles
     * @param ratio           {@code simulated / MAESTRO}
     * @param comparable      same MACs and not a residual stand-in
     */
    public record LayerComparison(String layer, String type, long macs, long maestroMacs, long maestroCycles,
                                  long simulatedCycles, double ratio, boolean comparable) {
    }

    /**
     * @param network               network name
     * @param mapping               MAESTRO mapping ({@code kcp_ws} or {@code yxp_os})
     * @param accelerator           the simulated array preset
     * @param layers                per layer
     * @param comparableLayers      number of comparable layers
     * @param geometricMeanRatio    geometric mean of simulated / MAESTRO over comparable layers
     * @param withinFactorTwo       share of comparable layers with a ratio in [0.5, 2]
     * @param spearman              rank correlation of per-layer cycles over comparable layers
     * @param maestroTotal          MAESTRO cycles of the comparable layers
     * @param simulatedTotal        simulated cycles of the comparable layers
     */
    public record NetworkComparison(String network, String mapping, String accelerator, List<LayerComparison> layers,
                                    int comparableLayers, double geometricMeanRatio, double withinFactorTwo,
                                    double spearman, long maestroTotal, long simulatedTotal) {
        /** Copies the list. */
        public NetworkComparison {
            layers = List.copyOf(layers);
        }
    }

    /**
     * @param maestroDir {@code <data>/accel/maestro}
     * @return for each {@code maestro_<net>_<mapping>_<n>pe.csv} (sorted by file name): the
     *         comparison with the systolic array of the mapping's dataflow, then with
     *         {@code n} dot-product lanes ({@link #lanes(int)})
     * @throws IOException              if a file cannot be read
     * @throws IllegalArgumentException if a file is malformed, its network unknown or its layer
     *                                  count differs from the shape list
     */
    public static List<NetworkComparison> compareAll(Path maestroDir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(maestroDir)) {
            files = s.filter(p -> FILE.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no MAESTRO result files (maestro_<net>_<mapping>_<n>pe.csv) in " + maestroDir);
        }
        List<NetworkComparison> out = new ArrayList<>();
        for (Path f : files) {
            out.add(compare(f, null));
            out.add(compare(f, lanes(peCount(f))));
        }
        return out;
    }

    /**
     * @param pes MAC units, a perfect square
     * @return {@code sqrt(pes)} dot-product lanes of width {@code sqrt(pes)}, no pipeline or launch
     *         cost, ideal DRAM: a mapping that, like MAESTRO's, puts depthwise channels side by side
     */
    public static AcceleratorConfig lanes(int pes) {
        int side = side(pes);
        return AcceleratorConfig.builder().name("lanes" + side + "x" + side).array(new DotProductLanes(side, side, 0))
                .memory(new MemoryHierarchy(64 << 10, 64 << 10, 64 << 10, Double.POSITIVE_INFINITY, true))
                .opLaunchCycles(0).build();
    }

    private static int peCount(Path resultFile) {
        Matcher m = FILE.matcher(resultFile.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a MAESTRO result file name: " + resultFile.getFileName());
        }
        return Integer.parseInt(m.group(3));
    }

    private static int side(int pes) {
        int side = (int) Math.round(Math.sqrt(pes));
        if (side * side != pes) {
            throw new IllegalArgumentException(pes + " PEs is not a square array");
        }
        return side;
    }

    /**
     * @param resultFile one MAESTRO result CSV
     * @param config     the accelerator to compare, or null for the square systolic array with the
     *                   mapping's dataflow
     * @return the comparison
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException if it is malformed or does not match the shape list
     */
    public static NetworkComparison compare(Path resultFile, AcceleratorConfig config) throws IOException {
        Matcher m = FILE.matcher(resultFile.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a MAESTRO result file name: " + resultFile.getFileName());
        }
        String network = m.group(1);
        String mapping = m.group(2);
        int side = side(Integer.parseInt(m.group(3)));
        List<String[]> shapes = shapes(network.toLowerCase(Locale.ROOT));
        ModelGraph graph = graph(network, shapes);
        Dataflow df = mapping.endsWith("ws") ? Dataflow.WEIGHT_STATIONARY : Dataflow.OUTPUT_STATIONARY;
        AcceleratorConfig cfg = config != null ? config : AcceleratorConfigs.scaleSim("arr" + side + "_" + df.code(), side, side,
                df, 64 << 10, 64 << 10, 64 << 10, Double.POSITIVE_INFINITY);
        SimulationReport sim = new NeuralEngineSimulator(cfg, FusionPolicy.NONE).simulate(graph);

        List<String> lines = TextFiles.readLines(resultFile);
        if (lines.isEmpty() || lines.getFirst().isBlank()) {
            throw new IllegalArgumentException(resultFile + ": empty file, expected MAESTRO's result CSV header");
        }
        List<String> header = Arrays.stream(lines.getFirst().split(",")).map(String::trim).toList();
        int cyclesCol = column(header, "Runtime (Cycles)", resultFile);
        int macsCol = column(header, "Num MACs", resultFile);
        List<String> rows = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        for (int l = 1; l < lines.size(); l++) {
            if (!lines.get(l).isBlank()) {
                rows.add(lines.get(l));
                lineNumbers.add(l + 1);
            }
        }
        if (rows.size() != shapes.size()) {
            throw new IllegalArgumentException(resultFile + ": " + rows.size() + " layers, the " + network + " shape list has "
                    + shapes.size());
        }
        List<LayerComparison> layers = new ArrayList<>();
        List<double[]> pairs = new ArrayList<>();
        double logSum = 0;
        int within = 0;
        long maestroTotal = 0;
        long simTotal = 0;
        for (int i = 0; i < rows.size(); i++) {
            String[] t = rows.get(i).split(",");
            long cycles = number(t, cyclesCol, resultFile, lineNumbers.get(i));
            long maestroMacs = number(t, macsCol, resultFile, lineNumbers.get(i));
            LayerReport s = sim.layers().get(i);
            String[] shape = shapes.get(i);
            boolean residual = shape[0].contains("Residual");
            boolean comparable = !residual && maestroMacs == s.macs() && cycles > 0;
            double ratio = s.computeCycles() / (double) cycles;
            layers.add(new LayerComparison(shape[0], shape[1], s.macs(), maestroMacs, cycles, s.computeCycles(), ratio,
                    comparable));
            if (comparable) {
                pairs.add(new double[] {cycles, s.computeCycles()});
                logSum += Math.log(ratio);
                if (ratio >= 0.5 && ratio <= 2) {
                    within++;
                }
                maestroTotal += cycles;
                simTotal += s.computeCycles();
            }
        }
        int n = pairs.size();
        return new NetworkComparison(network, mapping, cfg.name(), layers, n, n == 0 ? Double.NaN : Math.exp(logSum / n),
                n == 0 ? Double.NaN : within / (double) n, spearman(pairs), maestroTotal, simTotal);
    }

    /** @return the bundled shape rows {@code layer,type,stride,K,C,R,S,Y,X} of a network */
    static List<String[]> shapes(String network) throws IOException {
        String resource = "/org/edgeai/accel/maestro/" + network + ".csv";
        try (InputStream in = MaestroComparison.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no MAESTRO layer shapes for network '" + network
                        + "' (known: mobilenetv2, mnasnet)");
            }
            List<String[]> rows = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            boolean header = true;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                rows.add(line.split(","));
            }
            return rows;
        }
    }

    private static ModelGraph graph(String network, List<String[]> shapes) {
        List<OpNode> ops = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String[] s : shapes) {
            int stride = Integer.parseInt(s[2]);
            int k = Integer.parseInt(s[3]);
            int c = Integer.parseInt(s[4]);
            int r = Integer.parseInt(s[5]);
            int sw = Integer.parseInt(s[6]);
            int y = Integer.parseInt(s[7]);
            int x = Integer.parseInt(s[8]);
            int oy = (y - r) / stride + 1;
            int ox = (x - sw) / stride + 1;
            boolean dw = s[1].equals("DSCONV");
            OpSpec.Conv2d spec = new OpSpec.Conv2d(c, y, x, dw ? c : k, oy, ox, r, sw, stride, stride, 0, 0, dw ? c : 1, false);
            int count = seen.merge(s[0], 1, Integer::sum);
            String name = count == 1 ? s[0] : s[0] + "#" + count;
            OpKind kind = dw ? OpKind.DEPTHWISE_CONV2D : OpKind.CONV2D;
            if (dw && c == 1) {
                kind = OpKind.CONV2D;
            }
            ops.add(new OpNode(name, kind, spec, DType.I8, DType.I8, Activation.NONE, null));
        }
        return new ModelGraph(network, ops);
    }

    private static int column(List<String> header, String name, Path file) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(file + ": missing column '" + name + "'");
        }
        return i;
    }

    private static long number(String[] t, int col, Path file, int line) {
        try {
            return Math.round(Double.parseDouble(t[col].trim()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ":" + line + ": column " + (col + 1) + " is not a number", e);
        }
    }

    /** Spearman rank correlation (average ranks for ties) of the pairs' two coordinates. */
    static double spearman(List<double[]> pairs) {
        int n = pairs.size();
        if (n < 2) {
            return Double.NaN;
        }
        double[] ra = ranks(pairs, 0);
        double[] rb = ranks(pairs, 1);
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += ra[i];
            mb += rb[i];
        }
        ma /= n;
        mb /= n;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (ra[i] - ma) * (rb[i] - mb);
            saa += (ra[i] - ma) * (ra[i] - ma);
            sbb += (rb[i] - mb) * (rb[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    private static double[] ranks(List<double[]> pairs, int k) {
        int n = pairs.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(pairs.get(a)[k], pairs.get(b)[k]));
        double[] r = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && pairs.get(order[j + 1])[k] == pairs.get(order[i])[k]) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int m = i; m <= j; m++) {
                r[order[m]] = avg;
            }
            i = j + 1;
        }
        return r;
    }
}
