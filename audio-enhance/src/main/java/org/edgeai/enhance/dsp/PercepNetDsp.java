package org.edgeai.enhance.dsp;

import java.util.Arrays;

/**
 * The signal path of PercepNet (Valin, Isik, Phansalkar, Wang, Helwani, Krishnaswamy, "A
 * Perceptually-Motivated Approach for Low-Complexity, Real-Time Enhancement of Fullband Speech",
 * Interspeech 2020, arXiv 2008.04259), streaming, one hop per call.
 *
 * <h2>Framing and delay</h2>
 * Window N = 20 ms, hop H = 10 ms, Vorbis power-complementary window at analysis and synthesis.
 * A call to {@link #analyze} consumes input samples {@code [tH, (t+1)H)} and analyses frame t (the
 * window {@code [(t-1)H, (t+1)H)}). {@link #synthesize} then enhances frame {@code s = t - 2}
 * ({@link #LOOKAHEAD_FRAMES} frames of look-ahead, used by the network and by the comb filter) and
 * emits the completed output samples {@code [(t-3)H, (t-2)H)}: the algorithmic delay is
 * {@code 3H} = 30 ms (10 ms window overlap + 20 ms look-ahead).
 *
 * <h2>Per frame</h2>
 * <ul>
 * <li>Band energies {@code E_x,b} of the noisy spectrum X over {@link ErbBands}.</li>
 * <li>Pitch period T by {@link PitchTracker} (normalized cross-correlation, Viterbi with a decision
 *     lag of 2 frames), refined to one input sample.</li>
 * <li>Pitch comb filter in the time domain (paper Sec. 3.2), with M = 1:
 *     {@code p(n) = sum_{k=-1..1} w_k x(n - kT)}, {@code w = (1/4, 1/2, 1/4)} (a normalized Hann window
 *     over 2M+1 taps). M = 1 because the future tap {@code x(n + T)} must lie inside the 20 ms
 *     look-ahead for the longest period (16 ms). It passes harmonics of 1/T unchanged and reduces white
 *     noise power by {@code eps = sum w_k^2 = 3/8}.</li>
 * <li>Network features of the newest frame: {@code B} log band energies, {@code B} band pitch
 *     coherences of X with the one-tap pitch predictor {@code x(n - T)}, the period and its
 *     correlation ({@link #featureSize()} = 2B + 2).</li>
 * <li>Synthesis (paper Sec. 3.3): per band the noisy and the energy-matched comb-filtered spectra are
 *     mixed with the filter strength r_b, the mix is renormalized to the noisy band energy, multiplied by
 *     the band gain g_b (interpolated to bins with the triangular weights), optionally after the envelope
 *     post-filter (Sec. 4): {@code g_w = g sin(pi g / 2)}, with the overall level restored by
 *     {@code sqrt((1 + beta) E_0 / (E_1 + beta E_0))}, {@code beta = 0.02}, {@code E_0 = sum g_b^2 E_x,b},
 *     {@code E_1 = sum g_w,b^2 E_x,b}.</li>
 * </ul>
 * With g = 1, r = 0 the output equals the input delayed by 3H samples (perfect reconstruction).
 *
 * @implNote Owns all streaming state and scratch: one instance per stream, not thread-safe;
 * allocation-free per frame.
 */
public final class PercepNetDsp {
    /** Frames of look-ahead between analysis and synthesis. */
    public static final int LOOKAHEAD_FRAMES = 2;
    /** Comb filter taps {@code w_{-1}, w_0, w_1}. */
    static final float[] COMB = {0.25f, 0.5f, 0.25f};
    /** White-noise power gain of the comb filter, {@code sum w_k^2}. */
    public static final float COMB_NOISE_GAIN = 0.375f;
    /** Post-filter energy compensation beta (paper Sec. 4). */
    public static final float POSTFILTER_BETA = 0.02f;
    private static final float EPS = 1e-12f;
    private static final int RING = LOOKAHEAD_FRAMES + 1;

    private final int sampleRateHz;
    private final int hop;
    private final int win;
    private final ErbBands bands;
    private final int nb;
    private final int bins;
    private final float[] window;
    private final RealFft fft;
    private final PitchTracker pitch;
    private final int minLag;
    private final int maxLag;
    private final float[] buf;
    private final int bufLen;
    private final float[][] xRe = new float[RING][];
    private final float[][] xIm = new float[RING][];
    private final float[][] ex = new float[RING][];
    private final float[] frame;
    private final float[] pRe;
    private final float[] pIm;
    private final float[] ep;
    private final float[] exp;
    private final float[] coh;
    private final float[] fRe;
    private final float[] fIm;
    private final float[] fe;
    private final float[] fc;
    private final float[] features;
    private final float[] zRe;
    private final float[] zIm;
    private final float[] bandTmp;
    private final float[] bandTmp2;
    private final float[] binTmp;
    private final float[] binTmp2;
    private final float[] synth;
    private final float[] ola;
    private final float[] refine = new float[2];
    private long frames;
    private int synthLag;
    private float synthCorr;

    /**
     * @param sampleRateHz 16000 or 48000 (any multiple of 8 kHz whose 20 ms window is even works)
     * @throws IllegalArgumentException for other rates
     */
    public PercepNetDsp(int sampleRateHz) {
        if (sampleRateHz % 8000 != 0 || sampleRateHz < 16000 || sampleRateHz > 48000) {
            throw new IllegalArgumentException("unsupported sample rate " + sampleRateHz + " Hz; supported: 16000, 24000, 32000, 40000, 48000");
        }
        this.sampleRateHz = sampleRateHz;
        this.hop = sampleRateHz / 100;
        this.win = 2 * hop;
        this.bands = new ErbBands(sampleRateHz, win);
        this.nb = bands.count();
        this.bins = bands.bins();
        this.window = Windows.vorbis(win);
        this.fft = new RealFft(win);
        this.pitch = new PitchTracker(sampleRateHz, hop, LOOKAHEAD_FRAMES);
        this.minLag = pitch.minLag();
        this.maxLag = pitch.maxLag();
        if (maxLag > 2 * hop) {
            throw new IllegalStateException("longest period " + maxLag + " exceeds the look-ahead " + 2 * hop);
        }
        this.bufLen = 4 * hop + maxLag;
        this.buf = new float[bufLen];
        for (int i = 0; i < RING; i++) {
            xRe[i] = new float[bins];
            xIm[i] = new float[bins];
            ex[i] = new float[nb];
        }
        this.frame = new float[win];
        this.pRe = new float[bins];
        this.pIm = new float[bins];
        this.ep = new float[nb];
        this.exp = new float[nb];
        this.coh = new float[nb];
        this.fRe = new float[bins];
        this.fIm = new float[bins];
        this.fe = new float[nb];
        this.fc = new float[nb];
        this.features = new float[2 * nb + 2];
        this.zRe = new float[bins];
        this.zIm = new float[bins];
        this.bandTmp = new float[nb];
        this.bandTmp2 = new float[nb];
        this.binTmp = new float[bins];
        this.binTmp2 = new float[bins];
        this.synth = new float[win];
        this.ola = new float[hop];
    }

    /** @return sample rate in Hz */
    public int sampleRateHz() {
        return sampleRateHz;
    }

    /** @return hop H in samples (10 ms) */
    public int hopSamples() {
        return hop;
    }

    /** @return the band layout */
    public ErbBands bands() {
        return bands;
    }

    /** @return number of network input features, {@code 2B + 2} */
    public int featureSize() {
        return features.length;
    }

    /** @return the algorithmic delay in samples (3H) */
    public int delaySamples() {
        return (LOOKAHEAD_FRAMES + 1) * hop;
    }

    /**
     * Analyses one hop (see class doc) with the tracker's own pitch decision.
     *
     * @param in {@link #hopSamples()} samples from {@code off}. Not modified.
     * @return the features of the newest frame, {@code [2B + 2]}: an internal buffer, valid until the
     *         next call. Not to be modified.
     */
    public float[] analyze(float[] in, int off) {
        return analyze(in, off, -1);
    }

    /**
     * As {@link #analyze(float[], int)}, but the comb filter of the synthesis frame uses
     * {@code forcedLag} (input samples) when it is positive: used to analyse the clean signal with
     * the noisy signal's pitch track when computing training targets.
     */
    public float[] analyze(float[] in, int off, int forcedLag) {
        System.arraycopy(buf, hop, buf, 0, bufLen - hop);
        System.arraycopy(in, off, buf, bufLen - hop, hop);
        int slot = (int) (frames % RING);
        // analysis of the newest frame t
        windowed(bufLen - win, frame);
        fft.forward(frame, 0, xRe[slot], xIm[slot]);
        bands.energy(xRe[slot], xIm[slot], ex[slot]);
        pitch.push(in, off);
        PitchTracker.refine(buf, bufLen - win, win, pitch.rawLag(), pitch.decimation() - 1, minLag, maxLag, refine);
        int rawLag = (int) refine[0];
        float rawCorr = refine[1];
        // one-tap pitch predictor x(n - T) of the newest frame, for the coherence features
        windowed(bufLen - win - rawLag, frame);
        fft.forward(frame, 0, fRe, fIm);
        bands.energy(fRe, fIm, fe);
        bands.correlation(xRe[slot], xIm[slot], fRe, fIm, fc);
        float[] e = ex[slot];
        for (int b = 0; b < nb; b++) {
            features[b] = (float) ((Math.log10(e[b] + 1e-8) + 1.0) / 3.0);
            features[nb + b] = (float) (fc[b] / Math.sqrt((double) e[b] * fe[b] + 1e-8));
        }
        features[2 * nb] = (float) (2 * Math.log((double) rawLag / minLag) / Math.log((double) maxLag / minLag) - 1);
        features[2 * nb + 1] = rawCorr;
        frames++;
        // comb filter of the synthesis frame s = t - 2 (window starts at bufLen - 4H)
        int lag = forcedLag > 0 ? forcedLag : pitch.decidedLag();
        int start = bufLen - 4 * hop;
        PitchTracker.refine(buf, start, win, lag, forcedLag > 0 ? 0 : pitch.decimation() - 1, minLag, maxLag, refine);
        synthLag = (int) refine[0];
        synthCorr = refine[1];
        int t = synthLag;
        for (int n = 0; n < win; n++) {
            int i = start + n;
            frame[n] = window[n] * (COMB[0] * buf[i + t] + COMB[1] * buf[i] + COMB[2] * buf[i - t]);
        }
        fft.forward(frame, 0, pRe, pIm);
        int s = synthesisSlot();
        bands.energy(pRe, pIm, ep);
        bands.correlation(xRe[s], xIm[s], pRe, pIm, exp);
        float[] es = ex[s];
        for (int b = 0; b < nb; b++) {
            double q = exp[b] / Math.sqrt((double) es[b] * ep[b] + 1e-20);
            coh[b] = (float) Math.max(-1, Math.min(1, q));
        }
        return features;
    }

    private void windowed(int start, float[] out) {
        for (int n = 0; n < win; n++) {
            out[n] = window[n] * buf[start + n];
        }
    }

    private int synthesisSlot() {
        return (int) Math.floorMod(frames - 1 - LOOKAHEAD_FRAMES, (long) RING);
    }

    /** @return true once the synthesis frame {@code t - 2} is a real frame (3 hops analysed) */
    public boolean synthesisReady() {
        return frames > LOOKAHEAD_FRAMES;
    }

    /** @return refined pitch period (input samples) used by the comb filter of the synthesis frame */
    public int synthesisLag() {
        return synthLag;
    }

    /** @return normalized correlation at {@link #synthesisLag()} */
    public float synthesisPitchCorrelation() {
        return synthCorr;
    }

    /** @return synthesis-frame noisy spectrum, real parts {@code [bins]} (internal; do not modify) */
    public float[] synthesisRe() {
        return xRe[synthesisSlot()];
    }

    /** @return synthesis-frame noisy spectrum, imaginary parts {@code [bins]} (internal) */
    public float[] synthesisIm() {
        return xIm[synthesisSlot()];
    }

    /** @return synthesis-frame band energies {@code [B]} (internal) */
    public float[] synthesisEnergy() {
        return ex[synthesisSlot()];
    }

    /** @return synthesis-frame comb-filtered spectrum, real parts (internal) */
    public float[] combRe() {
        return pRe;
    }

    /** @return synthesis-frame comb-filtered spectrum, imaginary parts (internal) */
    public float[] combIm() {
        return pIm;
    }

    /** @return synthesis-frame band energies of the comb-filtered spectrum (internal) */
    public float[] combEnergy() {
        return ep;
    }

    /** @return synthesis-frame band pitch coherences {@code q_b = Re<X,P>_b / sqrt(E_x E_p)} in [-1, 1] (internal) */
    public float[] pitchCoherence() {
        return coh;
    }

    /**
     * Enhances the synthesis frame and emits one hop of output (zeros until {@link #synthesisReady()}).
     *
     * @param gains      band gains g_b {@code [B]} in [0, 1]. Not modified.
     * @param strengths  filter strengths r_b {@code [B]} in [0, 1], or null for none. Not modified.
     * @param postFilter whether to apply the envelope post-filter
     * @param out        {@link #hopSamples()} samples from {@code off}. Modified.
     */
    public void synthesize(float[] gains, float[] strengths, boolean postFilter, float[] out, int off) {
        if (!synthesisReady()) {
            Arrays.fill(out, off, off + hop, 0f);
            return;
        }
        float[] xr = synthesisRe();
        float[] xi = synthesisIm();
        float[] e = synthesisEnergy();
        if (strengths != null) {
            bands.interpolate(strengths, binTmp);
            for (int b = 0; b < nb; b++) {
                bandTmp[b] = (float) Math.sqrt(e[b] / (ep[b] + EPS));
            }
            bands.interpolate(bandTmp, binTmp2);
            for (int k = 0; k < bins; k++) {
                float r = binTmp[k];
                float pn = r * binTmp2[k];
                zRe[k] = (1 - r) * xr[k] + pn * pRe[k];
                zIm[k] = (1 - r) * xi[k] + pn * pIm[k];
            }
            bands.energy(zRe, zIm, bandTmp2);
            for (int b = 0; b < nb; b++) {
                bandTmp2[b] = (float) Math.sqrt(e[b] / (bandTmp2[b] + EPS));
            }
        } else {
            System.arraycopy(xr, 0, zRe, 0, bins);
            System.arraycopy(xi, 0, zIm, 0, bins);
            Arrays.fill(bandTmp2, 1f);
        }
        // band gains (post-filtered) times the energy renormalization
        float scale = 1f;
        if (postFilter) {
            double e0 = 0;
            double e1 = 0;
            for (int b = 0; b < nb; b++) {
                float g = gains[b];
                float gw = g * (float) Math.sin(0.5 * Math.PI * g);
                bandTmp[b] = gw;
                e0 += g * g * e[b];
                e1 += gw * gw * e[b];
            }
            if (e1 > 1e-20) {
                scale = (float) Math.sqrt((1 + POSTFILTER_BETA) * e0 / (e1 + POSTFILTER_BETA * e0));
            }
        } else {
            System.arraycopy(gains, 0, bandTmp, 0, nb);
        }
        for (int b = 0; b < nb; b++) {
            bandTmp[b] = bandTmp[b] * scale * bandTmp2[b];
        }
        bands.interpolate(bandTmp, binTmp);
        for (int k = 0; k < bins; k++) {
            zRe[k] *= binTmp[k];
            zIm[k] *= binTmp[k];
        }
        synthesizeSpectrum(zRe, zIm, out, off);
    }

    /**
     * Inverse-transforms a spectrum of the synthesis frame, windows it and overlap-adds it (for
     * oracle experiments that modify the spectrum directly).
     *
     * @param re  {@code [bins]}. Not modified.
     * @param im  {@code [bins]}. Not modified.
     * @param out {@link #hopSamples()} samples from {@code off}. Modified.
     */
    public void synthesizeSpectrum(float[] re, float[] im, float[] out, int off) {
        fft.inverse(re, im, synth, 0);
        for (int n = 0; n < win; n++) {
            synth[n] *= window[n];
        }
        for (int n = 0; n < hop; n++) {
            out[off + n] = ola[n] + synth[n];
            ola[n] = synth[hop + n];
        }
    }

    /** Returns to the initial state (silence history). */
    public void reset() {
        Arrays.fill(buf, 0f);
        for (int i = 0; i < RING; i++) {
            Arrays.fill(xRe[i], 0f);
            Arrays.fill(xIm[i], 0f);
            Arrays.fill(ex[i], 0f);
        }
        Arrays.fill(ola, 0f);
        pitch.reset();
        frames = 0;
        synthLag = minLag;
        synthCorr = 0;
    }
}
