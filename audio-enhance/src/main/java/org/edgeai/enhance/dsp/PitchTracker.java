package org.edgeai.enhance.dsp;

import java.util.Arrays;

/**
 * Streaming pitch tracker: normalized cross-correlation search plus Viterbi smoothing with a fixed
 * decision lag.
 *
 * <p>The input is low-pass filtered (windowed-sinc FIR, Hann window, cut-off 3.6 kHz) and decimated
 * to {@link #ANALYSIS_RATE_HZ}. For every frame (the last {@code 2 * hop} input samples) it computes
 * the normalized cross-correlation
 * {@code rho(T) = sum x(n) x(n-T) / sqrt(sum x(n)^2 sum x(n-T)^2)} for every period T between
 * {@link #MIN_F0_HZ} and {@link #MAX_F0_HZ} (16..128 samples at 8 kHz), the criterion of PercepNet
 * (Valin et al. 2020, Sec. 3.1: "T maximizing corr(x(n), x(n-T))"). The trajectory is tracked with
 * the Viterbi algorithm (Forney 1973) over these periods: the score of period i at frame t is
 * {@code max(rho_t(i), 0) - SHORT_LAG_BIAS * log2(T_i / T_min)
 *        + max_j (delta_{t-1}(j) - JUMP_PENALTY * |log2(T_i / T_j)|)},
 * so octave jumps must be paid for by a clearly higher correlation. Because the enhancer looks
 * {@code decisionLag} frames ahead anyway, the period of frame {@code t - decisionLag} is decided at
 * frame t by backtracking from the best current state (fixed-lag Viterbi).
 *
 * @implNote Owns its buffers and trellis: not thread-safe; allocation-free per frame.
 */
public final class PitchTracker {
    /** Internal analysis rate. */
    public static final int ANALYSIS_RATE_HZ = 8000;
    /** Highest tracked fundamental (period 16 samples at 8 kHz). */
    public static final double MAX_F0_HZ = 500;
    /** Lowest tracked fundamental (period 128 samples at 8 kHz). */
    public static final double MIN_F0_HZ = 62.5;
    /** Viterbi cost of a one-octave period jump between consecutive frames (in correlation units). */
    public static final float JUMP_PENALTY = 0.6f;
    /** Preference for shorter periods per octave, against period doubling (in correlation units). */
    public static final float SHORT_LAG_BIAS = 0.05f;

    private final int decimation;
    private final int hop;
    private final int hopD;
    private final int frameD;
    private final int minLagD;
    private final int maxLagD;
    private final int states;
    private final float[] fir;
    private final float[] hist; // full-rate history for the FIR: fir.length - 1 + hop samples
    private final float[] dbuf; // decimated: maxLagD + frameD samples, newest last
    private final float[] ncc;
    private final float[] delta;
    private final float[] newDelta;
    private final float[] penalty; // [i * states + j]
    private final float[] bias;
    private final int[][] back; // ring of backpointers, decisionLag + 1 frames
    private final int decisionLag;
    private long frames;
    private int rawBest;

    /**
     * @param sampleRateHz input rate, a multiple of 8 kHz
     * @param hopSamples   input samples per frame (multiple of the decimation factor)
     * @param decisionLag  frames of delay before a period is decided (>= 0)
     * @throws IllegalArgumentException if the rate is not a multiple of 8 kHz or the hop is not a
     *                                  multiple of the decimation factor
     */
    public PitchTracker(int sampleRateHz, int hopSamples, int decisionLag) {
        if (sampleRateHz % ANALYSIS_RATE_HZ != 0) {
            throw new IllegalArgumentException("pitch tracking needs a multiple of 8000 Hz, got " + sampleRateHz);
        }
        this.decimation = sampleRateHz / ANALYSIS_RATE_HZ;
        if (hopSamples % decimation != 0 || hopSamples <= 0) {
            throw new IllegalArgumentException("hop " + hopSamples + " is not a multiple of the decimation " + decimation);
        }
        if (decisionLag < 0) {
            throw new IllegalArgumentException("decision lag must be >= 0, got " + decisionLag);
        }
        this.hop = hopSamples;
        this.hopD = hopSamples / decimation;
        this.frameD = 2 * hopD;
        this.minLagD = (int) Math.round(ANALYSIS_RATE_HZ / MAX_F0_HZ);
        this.maxLagD = (int) Math.round(ANALYSIS_RATE_HZ / MIN_F0_HZ);
        this.states = maxLagD - minLagD + 1;
        this.fir = lowpass(decimation);
        this.hist = new float[fir.length - 1 + hop];
        this.dbuf = new float[maxLagD + frameD];
        this.ncc = new float[states];
        this.delta = new float[states];
        this.newDelta = new float[states];
        this.penalty = new float[states * states];
        this.bias = new float[states];
        for (int i = 0; i < states; i++) {
            bias[i] = (float) (SHORT_LAG_BIAS * log2((minLagD + i) / (double) minLagD));
            for (int j = 0; j < states; j++) {
                penalty[i * states + j] = (float) (JUMP_PENALTY * Math.abs(log2((minLagD + i) / (double) (minLagD + j))));
            }
        }
        this.decisionLag = decisionLag;
        this.back = new int[decisionLag + 1][states];
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }

    /** Hann-windowed sinc low-pass at 3.6 kHz, {@code 8 * decimation + 1} taps, unit DC gain. */
    private static float[] lowpass(int decimation) {
        if (decimation == 1) {
            return new float[] {1f};
        }
        int len = 8 * decimation + 1;
        int mid = len / 2;
        double fc = 3600.0 / (ANALYSIS_RATE_HZ * decimation); // cycles per sample
        float[] h = new float[len];
        double sum = 0;
        for (int n = 0; n < len; n++) {
            int m = n - mid;
            double sinc = m == 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * m) / (Math.PI * m);
            double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * (n + 1) / (len + 1));
            h[n] = (float) (sinc * w);
            sum += h[n];
        }
        for (int n = 0; n < len; n++) {
            h[n] /= (float) sum;
        }
        return h;
    }

    /** @return the decimation factor from the input rate to 8 kHz */
    public int decimation() {
        return decimation;
    }

    /** @return shortest period in input samples */
    public int minLag() {
        return minLagD * decimation;
    }

    /** @return longest period in input samples */
    public int maxLag() {
        return maxLagD * decimation;
    }

    /**
     * Consumes one hop of input and advances the tracker by one frame.
     *
     * @param x {@code hopSamples} input samples from {@code off}. Not modified.
     */
    public void push(float[] x, int off) {
        int keep = fir.length - 1;
        System.arraycopy(hist, hop, hist, 0, keep);
        System.arraycopy(x, off, hist, keep, hop);
        System.arraycopy(dbuf, hopD, dbuf, 0, dbuf.length - hopD);
        int base = dbuf.length - hopD;
        for (int j = 0; j < hopD; j++) {
            int end = keep + (j + 1) * decimation - 1; // newest input sample of this output
            double acc = 0;
            for (int t = 0; t < fir.length; t++) {
                acc += fir[t] * hist[end - t];
            }
            dbuf[base + j] = (float) acc;
        }
        correlate();
        viterbi();
        frames++;
    }

    private void correlate() {
        int s = maxLagD;
        double ex = 0;
        for (int n = 0; n < frameD; n++) {
            ex += dbuf[s + n] * dbuf[s + n];
        }
        double ey = 0;
        for (int n = 0; n < frameD; n++) {
            float y = dbuf[s - minLagD + n];
            ey += y * y;
        }
        float best = -2f;
        int bestI = 0;
        for (int i = 0; i < states; i++) {
            int lag = minLagD + i;
            if (i > 0) {
                float in = dbuf[s - lag];
                float out = dbuf[s - lag + frameD];
                ey += in * in - out * out;
            }
            double num = 0;
            for (int n = 0; n < frameD; n++) {
                num += dbuf[s + n] * dbuf[s - lag + n];
            }
            double den = Math.sqrt(Math.max(ex, 0) * Math.max(ey, 0));
            float r = den > 1e-12 ? (float) (num / den) : 0f;
            ncc[i] = r;
            if (r - bias[i] > best) {
                best = r - bias[i];
                bestI = i;
            }
        }
        rawBest = bestI;
    }

    private void viterbi() {
        int[] bp = back[(int) (frames % back.length)];
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < states; i++) {
            float bestPrev = Float.NEGATIVE_INFINITY;
            int arg = i;
            if (frames > 0) {
                int row = i * states;
                for (int j = 0; j < states; j++) {
                    float v = delta[j] - penalty[row + j];
                    if (v > bestPrev) {
                        bestPrev = v;
                        arg = j;
                    }
                }
            } else {
                bestPrev = 0f;
            }
            float d = Math.max(ncc[i], 0f) - bias[i] + bestPrev;
            newDelta[i] = d;
            bp[i] = arg;
            if (d > max) {
                max = d;
            }
        }
        for (int i = 0; i < states; i++) {
            delta[i] = newDelta[i] - max; // keep the scores bounded
        }
    }

    /** @return the period (input samples) with the best correlation in the newest frame, undecided */
    public int rawLag() {
        return (minLagD + rawBest) * decimation;
    }

    /** @return the normalized correlation at {@link #rawLag()} in the newest frame, in [-1, 1] */
    public float rawCorrelation() {
        return ncc[rawBest];
    }

    /**
     * @return the Viterbi period (input samples) of the frame {@code decisionLag} frames before the
     *         newest one (the period of the newest frame while fewer frames have been seen)
     */
    public int decidedLag() {
        int best = 0;
        for (int i = 1; i < states; i++) {
            if (delta[i] > delta[best]) {
                best = i;
            }
        }
        int steps = (int) Math.min(decisionLag, Math.max(frames - 1, 0));
        long f = frames - 1;
        for (int s = 0; s < steps; s++) {
            best = back[(int) (f % back.length)][best];
            f--;
        }
        return (minLagD + best) * decimation;
    }

    /** Returns to the initial state. */
    public void reset() {
        Arrays.fill(hist, 0f);
        Arrays.fill(dbuf, 0f);
        Arrays.fill(ncc, 0f);
        Arrays.fill(delta, 0f);
        for (int[] b : back) {
            Arrays.fill(b, 0);
        }
        frames = 0;
        rawBest = 0;
    }

    /**
     * Refines a period at full rate: the lag in {@code [center - radius, center + radius]} (clamped to
     * {@code [minLag, maxLag]}) maximizing the normalized correlation of {@code x[start, start+len)}
     * with {@code x[start-T, start-T+len)}.
     *
     * @param x      signal. Not modified. Needs {@code start - maxLag >= 0}.
     * @param result {@code [2]}: receives the lag (as float) and its correlation. Modified.
     */
    public static void refine(float[] x, int start, int len, int center, int radius, int minLag, int maxLag, float[] result) {
        double ex = 0;
        for (int n = 0; n < len; n++) {
            ex += x[start + n] * x[start + n];
        }
        int lo = Math.max(minLag, center - radius);
        int hi = Math.min(maxLag, center + radius);
        float best = -2f;
        int bestLag = Math.max(minLag, Math.min(maxLag, center));
        for (int lag = lo; lag <= hi; lag++) {
            double num = 0;
            double ey = 0;
            int s = start - lag;
            for (int n = 0; n < len; n++) {
                float y = x[s + n];
                num += x[start + n] * y;
                ey += y * y;
            }
            double den = Math.sqrt(ex * ey);
            float r = den > 1e-12 ? (float) (num / den) : 0f;
            if (r > best) {
                best = r;
                bestLag = lag;
            }
        }
        result[0] = bestLag;
        result[1] = Math.max(best, -1f);
    }
}
