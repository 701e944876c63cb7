package org.edgeai.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.edgeai.asr.AsrModels;
import org.edgeai.asr.LanguageResources;
import org.edgeai.asr.data.Manifest;
import org.edgeai.asr.data.Utterance;
import org.edgeai.asr.decode.DecoderConfig;
import org.edgeai.asr.decode.WordNgramLm;
import org.edgeai.asr.eval.Evaluator;
import org.edgeai.asr.stream.Recognizer;
import org.edgeai.asr.stream.StreamingRecognizer;
import org.edgeai.kernel.DataDirectory;
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
 * Streaming recognition of real speech, one thread, steady state (after JIT warm-up): the first 20
 * utterances of the AN4 test set (one per operation, in turn, 100 ms chunks, as
 * {@code edgeai asr transcribe} streams them) through the deployed RNN-T int8 beam search
 * ({@code rnnt}) or the shipped six-model ensemble ({@code ensemble}). The score is the mean time per
 * utterance; {@link #audioSecondsPerOp} (printed at setup) turns it into seconds per audio second.
 * Data from {@code EDGEAI_DATA} (default {@code ../shared/data}).
 *
 * <pre>java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar AsrStreamingBench</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class AsrStreamingBench {
    @Param({"rnnt", "ensemble"})
    public String system;

    private static final int UTTERANCES = 20;
    Recognizer recognizer;
    List<float[]> audio;
    /** Mean audio seconds per operation (per utterance). */
    double audioSecondsPerOp;
    int next;

    @Setup
    public void setup() throws Exception {
        var asr = DataDirectory.require(DataDirectory.resolve(null), "asr");
        WordNgramLm lm = LanguageResources.fromManifest(asr.resolve("an4/train.tsv"));
        recognizer = system.equals("ensemble") ? AsrModels.newEnsemble((org.edgeai.kernel.DType) null, lm, 0.6)
                : new StreamingRecognizer(AsrModels.load(AsrModels.DEFAULT, null), DecoderConfig.transducerBeam(), lm);
        audio = new ArrayList<>();
        double seconds = 0;
        for (Utterance u : Manifest.read(asr.resolve("an4/test.tsv")).subList(0, UTTERANCES)) {
            float[] pcm = Evaluator.read16k(u.audio());
            audio.add(pcm);
            seconds += pcm.length / 16000.0;
        }
        audioSecondsPerOp = seconds / UTTERANCES;
        System.err.printf("%s: %.3f audio s per utterance (divide the score in ms by %.1f for CPU s per audio s)%n", system,
                audioSecondsPerOp, 1000 * audioSecondsPerOp);
    }

    @Benchmark
    public int utterance() {
        float[] pcm = audio.get(next);
        next = (next + 1) % audio.size();
        return Evaluator.transcribe(recognizer, pcm, 0.1).text().length();
    }
}
