package org.edgeai.bench;

import java.util.concurrent.TimeUnit;
import org.edgeai.accel.Dataflow;
import org.edgeai.accel.SystolicArray;
import org.edgeai.accel.scalesim.ScaleSimMemory;
import org.edgeai.accel.scalesim.ScaleSimTopology;
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
 * Speed of the address-level SCALE-Sim memory trace ({@link ScaleSimMemory}): one ResNet-18 layer of SCALE-Sim's own
 * topology ({@code Conv2_1a}: 56x56x64 IFMAP, 3x3 filters, 64 filters) on a 32x32 array with 64 KiB buffers, as in
 * the reference runs. One call traces 3,396,096 SRAM reads (WS: 3,359,232 IFMAP + 36,864 filter) or 6,750,720 (OS:
 * 3,359,232 + 3,391,488); the time per read is the score divided by that.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@State(Scope.Thread)
public class ScaleSimMemoryBench {
    @Param({"ws", "os"})
    public String dataflow;

    OpNode layer;
    SystolicArray array;

    /** Builds the layer and the array. */
    @Setup
    public void setUp() {
        layer = ScaleSimTopology.convLayer("Conv2_1a", 56, 56, 3, 3, 64, 64, 1, 1, 1);
        array = new SystolicArray(32, 32, Dataflow.parse(dataflow));
    }

    /** @return the traced counts of the layer */
    @Benchmark
    public ScaleSimMemory.Layer trace() {
        return ScaleSimMemory.of(layer, array, 64 * 1024, 64 * 1024);
    }
}
