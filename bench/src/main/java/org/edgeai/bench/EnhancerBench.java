package org.edgeai.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.edgeai.enhance.EnhancerConfig;
import org.edgeai.enhance.PercepNetEnhancer;
import org.edgeai.enhance.dsp.PercepNetDsp;
import org.edgeai.enhance.model.GainNetwork;
import org.edgeai.enhance.model.PercepNetModel;
import org.edgeai.kernel.DType;
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
 * One 10 ms frame of 16 kHz audio through the PercepNet enhancer with the shipped model
 * ({@code full}: DSP + network + synthesis), through the DSP alone ({@code dspOnly}: analysis and
 * synthesis with fixed gains) and through the network alone ({@code networkOnly}): the JMH counterpart
 * of the CPU column of {@code edgeai denoise eval}. CPU seconds per audio second = time per frame /
 * 10 ms. Input: a seeded harmonic-plus-noise signal (1 s, cycled), so the pitch tracker and comb
 * filter do real work. Run with {@code -prof gc}: the per-frame path allocates nothing.
 *
 * <pre>java -jar bench/target/benchmarks.jar EnhancerBench -prof gc</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class EnhancerBench {
    @Param({"I8", "F32"})
    public String precision;

    private static final int RATE_HZ = 16000;
    private static final int HOP = RATE_HZ / 100;

    PercepNetEnhancer enhancer;
    PercepNetDsp dsp;
    GainNetwork network;
    float[] signal;
    float[] out;
    float[] gains;
    float[] strengths;
    float[] features;
    int pos;

    @Setup
    public void setup() {
        DType type = DType.valueOf(precision);
        PercepNetModel model = PercepNetModel.loadDefault(type != DType.I8);
        enhancer = new PercepNetEnhancer(EnhancerConfig.forModel(model, type), model);
        network = model.newStream(type);
        dsp = new PercepNetDsp(RATE_HZ);
        int nb = dsp.bands().count();
        gains = new float[nb];
        strengths = new float[nb];
        java.util.Arrays.fill(gains, 0.5f);
        java.util.Arrays.fill(strengths, 0.3f);
        features = new float[dsp.featureSize()];
        SplittableRandom rng = new SplittableRandom(1);
        signal = new float[RATE_HZ];
        for (int n = 0; n < signal.length; n++) {
            double t = n / (double) RATE_HZ;
            double f0 = 140 + 40 * Math.sin(2 * Math.PI * 0.7 * t);
            double v = 0;
            for (int h = 1; h <= 20; h++) {
                v += Math.sin(2 * Math.PI * h * f0 * t) / h;
            }
            signal[n] = (float) (0.05 * v + 0.02 * rng.nextGaussian());
        }
        out = new float[HOP];
    }

    private int next() {
        int p = pos;
        pos = (pos + HOP) % signal.length;
        return p;
    }

    @Benchmark
    public float full() {
        enhancer.process(signal, next(), out, 0);
        return out[0];
    }

    @Benchmark
    public float dspOnly() {
        dsp.analyze(signal, next());
        dsp.synthesize(gains, strengths, true, out, 0);
        return out[0];
    }

    @Benchmark
    public float networkOnly() {
        System.arraycopy(signal, next(), features, 0, features.length);
        network.forward(features, gains, strengths);
        return gains[0];
    }
}
