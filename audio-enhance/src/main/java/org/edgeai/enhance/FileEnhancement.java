package org.edgeai.enhance;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Objects;
import org.edgeai.enhance.model.PercepNetModel;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.audio.AudioClip;
import org.edgeai.kernel.audio.Resampler;

/**
 * Enhances a decoded file: stereo (any channel count) is downmixed to mono by averaging, a rate
 * other than the model's is converted with the {@link Resampler} (Kaiser windowed-sinc polyphase)
 * to the model rate and the result converted back, so the output has the input's rate and length.
 *
 * @implNote Stateless; thread-safe.
 */
public final class FileEnhancement {
    /** Lowest accepted input rate (below it speech bands are missing). */
    public static final int MIN_RATE_HZ = 8000;
    /** Highest accepted input rate. */
    public static final int MAX_RATE_HZ = 192000;

    private FileEnhancement() {
    }

    /**
     * @param output                   mono enhanced audio at the input rate, same length as the input
     * @param inputChannels            channels of the input (downmixed when more than 1)
     * @param processingRateHz         rate the enhancer ran at
     * @param resampled                whether the input was resampled
     * @param delayMs                  algorithmic delay of the enhancer (compensated in the output)
     * @param cpuSeconds               thread CPU seconds of resampling + enhancement
     * @param meanSpeechPresence       mean of the per-frame speech-presence estimates
     */
    public record Result(AudioClip output, int inputChannels, int processingRateHz, boolean resampled, double delayMs,
                         double cpuSeconds, double meanSpeechPresence) {
    }

    /**
     * @param clip       decoded input. Not modified.
     * @param model      the model (its rate is the processing rate)
     * @param weightType I8, F16 or F32 kernel weights
     * @throws IllegalArgumentException if the rate is outside [8 kHz, 192 kHz] or a sample is not finite
     */
    public static Result enhance(AudioClip clip, PercepNetModel model, DType weightType) {
        Objects.requireNonNull(clip, "clip");
        int rate = clip.sampleRateHz();
        if (rate < MIN_RATE_HZ || rate > MAX_RATE_HZ) {
            throw new IllegalArgumentException("unsupported sample rate " + rate + " Hz: supported are " + MIN_RATE_HZ + ".."
                    + MAX_RATE_HZ + " Hz (processed at " + model.sampleRateHz() + " Hz, other rates are resampled)");
        }
        float[] mono = clip.monoSamples();
        for (int i = 0; i < mono.length; i++) {
            if (!Float.isFinite(mono[i])) {
                throw new IllegalArgumentException("non-finite sample " + mono[i] + " at frame " + i);
            }
        }
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        long c0 = bean.getCurrentThreadCpuTime();
        int proc = model.sampleRateHz();
        boolean resample = rate != proc;
        float[] x = resample ? new Resampler(rate, proc).process(mono) : mono;
        PercepNetEnhancer e = new PercepNetEnhancer(EnhancerConfig.forModel(model, weightType), model);
        EnhanceStream s = new EnhanceStream(e);
        float[] a = s.push(x);
        float[] b = s.finish();
        float[] y = new float[a.length + b.length];
        System.arraycopy(a, 0, y, 0, a.length);
        System.arraycopy(b, 0, y, a.length, b.length);
        double presence = s.meanSpeechPresence();
        if (resample) {
            float[] back = new Resampler(proc, rate).process(y);
            y = java.util.Arrays.copyOf(back, mono.length); // zero-padded if the round trip came out shorter
        }
        double cpu = (bean.getCurrentThreadCpuTime() - c0) / 1e9;
        return new Result(AudioClip.mono(y, rate), clip.channelCount(), proc, resample, 1000.0 * e.delaySamples() / proc, cpu, presence);
    }
}
