package org.edgeai.accel.scalesim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.edgeai.accel.AcceleratorConfig;
import org.edgeai.accel.AcceleratorConfigs;
import org.edgeai.accel.Dataflow;
import org.edgeai.accel.FusionPolicy;
import org.edgeai.accel.LayerReport;
import org.edgeai.accel.NeuralEngineSimulator;
import org.edgeai.accel.SystolicArray;
import org.edgeai.accel.internal.ArrayCycles;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.graph.Activation;
import org.edgeai.kernel.graph.ModelGraph;
import org.edgeai.kernel.graph.OpKind;
import org.edgeai.kernel.graph.OpNode;
import org.edgeai.kernel.graph.OpSpec;
import org.junit.jupiter.api.Test;

/**
 * {@link ScaleSimMemory} against a literal twin that builds SCALE-Sim v2's demand matrices as its numpy code does
 * (tiles padded with null requests, idle prefix/suffix lines, skew, flips; one line per cycle) and serves them with
 * the read buffer's own bookkeeping (a list of address sets, an active window of 50 sets that slides and evicts),
 * on random small layers (all three dataflows) and buffers small enough to turn over many times; and against a
 * brute-force closed form when the buffer never turns over. The demand matrices' length also checks the cycle model's
 * closed forms ({@link ArrayCycles}).
 */
class ScaleSimMemoryTest {

    // ---- the literal twin ----------------------------------------------------------------------------------------

    /** SCALE-Sim's estimate-bandwidth read buffer, with its sets and window indices. */
    private static final class SetBuffer {
        final int itemsPerSet;
        final List<Set<Long>> sets = new ArrayList<>();
        Set<Long> current = new HashSet<>();
        int start = 0;
        int end = 49;
        long fetched;

        SetBuffer(long bytes) {
            itemsPerSet = (int) (bytes / 100);
        }

        void request(long addr) {
            if (addr == -1) {
                return;
            }
            for (int s = start; s < Math.min(sets.size(), end + 1); s++) {
                if (sets.get(s) != null && sets.get(s).contains(addr)) {
                    return;
                }
            }
            if (current.add(addr) && current.size() == itemsPerSet) {
                sets.add(current);
                current = new HashSet<>();
                if (sets.size() == end + 1) {
                    for (int s = start; s < start + 50; s++) {
                        fetched += sets.get(s).size();
                        sets.set(s, null);
                    }
                    start += 50;
                    end += 50;
                }
            }
        }

        long total() {
            long n = fetched + current.size();
            for (int s = start; s < sets.size(); s++) {
                n += sets.get(s).size();
            }
            return n;
        }
    }

    private static long[][] fill(int rows, int cols) {
        long[][] m = new long[rows][cols];
        for (long[] r : m) {
            java.util.Arrays.fill(r, -1);
        }
        return m;
    }

    /** @return {@code m[r0.., c0..]} copied into a {@code rows x cols} matrix padded with -1 */
    private static long[][] tile(long[][] m, int r0, int r1, int c0, int c1, int rows, int cols) {
        long[][] t = fill(rows, cols);
        for (int r = r0; r < r1; r++) {
            System.arraycopy(m[r], c0, t[r - r0], 0, c1 - c0);
        }
        return t;
    }

    private static long[][] vstack(long[][]... parts) {
        List<long[]> rows = new ArrayList<>();
        for (long[][] p : parts) {
            rows.addAll(List.of(p));
        }
        return rows.toArray(new long[0][]);
    }

    private static long[][] skew(long[][] m) {
        int cols = m[0].length;
        long[][] out = fill(m.length + cols - 1, cols);
        for (int r = 0; r < m.length; r++) {
            for (int c = 0; c < cols; c++) {
                out[r + c][c] = m[r][c];
            }
        }
        return out;
    }

    private static long[][] flip(long[][] m) {
        long[][] out = new long[m.length][];
        for (int r = 0; r < m.length; r++) {
            out[r] = m[m.length - 1 - r];
        }
        return out;
    }

    private static long[][] transpose(long[][] m) {
        long[][] t = new long[m[0].length][m.length];
        for (int r = 0; r < m.length; r++) {
            for (int c = 0; c < m[0].length; c++) {
                t[c][r] = m[r][c];
            }
        }
        return t;
    }

    private static ScaleSimMemory.Traffic twin(ScaleSimMemory.Geometry g, SystolicArray a, long ifmapBytes, long filterBytes) {
        int e = (int) g.pixels();
        int k = (int) g.window();
        int n = g.filters();
        long[][] ifm = new long[e][k];
        long[][] fil = new long[k][n];
        long[][] ofm = new long[e][n];
        for (int p = 0; p < e; p++) {
            for (int j = 0; j < k; j++) {
                ifm[p][j] = g.ifmapAddress(p, j);
            }
            for (int q = 0; q < n; q++) {
                ofm[p][q] = (long) p * n + q;
            }
        }
        for (int j = 0; j < k; j++) {
            for (int q = 0; q < n; q++) {
                fil[j][q] = g.filterAddress(j, q);
            }
        }
        int rows = a.rows();
        int cols = a.cols();
        List<long[][]> ifDemand = new ArrayList<>();
        List<long[][]> fDemand = new ArrayList<>();
        List<long[][]> oDemand = new ArrayList<>();
        long ifReads = 0;
        long fReads = 0;
        long oWrites = 0;
        int colFolds = (n + cols - 1) / cols;
        if (a.dataflow() == Dataflow.WEIGHT_STATIONARY) {
            int rowFolds = (k + rows - 1) / rows;
            for (int fc = 0; fc < colFolds; fc++) {
                for (int fr = 0; fr < rowFolds; fr++) {
                    int j0 = fr * rows;
                    int j1 = Math.min(j0 + rows, k);
                    int n0 = fc * cols;
                    int n1 = Math.min(n0 + cols, n);
                    ifReads += (long) e * (j1 - j0);
                    ifDemand.add(skew(vstack(fill(rows, rows), tile(ifm, 0, e, j0, j1, e, rows), fill(cols - 1, rows))));
                    fReads += (long) (j1 - j0) * (n1 - n0);
                    fDemand.add(vstack(flip(tile(fil, j0, j1, n0, n1, rows, cols)), fill(rows + cols + e - 2, cols)));
                    oWrites += (long) e * (n1 - n0);
                    oDemand.add(skew(vstack(fill(2 * rows - 1, cols), tile(ofm, 0, e, n0, n1, e, cols))));
                }
            }
        } else if (a.dataflow() == Dataflow.INPUT_STATIONARY) {
            long[][] ifmT = transpose(ifm);
            int rowFolds = (k + rows - 1) / rows;
            int pixelFolds = (e + cols - 1) / cols;
            for (int fc = 0; fc < pixelFolds; fc++) {
                for (int fr = 0; fr < rowFolds; fr++) {
                    int j0 = fr * rows;
                    int j1 = Math.min(j0 + rows, k);
                    int p0 = fc * cols;
                    int p1 = Math.min(p0 + cols, e);
                    ifReads += (long) (j1 - j0) * (p1 - p0);
                    ifDemand.add(vstack(flip(tile(ifmT, j0, j1, p0, p1, rows, cols)), fill(rows + cols + n - 2, cols)));
                    fReads += (long) n * (j1 - j0);
                    fDemand.add(skew(vstack(fill(rows, rows), tile(transpose(tile(fil, j0, j1, 0, n, j1 - j0, n)), 0, n, 0,
                            j1 - j0, n, rows), fill(cols - 1, rows))));
                    oWrites += (long) n * (p1 - p0);
                    oDemand.add(skew(vstack(fill(2 * rows - 1, cols),
                            tile(transpose(tile(ofm, p0, p1, 0, n, p1 - p0, n)), 0, n, 0, p1 - p0, n, cols))));
                }
            }
        } else {
            long[][] ifmT = transpose(ifm);
            int rowFolds = (e + rows - 1) / rows;
            for (int fc = 0; fc < colFolds; fc++) {
                for (int fr = 0; fr < rowFolds; fr++) {
                    int p0 = fr * rows;
                    int p1 = Math.min(p0 + rows, e);
                    int n0 = fc * cols;
                    int n1 = Math.min(n0 + cols, n);
                    ifReads += (long) k * (p1 - p0);
                    ifDemand.add(skew(vstack(tile(ifmT, 0, k, p0, p1, k, rows), fill(cols - 1, rows))));
                    fReads += (long) k * (n1 - n0);
                    fDemand.add(skew(vstack(tile(fil, 0, k, n0, n1, k, cols), fill(rows - 1, cols))));
                    oWrites += (long) (p1 - p0) * (n1 - n0) + rows + cols;
                    oDemand.add(skew(vstack(fill(k - 1, cols), flip(tile(ofm, p0, p1, n0, n1, rows, cols)))));
                }
            }
        }
        SetBuffer ib = new SetBuffer(ifmapBytes);
        SetBuffer fb = new SetBuffer(filterBytes);
        long validWrites = 0;
        long lines = 0;
        for (int f = 0; f < ifDemand.size(); f++) {
            lines += ifDemand.get(f).length;
            assertEquals(ifDemand.get(f).length, fDemand.get(f).length, "IFMAP and filter demands out of sync");
            assertEquals(ifDemand.get(f).length, oDemand.get(f).length, "IFMAP and OFMAP demands out of sync");
            for (int line = 0; line < ifDemand.get(f).length; line++) {
                for (long addr : ifDemand.get(f)[line]) {
                    ib.request(addr);
                }
                for (long addr : fDemand.get(f)[line]) {
                    fb.request(addr);
                }
                for (long addr : oDemand.get(f)[line]) {
                    validWrites += addr == -1 ? 0 : 1;
                }
            }
        }
        lastTwinLines = lines;
        return new ScaleSimMemory.Traffic(ifReads, fReads, oWrites, ib.total(), fb.total(), validWrites);
    }

    /** Demand lines (cycles) of the last {@link #twin} call: SCALE-Sim's cycle count without stalls. */
    private static long lastTwinLines;

    // ---- tests ---------------------------------------------------------------------------------------------------

    private static ScaleSimMemory.Geometry randomConv(SplittableRandom rnd) {
        int fh = 1 + rnd.nextInt(3);
        int fw = 1 + rnd.nextInt(3);
        int h = fh + rnd.nextInt(8);
        int w = fw + rnd.nextInt(8);
        int sh = 1 + rnd.nextInt(2);
        int sw = 1 + rnd.nextInt(2);
        return new ScaleSimMemory.Geometry(h, w, fh, fw, 1 + rnd.nextInt(5), 1 + rnd.nextInt(9), sh, sw,
                Math.ceilDiv(h - fh + sh, sh), Math.ceilDiv(w - fw + sw, sw));
    }

    @Test
    void fastStreamsEqualTheLiteralDemandMatricesAndSetBuffer() {
        SplittableRandom rnd = new SplittableRandom(20261123);
        int turnedOver = 0;
        Set<Dataflow> seen = java.util.EnumSet.noneOf(Dataflow.class);
        for (int trial = 0; trial < 300; trial++) {
            ScaleSimMemory.Geometry g;
            if (rnd.nextInt(4) == 0) {
                int m = 1 + rnd.nextInt(20);
                int kk = 1 + rnd.nextInt(20);
                g = new ScaleSimMemory.Geometry(m, kk, 1, kk, 1, 1 + rnd.nextInt(12), 1, 1, m, 1);
            } else {
                g = randomConv(rnd);
            }
            SystolicArray a = new SystolicArray(1 + rnd.nextInt(6), 1 + rnd.nextInt(6),
                    Dataflow.values()[rnd.nextInt(Dataflow.values().length)]);
            long ib = 50 + rnd.nextInt(600);
            long fb = 50 + rnd.nextInt(600);
            ScaleSimMemory.Traffic expected = twin(g, a, ib, fb);
            ScaleSimMemory.Traffic actual = ScaleSimMemory.simulate(g, a, ib, fb, "t" + trial);
            seen.add(a.dataflow());
            assertEquals(expected, actual, "trial " + trial + ": " + g + " on " + a + ", SRAM " + ib + "/" + fb);
            // the cycle model's closed forms against the demand matrices' length
            long e = g.pixels();
            long k = g.window();
            long n = g.filters();
            long cycles = switch (a.dataflow()) {
                case OUTPUT_STATIONARY -> ArrayCycles.outputStationaryCycles(e, n, k, a.rows(), a.cols());
                case WEIGHT_STATIONARY -> ArrayCycles.weightStationaryCycles(e, n, k, a.rows(), a.cols());
                case INPUT_STATIONARY -> ArrayCycles.inputStationaryCycles(e, n, k, a.rows(), a.cols());
            };
            assertEquals(lastTwinLines, cycles, "trial " + trial + " cycles on " + a);
            if (ib >= 100 && expected.ifmapDramReads() > ib / 100 * 50) {
                turnedOver++;
            }
        }
        assertTrue(turnedOver > 50, "only " + turnedOver + " trials exercised a buffer turnover");
        assertTrue(java.util.Arrays.stream(Dataflow.values()).allMatch(seen::contains), "dataflows covered: " + seen);
    }

    @Test
    void simulatorComputeCyclesEqualTheDemandMatricesLengthInEveryDataflow() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int trial = 0; trial < 60; trial++) {
            ScaleSimMemory.Geometry g = randomConv(rnd);
            int rows = 1 + rnd.nextInt(6);
            int cols = 1 + rnd.nextInt(6);
            Dataflow df = Dataflow.values()[trial % 3];
            OpNode op = ScaleSimTopology.convLayer("c", g.ifmapH(), g.ifmapW(), g.filterH(), g.filterW(), g.channels(),
                    g.filters(), g.strideH(), g.strideW(), 1);
            AcceleratorConfig config = AcceleratorConfigs.scaleSim("t", rows, cols, df, 1 << 16, 1 << 16, 1 << 16,
                    Double.POSITIVE_INFINITY);
            LayerReport l = new NeuralEngineSimulator(config, FusionPolicy.NONE)
                    .simulate(new ModelGraph("g", List.of(op))).layers().getFirst();
            twin(g, new SystolicArray(rows, cols, df), 1 << 16, 1 << 16);
            assertEquals(lastTwinLines, l.computeCycles(), g + " on " + rows + "x" + cols + " " + df);
        }
    }

    @Test
    void withoutTurnoverEveryTouchedAddressIsFetchedOnce() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int trial = 0; trial < 100; trial++) {
            ScaleSimMemory.Geometry g = randomConv(rnd);
            Set<Long> touched = new HashSet<>();
            for (int p = 0; p < g.pixels(); p++) {
                for (int j = 0; j < g.window(); j++) {
                    // brute force over the windows, independent of the operand matrix: input pixel (y, x), channel ch
                    int y = p / g.outW() * g.strideH() + j / (g.filterW() * g.channels());
                    int x = p % g.outW() * g.strideW() + j % (g.filterW() * g.channels()) / g.channels();
                    if (y < g.ifmapH() && x < g.ifmapW()) {
                        touched.add(((long) y * g.ifmapW() + x) * g.channels() + j % g.channels());
                    }
                }
            }
            for (Dataflow df : Dataflow.values()) {
                ScaleSimMemory.Traffic t = ScaleSimMemory.simulate(g, new SystolicArray(4, 3, df), 1 << 20, 1 << 20, "t");
                assertEquals(touched.size(), t.ifmapDramReads(), g + " " + df);
                assertEquals(g.window() * g.filters(), t.filterDramReads(), g + " " + df);
            }
        }
    }

    @Test
    void depthwiseIsOneSimulatedLayerPerChannel() {
        OpNode dw = ScaleSimTopology.convLayer("dw", 16, 16, 3, 3, 24, 1, 1, 1, 24);
        SystolicArray a = new SystolicArray(8, 8, Dataflow.WEIGHT_STATIONARY);
        ScaleSimMemory.Layer l = ScaleSimMemory.of(dw, a, 1024, 1024);
        assertEquals(24, l.simulatedLayers());
        OpNode one = ScaleSimTopology.convLayer("one", 16, 16, 3, 3, 1, 1, 1, 1, 1);
        assertEquals(ScaleSimMemory.of(one, a, 1024, 1024).perSimulatedLayer(), l.perSimulatedLayer());
        assertEquals(l.perSimulatedLayer().times(24), l.total());
    }

    @Test
    void gemmIsAnMByKIfmapWithOneFilterRowPerOutput() {
        SystolicArray a = new SystolicArray(4, 4, Dataflow.OUTPUT_STATIONARY);
        ScaleSimMemory.Layer gemm = ScaleSimMemory.of(ScaleSimTopology.gemmLayer("g", 7, 5, 9), a, 300, 300);
        ScaleSimMemory.Geometry asConv = new ScaleSimMemory.Geometry(7, 9, 1, 9, 1, 5, 1, 1, 7, 1);
        assertEquals(twin(asConv, a, 300, 300), gemm.perSimulatedLayer());
    }

    @Test
    void badInputIsRefusedWithAClearMessage() {
        SystolicArray a = new SystolicArray(4, 4, Dataflow.WEIGHT_STATIONARY);
        OpNode pool = new OpNode("pool", OpKind.POOL, new OpSpec.Pool(8, 8, 8, 4, 4, 2, 2, 2, true), DType.I8, DType.I8,
                Activation.NONE, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScaleSimMemory.of(pool, a, 1024, 1024));
        assertTrue(e.getMessage().contains("pool") && e.getMessage().contains("convolutions and matrix products"), e.getMessage());
        OpNode gemm = ScaleSimTopology.gemmLayer("g", 2, 2, 2);
        e = assertThrows(IllegalArgumentException.class, () -> ScaleSimMemory.of(gemm, a, 0, 1024));
        assertTrue(e.getMessage().contains("SRAM sizes must be positive"), e.getMessage());
        OpNode huge = ScaleSimTopology.gemmLayer("huge", 100_000, 100_000, 1_000);
        e = assertThrows(IllegalArgumentException.class, () -> ScaleSimMemory.of(huge, a, 1024, 1024));
        assertTrue(e.getMessage().contains("huge") && e.getMessage().contains("limit"), e.getMessage());
        OpNode tall = ScaleSimTopology.gemmLayer("tall", Integer.MAX_VALUE, 1, 1);
        e = assertThrows(IllegalArgumentException.class, () -> ScaleSimMemory.of(tall, a, 1024, 1024));
        assertTrue(e.getMessage().contains("tall") && e.getMessage().contains("at most"), e.getMessage());
        // counts that overflow 64 bits are refused, not wrapped around (the kernel refuses such an op already, so the
        // geometry is passed directly)
        ScaleSimMemory.Geometry wideGeometry = new ScaleSimMemory.Geometry(1 << 20, 1 << 20, 1, 1 << 20, 1,
                Integer.MAX_VALUE, 1, 1, 1 << 20, 1);
        SystolicArray thin = new SystolicArray(1, 1, Dataflow.OUTPUT_STATIONARY);
        e = assertThrows(IllegalArgumentException.class, () -> ScaleSimMemory.simulate(wideGeometry, thin, 1024, 1024, "wide"));
        assertTrue(e.getMessage().contains("wide") && e.getMessage().contains("overflow"), e.getMessage());
    }
}
