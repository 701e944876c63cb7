package org.edgeai.nas.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.edgeai.nas.internal.CsvTable;

/**
 * Rows of {@code nb201_arch_accuracy_latency.csv} (see {@code ../shared/data/nas/README.md}): per
 * architecture its NAS-Bench-201 index, cell, 12-epoch accuracies ({@code acc12ep_*}, %) and device
 * latencies ({@code lat_ms_<device>}, ms). A query file may carry only the index and the cell
 * ({@code arch_str} or the six {@code op_i_j} columns); absent values are NaN.
 *
 * @param source     file name, for messages
 * @param indices    NAS-Bench-201 index per row
 * @param cells      cell per row
 * @param accuracyColumns accuracy column names (without prefix changes), e.g. {@code acc12ep_cifar10_test}
 * @param accuracy   {@code [row][accuracy column]}, %
 * @param devices    device names (the {@code lat_ms_} suffixes)
 * @param latencyMs  {@code [row][device]}, ms
 * @implNote Immutable and thread-safe: the constructor copies the arrays and lists, and the array
 *           accessors return copies (use {@link #index(int)}, {@link #accuracy(int, int)} and
 *           {@link #latencyMs(int, int)} in loops). Record equality compares the arrays by identity.
 */
public record Nb201Table(String source, int[] indices, List<Nb201Cell> cells, List<String> accuracyColumns,
                         double[][] accuracy, List<String> devices, double[][] latencyMs) {
    /**
     * @throws IllegalArgumentException if the row counts or the column counts disagree
     * @throws NullPointerException     if an argument is null
     */
    public Nb201Table {
        int n = indices.length;
        if (cells.size() != n || accuracy.length != n || latencyMs.length != n) {
            throw new IllegalArgumentException(source + ": " + n + " indices but " + cells.size() + " cells, " + accuracy.length
                    + " accuracy rows, " + latencyMs.length + " latency rows");
        }
        indices = indices.clone();
        cells = List.copyOf(cells);
        accuracyColumns = List.copyOf(accuracyColumns);
        devices = List.copyOf(devices);
        accuracy = copyRows(accuracy, accuracyColumns.size(), source, "accuracy");
        latencyMs = copyRows(latencyMs, devices.size(), source, "latency");
    }

    private static double[][] copyRows(double[][] a, int columns, String source, String what) {
        double[][] c = new double[a.length][];
        for (int r = 0; r < a.length; r++) {
            if (a[r].length != columns) {
                throw new IllegalArgumentException(source + ": " + what + " row " + r + " has " + a[r].length + " values, expected " + columns);
            }
            c[r] = a[r].clone();
        }
        return c;
    }

    /** @return NAS-Bench-201 index per row (a copy) */
    @Override
    public int[] indices() {
        return indices.clone();
    }

    /** @return {@code [row][accuracy column]}, % (a copy) */
    @Override
    public double[][] accuracy() {
        return java.util.Arrays.stream(accuracy).map(double[]::clone).toArray(double[][]::new);
    }

    /** @return {@code [row][device]}, ms (a copy) */
    @Override
    public double[][] latencyMs() {
        return java.util.Arrays.stream(latencyMs).map(double[]::clone).toArray(double[][]::new);
    }

    /**
     * @param row row number
     * @return its NAS-Bench-201 index
     * @throws ArrayIndexOutOfBoundsException if row is out of range
     */
    public int index(int row) {
        return indices[row];
    }

    /**
     * @param row    row number
     * @param column accuracy column ({@link #accuracyColumn(String)})
     * @return accuracy, % (NaN if absent)
     * @throws ArrayIndexOutOfBoundsException if row or column is out of range
     */
    public double accuracy(int row, int column) {
        return accuracy[row][column];
    }

    /**
     * @param row    row number
     * @param device device column ({@link #deviceColumn(String)})
     * @return latency, ms (NaN if absent)
     * @throws ArrayIndexOutOfBoundsException if row or device is out of range
     */
    public double latencyMs(int row, int device) {
        return latencyMs[row][device];
    }
    /** Column-name prefix of latencies. */
    public static final String LATENCY_PREFIX = "lat_ms_";
    /** Shared file name inside the {@code nas} data set. */
    public static final String FILE = "nb201_arch_accuracy_latency.csv";
    private static final String[] OP_COLUMNS = {"op_1_0", "op_2_0", "op_2_1", "op_3_0", "op_3_1", "op_3_2"};

    /**
     * @param file a CSV in the shared format
     * @return the rows
     * @throws IllegalArgumentException with file and line on malformed content (bad cell, non-numeric
     *                                  value, {@code arch_str} disagreeing with the op columns)
     * @throws java.io.UncheckedIOException if the file cannot be read
     */
    public static Nb201Table read(Path file) {
        CsvTable t = CsvTable.read(file);
        int idx = t.require("nb201_index");
        int arch = t.header().indexOf("arch_str");
        int[] opCols = new int[6];
        boolean hasOps = true;
        for (int e = 0; e < 6; e++) {
            opCols[e] = t.header().indexOf(OP_COLUMNS[e]);
            hasOps &= opCols[e] >= 0;
        }
        if (arch < 0 && !hasOps) {
            throw new IllegalArgumentException(t.source() + ": needs column arch_str or op_1_0..op_3_2 (columns: " + t.header() + ")");
        }
        List<String> accCols = new ArrayList<>();
        List<Integer> accIdx = new ArrayList<>();
        List<String> devices = new ArrayList<>();
        List<Integer> devIdx = new ArrayList<>();
        for (int c = 0; c < t.header().size(); c++) {
            String h = t.header().get(c);
            if (h.startsWith("acc")) {
                accCols.add(h);
                accIdx.add(c);
            } else if (h.startsWith(LATENCY_PREFIX)) {
                devices.add(h.substring(LATENCY_PREFIX.length()));
                devIdx.add(c);
            }
        }
        int n = t.rows().size();
        int[] indices = new int[n];
        List<Nb201Cell> cells = new ArrayList<>(n);
        double[][] acc = new double[n][accCols.size()];
        double[][] lat = new double[n][devices.size()];
        for (int r = 0; r < n; r++) {
            String[] f = t.rows().get(r);
            double iv = t.number(r, idx);
            if (iv != Math.rint(iv) || iv < 0 || iv >= Nb201Cell.SPACE_SIZE) {
                throw new IllegalArgumentException(t.where(r) + ": nb201_index " + f[idx] + " not an integer in [0, 15625)");
            }
            indices[r] = (int) iv;
            Nb201Cell cell;
            try {
                if (arch >= 0) {
                    cell = Nb201Cell.parse(f[arch]);
                    if (hasOps) {
                        for (int e = 0; e < 6; e++) {
                            if (cell.op(e) != Nb201Op.ofLabel(f[opCols[e]])) {
                                throw new IllegalArgumentException("column " + OP_COLUMNS[e] + " = " + f[opCols[e]]
                                        + " disagrees with arch_str " + f[arch]);
                            }
                        }
                    }
                } else {
                    List<Nb201Op> ops = new ArrayList<>();
                    for (int e = 0; e < 6; e++) {
                        ops.add(Nb201Op.ofLabel(f[opCols[e]]));
                    }
                    cell = new Nb201Cell(ops);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(t.where(r) + ": " + e.getMessage(), e);
            }
            cells.add(cell);
            for (int a = 0; a < accIdx.size(); a++) {
                acc[r][a] = f[accIdx.get(a)].isEmpty() ? Double.NaN : t.number(r, accIdx.get(a));
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
        return new Nb201Table(t.source(), indices, cells, List.copyOf(accCols), acc, List.copyOf(devices), lat);
    }

    /** @return number of rows */
    public int size() {
        return indices.length;
    }

    /**
     * @param device a device name such as {@code pixel3}
     * @return its column
     * @throws IllegalArgumentException listing the devices present if absent
     */
    public int deviceColumn(String device) {
        int d = devices.indexOf(device);
        if (d < 0) {
            throw new IllegalArgumentException(source + ": no latency column lat_ms_" + device + " (devices: " + devices + ")");
        }
        return d;
    }

    /**
     * @param column an accuracy column such as {@code acc12ep_cifar10_valid_val}
     * @return its index
     * @throws IllegalArgumentException listing the columns present if absent
     */
    public int accuracyColumn(String column) {
        int a = accuracyColumns.indexOf(column);
        if (a < 0) {
            throw new IllegalArgumentException(source + ": no accuracy column " + column + " (columns: " + accuracyColumns + ")");
        }
        return a;
    }

    /**
     * The latencies of a device as training targets: every row must have been measured.
     *
     * @param device device name
     * @return latency per row, ms, all positive and finite
     * @throws IllegalArgumentException naming the file, the row's nb201_index and the column if a cell is empty or not
     *                                  positive (a training row without a measurement cannot be fitted), or listing the
     *                                  devices present if the column is absent
     */
    public double[] measuredLatency(String device) {
        return Measured.require(source, "nb201_index", indices, device, latency(device));
    }

    /**
     * @param device device name
     * @return latency per row for that device, ms (NaN where the cell is empty)
     * @throws IllegalArgumentException listing the devices present if the column is absent
     */
    public double[] latency(String device) {
        int d = deviceColumn(device);
        double[] v = new double[size()];
        for (int r = 0; r < v.length; r++) {
            v[r] = latencyMs[r][d];
        }
        return v;
    }

    /** @return row number per cell code ({@link Nb201Cell#code()}) */
    public Map<Integer, Integer> rowByCellCode() {
        Map<Integer, Integer> m = new HashMap<>();
        for (int r = 0; r < size(); r++) {
            m.put(cells.get(r).code(), r);
        }
        return m;
    }

    /**
     * @param rows row numbers to keep, in order
     * @return a table with those rows
     */
    public Nb201Table subset(int[] rows) {
        int[] idx = new int[rows.length];
        List<Nb201Cell> c = new ArrayList<>(rows.length);
        double[][] a = new double[rows.length][];
        double[][] l = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            idx[i] = indices[rows[i]];
            c.add(cells.get(rows[i]));
            a[i] = accuracy[rows[i]];
            l[i] = latencyMs[rows[i]];
        }
        return new Nb201Table(source, idx, c, accuracyColumns, a, devices, l);
    }
}
