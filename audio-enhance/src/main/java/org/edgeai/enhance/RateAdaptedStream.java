package org.edgeai.enhance;

import java.util.Arrays;
import org.edgeai.kernel.audio.StreamingResampler;

/**
 * An {@link EnhanceStream} at the enhancer's rate behind streaming resamplers from and back to the
 * client's rate, so a stream at any supported rate gets exactly what {@link FileEnhancement} gives
 * for the whole signal: same rate, same length, same samples. With equal rates it is a plain
 * {@link EnhanceStream}.
 *
 * @implNote Not thread-safe; one instance per stream.
 */
public final class RateAdaptedStream {
    private final StreamingResampler in;
    private final StreamingResampler out;
    private final EnhanceStream stream;
    private final int rateHz;
    private final int procRateHz;
    private long received;
    private long emitted;

    /**
     * @param rateHz   the client's rate, within [{@link FileEnhancement#MIN_RATE_HZ}, {@link FileEnhancement#MAX_RATE_HZ}]
     * @param enhancer an enhancer at its own rate
     * @throws IllegalArgumentException if the rate is out of range
     */
    public RateAdaptedStream(int rateHz, SpeechEnhancer enhancer) {
        if (rateHz < FileEnhancement.MIN_RATE_HZ || rateHz > FileEnhancement.MAX_RATE_HZ) {
            throw new IllegalArgumentException("unsupported sample rate " + rateHz + " Hz; supported: " + FileEnhancement.MIN_RATE_HZ
                    + ".." + FileEnhancement.MAX_RATE_HZ + " Hz (processed at " + enhancer.config().sampleRateHz() + " Hz)");
        }
        int proc = enhancer.config().sampleRateHz();
        this.rateHz = rateHz;
        this.procRateHz = proc;
        this.in = new StreamingResampler(rateHz, proc);
        this.out = new StreamingResampler(proc, rateHz);
        this.stream = new EnhanceStream(enhancer);
    }

    /** @return the enhancer's algorithmic delay in its own samples (hidden by the stream) */
    public int delaySamples() {
        return stream.delaySamples();
    }

    /**
     * @return the same delay in samples at the client's rate, rounded: {@code round(delaySamples() * rate / enhancer
     *         rate)} (30 ms: 480 at 16 kHz, 1440 at 48 kHz)
     */
    public int delaySamplesAtClientRate() {
        return (int) Math.round(stream.delaySamples() * (double) rateHz / procRateHz);
    }

    /** @return speech presence of the last processed frame */
    public float lastSpeechPresence() {
        return stream.lastSpeechPresence();
    }

    /** @param x samples at the client's rate. Not modified. @return enhanced samples now available */
    public float[] push(float[] x) {
        received += x.length;
        return cap(out.push(stream.push(in.push(x))));
    }

    /** @return the rest: total output length equals total input length */
    public float[] finish() {
        float[] a = out.push(stream.push(in.finish()));
        float[] b = out.push(stream.finish());
        float[] c = out.finish();
        float[] all = Arrays.copyOf(a, a.length + b.length + c.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        System.arraycopy(c, 0, all, a.length + b.length, c.length);
        float[] r = cap(all);
        float[] pad = new float[(int) Math.max(0, received - emitted)];
        emitted += pad.length;
        if (pad.length == 0) {
            return r;
        }
        float[] z = Arrays.copyOf(r, r.length + pad.length);
        return z;
    }

    private float[] cap(float[] y) {
        int n = (int) Math.max(0, Math.min(y.length, received - emitted));
        emitted += n;
        return n == y.length ? y : Arrays.copyOf(y, n);
    }
}
