package org.edgeai.nas.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.edgeai.nas.internal.CsvTable;

/**
 * Rows of {@code fbnet_cifar100_arch_latency.csv}: per sampled FBNet-space architecture its
 * {@code sample_id}, the block of each of the 22 searchable layers ({@code layer01..layer22}) and
 * device latencies ({@code lat_ms_<device>}, ms; NaN when absent, as in a query file). The measurements are
 * HW-NAS-Bench's (C. Li et al., "HW-NAS-Bench: Hardware-Aware Neural Architecture Search Benchmark", ICLR 2021).
 *
 * @param source    file name, for messages
 * @param sampleIds sample id per row
 * @param blocks    {@code [row][layer]}, 22 layers
 * @param devices   device names
 * @param latencyMs {@code [row][device]}, ms
 * @implNote Immutable and thread-safe: the constructor copies the arrays and lists, and the array
 *           accessors return copies (use {@link #sampleId(int)}, {@link #blocks(int)} and
 *           {@link #latencyMs(int, int)} per row). Record equality compares the arrays by identity.
 */
public record FbnetTable(String source, int[] sampleIds, FbnetBlock[][] blocks, List<String> devices, double[][] latencyMs) {
    /**
     * @throws IllegalArgumentException if the row counts disagree, or a row does not have {@link #LAYERS}
     *                                  blocks or one latency per device
     * @throws NullPointerException     if an argument is null
     */
    public FbnetTable {
        int n = sampleIds.length;
        if (blocks.length != n || latencyMs.length != n) {
            throw new IllegalArgumentException(source + ": " + n + " sample ids but " + blocks.length + " block rows, " + latencyMs.length
                    + " latency rows");
        }
        sampleIds = sampleIds.clone();
        devices = List.copyOf(devices);
        FbnetBlock[][] b = new FbnetBlock[n][];
        double[][] l = new double[n][];
        for (int r = 0; r < n; r++) {
            if (blocks[r].length != LAYERS || latencyMs[r].length != devices.size()) {
                throw new IllegalArgumentException(source + ": row " + r + " has " + blocks[r].length + " blocks (expected " + LAYERS + ") and "
                        + latencyMs[r].length + " latencies (expected " + devices.size() + ")");
            }
            b[r] = blocks[r].clone();
            l[r] = latencyMs[r].clone();
        }
        blocks = b;
        latencyMs = l;
    }

    /** @return sample id per row (a copy) */
    @Override
    public int[] sampleIds() {
        return sampleIds.clone();
    }

    /** @return {@code [row][layer]} (a copy) */
    @Override
    public FbnetBlock[][] blocks() {
        return java.util.Arrays.stream(blocks).map(FbnetBlock[]::clone).toArray(FbnetBlock[][]::new);
    }

    /** @return {@code [row][device]}, ms (a copy) */
    @Override
    public double[][] latencyMs() {
        return java.util.Arrays.stream(latencyMs).map(double[]::clone).toArray(double[][]::new);
    }

    /**
     * @param row row number
     * @return its sample id
     * @throws ArrayIndexOutOfBoundsException if row is out of range
     */
    public int sampleId(int row) {
        return sampleIds[row];
    }

    /**
     * @param row row number
     * @return its 22 blocks (a copy)
     * @throws ArrayIndexOutOfBoundsException if row is out of range
     */
    public FbnetBlock[] blocks(int row) {
        return blocks[row].clone();
    }

    /**
     * @param row    row number
     * @param device device column (index into {@link #devices()})
     * @return latency, ms (NaN if absent)
     * @throws ArrayIndexOutOfBoundsException if row or device is out of range
     */
    public double latencyMs(int row, int device) {
        return latencyMs[row][device];
    }
    /** Searchable layers of the space. */
    public static final int LAYERS = 22;
    /** Shared file name inside the {@code nas} data set. */
    public static final String FILE = "fbnet_cifar100_arch_latency.csv";

    /**
     * @param file a CSV in the shared format
     * @return the rows
     * @throws IllegalArgumentException with file and line on malformed content
     * @throws java.io.UncheckedIOException if the file cannot be read
     */
    public static FbnetTable read(Path file) {
        CsvTable t = CsvTable.read(file);
        int id = t.require("sample_id");
        int[] layerCols = new int[LAYERS];
        for (int l = 0; l < LAYERS; l++) {
            layerCols[l] = t.require(String.format(java.util.Locale.ROOT, "layer%02d", l + 1));
        }
        List<String> devices = new ArrayList<>();
        List<Integer> devIdx = new ArrayList<>();
        for (int c = 0; c < t.header().size(); c++) {
            String h = t.header().get(c);
            if (h.startsWith(Nb201Table.LATENCY_PREFIX)) {
                devices.add(h.substring(Nb201Table.LATENCY_PREFIX.length()));
                devIdx.add(c);
            }
        }
        int n = t.rows().size();
        int[] ids = new int[n];
        FbnetBlock[][] blocks = new FbnetBlock[n][LAYERS];
        double[][] lat = new double[n][devices.size()];
        for (int r = 0; r < n; r++) {
            String[] f = t.rows().get(r);
            double iv = t.number(r, id);
            if (iv != Math.rint(iv)) {
                throw new IllegalArgumentException(t.where(r) + ": sample_id " + f[id] + " is not an integer");
            }
            ids[r] = (int) iv;
            for (int l = 0; l < LAYERS; l++) {
                try {
                    blocks[r][l] = FbnetBlock.ofLabel(f[layerCols[l]]);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(t.where(r) + ": layer" + String.format(java.util.Locale.ROOT, "%02d", l + 1) + ": " + e.getMessage(), e);
                }
            }
            for (int d = 0; d < devIdx.size(); d++) {
                if (f[devIdx.get(d)].isEmpty()) {
                    lat[r][d] = Double.NaN;
                } else {
                    lat[r][d] = t.number(r, devIdx.get(d));
                    if (lat[r][d] < 0) {
                        throw new IllegalArgumentException(t.where(r) + ": negative latency " + f[devIdx.get(d)] + " ms");
                    }
                }
            }
        }
        return new FbnetTable(t.source(), ids, blocks, List.copyOf(devices), lat);
    }

    /** @return number of rows */
    public int size() {
        return sampleIds.length;
    }

    /**
     * The latencies of a device as training targets: every row must have been measured.
     *
     * @param device device name
     * @return latency per row, ms, all positive and finite
     * @throws IllegalArgumentException naming the file, the row's sample_id and the column if a cell is empty or not
     *                                  positive (a training row without a measurement cannot be fitted), or listing the
     *                                  devices present if the column is absent
     */
    public double[] measuredLatency(String device) {
        return Measured.require(source, "sample_id", sampleIds, device, latency(device));
    }

    /**
     * @param device device name
     * @return latency per row, ms
     * @throws IllegalArgumentException listing the devices present if absent
     */
    public double[] latency(String device) {
        int d = devices.indexOf(device);
        if (d < 0) {
            throw new IllegalArgumentException(source + ": no latency column lat_ms_" + device + " (devices: " + devices + ")");
        }
        double[] v = new double[size()];
        for (int r = 0; r < v.length; r++) {
            v[r] = latencyMs[r][d];
        }
        return v;
    }

    /**
     * @param rows row numbers to keep
     * @return a table with those rows
     */
    public FbnetTable subset(int[] rows) {
        int[] ids = new int[rows.length];
        FbnetBlock[][] b = new FbnetBlock[rows.length][];
        double[][] l = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            ids[i] = sampleIds[rows[i]];
            b[i] = blocks[rows[i]];
            l[i] = latencyMs[rows[i]];
        }
        return new FbnetTable(source, ids, b, devices, l);
    }
}
