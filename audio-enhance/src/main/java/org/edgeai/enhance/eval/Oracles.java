package org.edgeai.enhance.eval;

import java.util.Arrays;
import org.edgeai.enhance.dsp.PercepNetDsp;
import org.edgeai.enhance.dsp.RealFft;
import org.edgeai.enhance.dsp.Windows;

/**
 * Oracle ceilings of the PercepNet design, in the progression of the PercepNet demo page: oracle
 * bin magnitudes with the noisy phase; oracle band gains; oracle band gains with the comb filter and
 * oracle strengths; the same plus the envelope post-filter. All outputs are aligned with the input.
 *
 * @implNote Stateless; thread-safe.
 */
public final class Oracles {
    private Oracles() {
    }

    /**
     * Clean STFT magnitudes with the noisy phase (20 ms Vorbis windows, 10 ms hop).
     *
     * @return {@code [noisy.length]} samples
     */
    public static float[] binMagnitudes(float[] noisy, float[] clean, int sampleRateHz) {
        int hop = sampleRateHz / 100;
        int win = 2 * hop;
        float[] w = Windows.vorbis(win);
        RealFft fft = new RealFft(win);
        int bins = win / 2 + 1;
        int frames = (noisy.length + hop - 1) / hop + 1;
        float[] x = new float[(frames + 1) * hop];
        float[] c = new float[x.length];
        System.arraycopy(noisy, 0, x, hop, noisy.length);
        System.arraycopy(clean, 0, c, hop, clean.length);
        float[] fx = new float[win];
        float[] xr = new float[bins];
        float[] xi = new float[bins];
        float[] cr = new float[bins];
        float[] ci = new float[bins];
        float[] y = new float[x.length];
        float[] s = new float[win];
        for (int f = 0; f < frames; f++) {
            int start = f * hop;
            for (int n = 0; n < win; n++) {
                fx[n] = w[n] * x[start + n];
            }
            fft.forward(fx, 0, xr, xi);
            for (int n = 0; n < win; n++) {
                fx[n] = w[n] * c[start + n];
            }
            fft.forward(fx, 0, cr, ci);
            for (int k = 0; k < bins; k++) {
                double mx = Math.hypot(xr[k], xi[k]);
                double mc = Math.hypot(cr[k], ci[k]);
                float g = mx > 1e-20 ? (float) (mc / mx) : 0f;
                xr[k] *= g;
                xi[k] *= g;
            }
            fft.inverse(xr, xi, s, 0);
            for (int n = 0; n < win; n++) {
                y[start + n] += w[n] * s[n];
            }
        }
        return Arrays.copyOfRange(y, hop, hop + noisy.length);
    }

    /**
     * Oracle band gains (and, optionally, oracle strengths with the comb filter and the post-filter)
     * through {@link PercepNetDsp}.
     *
     * @return {@code [noisy.length]} samples, aligned with the input
     */
    public static float[] bandGains(float[] noisy, float[] clean, int sampleRateHz, boolean comb, boolean postFilter) {
        return new OracleFrameLoop(sampleRateHz).run(noisy, clean, comb, postFilter, OracleFrameLoop.ORACLE);
    }
}
