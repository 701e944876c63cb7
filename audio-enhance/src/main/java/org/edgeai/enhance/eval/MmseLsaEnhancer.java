package org.edgeai.enhance.eval;

import java.util.Arrays;
import org.edgeai.enhance.EnhancerConfig;
import org.edgeai.enhance.SpeechEnhancer;
import org.edgeai.enhance.dsp.RealFft;
import org.edgeai.enhance.dsp.Windows;

/**
 * Classical baseline: the MMSE log-spectral amplitude estimator (Ephraim and Malah, "Speech
 * Enhancement Using a Minimum Mean-Square Error Log-Spectral Amplitude Estimator", IEEE TASSP 33(2),
 * 1985, eq. 20): {@code G = xi / (1 + xi) exp(E1(v) / 2)}, {@code v = xi gamma / (1 + xi)}, with the
 * decision-directed a priori SNR (Ephraim and Malah 1984, eq. 51)
 * {@code xi = alpha G_prev^2 gamma_prev + (1 - alpha) max(gamma - 1, 0)}, {@code alpha = 0.98},
 * floored at -25 dB (Cappé 1994).
 *
 * <p>Noise PSD: the mean of the first {@link #INIT_FRAMES} frames, then per bin a recursive average
 * ({@code 0.95}) updated only where the a posteriori SNR {@code gamma < 3} (a crude per-bin
 * speech-absence decision). Framing: 32 ms Vorbis power-complementary windows, 50% overlap (at 16 kHz
 * 512 samples, hop 256); algorithmic delay {@code N - hop} samples (16 ms).
 *
 * @implNote Owns its state: one instance per stream, not thread-safe; allocation-free per frame.
 */
public final class MmseLsaEnhancer implements SpeechEnhancer {
    /** Decision-directed smoothing. */
    public static final double ALPHA = 0.98;
    /** A priori SNR floor (-25 dB). */
    public static final double XI_MIN = Math.pow(10, -25 / 10.0);
    /** Frames averaged for the initial noise estimate. */
    public static final int INIT_FRAMES = 6;

    private final EnhancerConfig config;
    private final int hop;
    private final int win;
    private final int bins;
    private final float[] window;
    private final RealFft fft;
    private final float[] buf;
    private final float[] frame;
    private final float[] re;
    private final float[] im;
    private final double[] noise;
    private final double[] prevGain2Gamma;
    private final float[] synth;
    private final float[] ola;
    private long frames;

    /**
     * @param sampleRateHz 16000 or 48000; the frame is 32 ms
     * @throws IllegalArgumentException for other rates
     */
    public MmseLsaEnhancer(int sampleRateHz) {
        this.config = new EnhancerConfig(sampleRateHz, org.edgeai.kernel.DType.F32, false, false);
        int n = (int) Math.round(0.032 * sampleRateHz);
        n += n & 1;
        this.win = n;
        this.hop = n / 2;
        this.bins = n / 2 + 1;
        this.window = Windows.vorbis(n);
        this.fft = new RealFft(n);
        this.buf = new float[n];
        this.frame = new float[n];
        this.re = new float[bins];
        this.im = new float[bins];
        this.noise = new double[bins];
        this.prevGain2Gamma = new double[bins];
        this.synth = new float[n];
        this.ola = new float[hop];
    }

    @Override
    public int frameSamples() {
        return hop;
    }

    @Override
    public int delaySamples() {
        return win - hop;
    }

    @Override
    public float process(float[] in, int inOff, float[] out, int outOff) {
        if (in.length - inOff < hop || out.length - outOff < hop) {
            throw new IllegalArgumentException("need " + hop + " samples from the offsets");
        }
        System.arraycopy(buf, hop, buf, 0, win - hop);
        System.arraycopy(in, inOff, buf, win - hop, hop);
        for (int i = 0; i < win; i++) {
            frame[i] = buf[i] * window[i];
        }
        fft.forward(frame, 0, re, im);
        double keep = 0;
        double total = 0;
        if (frames < INIT_FRAMES) {
            for (int k = 0; k < bins; k++) {
                double p = re[k] * (double) re[k] + im[k] * (double) im[k];
                noise[k] += p / INIT_FRAMES;
                prevGain2Gamma[k] = 1;
            }
        }
        for (int k = 0; k < bins; k++) {
            double p = re[k] * (double) re[k] + im[k] * (double) im[k];
            double lambda = Math.max(noise[k], 1e-20);
            double gamma = p / lambda;
            double xi = ALPHA * prevGain2Gamma[k] + (1 - ALPHA) * Math.max(gamma - 1, 0);
            xi = Math.max(xi, XI_MIN);
            double v = xi * gamma / (1 + xi);
            double g = Math.min(1.0, xi / (1 + xi) * Math.exp(0.5 * expint1(Math.max(v, 1e-10))));
            prevGain2Gamma[k] = g * g * gamma;
            if (frames >= INIT_FRAMES && gamma < 3) {
                noise[k] = 0.95 * noise[k] + 0.05 * p;
            }
            re[k] *= (float) g;
            im[k] *= (float) g;
            keep += g * g * p;
            total += p;
        }
        frames++;
        fft.inverse(re, im, synth, 0);
        for (int i = 0; i < win; i++) {
            synth[i] *= window[i];
        }
        for (int i = 0; i < hop; i++) {
            out[outOff + i] = ola[i] + synth[i];
            ola[i] = synth[hop + i];
        }
        return total > 0 ? (float) (keep / total) : 0f;
    }

    /**
     * Exponential integral {@code E1(x) = int_x^inf e^-t / t dt}, x > 0: power series below 1,
     * Lentz continued fraction above (Numerical Recipes 3rd ed., sec. 6.3).
     */
    static double expint1(double x) {
        if (x <= 0) {
            throw new IllegalArgumentException("E1 needs x > 0, got " + x);
        }
        if (x < 1) {
            double sum = 0;
            double term = 1;
            for (int k = 1; k < 100; k++) {
                term *= -x / k;
                double add = -term / k;
                sum += add;
                if (Math.abs(add) < 1e-16 * Math.abs(sum)) {
                    break;
                }
            }
            return -0.5772156649015329 - Math.log(x) + sum;
        }
        double b = x + 1;
        double c = 1 / 1e-300;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 200; i++) {
            double a = -(double) i * i;
            b += 2;
            d = 1 / (a * d + b);
            c = b + a / c;
            double del = c * d;
            h *= del;
            if (Math.abs(del - 1) < 1e-15) {
                break;
            }
        }
        return h * Math.exp(-x);
    }

    @Override
    public void reset() {
        Arrays.fill(buf, 0f);
        Arrays.fill(noise, 0);
        Arrays.fill(prevGain2Gamma, 0);
        Arrays.fill(ola, 0f);
        frames = 0;
    }

    @Override
    public EnhancerConfig config() {
        return config;
    }
}
