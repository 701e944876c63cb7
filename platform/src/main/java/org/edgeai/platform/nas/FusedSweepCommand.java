package org.edgeai.platform.nas;

import java.util.List;
import java.util.concurrent.Callable;
import org.edgeai.accel.AcceleratorConfigs;
import org.edgeai.accel.FusionPolicy;
import org.edgeai.accel.MemoryHierarchy;
import org.edgeai.accel.NeuralEngineSimulator;
import org.edgeai.kernel.graph.GraphCostModel;
import org.edgeai.nas.space.FusedIbnSweep;
import org.edgeai.nas.space.IbnSearchSpace;
import org.edgeai.platform.Cli;
import org.edgeai.platform.JsonOption;
import org.edgeai.platform.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgeai nas fused-sweep}: how much the V2 (fused IBN) space can save on an NPU, without training.
 *
 * @implNote Single-use picocli command object; not thread-safe.
 */
@Command(name = "fused-sweep", mixinStandardHelpOptions = true,
        description = "Price every fused / unfused assignment of the Fashion-MNIST baseline's IBN blocks on the simulated NPU "
                + "(latency only) and report the best against the baseline.")
public final class FusedSweepCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Mixin
    private JsonOption json;
    @Mixin
    private NpuOptions npu;
    @Option(names = "--sram-kib", split = ",", paramLabel = "IFMAP,WEIGHTS,OUTPUT",
            description = "override the preset's SRAM buffers, KiB (preset names only)")
    private List<Long> sramKib;

    /**
     * Prices every fused / unfused assignment and prints the best against the baseline (ms).
     *
     * @return 0
     * @throws IllegalArgumentException if {@code --sram-kib} does not give three sizes, or the preset
     *                                  or fusion policy is unknown
     * @throws java.io.IOException      if a SCALE-Sim cfg file cannot be read
     */
    @Override
    public Integer call() throws Exception {
        GraphCostModel cost;
        if (sramKib == null || sramKib.isEmpty()) {
            cost = NasCostModels.of(npu.accelerator(), npu.fusion());
        } else {
            if (sramKib.size() != 3) {
                throw new IllegalArgumentException("--sram-kib needs three sizes (ifmap, weights, output), got " + sramKib);
            }
            var base = AcceleratorConfigs.byName(npu.accelerator());
            var mem = base.memory();
            FusionPolicy fp = NasCostModels.policy(npu.fusion());
            cost = new NeuralEngineSimulator(base.toBuilder().memory(new MemoryHierarchy(sramKib.get(0) << 10, sramKib.get(1) << 10,
                    sramKib.get(2) << 10, mem.dramBytesPerCycle(), mem.doubleBuffered())).build(), fp);
        }
        FusedIbnSweep.Result r = FusedIbnSweep.run(IbnSearchSpace.fashionMnist(IbnSearchSpace.Mode.FUSED,
                IbnSearchSpace.ChannelPolicy.CURATED, npu.parallelism()), cost);
        if (json.json()) {
            Cli.printJson(spec, r);
            return 0;
        }
        TextTable t = new TextTable("configurations", "baseline ms", "best ms", "reduction", "faster", "best");
        t.row(r.configurations(), String.format("%.5f", r.baselineLatencyMs()), String.format("%.5f", r.bestLatencyMs()),
                String.format("%.1f%%", 100 * r.reduction()), r.fasterCount(), r.best());
        spec.commandLine().getOut().print(t);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
