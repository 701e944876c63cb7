package org.edgeai.accel.scalesim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.edgeai.accel.AcceleratorConfig;
import org.edgeai.accel.FusionPolicy;
import org.edgeai.accel.LayerReport;
import org.edgeai.accel.NeuralEngineSimulator;
import org.edgeai.accel.SimulationReport;
import org.edgeai.accel.SystolicArray;
import org.edgeai.kernel.graph.ModelGraph;
import org.edgeai.kernel.graph.OpNode;

/**
 * Compares the simulator with SCALE-Sim v2 on the reference data: every
 * {@code <topology>__<N>x<N>_<df>.csv} result file in a SCALE-Sim data directory is matched with
 * {@code topologies/<topology>.csv} and {@code configs/arr<N>_<df>.cfg}, the topology is priced
 * through the normal path ({@link ScaleSimTopology} -> {@link org.edgeai.kernel.graph.ModelGraph} ->
 * {@link NeuralEngineSimulator}) and per-layer compute cycles are compared with SCALE-Sim's
 * compute cycles, "Total Cycles" minus "Stall Cycles" (times the channel count for depthwise rows;
 * the reference runs have no stalls).
 *
 * <p>{@link #compareMemory} does the same for memory traffic: SCALE-Sim's SRAM and DRAM counts against
 * {@link ScaleSimMemory} (its accounting reproduced address by address) and against the simulator's own analytic
 * DRAM model ({@link org.edgeai.accel.MemoryHierarchy}).
 *
 * <p>SCALE-Sim's "Total Cycles" is the index of the last cycle, one less than the cycle count this
 * simulator reports, once per simulated (per-channel) layer; the comparison keeps that difference
 * rather than hiding it.
 */
public final class ScaleSimParity {
    private ScaleSimParity() {
    }

    private static final Pattern RESULT = Pattern.compile("(.+)__(\\d+)x(\\d+)_(os|ws)\\.csv");

    /**
     * @param layer           layer name
     * @param referenceCycles SCALE-Sim cycles of the layer
     * @param simulatedCycles this simulator's compute cycles
     * @param errorPercent    {@code 100 (simulated - reference) / reference}
     */
    public record LayerResult(String layer, long referenceCycles, long simulatedCycles, double errorPercent) {
    }

    /**
     * @param topology            topology name
     * @param config              configuration name, e.g. {@code arr16_ws}
     * @param layers              per-layer comparison
     * @param shareWithin5Percent fraction of layers with {@code |error| <= 5 %}
     * @param referenceTotal      SCALE-Sim network cycles
     * @param simulatedTotal      simulated network compute cycles
     * @param totalErrorPercent   error of the network total, percent
     * @param outside10Percent    layers with {@code |error| > 10 %}
     */
    public record RunResult(String topology, String config, List<LayerResult> layers, double shareWithin5Percent,
                            long referenceTotal, long simulatedTotal, double totalErrorPercent,
                            List<LayerResult> outside10Percent) {
        /** Copies the lists. */
        public RunResult {
            layers = List.copyOf(layers);
            outside10Percent = List.copyOf(outside10Percent);
        }

        /** @return whether at least 90 % of layers are within 5 % and the total is within 5 % */
        public boolean meetsAcceptance() {
            return shareWithin5Percent >= 0.9 && Math.abs(totalErrorPercent) <= 5;
        }
    }

    /**
     * @param scaleSimDir the reference directory ({@code <data>/accel/scalesim})
     * @return one result per result file, sorted by file name
     * @throws IOException              if a file cannot be read
     * @throws IllegalArgumentException if a file is malformed or the directory holds no result files
     */
    public static List<RunResult> compareAll(Path scaleSimDir) throws IOException {
        return overResultFiles(scaleSimDir, ScaleSimParity::compare);
    }

    /**
     * @param scaleSimDir the reference directory
     * @param resultFile  one {@code <topology>__<N>x<N>_<df>.csv} in it
     * @return the comparison
     * @throws IOException              if a file cannot be read
     * @throws IllegalArgumentException if the files are malformed or their layers disagree
     */
    public static RunResult compare(Path scaleSimDir, Path resultFile) throws IOException {
        Run run = Run.load(scaleSimDir, resultFile);
        String topology = run.topology();
        String configName = run.configName();
        ModelGraph graph = run.graph();
        AcceleratorConfig config = run.config();
        SimulationReport sim = new NeuralEngineSimulator(config, FusionPolicy.NONE).simulate(graph);
        List<ScaleSimReference.Layer> ref = run.reference();
        List<LayerResult> layers = new ArrayList<>();
        List<LayerResult> outliers = new ArrayList<>();
        long refTotal = 0;
        long simTotal = 0;
        int within5 = 0;
        for (int i = 0; i < ref.size(); i++) {
            ScaleSimReference.Layer r = ref.get(i);
            LayerReport s = sim.layers().get(i);
            long reference = r.layerComputeCycles();
            if (reference <= 0) {
                // a relative error against zero cycles is undefined: such a layer would be neither within 5 % nor an outlier
                throw new IllegalArgumentException(resultFile + ": layer " + r.layer() + " has " + reference
                        + " compute cycles (total minus stall), nothing to compare against");
            }
            double err = 100.0 * (s.computeCycles() - reference) / reference;
            LayerResult lr = new LayerResult(r.layer(), reference, s.computeCycles(), err);
            layers.add(lr);
            if (Math.abs(err) <= 5) {
                within5++;
            }
            if (Math.abs(err) > 10) {
                outliers.add(lr);
            }
            refTotal += reference;
            simTotal += s.computeCycles();
        }
        return new RunResult(topology, configName, layers, within5 / (double) layers.size(), refTotal, simTotal,
                100.0 * (simTotal - refTotal) / refTotal, outliers);
    }

    /**
     * @param layer               layer name
     * @param simulatedLayers     SCALE-Sim's simulated layers for it (the channel count of a depthwise row, else 1)
     * @param reference           SCALE-Sim's counts per simulated layer
     * @param reproduced          {@link ScaleSimMemory}'s counts per simulated layer
     * @param analyticDramReadBytes the simulator's analytic DRAM reads for the whole layer, bytes (= words)
     * @param ofmapWritePadding     most unused write-line slots SCALE-Sim can add to the valid OFMAP writes:
     *                              {@code (C - 1) x (ceil(writes / half the OFMAP SRAM) + 1)}, one partly filled
     *                              line of C words per drain of its write buffer (see {@link ScaleSimMemory})
     */
    public record MemoryLayerResult(String layer, int simulatedLayers, ScaleSimMemory.Traffic reference,
                                    ScaleSimMemory.Traffic reproduced, long analyticDramReadBytes,
                                    long ofmapWritePadding) {
        /** @return whether the three SRAM counts are equal */
        public boolean sramExact() {
            return reference.ifmapSramReads() == reproduced.ifmapSramReads()
                    && reference.filterSramReads() == reproduced.filterSramReads()
                    && reference.ofmapSramWrites() == reproduced.ofmapSramWrites();
        }

        /** @return whether the IFMAP and filter DRAM reads are equal */
        public boolean dramReadsExact() {
            return reference.ifmapDramReads() == reproduced.ifmapDramReads()
                    && reference.filterDramReads() == reproduced.filterDramReads();
        }

        /**
         * @return whether SCALE-Sim's DRAM OFMAP writes are the valid writes plus at most
         *         {@link #ofmapWritePadding()} unused line slots
         */
        public boolean ofmapWritesReproduced() {
            long extra = reference.ofmapDramWrites() - reproduced.ofmapDramWrites();
            return extra >= 0 && extra <= ofmapWritePadding;
        }

        /** @return {@code 100 (reproduced - reference) / reference} for the DRAM OFMAP writes */
        public double ofmapWriteErrorPercent() {
            return 100.0 * (reproduced.ofmapDramWrites() - reference.ofmapDramWrites())
                    / Math.max(1, reference.ofmapDramWrites());
        }
    }

    /**
     * @param topology               topology name
     * @param config                 configuration name
     * @param layers                 per-layer comparison
     * @param sramExactLayers        layers whose three SRAM counts are reproduced exactly
     * @param dramReadsExactLayers   layers whose IFMAP and filter DRAM reads are reproduced exactly
     * @param ofmapWritesReproducedLayers layers whose DRAM OFMAP writes are the valid writes plus line padding
     * @param maxOfmapWriteErrorPercent largest |relative difference| of DRAM OFMAP writes, percent
     * @param referenceDramReads     SCALE-Sim's DRAM reads (IFMAP + filter) of the network, words
     * @param analyticDramReads      the simulator's analytic DRAM reads of the network, bytes (= words)
     */
    public record MemoryRunResult(String topology, String config, List<MemoryLayerResult> layers, int sramExactLayers,
                                  int dramReadsExactLayers, int ofmapWritesReproducedLayers,
                                  double maxOfmapWriteErrorPercent, long referenceDramReads,
                                  long analyticDramReads) {
        /** Copies the list. */
        public MemoryRunResult {
            layers = List.copyOf(layers);
        }

        /**
         * @return whether every layer's SRAM counts and DRAM reads are exact and its DRAM OFMAP writes within the
         *         line padding
         */
        public boolean reproduced() {
            return sramExactLayers == layers.size() && dramReadsExactLayers == layers.size()
                    && ofmapWritesReproducedLayers == layers.size();
        }
    }

    /**
     * @param scaleSimDir the reference directory ({@code <data>/accel/scalesim})
     * @return one memory comparison per result file, sorted by file name
     * @throws IOException              if a file cannot be read
     * @throws IllegalArgumentException if a file is malformed or the directory holds no result files
     */
    public static List<MemoryRunResult> compareMemoryAll(Path scaleSimDir) throws IOException {
        return overResultFiles(scaleSimDir, ScaleSimParity::compareMemory);
    }

    /**
     * @param scaleSimDir the reference directory
     * @param resultFile  one {@code <topology>__<N>x<N>_<df>.csv} in it
     * @return SCALE-Sim's memory counts against {@link ScaleSimMemory} and the analytic model, per layer
     * @throws IOException              if a file cannot be read
     * @throws IllegalArgumentException if the files are malformed, their layers disagree, the DRAM columns are
     *                                  missing, or the configuration is not a systolic array
     */
    public static MemoryRunResult compareMemory(Path scaleSimDir, Path resultFile) throws IOException {
        Run run = Run.load(scaleSimDir, resultFile);
        String topology = run.topology();
        String configName = run.configName();
        ModelGraph graph = run.graph();
        AcceleratorConfig config = run.config();
        if (!(config.array() instanceof SystolicArray array)) {
            throw new IllegalArgumentException(configName + ": not a systolic array");
        }
        SimulationReport sim = new NeuralEngineSimulator(config, FusionPolicy.NONE).simulate(graph);
        List<ScaleSimReference.Layer> ref = run.reference();
        List<MemoryLayerResult> layers = new ArrayList<>();
        int sramExact = 0;
        int dramExact = 0;
        int writesOk = 0;
        double maxWriteError = 0;
        long refReads = 0;
        long analyticReads = 0;
        for (int i = 0; i < ref.size(); i++) {
            ScaleSimReference.Layer r = ref.get(i);
            OpNode op = graph.ops().get(i);
            ScaleSimMemory.Layer reproduced = ScaleSimMemory.of(op, array, config.memory().ifmapSramBytes(),
                    config.memory().filterSramBytes());
            if (r.dramIfmapReads() < 0 || r.dramFilterReads() < 0 || r.dramOfmapWrites() < 0) {
                throw new IllegalArgumentException(resultFile + ": no 'DRAM IFMAP Reads', 'DRAM Filter Reads' and "
                        + "'DRAM OFMAP Writes' columns (SCALE-Sim's DETAILED_ACCESS_REPORT); the memory comparison needs them");
            }
            int simulated = Math.max(1, r.dwChannels());
            if (reproduced.simulatedLayers() != simulated) {
                throw new IllegalArgumentException(resultFile + ": layer " + r.layer() + " is " + simulated
                        + " simulated layers in the reference, " + reproduced.simulatedLayers() + " in the topology");
            }
            ScaleSimMemory.Traffic reference = new ScaleSimMemory.Traffic(r.sramIfmapReads(), r.sramFilterReads(),
                    r.sramOfmapWrites(), r.dramIfmapReads(), r.dramFilterReads(), r.dramOfmapWrites());
            long drainWords = Math.max(1, config.memory().ofmapSramBytes() / 2);
            long padding = (array.cols() - 1L)
                    * (Math.ceilDiv(reproduced.perSimulatedLayer().ofmapDramWrites(), drainWords) + 1);
            MemoryLayerResult lr = new MemoryLayerResult(r.layer(), simulated, reference, reproduced.perSimulatedLayer(),
                    sim.layers().get(i).dramReadBytes(), padding);
            layers.add(lr);
            sramExact += lr.sramExact() ? 1 : 0;
            dramExact += lr.dramReadsExact() ? 1 : 0;
            writesOk += lr.ofmapWritesReproduced() ? 1 : 0;
            maxWriteError = Math.max(maxWriteError, Math.abs(lr.ofmapWriteErrorPercent()));
            refReads += reference.dramReads() * simulated;
            analyticReads += lr.analyticDramReadBytes();
        }
        return new MemoryRunResult(topology, configName, layers, sramExact, dramExact, writesOk, maxWriteError, refReads,
                analyticReads);
    }

    /**
     * A result file with the topology and configuration it names; its layers are the topology's ops, in order and by
     * name (checked).
     */
    private record Run(String topology, String configName, ModelGraph graph, AcceleratorConfig config,
                       List<ScaleSimReference.Layer> reference) {
        static Run load(Path scaleSimDir, Path resultFile) throws IOException {
            Matcher m = RESULT.matcher(resultFile.getFileName().toString());
            if (!m.matches() || !m.group(2).equals(m.group(3))) {
                throw new IllegalArgumentException("not a SCALE-Sim result file name: " + resultFile.getFileName());
            }
            String topology = m.group(1);
            String configName = "arr" + m.group(2) + "_" + m.group(4);
            ModelGraph graph = ScaleSimTopology.read(scaleSimDir.resolve("topologies").resolve(topology + ".csv"));
            List<ScaleSimReference.Layer> reference = ScaleSimReference.read(resultFile);
            if (reference.size() != graph.ops().size()) {
                throw new IllegalArgumentException(resultFile + ": " + reference.size() + " layers, topology " + topology
                        + " has " + graph.ops().size());
            }
            for (int i = 0; i < reference.size(); i++) {
                String name = graph.ops().get(i).name();
                if (!reference.get(i).layer().equals(name)) {
                    throw new IllegalArgumentException(resultFile + ": layer " + i + " is " + reference.get(i).layer()
                            + ", topology has " + name);
                }
            }
            return new Run(topology, configName, graph,
                    ScaleSimConfig.read(scaleSimDir.resolve("configs").resolve(configName + ".cfg")), reference);
        }
    }

    /** One comparison of a result file. */
    @FunctionalInterface
    private interface RunComparison<R> {
        R compare(Path scaleSimDir, Path resultFile) throws IOException;
    }

    /** @return the comparison of every result file in the directory, sorted by file name */
    private static <R> List<R> overResultFiles(Path scaleSimDir, RunComparison<R> comparison) throws IOException {
        List<R> out = new ArrayList<>();
        for (Path f : resultFiles(scaleSimDir)) {
            out.add(comparison.compare(scaleSimDir, f));
        }
        return out;
    }

    private static List<Path> resultFiles(Path scaleSimDir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(scaleSimDir)) {
            files = s.filter(p -> RESULT.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no SCALE-Sim result files (<topology>__<N>x<N>_<os|ws>.csv) in " + scaleSimDir);
        }
        return files;
    }
}
