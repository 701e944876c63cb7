package org.edgeai.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.edgeai.accel.AcceleratorConfigs;
import org.edgeai.accel.FusionPolicy;
import org.edgeai.accel.NeuralEngineSimulator;
import org.edgeai.accel.SimulationReport;
import org.edgeai.accel.zoo.ModelZoo;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.graph.Activation;
import org.edgeai.kernel.graph.GraphCostModel;
import org.edgeai.kernel.graph.ModelGraph;
import org.edgeai.kernel.graph.OpNode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Accelerator simulator speed: one 100-op network priced through {@link GraphCostModel#price}
 * (what the NAS calls thousands of times) and fully simulated with per-layer records. The
 * acceptance target is under 10 ms per 100-layer network.
 *
 * <p>{@code net = ibn100}: a 100-op MobileNet-style chain (3x3 stem, 32 inverted bottlenecks of
 * expand / depthwise / project at 112..7 pixels, 1x1 conv, global pool, dense), int8.
 * {@code net = mobilenetv2}: the zoo's MobileNetV2 (64 ops, 10 residual adds).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@State(Scope.Thread)
public class SimulatorBench {
    @Param({"ibn100", "mobilenetv2"})
    public String net;

    @Param({"npu-small", "arr32_ws"})
    public String config;

    @Param({"NONE", "AUTO"})
    public String fusion;

    ModelGraph graph;
    NeuralEngineSimulator simulator;

    /** @return the 100-op chain described in the class comment */
    public static ModelGraph ibn100() {
        List<OpNode> ops = new ArrayList<>();
        ops.add(ModelZoo.conv("stem", DType.I8, 3, 224, 224, 32, 3, 2, 1, Activation.RELU6));
        int h = 112;
        int c = 32;
        int[] widths = {16, 24, 32, 64, 96, 160, 320};
        for (int b = 0; b < 32; b++) {
            int out = widths[Math.min(widths.length - 1, b / 5)];
            int stride = b % 5 == 0 && h > 7 ? 2 : 1;
            int hidden = c * 6;
            String p = "b" + b;
            ops.add(ModelZoo.conv(p + ".expand", DType.I8, c, h, h, hidden, 1, 1, 0, Activation.RELU6));
            ops.add(ModelZoo.depthwise(p + ".dw", DType.I8, hidden, h, h, 3, stride, 1, Activation.RELU6));
            h = (h + 2 - 3) / stride + 1;
            ops.add(ModelZoo.conv(p + ".project", DType.I8, hidden, h, h, out, 1, 1, 0, Activation.NONE));
            c = out;
        }
        ops.add(ModelZoo.conv("last", DType.I8, c, h, h, 1280, 1, 1, 0, Activation.RELU6));
        ops.add(ModelZoo.globalAvgPool("pool", 1280, h, h));
        ops.add(ModelZoo.dense("fc", DType.I8, 1280, 1000, Activation.NONE));
        return new ModelGraph("ibn100", ops);
    }

    @Setup
    public void setup() {
        graph = net.equals("ibn100") ? ibn100() : ModelZoo.mobileNetV2(DType.I8, 224);
        if (net.equals("ibn100") && graph.ops().size() != 100) {
            throw new IllegalStateException("ibn100 has " + graph.ops().size() + " ops");
        }
        simulator = new NeuralEngineSimulator(AcceleratorConfigs.byName(config), FusionPolicy.valueOf(fusion));
    }

    /** The NAS path: totals only. */
    @Benchmark
    public GraphCostModel.GraphCost price() {
        return simulator.price(graph);
    }

    /** The CLI path: per-layer records. */
    @Benchmark
    public SimulationReport simulate() {
        return simulator.simulate(graph);
    }
}
