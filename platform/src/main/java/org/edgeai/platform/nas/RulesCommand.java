package org.edgeai.platform.nas;

import java.util.concurrent.Callable;
import org.edgeai.nas.space.ExpertRules;
import org.edgeai.nas.space.IbnSearchSpace;
import org.edgeai.nas.space.NetworkSpec;
import org.edgeai.platform.Cli;
import org.edgeai.platform.JsonOption;
import org.edgeai.platform.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgeai nas rules}: the expert-rule transform on a network (default the baseline), each step priced on the simulated NPU.
 *
 * @implNote Single-use picocli command object; not thread-safe.
 */
@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "Apply the expert rules (align channels to P, fuse early IBNs, depthwise -> conv where it pays) to a "
                + "Fashion-MNIST network (default: the baseline) and price every step on the simulated NPU.")
public final class RulesCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Mixin
    private JsonOption json;
    @Mixin
    private NpuOptions npu;
    @Option(names = "--network", description = "network description as the searches print it, e.g. "
            + "s32|F3e4c32s1|I3e4c32s1|I3e4c32s2|h256 (stem, blocks: kind kernel expansion channels stride, head); default: the baseline")
    private String network;
    @Option(names = "--criterion", description = "what 'pays' means for the fuse and depthwise rules: latency, or memory "
            + "(parameter + peak activation bytes, as a memory-budget search judges them); default ${DEFAULT-VALUE}")
    private ExpertRules.Criterion criterion = ExpertRules.Criterion.LATENCY;

    @Override
    public Integer call() throws Exception {
        NetworkSpec base = IbnSearchSpace.fashionMnistBaseline();
        NetworkSpec start = network == null ? base : NetworkSpec.fromDescription(base, network);
        var steps = ExpertRules.forParallelism(npu.parallelism()).apply(start, NasCostModels.of(npu.accelerator(), npu.fusion()),
                criterion);
        if (json.json()) {
            Cli.printJson(spec, steps);
            return 0;
        }
        TextTable t = new TextTable("rule", "latency before ms", "after ms", "memory before B", "after B", "changes");
        for (var s : steps) {
            t.row(s.rule(), String.format("%.5f", s.before().latencyMs()), String.format("%.5f", s.after().latencyMs()),
                    s.before().memoryBytes(), s.after().memoryBytes(), s.changes());
        }
        spec.commandLine().getOut().print(t);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
