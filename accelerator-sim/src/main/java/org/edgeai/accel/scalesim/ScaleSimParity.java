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
import org.edgeai.kernel.graph.ModelGraph;

/**
 * Compares the simulator with SCALE-Sim v2 on the reference data: every
 * {@code <topology>__<N>x<N>_<df>.csv} result file in a SCALE-Sim data directory is matched with
 * {@code topologies/<topology>.csv} and {@code configs/arr<N>_<df>.cfg}, the topology is priced
 * through the normal path ({@link ScaleSimTopology} -> {@link org.edgeai.kernel.graph.ModelGraph} ->
 * {@link NeuralEngineSimulator}) and per-layer compute cycles are compared with SCALE-Sim's
 * compute cycles, "Total Cycles" minus "Stall Cycles" (times the channel count for depthwise rows;
 * the reference runs have no stalls).
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
        List<Path> files;
        try (Stream<Path> s = Files.list(scaleSimDir)) {
            files = s.filter(p -> RESULT.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no SCALE-Sim result files (<topology>__<N>x<N>_<os|ws>.csv) in " + scaleSimDir);
        }
        List<RunResult> out = new ArrayList<>();
        for (Path f : files) {
            out.add(compare(scaleSimDir, f));
        }
        return out;
    }

    /**
     * @param scaleSimDir the reference directory
     * @param resultFile  one {@code <topology>__<N>x<N>_<df>.csv} in it
     * @return the comparison
     * @throws IOException              if a file cannot be read
     * @throws IllegalArgumentException if the files are malformed or their layers disagree
     */
    public static RunResult compare(Path scaleSimDir, Path resultFile) throws IOException {
        Matcher m = RESULT.matcher(resultFile.getFileName().toString());
        if (!m.matches() || !m.group(2).equals(m.group(3))) {
            throw new IllegalArgumentException("not a SCALE-Sim result file name: " + resultFile.getFileName());
        }
        String topology = m.group(1);
        String configName = "arr" + m.group(2) + "_" + m.group(4);
        ModelGraph graph = ScaleSimTopology.read(scaleSimDir.resolve("topologies").resolve(topology + ".csv"));
        AcceleratorConfig config = ScaleSimConfig.read(scaleSimDir.resolve("configs").resolve(configName + ".cfg"));
        SimulationReport sim = new NeuralEngineSimulator(config, FusionPolicy.NONE).simulate(graph);
        List<ScaleSimReference.Layer> ref = ScaleSimReference.read(resultFile);
        if (ref.size() != sim.layers().size()) {
            throw new IllegalArgumentException(resultFile + ": " + ref.size() + " layers, topology " + topology + " has "
                    + sim.layers().size());
        }
        List<LayerResult> layers = new ArrayList<>();
        List<LayerResult> outliers = new ArrayList<>();
        long refTotal = 0;
        long simTotal = 0;
        int within5 = 0;
        for (int i = 0; i < ref.size(); i++) {
            ScaleSimReference.Layer r = ref.get(i);
            LayerReport s = sim.layers().get(i);
            if (!r.layer().equals(s.name())) {
                throw new IllegalArgumentException(resultFile + ": layer " + i + " is " + r.layer() + ", topology has " + s.name());
            }
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
}
