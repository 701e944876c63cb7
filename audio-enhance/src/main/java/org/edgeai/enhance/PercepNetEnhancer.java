package org.edgeai.enhance;

import java.util.Objects;
import org.edgeai.enhance.dsp.PercepNetDsp;
import org.edgeai.enhance.model.GainNetwork;
import org.edgeai.enhance.model.PercepNetModel;

/**
 * PercepNet-style enhancer: {@link PercepNetDsp} (STFT, ERB bands, pitch, comb filter, post-filter)
 * driven by the kernel {@link GainNetwork}. Algorithmic delay 30 ms ({@link #delaySamples()}).
 *
 * @implNote Owns the DSP and network state: one instance per stream, not thread-safe;
 * allocation-free per frame.
 */
public final class PercepNetEnhancer implements SpeechEnhancer {
    private final EnhancerConfig config;
    private final PercepNetDsp dsp;
    private final GainNetwork net;
    private final float[] gains;
    private final float[] strength;
    private final float[] outBuf;

    /**
     * @throws IllegalArgumentException if the model's rate or band count does not match the config
     */
    public PercepNetEnhancer(EnhancerConfig config, PercepNetModel model) {
        this.config = Objects.requireNonNull(config, "config");
        if (model.sampleRateHz() != config.sampleRateHz()) {
            throw new IllegalArgumentException("model is for " + model.sampleRateHz() + " Hz, config asks " + config.sampleRateHz()
                    + " Hz (resample the input to " + model.sampleRateHz() + " Hz)");
        }
        this.dsp = new PercepNetDsp(config.sampleRateHz());
        if (dsp.bands().count() != model.architecture().bands() || dsp.featureSize() != model.architecture().featureSize()) {
            throw new IllegalArgumentException("model has " + model.architecture().bands() + " bands, the DSP at "
                    + config.sampleRateHz() + " Hz has " + dsp.bands().count());
        }
        this.net = model.newStream(config.weightType());
        this.gains = new float[dsp.bands().count()];
        this.strength = new float[gains.length];
        this.outBuf = new float[dsp.hopSamples()];
    }

    @Override
    public int frameSamples() {
        return dsp.hopSamples();
    }

    @Override
    public int delaySamples() {
        return dsp.delaySamples();
    }

    @Override
    public float process(float[] in, int inOff, float[] out, int outOff) {
        int n = dsp.hopSamples();
        if (inOff < 0 || in.length - inOff < n || outOff < 0 || out.length - outOff < n) {
            throw new IllegalArgumentException("need " + n + " samples: input has " + (in.length - inOff) + " from offset " + inOff
                    + ", output has " + (out.length - outOff) + " from offset " + outOff);
        }
        float[] features = dsp.analyze(in, inOff);
        net.forward(features, gains, strength);
        dsp.synthesize(gains, config.combFilter() ? strength : null, config.postFilter(), outBuf, 0);
        System.arraycopy(outBuf, 0, out, outOff, n);
        if (!dsp.synthesisReady()) {
            return 0f;
        }
        float[] e = dsp.synthesisEnergy();
        double kept = 0;
        double total = 0;
        for (int b = 0; b < gains.length; b++) {
            kept += gains[b] * gains[b] * e[b];
            total += e[b];
        }
        return total > 0 ? (float) (kept / total) : 0f;
    }

    @Override
    public void reset() {
        dsp.reset();
        net.reset();
    }

    @Override
    public EnhancerConfig config() {
        return config;
    }

    /** @return the network (for graph export) */
    public GainNetwork network() {
        return net;
    }
}
