package org.edgeai.accel.scalesim;

import static org.edgeai.accel.internal.ArrayCycles.ceilDiv;

import java.util.Arrays;
import java.util.Objects;
import org.edgeai.accel.SystolicArray;
import org.edgeai.kernel.graph.OpNode;
import org.edgeai.kernel.graph.OpSpec;

/**
 * SCALE-Sim v2's memory accounting of one convolution or matrix product, reproduced address by address: the SRAM
 * reads and writes its compute model reports and the DRAM traffic of its double-buffered scratchpads in the
 * estimate-bandwidth mode ({@code InterfaceBandwidth: CALC}, the mode of the reference data).
 *
 * <h2>What SCALE-Sim does (scale-sim-v2, {@code compute/operand_matrix.py}, {@code compute/systolic_compute_os.py}
 * and {@code _ws.py}, {@code memory/read_buffer_estimate_bw.py}, {@code memory/write_buffer.py})</h2>
 * <ol>
 *   <li><b>Operand matrices.</b> The layer is lowered to {@code I[E, K] x F[K, N]} (E output pixels, K = filter
 *       height x filter width x channels, N filters; a GEMM row {@code M, N, K} is an M x K IFMAP with one 1 x K
 *       filter per output). IFMAP element {@code (e, j)} has the address
 *       {@code (r * stride + kr) * W * C + (c * stride + kc) * C + ch} where {@code (r, c)} is output pixel e in
 *       row-major order and {@code (kr, kc, ch)} is window position j in row-major (filter row, filter column,
 *       channel) order; a window position outside the stored IFMAP is padding and makes no request. Filter element
 *       {@code (k, n)} has the address {@code n * K + k}.</li>
 *   <li><b>Demand streams.</b> The product runs as folds, column folds outermost: weight stationary (WS) maps K on
 *       the R rows and N on the C columns and streams the E pixels; output stationary (OS) maps E on the rows, N on
 *       the columns and streams K; input stationary (IS, {@code systolic_compute_is.py}) maps K on the rows, E on the
 *       columns and streams the N filters. Each fold's demand matrix (one line per cycle) is padded with idle lines for
 *       loading, draining and, for the streamed operands, skewed by one cycle per array row or column; requests are
 *       served line by line, left to right.</li>
 *   <li><b>Read buffers.</b> An IFMAP or filter SRAM of S words (1 byte per word) is kept as sets of
 *       {@code floor(S / 100)} distinct addresses; half the sets (50) form the active buffer. A request hits when its
 *       address is in a set completed since the buffer last turned over or in the set being filled; otherwise it is
 *       fetched from DRAM and joins the set being filled. When 50 sets have been filled since the last turnover, the
 *       buffer turns over and forgets them all. The DRAM reads are the fetched addresses, counted with repeats.</li>
 *   <li><b>Writes.</b> Every valid OFMAP demand is written to DRAM once (WS writes each output once per filter-row
 *       fold: the partial sums).</li>
 * </ol>
 * SRAM counts are SCALE-Sim's {@code ifmap_reads}, {@code filter_reads} and {@code ofmap_writes}: the operand tiles
 * fed per fold, including, for OS OFMAP writes, the {@code R + C} that {@code systolic_compute_os} adds per fold.
 *
 * <h2>What is not reproduced</h2>
 * DRAM OFMAP writes here are the valid writes; SCALE-Sim's write buffer also counts the unused slots of a partly
 * filled write line when it drains (half the OFMAP SRAM at a time), which depends on its write-port timing: on the
 * reference runs 0 to C - 1 words per drain, at most 0.094 % of a layer's writes. Buffer active fractions other
 * than SCALE-Sim's 0.5 and the user-bandwidth mode's stalls are not modelled. The reference runs cover OS and WS
 * only: IS follows {@code systolic_compute_is.py} and is checked against the literal twin, not against SCALE-Sim
 * output. Front
 * padding does not exist in SCALE-Sim (an IFMAP is stored
 * padded); an {@link OpSpec.Conv2d} is taken as SCALE-Sim would take it, its stored input with the windows starting
 * at the top-left corner.
 *
 * <p>Depthwise and grouped convolutions are SCALE-Sim's per-channel serial model: one simulated layer per group, each
 * with fresh buffers and the same addresses.
 *
 * <p>Cost: one hash-set probe per SRAM read, 8-13 ns each (JMH {@code ScaleSimMemoryBench} on the 2-core development
 * machine; the 20 reference runs, 851 million reads, take about 9 s); a layer is refused above
 * {@value #MAX_REQUESTS} SRAM reads per simulated layer rather than run for minutes.
 *
 * @implNote Stateless and thread-safe; each call allocates its own buffers.
 */
public final class ScaleSimMemory {
    private ScaleSimMemory() {
    }

    /** Sets in the active half of a read buffer (SCALE-Sim {@code active_buf_frac = 0.5} of 100 sets). */
    static final int ACTIVE_SETS = 50;
    /** Largest number of SRAM reads (IFMAP plus filter) simulated for one layer. */
    public static final long MAX_REQUESTS = 4_000_000_000L;
    /** Largest number of output pixels, and of window words, of one traced layer (its address tables are this long). */
    public static final long MAX_OPERAND_ROWS = 1L << 21;

    /**
     * Memory traffic in words (one byte each, SCALE-Sim's word).
     *
     * @param ifmapSramReads  IFMAP operand words read from the SRAM
     * @param filterSramReads filter operand words read from the SRAM
     * @param ofmapSramWrites OFMAP words written to the SRAM (SCALE-Sim's accounting, see the class comment)
     * @param ifmapDramReads  IFMAP words fetched from DRAM into the SRAM
     * @param filterDramReads filter words fetched from DRAM into the SRAM
     * @param ofmapDramWrites valid OFMAP words written back to DRAM
     */
    public record Traffic(long ifmapSramReads, long filterSramReads, long ofmapSramWrites, long ifmapDramReads,
                          long filterDramReads, long ofmapDramWrites) {
        /** @return every count multiplied by {@code k} */
        public Traffic times(long k) {
            return new Traffic(ifmapSramReads * k, filterSramReads * k, ofmapSramWrites * k, ifmapDramReads * k,
                    filterDramReads * k, ofmapDramWrites * k);
        }

        /** @return IFMAP plus filter DRAM reads */
        public long dramReads() {
            return ifmapDramReads + filterDramReads;
        }
    }

    /**
     * @param perSimulatedLayer traffic of one simulated layer (one group of a grouped convolution)
     * @param simulatedLayers   simulated layers: the group count (1 for an ordinary convolution or a GEMM)
     */
    public record Layer(Traffic perSimulatedLayer, int simulatedLayers) {
        /** @return the traffic of the whole layer */
        public Traffic total() {
            return perSimulatedLayer.times(simulatedLayers);
        }
    }

    /**
     * The lowered geometry of one simulated layer (see the class comment).
     *
     * @param ifmapH  stored IFMAP height
     * @param ifmapW  stored IFMAP width
     * @param filterH filter height
     * @param filterW filter width
     * @param channels input channels
     * @param filters  N
     * @param strideH  vertical stride
     * @param strideW  horizontal stride
     * @param outH     output height
     * @param outW     output width
     */
    record Geometry(int ifmapH, int ifmapW, int filterH, int filterW, int channels, int filters, int strideH,
                    int strideW, int outH, int outW) {
        long pixels() {
            return (long) outH * outW;
        }

        long window() {
            return (long) filterH * filterW * channels;
        }

        /** @return the IFMAP address of operand element (e, j), or -1 for padding */
        long ifmapAddress(int e, int j) {
            long r = (long) (e / outW) * strideH;
            long c = (long) (e % outW) * strideW;
            int kr = j / (filterW * channels);
            int rest = j % (filterW * channels);
            int kc = rest / channels;
            int ch = rest % channels;
            if (r + kr >= ifmapH || c + kc >= ifmapW) {
                return -1;
            }
            return ((r + kr) * ifmapW + c + kc) * channels + ch;
        }

        /** @return the filter address of operand element (k, n) */
        long filterAddress(int k, int n) {
            return (long) n * window() + k;
        }
    }

    /**
     * @param op              a convolution ({@link OpSpec.Conv2d}) or matrix product ({@link OpSpec.Gemm}). Not
     *                        modified.
     * @param array           the systolic array (rows, columns, dataflow)
     * @param ifmapSramBytes  IFMAP SRAM size, bytes (SCALE-Sim {@code IfmapSramSzkB * 1024})
     * @param filterSramBytes filter SRAM size, bytes
     * @return the traffic per simulated layer and the number of simulated layers
     * @throws IllegalArgumentException if the op is neither a convolution nor a matrix product, a size is not positive,
     *                                  the layer has more than {@link #MAX_OPERAND_ROWS} output pixels or window words,
     *                                  or it needs more than {@link #MAX_REQUESTS} SRAM reads
     */
    public static Layer of(OpNode op, SystolicArray array, long ifmapSramBytes, long filterSramBytes) {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(array, "array");
        if (ifmapSramBytes < 1 || filterSramBytes < 1) {
            throw new IllegalArgumentException("SRAM sizes must be positive, got ifmap=" + ifmapSramBytes + " filter="
                    + filterSramBytes);
        }
        Geometry g = geometry(op);
        if (g == null) {
            throw new IllegalArgumentException("layer " + op.name() + ": SCALE-Sim's memory model covers "
                    + "convolutions and matrix products, not " + op.kind());
        }
        int groups = op.spec() instanceof OpSpec.Conv2d c ? c.groups() : 1;
        return new Layer(simulate(g, array, ifmapSramBytes, filterSramBytes, op.name()), groups);
    }

    /**
     * The work {@link #of} does for an op, without doing it: the SRAM reads it traces (one simulated layer is traced
     * and scaled by the group count), for callers that budget it.
     *
     * @param op    a convolution or matrix product. Not modified.
     * @param array the systolic array
     * @return IFMAP plus filter SRAM reads of one simulated layer, or {@link Long#MAX_VALUE} if they overflow; 0 for
     *         an op {@link #of} does not trace
     */
    public static long tracedReads(OpNode op, SystolicArray array) {
        Geometry g = geometry(op);
        if (g == null) {
            return 0;
        }
        try {
            long[] sram = sramCounts(g, array);
            return Math.addExact(sram[0], sram[1]);
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }

    private static Geometry geometry(OpNode op) {
        return switch (op.spec()) {
            case OpSpec.Conv2d c -> new Geometry(c.inHeight(), c.inWidth(), c.kernelH(), c.kernelW(),
                    c.inChannels() / c.groups(), c.outChannels() / c.groups(), c.strideH(), c.strideW(), c.outHeight(),
                    c.outWidth());
            case OpSpec.Gemm gemm -> new Geometry(gemm.m(), gemm.k(), 1, gemm.k(), 1, gemm.n(), 1, 1, gemm.m(), 1);
            default -> null;
        };
    }

    /**
     * SRAM counts by SCALE-Sim's compute-model accounting (closed forms).
     *
     * @throws ArithmeticException if a count overflows a long
     */
    static long[] sramCounts(Geometry g, SystolicArray a) {
        long e = g.pixels();
        long k = g.window();
        long n = g.filters();
        int rows = a.rows();
        int cols = a.cols();
        return switch (a.dataflow()) {
            case WEIGHT_STATIONARY -> new long[] {product(ceilDiv(n, cols), e, k), product(k, n, 1),
                product(ceilDiv(k, rows), e, n)};
            case OUTPUT_STATIONARY -> new long[] {product(ceilDiv(n, cols), e, k), product(ceilDiv(e, rows), k, n),
                Math.addExact(product(e, n, 1), product(ceilDiv(e, rows), ceilDiv(n, cols), (long) rows + cols))};
            case INPUT_STATIONARY -> new long[] {product(e, k, 1), product(ceilDiv(e, cols), k, n),
                product(ceilDiv(k, rows), e, n)};
        };
    }

    private static long product(long a, long b, long c) {
        return Math.multiplyExact(Math.multiplyExact(a, b), c);
    }

    static Traffic simulate(Geometry g, SystolicArray a, long ifmapSramBytes, long filterSramBytes, String name) {
        if (g.pixels() > MAX_OPERAND_ROWS || g.window() > MAX_OPERAND_ROWS) {
            throw new IllegalArgumentException("layer " + name + ": " + g.pixels() + " output pixels and a window of "
                    + g.window() + " words; the trace model takes at most " + MAX_OPERAND_ROWS + " of each");
        }
        long[] sram;
        try {
            sram = sramCounts(g, a);
        } catch (ArithmeticException overflow) {
            throw new IllegalArgumentException("layer " + name + ": SRAM access counts overflow a 64-bit integer", overflow);
        }
        if (sram[0] + sram[1] > MAX_REQUESTS) {
            throw new IllegalArgumentException("layer " + name + ": " + (sram[0] + sram[1])
                    + " SRAM reads to trace, more than the limit of " + MAX_REQUESTS);
        }
        int e = (int) g.pixels();
        int k = (int) g.window();
        int n = g.filters();
        int rows = a.rows();
        int cols = a.cols();
        // per-pixel and per-window-position parts of the IFMAP address (see Geometry.ifmapAddress)
        long[] pixRow = new long[e];
        long[] pixCol = new long[e];
        long[] pixBase = new long[e];
        for (int p = 0; p < e; p++) {
            pixRow[p] = (long) (p / g.outW()) * g.strideH();
            pixCol[p] = (long) (p % g.outW()) * g.strideW();
            pixBase[p] = (pixRow[p] * g.ifmapW() + pixCol[p]) * g.channels();
        }
        int[] winRow = new int[k];
        int[] winCol = new int[k];
        long[] winOff = new long[k];
        int rowWords = g.filterW() * g.channels();
        for (int j = 0; j < k; j++) {
            winRow[j] = j / rowWords;
            winCol[j] = j % rowWords / g.channels();
            winOff[j] = ((long) winRow[j] * g.ifmapW() + winCol[j]) * g.channels() + j % g.channels();
        }
        ReadBuffer ifmap = new ReadBuffer(ifmapSramBytes);
        ReadBuffer filter = new ReadBuffer(filterSramBytes);
        long ofmapWrites;
        int colFolds = (int) ceilDiv(n, cols);
        switch (a.dataflow()) {
            case WEIGHT_STATIONARY -> {
                int rowFolds = (int) ceilDiv(k, rows);
                for (int fc = 0; fc < colFolds; fc++) {
                    for (int fr = 0; fr < rowFolds; fr++) {
                        int j0 = fr * rows;
                        int width = Math.min(rows, k - j0);
                        // IFMAP: pixel p reaches array row c at cycle p + c (skew); lines in cycle order
                        for (int t = 0; t < e + width - 1; t++) {
                            for (int c = Math.max(0, t - e + 1); c <= Math.min(t, width - 1); c++) {
                                int p = t - c;
                                int j = j0 + c;
                                if (pixRow[p] + winRow[j] < g.ifmapH() && pixCol[p] + winCol[j] < g.ifmapW()) {
                                    ifmap.request(pixBase[p] + winOff[j]);
                                }
                            }
                        }
                        // filter: the fold's weights, bottom array row first, no skew
                        int n0 = fc * cols;
                        int used = Math.min(cols, n - n0);
                        for (int r = width - 1; r >= 0; r--) {
                            for (int c = 0; c < used; c++) {
                                filter.request(g.filterAddress(j0 + r, n0 + c));
                            }
                        }
                    }
                }
                ofmapWrites = (long) rowFolds * e * n;
            }
            case OUTPUT_STATIONARY -> {
                int rowFolds = (int) ceilDiv(e, rows);
                for (int fc = 0; fc < colFolds; fc++) {
                    int n0 = fc * cols;
                    int usedCols = Math.min(cols, n - n0);
                    for (int fr = 0; fr < rowFolds; fr++) {
                        int p0 = fr * rows;
                        int usedRows = Math.min(rows, e - p0);
                        // IFMAP: window position j reaches array row c at cycle j + c
                        for (int t = 0; t < k + usedRows - 1; t++) {
                            for (int c = Math.max(0, t - k + 1); c <= Math.min(t, usedRows - 1); c++) {
                                int p = p0 + c;
                                int j = t - c;
                                if (pixRow[p] + winRow[j] < g.ifmapH() && pixCol[p] + winCol[j] < g.ifmapW()) {
                                    ifmap.request(pixBase[p] + winOff[j]);
                                }
                            }
                        }
                        // filter: window position j reaches array column c at cycle j + c
                        for (int t = 0; t < k + usedCols - 1; t++) {
                            for (int c = Math.max(0, t - k + 1); c <= Math.min(t, usedCols - 1); c++) {
                                filter.request(g.filterAddress(t - c, n0 + c));
                            }
                        }
                    }
                }
                ofmapWrites = (long) e * n;
            }
            case INPUT_STATIONARY -> {
                int rowFolds = (int) ceilDiv(k, rows);
                int pixelFolds = (int) ceilDiv(e, cols);
                for (int fc = 0; fc < pixelFolds; fc++) {
                    int p0 = fc * cols;
                    int usedCols = Math.min(cols, e - p0);
                    for (int fr = 0; fr < rowFolds; fr++) {
                        int j0 = fr * rows;
                        int width = Math.min(rows, k - j0);
                        // IFMAP: the fold's inputs, bottom array row first, no skew
                        for (int r = width - 1; r >= 0; r--) {
                            int j = j0 + r;
                            for (int c = 0; c < usedCols; c++) {
                                int p = p0 + c;
                                if (pixRow[p] + winRow[j] < g.ifmapH() && pixCol[p] + winCol[j] < g.ifmapW()) {
                                    ifmap.request(pixBase[p] + winOff[j]);
                                }
                            }
                        }
                        // filter: filter q reaches array row c at cycle q + c
                        for (int t = 0; t < n + width - 1; t++) {
                            for (int c = Math.max(0, t - n + 1); c <= Math.min(t, width - 1); c++) {
                                filter.request(g.filterAddress(j0 + c, t - c));
                            }
                        }
                    }
                }
                ofmapWrites = (long) rowFolds * e * n;
            }
            default -> throw new IllegalStateException("unknown dataflow " + a.dataflow());
        }
        return new Traffic(sram[0], sram[1], sram[2], ifmap.misses, filter.misses, ofmapWrites);
    }

    /**
     * SCALE-Sim's estimate-bandwidth read buffer (see the class comment), as a set of the addresses fetched since the
     * last turnover: open addressing with generation stamps, so a turnover is O(1).
     */
    static final class ReadBuffer {
        private final long turnoverMisses;
        private long[] keys = new long[1 << 10];
        private int[] stamps = new int[1 << 10];
        private int generation = 1;
        private int size;
        long misses;

        /** @param sramBytes buffer size in words (bytes) */
        ReadBuffer(long sramBytes) {
            long perSet = sramBytes / 100;
            // with fewer than 100 words a set never completes in SCALE-Sim, so the buffer never turns over
            this.turnoverMisses = perSet == 0 ? Long.MAX_VALUE : perSet * ACTIVE_SETS;
        }

        /** Serves one request for a valid address. */
        void request(long address) {
            int mask = keys.length - 1;
            int i = (int) mix(address) & mask;
            while (stamps[i] == generation) {
                if (keys[i] == address) {
                    return;
                }
                i = (i + 1) & mask;
            }
            keys[i] = address;
            stamps[i] = generation;
            misses++;
            if (misses % turnoverMisses == 0) {
                generation++;
                size = 0;
                if (generation == Integer.MAX_VALUE) {
                    Arrays.fill(stamps, 0);
                    generation = 1;
                }
            } else if (++size > keys.length >>> 1) {
                grow();
            }
        }

        private void grow() {
            long[] oldKeys = keys;
            int[] oldStamps = stamps;
            keys = new long[oldKeys.length * 2];
            stamps = new int[oldKeys.length * 2];
            int mask = keys.length - 1;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldStamps[i] == generation) {
                    int j = (int) mix(oldKeys[i]) & mask;
                    while (stamps[j] == generation) {
                        j = (j + 1) & mask;
                    }
                    keys[j] = oldKeys[i];
                    stamps[j] = generation;
                }
            }
        }

        private static long mix(long x) {
            x *= 0x9E3779B97F4A7C15L;
            return x ^ (x >>> 29);
        }
    }
}
