package org.edgeai.platform.accel;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.edgeai.accel.AcceleratorConfig;
import org.edgeai.accel.AcceleratorConfigs;
import org.edgeai.accel.FusionPolicy;
import org.edgeai.accel.LayerReport;
import org.edgeai.accel.NeuralEngineSimulator;
import org.edgeai.accel.SimulationReport;
import org.edgeai.accel.SystolicArray;
import org.edgeai.accel.maestro.MaestroComparison;
import org.edgeai.accel.scalesim.ScaleSimMemory;
import org.edgeai.accel.scalesim.ScaleSimParity;
import org.edgeai.accel.scalesim.ScaleSimTopology;
import org.edgeai.accel.zoo.ModelZoo;
import org.edgeai.kernel.DataDirectory;
import org.edgeai.kernel.graph.ModelGraph;
import org.edgeai.kernel.graph.OpNode;
import org.edgeai.platform.Cli;
import org.edgeai.platform.JsonOption;
import org.edgeai.platform.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code edgeai sim}: price a network on the simulated Neural Engine.
 *
 * @implNote Single-use picocli command object; not thread-safe.
 */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Simulate a network on the Neural Engine model: per-layer cycles, latency, utilization, "
                + "SRAM/DRAM traffic and energy.",
                "TOPOLOGY is a SCALE-Sim topology CSV (convolution or GEMM format; a sibling <name>_dwmeta.csv marks "
                        + "depthwise layers) or a model name: mobilenetv1, mobilenetv2, resnet18, gru-kws, lstm-asr, pgo-pcg-intel.",
                "CONFIG is a SCALE-Sim .cfg file or a preset: npu-small, arr16_os, arr16_ws, arr32_os, arr32_ws, arr16_is, arr32_is."},
        subcommands = {SimCommand.Parity.class, SimCommand.Maestro.class, SimCommand.Presets.class})
public final class SimCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Mixin
    private JsonOption json;

    @Option(names = {"-t", "--topology"}, paramLabel = "TOPOLOGY", description = "SCALE-Sim topology CSV or model name.")
    private String topology;

    @Option(names = {"-c", "--config"}, paramLabel = "CONFIG", defaultValue = "npu-small",
            description = "SCALE-Sim .cfg file or preset name (default: ${DEFAULT-VALUE}).")
    private String config;

    @Option(names = "--fusion", defaultValue = "declared",
            description = "Fusion policy: none, declared (ops sharing a fusion group), auto (conv+elementwise, "
                    + "fused inverted bottlenecks) (default: ${DEFAULT-VALUE}).")
    private FusionPolicy fusion;

    @Option(names = "--precision", defaultValue = "int8",
            description = "Weight precision of a named model: int8, fp16, fp32 (default: ${DEFAULT-VALUE}).")
    private SimInputs.ModelPrecision precision;

    @Option(names = "--dw-meta", paramLabel = "FILE", description = "Depthwise side file (layer,dw_channels) for a topology CSV.")
    private Path dwMeta;

    @Option(names = "--format", description = "Topology CSV format: conv or gemm (default: detected from the header).")
    private ScaleSimTopology.Format format;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Write a per-layer latency bar chart (PNG).")
    private Path plot;

    @Option(names = "--scalesim-memory", description = "Also trace every convolution and matrix product through "
            + "SCALE-Sim v2's memory accounting (its SRAM and DRAM counts, reproduced address by address; needs a "
            + "systolic-array configuration) beside the analytic DRAM reads.")
    private boolean scaleSimMemory;

    /**
     * One layer traced through SCALE-Sim's memory accounting.
     *
     * @param layer                 layer name
     * @param simulatedLayers       SCALE-Sim's simulated layers (the groups of a grouped convolution)
     * @param traffic               SCALE-Sim's counts for the whole layer, words (bytes)
     * @param analyticDramReadBytes the simulator's analytic DRAM reads of the layer, bytes
     */
    public record TracedLayer(String layer, int simulatedLayers, ScaleSimMemory.Traffic traffic, long analyticDramReadBytes) {
    }

    /**
     * What {@code edgeai sim --json} prints.
     *
     * @param config         the accelerator
     * @param fusion         the fusion policy
     * @param report         the simulation
     * @param scaleSimMemory the traced layers with {@code --scalesim-memory}, else empty
     */
    public record SimOutput(AcceleratorConfig config, FusionPolicy fusion, SimulationReport report,
                            List<TracedLayer> scaleSimMemory) {
        /** Copies the list. */
        public SimOutput {
            scaleSimMemory = List.copyOf(scaleSimMemory);
        }
    }

    /**
     * Simulates the topology and prints the per-layer table (latency in us, DRAM traffic in KiB,
     * energy in uJ) and the totals, or {@code --json}.
     *
     * @return 0
     * @throws ParameterException       if {@code --topology} is missing, {@code --plot} does not
     *                                  name a {@code .png} file, or {@code --scalesim-memory} is given
     *                                  for a configuration that is not a systolic array
     * @throws IllegalArgumentException if the {@code --dw-meta} file, a {@code .csv} topology or a
     *                                  {@code .cfg} file does not exist, the model or preset name is
     *                                  unknown, a file is malformed, or a layer is too large to trace
     * @throws java.io.IOException      if a file cannot be read or the plot cannot be written
     */
    @Override
    public Integer call() throws Exception {
        if (topology == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--topology=TOPOLOGY'");
        }
        if (plot != null && !plot.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new ParameterException(spec.commandLine(), "--plot must name a .png file, got " + plot);
        }
        if (dwMeta != null && !Files.isRegularFile(dwMeta)) {
            throw new IllegalArgumentException("depthwise side file not found: " + dwMeta.toAbsolutePath());
        }
        AcceleratorConfig cfg = SimInputs.config(config);
        if (scaleSimMemory && !(cfg.array() instanceof SystolicArray)) {
            throw new ParameterException(spec.commandLine(), "--scalesim-memory needs a systolic-array configuration "
                    + "(arr16_os, arr16_ws, arr32_os, arr32_ws, arr16_is, arr32_is or a SCALE-Sim .cfg); " + cfg.name() + " is "
                    + cfg.array().describe());
        }
        ModelGraph graph = SimInputs.graph(topology, dwMeta, format, precision);
        SimulationReport report = new NeuralEngineSimulator(cfg, fusion).simulate(graph);
        List<TracedLayer> traced = scaleSimMemory ? trace(cfg, graph, report) : List.of();
        if (plot != null) {
            LatencyPlot.write(report, plot);
        }
        if (json.json()) {
            Cli.printJson(spec, new SimOutput(cfg, fusion, report, traced));
            return 0;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s on %s (%s, %.0f MHz), fusion %s%n", report.model(), report.accelerator(), report.arrayDescription(),
                cfg.clockHz() / 1e6, fusion.name().toLowerCase(Locale.ROOT));
        TextTable t = new TextTable("layer", "kind", "unit", "prec", "MACs", "compute", "stall", "cycles", "latency us",
                "util %", "DRAM KiB", "energy uJ");
        for (LayerReport l : report.layers()) {
            t.row(l.name(), l.kind().name().toLowerCase(Locale.ROOT), l.unit().name().toLowerCase(Locale.ROOT),
                    l.precision().name().toLowerCase(Locale.ROOT), l.macs(), l.computeCycles(), l.stallCycles(), l.totalCycles(),
                    String.format("%.2f", l.latencySeconds() * 1e6), String.format("%.1f", 100 * l.utilization()),
                    String.format("%.1f", (l.dramReadBytes() + l.dramWriteBytes()) / 1024.0),
                    String.format("%.2f", l.energyJoules() * 1e6));
        }
        out.print(t);
        out.printf("total: %d layers, %,d MACs, %,d cycles (%,d compute + %,d stall + launch), latency %.3f ms, "
                        + "utilization %.1f %%%n", report.layers().size(), report.macs(), report.totalCycles(),
                report.computeCycles(), report.stallCycles(), report.latencySeconds() * 1e3, 100 * report.utilization());
        out.printf("memory: peak activations %.1f KiB, parameters %.1f KiB; SRAM %.1f MiB read / %.1f MiB written, "
                        + "DRAM %.1f MiB read / %.1f MiB written%n", report.peakActivationBytes() / 1024.0,
                report.parameterBytes() / 1024.0, report.sramReadBytes() / 1048576.0, report.sramWriteBytes() / 1048576.0,
                report.dramReadBytes() / 1048576.0, report.dramWriteBytes() / 1048576.0);
        out.printf("energy: %.1f uJ (array %.1f, vector %.1f, host %.1f, SRAM %.1f, DRAM %.1f)%n", report.energyJoules() * 1e6,
                report.energy().arrayJoules() * 1e6, report.energy().vectorJoules() * 1e6, report.energy().hostJoules() * 1e6,
                report.energy().sramJoules() * 1e6, report.energy().dramJoules() * 1e6);
        if (scaleSimMemory) {
            out.printf("%nSCALE-Sim v2 memory accounting (words = bytes; whole layers):%n");
            TextTable mt = new TextTable("layer", "x", "SRAM IFMAP reads", "SRAM filter reads", "DRAM IFMAP reads",
                    "DRAM filter reads", "DRAM OFMAP writes", "analytic DRAM reads");
            long reads = 0;
            long analytic = 0;
            for (TracedLayer l : traced) {
                ScaleSimMemory.Traffic m = l.traffic();
                mt.row(l.layer(), l.simulatedLayers(), m.ifmapSramReads(), m.filterSramReads(), m.ifmapDramReads(),
                        m.filterDramReads(), m.ofmapDramWrites(), l.analyticDramReadBytes());
                reads += m.dramReads();
                analytic += l.analyticDramReadBytes();
            }
            out.print(mt);
            out.printf("traced %d of %d layers: SCALE-Sim DRAM reads %,d words, analytic model %,d bytes (%.3fx)%n",
                    traced.size(), report.layers().size(), reads, analytic, reads == 0 ? 0.0 : analytic / (double) reads);
        }
        if (plot != null) {
            out.printf("plot: %s%n", plot.toAbsolutePath());
        }
        out.flush();
        return 0;
    }

    /** Traces the convolutions and matrix products of the graph (layer reports are in graph order). */
    private static List<TracedLayer> trace(AcceleratorConfig cfg, ModelGraph graph, SimulationReport report) {
        SystolicArray array = (SystolicArray) cfg.array();
        List<TracedLayer> out = new ArrayList<>();
        for (int i = 0; i < graph.ops().size(); i++) {
            OpNode op = graph.ops().get(i);
            if (ScaleSimMemory.tracedReads(op, array) > 0) {
                ScaleSimMemory.Layer l = ScaleSimMemory.of(op, array, cfg.memory().ifmapSramBytes(),
                        cfg.memory().filterSramBytes());
                out.add(new TracedLayer(op.name(), l.simulatedLayers(), l.total(), report.layers().get(i).dramReadBytes()));
            }
        }
        return out;
    }

    /** {@code edgeai sim parity}: the SCALE-Sim acceptance table from the reference data. */
    @Command(name = "parity", mixinStandardHelpOptions = true,
            description = "Compare per-layer compute cycles with SCALE-Sim v2 on every topology x configuration in "
                    + "<data-dir>/accel/scalesim; with --memory, its SRAM and DRAM counts instead.")
    static final class Parity implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private JsonOption json;
        @Option(names = "--layers", description = "Also list every layer.")
        private boolean layers;
        @Option(names = "--memory", description = "Compare memory traffic: SCALE-Sim's SRAM and DRAM counts against its "
                + "accounting reproduced address by address, and against this simulator's analytic DRAM model.")
        private boolean memory;

        @Override
        public Integer call() throws Exception {
            Path dir = DataDirectory.require(Cli.dataDir(spec), "accel/scalesim");
            if (memory) {
                return memory(dir);
            }
            List<ScaleSimParity.RunResult> results = ScaleSimParity.compareAll(dir);
            if (json.json()) {
                Cli.printJson(spec, results);
                return 0;
            }
            PrintWriter out = spec.commandLine().getOut();
            TextTable t = new TextTable("topology", "config", "layers", "within 5 %", "SCALE-Sim cycles", "simulated",
                    "total error %", "layers > 10 %", "meets");
            for (ScaleSimParity.RunResult r : results) {
                t.row(r.topology(), r.config(), r.layers().size(), String.format("%.1f%%", 100 * r.shareWithin5Percent()),
                        r.referenceTotal(), r.simulatedTotal(), String.format("%+.3f", r.totalErrorPercent()),
                        r.outside10Percent().size(), r.meetsAcceptance() ? "yes" : "NO");
            }
            out.print(t);
            if (layers) {
                for (ScaleSimParity.RunResult r : results) {
                    out.printf("%n%s %s%n", r.topology(), r.config());
                    TextTable lt = new TextTable("layer", "SCALE-Sim", "simulated", "error %");
                    for (ScaleSimParity.LayerResult l : r.layers()) {
                        lt.row(l.layer(), l.referenceCycles(), l.simulatedCycles(), String.format("%+.3f", l.errorPercent()));
                    }
                    out.print(lt);
                }
            }
            out.flush();
            return results.stream().allMatch(ScaleSimParity.RunResult::meetsAcceptance) ? 0 : 1;
        }

        private int memory(Path dir) throws Exception {
            List<ScaleSimParity.MemoryRunResult> results = ScaleSimParity.compareMemoryAll(dir);
            if (json.json()) {
                Cli.printJson(spec, results);
            } else {
                PrintWriter out = spec.commandLine().getOut();
                TextTable t = new TextTable("topology", "config", "layers", "SRAM exact", "DRAM reads exact",
                        "OFMAP writes reproduced", "max OFMAP write diff %", "SCALE-Sim DRAM reads", "analytic model", "analytic / SCALE-Sim");
                for (ScaleSimParity.MemoryRunResult r : results) {
                    t.row(r.topology(), r.config(), r.layers().size(), r.sramExactLayers(), r.dramReadsExactLayers(),
                            r.ofmapWritesReproducedLayers(), String.format("%.4f", r.maxOfmapWriteErrorPercent()), r.referenceDramReads(),
                            r.analyticDramReads(), String.format("%.3f", r.analyticDramReads() / (double) r.referenceDramReads()));
                }
                out.print(t);
                if (layers) {
                    for (ScaleSimParity.MemoryRunResult r : results) {
                        out.printf("%n%s %s (counts per simulated layer; x channels for depthwise rows)%n", r.topology(), r.config());
                        TextTable lt = new TextTable("layer", "x", "IFMAP DRAM SCALE-Sim", "reproduced", "filter DRAM SCALE-Sim",
                                "reproduced", "OFMAP writes SCALE-Sim", "reproduced", "analytic DRAM reads (layer)");
                        for (ScaleSimParity.MemoryLayerResult l : r.layers()) {
                            lt.row(l.layer(), l.simulatedLayers(), l.reference().ifmapDramReads(), l.reproduced().ifmapDramReads(),
                                    l.reference().filterDramReads(), l.reproduced().filterDramReads(),
                                    l.reference().ofmapDramWrites(), l.reproduced().ofmapDramWrites(), l.analyticDramReadBytes());
                        }
                        out.print(lt);
                    }
                }
                out.flush();
            }
            return results.stream().allMatch(ScaleSimParity.MemoryRunResult::reproduced) ? 0 : 1;
        }
    }

    /** {@code edgeai sim maestro}: per-layer comparison with MAESTRO's reference runs. */
    @Command(name = "maestro", mixinStandardHelpOptions = true,
            description = "Compare per-layer cycles with MAESTRO (MobileNetV2, MnasNet on 256 PEs) from "
                    + "<data-dir>/accel/maestro, on a 16x16 systolic array (kcp_ws vs ws, yxp_os vs os). A report, no target.")
    static final class Maestro implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private JsonOption json;
        @Option(names = "--layers", description = "Also list every layer.")
        private boolean layers;

        @Override
        public Integer call() throws Exception {
            Path dir = DataDirectory.require(Cli.dataDir(spec), "accel/maestro");
            List<MaestroComparison.NetworkComparison> results = MaestroComparison.compareAll(dir);
            if (json.json()) {
                Cli.printJson(spec, results);
                return 0;
            }
            PrintWriter out = spec.commandLine().getOut();
            TextTable t = new TextTable("network", "MAESTRO mapping", "simulated as", "layers", "comparable",
                    "geo-mean sim/MAESTRO", "within 2x", "Spearman", "MAESTRO cycles", "simulated");
            for (MaestroComparison.NetworkComparison r : results) {
                t.row(r.network(), r.mapping(), r.accelerator(), r.layers().size(), r.comparableLayers(),
                        String.format("%.2f", r.geometricMeanRatio()), String.format("%.0f%%", 100 * r.withinFactorTwo()),
                        String.format("%.2f", r.spearman()), r.maestroTotal(), r.simulatedTotal());
            }
            out.print(t);
            if (layers) {
                for (MaestroComparison.NetworkComparison r : results) {
                    out.printf("%n%s %s vs %s%n", r.network(), r.mapping(), r.accelerator());
                    TextTable lt = new TextTable("layer", "type", "MACs", "MAESTRO MACs", "MAESTRO", "simulated", "ratio",
                            "comparable");
                    for (MaestroComparison.LayerComparison l : r.layers()) {
                        lt.row(l.layer(), l.type(), l.macs(), l.maestroMacs(), l.maestroCycles(), l.simulatedCycles(),
                                String.format("%.2f", l.ratio()), l.comparable() ? "yes" : "no");
                    }
                    out.print(lt);
                }
            }
            out.flush();
            return 0;
        }
    }

    /** {@code edgeai sim presets}: accelerator presets and zoo models. */
    @Command(name = "presets", mixinStandardHelpOptions = true, description = "List accelerator presets and model names.")
    static final class Presets implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private JsonOption json;

        /** @param presets accelerator presets @param models zoo model names */
        record Listing(List<AcceleratorConfig> presets, List<String> models) {
        }

        @Override
        public Integer call() {
            List<AcceleratorConfig> presets = AcceleratorConfigs.names().stream().map(AcceleratorConfigs::byName).toList();
            if (json.json()) {
                Cli.printJson(spec, new Listing(presets, ModelZoo.names()));
                return 0;
            }
            PrintWriter out = spec.commandLine().getOut();
            TextTable t = new TextTable("preset", "array", "MACs/cycle", "clock MHz", "SRAM KiB", "DRAM B/cycle");
            for (AcceleratorConfig c : presets) {
                t.row(c.name(), c.array().describe(), c.array().macUnits(), String.format("%.0f", c.clockHz() / 1e6),
                        c.memory().totalSramBytes() / 1024, c.memory().idealDram() ? "ideal" : String.format("%.1f",
                                c.memory().dramBytesPerCycle()));
            }
            out.print(t);
            out.println("models: " + String.join(", ", ModelZoo.names()));
            out.flush();
            return 0;
        }
    }
}
