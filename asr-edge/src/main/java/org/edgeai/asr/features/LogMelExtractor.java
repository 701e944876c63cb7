package org.edgeai.asr.features;

import org.jtransforms.fft.FloatFFT_1D;

/**
 * Streaming log-mel filterbank: PCM samples in any chunking, one {@code [melBins]} feature vector
 * out per hop. Frame {@code i} covers samples {@code [i*hop, i*hop + window)}; it is emitted as soon
 * as its last sample has arrived, so chunked and whole-signal processing give identical frames.
 *
 * <p>Per frame: Hann window (periodic), real FFT (JTransforms {@link FloatFFT_1D#realForward},
 * packed layout {@code a[2k] = Re[k], a[2k+1] = Im[k]}, {@code a[1] = Re[n/2]}), power spectrum
 * {@code |X_k|^2}, triangular filters equally spaced on the HTK mel scale
 * {@code mel(f) = 2595 log10(1 + f/700)} (Young et al., The HTK Book, sec. 5.4), then
 * {@code ln(max(E, floor))}. Input is full scale [-1, 1] at {@link LogMelConfig#sampleRateHz()}.
 *
 * @implNote Owns its sample history and FFT plan: not thread-safe, one instance per stream,
 * {@link #reset()} between streams. {@link #accept} allocates nothing.
 */
public final class LogMelExtractor {
    /** Receives one feature frame. */
    @FunctionalInterface
    public interface FrameSink {
        /**
         * @param features {@code melBins} log-mel values from {@code offset}; valid only during the call. Do not modify.
         * @param frameIndex 0-based index of the frame since the last reset
         */
        void frame(float[] features, int offset, long frameIndex);
    }

    private final LogMelConfig config;
    private final FloatFFT_1D fft;
    private final float[] window;
    private final float[] pending;
    private final float[] spectrum;
    private final float[] mel;
    private final int[] filterStart;
    private final float[][] filterWeights;
    private int pendingCount;
    private long frameIndex;

    /** @param config feature settings */
    public LogMelExtractor(LogMelConfig config) {
        this.config = config;
        int n = config.windowSamples();
        this.fft = new FloatFFT_1D(config.fftSize());
        this.window = new float[n];
        for (int i = 0; i < n; i++) {
            window[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / n));
        }
        this.pending = new float[n];
        this.spectrum = new float[config.fftSize()];
        this.mel = new float[config.melBins()];
        int bins = config.fftSize() / 2 + 1;
        double melLow = hzToMel(config.lowHz());
        double melHigh = hzToMel(config.highHz());
        int m = config.melBins();
        this.filterStart = new int[m];
        this.filterWeights = new float[m][];
        double binHz = config.sampleRateHz() / (double) config.fftSize();
        for (int j = 0; j < m; j++) {
            double left = melToHz(melLow + (melHigh - melLow) * j / (m + 1));
            double center = melToHz(melLow + (melHigh - melLow) * (j + 1) / (m + 1));
            double right = melToHz(melLow + (melHigh - melLow) * (j + 2) / (m + 1));
            int first = Math.max(0, (int) Math.ceil(left / binHz));
            int last = Math.min(bins - 1, (int) Math.floor(right / binHz));
            if (last < first) {
                last = first;
            }
            float[] w = new float[last - first + 1];
            for (int k = first; k <= last; k++) {
                double f = k * binHz;
                double v = f <= center ? (f - left) / (center - left) : (right - f) / (right - center);
                w[k - first] = (float) Math.max(0, v);
            }
            filterStart[j] = first;
            filterWeights[j] = w;
        }
    }

    /** @return the settings */
    public LogMelConfig config() {
        return config;
    }

    /** @return features per frame */
    public int melBins() {
        return config.melBins();
    }

    /**
     * Feeds samples; calls {@code sink} for every frame completed by them, in order.
     *
     * @param pcm samples from {@code offset}, full scale. Not modified.
     * @throws IndexOutOfBoundsException if the range lies outside {@code pcm}
     */
    public void accept(float[] pcm, int offset, int length, FrameSink sink) {
        java.util.Objects.checkFromIndexSize(offset, length, pcm.length);
        int n = config.windowSamples();
        int hop = config.hopSamples();
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int take = Math.min(end - i, n - pendingCount);
            System.arraycopy(pcm, i, pending, pendingCount, take);
            pendingCount += take;
            i += take;
            if (pendingCount == n) {
                computeFrame();
                sink.frame(mel, 0, frameIndex++);
                System.arraycopy(pending, hop, pending, 0, n - hop);
                pendingCount = n - hop;
            }
        }
    }

    private void computeFrame() {
        int n = config.windowSamples();
        for (int i = 0; i < n; i++) {
            spectrum[i] = pending[i] * window[i];
        }
        java.util.Arrays.fill(spectrum, n, spectrum.length, 0f);
        fft.realForward(spectrum);
        int half = config.fftSize() / 2;
        // power in place: spectrum[k] = |X_k|^2 for k in [0, half]; read pairs before overwriting
        float nyquist = spectrum[1] * spectrum[1];
        spectrum[0] = spectrum[0] * spectrum[0];
        for (int k = 1; k < half; k++) {
            float re = spectrum[2 * k];
            float im = spectrum[2 * k + 1];
            spectrum[k] = re * re + im * im;
        }
        spectrum[half] = nyquist;
        float floor = (float) config.floor();
        for (int j = 0; j < mel.length; j++) {
            float[] w = filterWeights[j];
            int s = filterStart[j];
            double e = 0;
            for (int k = 0; k < w.length; k++) {
                e += w[k] * spectrum[s + k];
            }
            mel[j] = (float) Math.log(Math.max(e, floor));
        }
    }

    /** Forgets buffered samples and restarts frame numbering. */
    public void reset() {
        pendingCount = 0;
        frameIndex = 0;
    }

    /**
     * Whole-signal convenience: the features of {@code pcm} as {@code [frames][melBins]}.
     *
     * @param pcm full scale samples at {@code config.sampleRateHz()}. Not modified.
     */
    public static float[][] compute(LogMelConfig config, float[] pcm) {
        LogMelExtractor x = new LogMelExtractor(config);
        float[][] out = new float[config.framesFor(pcm.length)][];
        x.accept(pcm, 0, pcm.length, (f, off, idx) -> out[(int) idx] = java.util.Arrays.copyOfRange(f, off, off + config.melBins()));
        return out;
    }

    static double hzToMel(double hz) {
        return 2595.0 * Math.log10(1.0 + hz / 700.0);
    }

    static double melToHz(double mel) {
        return 700.0 * (Math.pow(10.0, mel / 2595.0) - 1.0);
    }
}
