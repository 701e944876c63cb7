package org.edgeai.enhance.metrics;

import org.edgeai.kernel.audio.Resampler;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Short-time objective intelligibility: STOI (Taal, Hendriks, Heusdens, Jensen, "An Algorithm for
 * Intelligibility Prediction of Time-Frequency Weighted Noisy Speech", IEEE TASLP 19(7), 2011) and
 * extended STOI (Jensen and Taal, "An Algorithm for Predicting the Intelligibility of Speech Masked by
 * Modulated Noise Maskers", IEEE/ACM TASLP 24(11), 2016), with the constants and conventions of the
 * reference MATLAB code as reproduced by pystoi:
 * <ol>
 * <li>resample both signals to 10 kHz ({@link Resampler});</li>
 * <li>remove silent frames: 256-sample frames, hop 128, Hann window ({@code hanning(258)[1:-1]}),
 *     frames whose clean energy is more than 40 dB below the loudest clean frame are dropped from both
 *     signals, which are rebuilt by overlap-add;</li>
 * <li>STFT: 256-sample Hann frames, hop 128, 512-point FFT, frames starting at
 *     {@code 0, 128, ... < len - 256};</li>
 * <li>15 one-third octave bands from 150 Hz (band edges {@code 150 * 2^((2k -+ 1)/6)} snapped to the
 *     nearest FFT bin), band envelopes {@code sqrt(sum |X|^2)};</li>
 * <li>segments of N = 30 frames (384 ms), one per frame position;</li>
 * <li>STOI: per band and segment the processed envelope is scaled to the clean one's norm, clipped
 *     to {@code (1 + 10^(15/20))} times the clean envelope (-15 dB signal-to-distortion bound), and
 *     correlated with the clean envelope; the mean correlation is the score;</li>
 * <li>ESTOI: per segment both envelope matrices are normalized to zero mean and unit norm along
 *     time (rows), then along frequency (columns); the score is the mean over segments of
 *     {@code sum(x_n * y_n) / N}.</li>
 * </ol>
 * Where pystoi adds {@code eps}-scaled random noise before normalizing (ESTOI) this class adds
 * nothing and guards the divisions instead, which changes scores by less than 1e-12.
 *
 * @implNote Stateless; thread-safe.
 */
public final class Stoi {
    /** Internal rate. */
    public static final int FS = 10000;
    /** Frame length in samples at 10 kHz. */
    public static final int FRAME = 256;
    /** FFT size. */
    public static final int NFFT = 512;
    /** Third-octave bands. */
    public static final int BANDS = 15;
    /** Lowest band centre in Hz. */
    public static final double MIN_FREQ = 150;
    /** Frames per segment. */
    public static final int N = 30;
    /** Lower SDR bound in dB for the clipping. */
    public static final double BETA = -15;
    /** Dynamic range for silent-frame removal in dB. */
    public static final double DYN_RANGE = 40;
    private static final double EPS = Math.ulp(1.0);

    private Stoi() {
    }

    /**
     * @return STOI of {@code processed} against {@code clean}, typically in [0, 1]; 1e-5 when fewer
     *         than 30 non-silent frames remain (pystoi's convention)
     * @throws IllegalArgumentException if the lengths differ or the rate is not positive
     */
    public static double stoi(float[] clean, float[] processed, int sampleRateHz) {
        return compute(clean, processed, sampleRateHz, false);
    }

    /** @return ESTOI, as {@link #stoi} but extended (Jensen and Taal 2016) */
    public static double estoi(float[] clean, float[] processed, int sampleRateHz) {
        return compute(clean, processed, sampleRateHz, true);
    }

    static double compute(float[] clean, float[] processed, int sampleRateHz, boolean extended) {
        if (clean.length != processed.length) {
            throw new IllegalArgumentException("clean and processed lengths differ: " + clean.length + " vs " + processed.length);
        }
        double[] x = toDouble(clean, sampleRateHz);
        double[] y = toDouble(processed, sampleRateHz);
        double[][] xy = removeSilentFrames(x, y);
        x = xy[0];
        y = xy[1];
        double[][] xs = thirdOctave(stftPower(x));
        double[][] ys = thirdOctave(stftPower(y));
        int frames = xs.length;
        if (frames < N) {
            return 1e-5;
        }
        int segments = frames - N + 1;
        double sum = 0;
        double[][] xseg = new double[BANDS][N];
        double[][] yseg = new double[BANDS][N];
        for (int m = N; m <= frames; m++) {
            for (int j = 0; j < BANDS; j++) {
                for (int n = 0; n < N; n++) {
                    xseg[j][n] = xs[m - N + n][j];
                    yseg[j][n] = ys[m - N + n][j];
                }
            }
            sum += extended ? estoiSegment(xseg, yseg) : stoiSegment(xseg, yseg);
        }
        return extended ? sum / segments : sum / (BANDS * (double) segments);
    }

    private static double stoiSegment(double[][] x, double[][] y) {
        double clip = Math.pow(10, -BETA / 20);
        double total = 0;
        double[] yp = new double[N];
        double[] xc = new double[N];
        for (int j = 0; j < BANDS; j++) {
            double nx = norm(x[j]);
            double ny = norm(y[j]);
            double alpha = nx / (ny + EPS);
            for (int n = 0; n < N; n++) {
                yp[n] = Math.min(y[j][n] * alpha, x[j][n] * (1 + clip));
                xc[n] = x[j][n];
            }
            center(yp);
            center(xc);
            double a = norm(yp) + EPS;
            double b = norm(xc) + EPS;
            double c = 0;
            for (int n = 0; n < N; n++) {
                c += (yp[n] / a) * (xc[n] / b);
            }
            total += c;
        }
        return total;
    }

    private static double estoiSegment(double[][] x, double[][] y) {
        double[][] xn = rowColNormalize(x);
        double[][] yn = rowColNormalize(y);
        double s = 0;
        for (int j = 0; j < BANDS; j++) {
            for (int n = 0; n < N; n++) {
                s += xn[j][n] * yn[j][n];
            }
        }
        return s / N;
    }

    private static double[][] rowColNormalize(double[][] a) {
        double[][] r = new double[BANDS][N];
        for (int j = 0; j < BANDS; j++) {
            System.arraycopy(a[j], 0, r[j], 0, N);
            center(r[j]);
            double nrm = norm(r[j]);
            double inv = nrm > 0 ? 1 / nrm : 0;
            for (int n = 0; n < N; n++) {
                r[j][n] *= inv;
            }
        }
        for (int n = 0; n < N; n++) {
            double mean = 0;
            for (int j = 0; j < BANDS; j++) {
                mean += r[j][n];
            }
            mean /= BANDS;
            double ss = 0;
            for (int j = 0; j < BANDS; j++) {
                r[j][n] -= mean;
                ss += r[j][n] * r[j][n];
            }
            double inv = ss > 0 ? 1 / Math.sqrt(ss) : 0;
            for (int j = 0; j < BANDS; j++) {
                r[j][n] *= inv;
            }
        }
        return r;
    }

    private static void center(double[] v) {
        double m = 0;
        for (double d : v) {
            m += d;
        }
        m /= v.length;
        for (int i = 0; i < v.length; i++) {
            v[i] -= m;
        }
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d * d;
        }
        return Math.sqrt(s);
    }

    private static double[] toDouble(float[] s, int rate) {
        if (rate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + rate);
        }
        float[] r = rate == FS ? s : new Resampler(rate, FS).process(s);
        double[] d = new double[r.length];
        for (int i = 0; i < r.length; i++) {
            d[i] = r[i];
        }
        return d;
    }

    /** numpy {@code hanning(n + 2)[1:-1]}. */
    static double[] hann(int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * (i + 1) / (n + 1));
        }
        return w;
    }

    static double[][] removeSilentFrames(double[] x, double[] y) {
        int hop = FRAME / 2;
        double[] w = hann(FRAME);
        int count = 0;
        for (int i = 0; i < x.length - FRAME; i += hop) {
            count++;
        }
        if (count == 0) {
            return new double[][] {new double[0], new double[0]};
        }
        double[] energy = new double[count];
        double max = Double.NEGATIVE_INFINITY;
        for (int f = 0; f < count; f++) {
            double s = 0;
            for (int n = 0; n < FRAME; n++) {
                double v = w[n] * x[f * hop + n];
                s += v * v;
            }
            energy[f] = 20 * Math.log10(Math.sqrt(s) + EPS);
            max = Math.max(max, energy[f]);
        }
        int kept = 0;
        for (int f = 0; f < count; f++) {
            if (max - DYN_RANGE - energy[f] < 0) {
                kept++;
            }
        }
        int len = kept == 0 ? 0 : (kept - 1) * hop + FRAME;
        double[] xo = new double[len];
        double[] yo = new double[len];
        int k = 0;
        for (int f = 0; f < count; f++) {
            if (max - DYN_RANGE - energy[f] < 0) {
                for (int n = 0; n < FRAME; n++) {
                    xo[k * hop + n] += w[n] * x[f * hop + n];
                    yo[k * hop + n] += w[n] * y[f * hop + n];
                }
                k++;
            }
        }
        return new double[][] {xo, yo};
    }

    /** @return {@code [frames][NFFT/2 + 1]} power spectra */
    static double[][] stftPower(double[] x) {
        int hop = FRAME / 2;
        double[] w = hann(FRAME);
        int count = 0;
        for (int i = 0; i < x.length - FRAME; i += hop) {
            count++;
        }
        DoubleFFT_1D fft = new DoubleFFT_1D(NFFT);
        double[][] p = new double[count][NFFT / 2 + 1];
        double[] a = new double[NFFT];
        for (int f = 0; f < count; f++) {
            java.util.Arrays.fill(a, 0);
            for (int n = 0; n < FRAME; n++) {
                a[n] = w[n] * x[f * hop + n];
            }
            fft.realForward(a);
            p[f][0] = a[0] * a[0];
            p[f][NFFT / 2] = a[1] * a[1];
            for (int k = 1; k < NFFT / 2; k++) {
                p[f][k] = a[2 * k] * a[2 * k] + a[2 * k + 1] * a[2 * k + 1];
            }
        }
        return p;
    }

    /** @return the one-third octave band matrix {@code [BANDS][NFFT/2 + 1]} of 0/1 (pystoi {@code thirdoct}) */
    static int[][] bandEdges() {
        int bins = NFFT / 2 + 1;
        int[][] edges = new int[BANDS][2];
        for (int k = 0; k < BANDS; k++) {
            double lo = MIN_FREQ * Math.pow(2, (2.0 * k - 1) / 6);
            double hi = MIN_FREQ * Math.pow(2, (2.0 * k + 1) / 6);
            edges[k][0] = nearestBin(lo, bins);
            edges[k][1] = nearestBin(hi, bins);
        }
        return edges;
    }

    private static int nearestBin(double hz, int bins) {
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int i = 0; i < bins; i++) {
            double f = i * (double) FS / NFFT;
            double d = (f - hz) * (f - hz);
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }

    private static double[][] thirdOctave(double[][] power) {
        int[][] e = bandEdges();
        double[][] out = new double[power.length][BANDS];
        for (int f = 0; f < power.length; f++) {
            for (int j = 0; j < BANDS; j++) {
                double s = 0;
                for (int k = e[j][0]; k < e[j][1]; k++) {
                    s += power[f][k];
                }
                out[f][j] = Math.sqrt(s);
            }
        }
        return out;
    }
}
