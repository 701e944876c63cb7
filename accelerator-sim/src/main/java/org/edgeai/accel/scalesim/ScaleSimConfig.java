package org.edgeai.accel.scalesim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.edgeai.accel.AcceleratorConfig;
import org.edgeai.accel.AcceleratorConfigs;
import org.edgeai.accel.Dataflow;
import org.edgeai.kernel.io.TextFiles;

/**
 * Reads a SCALE-Sim v2 {@code .cfg} file (INI sections; {@code key: value} or {@code key = value};
 * {@code #}/{@code ;} comments) into an {@link AcceleratorConfig} of
 * {@link AcceleratorConfigs#scaleSim(String, int, int, Dataflow, long, long, long, double)} form.
 *
 * <p>Used keys (case-insensitive): {@code run_name} (the configuration name; default the file
 * stem), {@code ArrayHeight}, {@code ArrayWidth}, {@code IfmapSramSzkB}, {@code FilterSramSzkB},
 * {@code OfmapSramSzkB} (KiB), {@code Dataflow} ({@code os} or {@code ws}), {@code InterfaceBandwidth}
 * ({@code CALC}: ideal DRAM, SCALE-Sim's default; {@code USER}: {@code Bandwidth} words per cycle,
 * one word = one byte). Address offsets, memory banks and other keys do not affect the compute
 * model and are ignored.
 */
public final class ScaleSimConfig {
    private ScaleSimConfig() {
    }

    /**
     * @param file the {@code .cfg}
     * @return the accelerator
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException naming the file (and line) if a key is missing or malformed
     */
    public static AcceleratorConfig read(Path file) throws IOException {
        return parse(ScaleSimTopology.stem(file), file.toString(), TextFiles.readLines(file));
    }

    /**
     * @param defaultName name used when the file has no {@code run_name}
     * @param source      file name for error messages
     * @param lines       the file's lines. Not modified.
     * @return the accelerator
     * @throws IllegalArgumentException naming source and line if a key is missing or malformed
     */
    public static AcceleratorConfig parse(String defaultName, String source, List<String> lines) {
        Map<String, String> values = new HashMap<>();
        Map<String, Integer> lineOf = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";") || line.startsWith("[")) {
                continue;
            }
            int colon = line.indexOf(':');
            int equals = line.indexOf('=');
            int sep = colon < 0 ? equals : equals < 0 ? colon : Math.min(colon, equals);
            if (sep <= 0) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": expected 'key: value', got '" + line + "'");
            }
            String key = line.substring(0, sep).trim().toLowerCase(Locale.ROOT);
            values.put(key, line.substring(sep + 1).trim());
            lineOf.put(key, i + 1);
        }
        String name = values.getOrDefault("run_name", defaultName);
        int rows = intValue(values, lineOf, "arrayheight", source);
        int cols = intValue(values, lineOf, "arraywidth", source);
        long ifmap = 1024L * intValue(values, lineOf, "ifmapsramszkb", source);
        long filter = 1024L * intValue(values, lineOf, "filtersramszkb", source);
        long ofmap = 1024L * intValue(values, lineOf, "ofmapsramszkb", source);
        Dataflow df;
        try {
            df = Dataflow.parse(require(values, "dataflow", source));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ":" + lineOf.get("dataflow") + ": " + e.getMessage(), e);
        }
        String mode = values.getOrDefault("interfacebandwidth", "CALC").trim().toUpperCase(Locale.ROOT);
        double bandwidth = switch (mode) {
            case "CALC" -> Double.POSITIVE_INFINITY;
            case "USER" -> {
                String bw = require(values, "bandwidth", source).split(",")[0].trim();
                try {
                    double v = Double.parseDouble(bw);
                    if (!(v > 0)) {
                        throw new NumberFormatException();
                    }
                    yield v;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(source + ":" + lineOf.get("bandwidth")
                            + ": Bandwidth must be a positive number of words per cycle, got '" + bw + "'", e);
                }
            }
            default -> throw new IllegalArgumentException(source + ":" + lineOf.get("interfacebandwidth")
                    + ": InterfaceBandwidth must be CALC or USER, got '" + mode + "'");
        };
        return AcceleratorConfigs.scaleSim(name, rows, cols, df, ifmap, filter, ofmap, bandwidth);
    }

    private static String require(Map<String, String> values, String key, String source) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException(source + ": missing key '" + key + "'");
        }
        return v;
    }

    private static int intValue(Map<String, String> values, Map<String, Integer> lineOf, String key, String source) {
        String v = require(values, key, source);
        try {
            int x = Integer.parseInt(v);
            if (x <= 0) {
                throw new NumberFormatException();
            }
            return x;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + ":" + lineOf.get(key) + ": " + key + " must be a positive integer, got '"
                    + v + "'", e);
        }
    }
}
