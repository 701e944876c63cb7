package org.edgeai.enhance.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.edgeai.enhance.dsp.RealFft;
import org.edgeai.enhance.train.TrainingData;

/**
 * Where the energy of the evaluation noise and of the training pools lies in frequency: per file, the
 * share of its long-term average power spectrum (Welch's method: Hann windows of {@link #FFT_SIZE}
 * samples, 50 % overlap; P. Welch, IEEE Trans. Audio Electroacoust. 15(2), 1967) in each of
 * {@link #edgesHz()}'s bands, then the median share over the files of each group. The noise of an
 * evaluation pair is {@code noisy - clean} (the pairs are sample-aligned mixtures). This is the
 * measurement behind the training recipe's low-frequency rumble ({@code MixtureSynthesizer}).
 *
 * @implNote Stateless; thread-safe.
 */
public final class NoiseSpectra {
    /** Band edges in Hz (the last band ends at the Nyquist frequency of 16 kHz audio). */
    private static final double[] EDGES_HZ = {0, 100, 200, 400, 800, 1600, 3200, 8000};
    /** Welch segment length in samples (32 ms at 16 kHz). */
    public static final int FFT_SIZE = 512;
    /** A file is "low-frequency dominated" when at least this share of its energy lies below {@link #LOW_HZ}. */
    public static final double LOW_SHARE = 0.3;
    /** See {@link #LOW_SHARE}. */
    public static final double LOW_HZ = 200;

    private NoiseSpectra() {
    }

    /** @return a copy of the band edges in Hz: {@code 0, 100, 200, 400, 800, 1600, 3200, 8000} */
    public static double[] edgesHz() {
        return EDGES_HZ.clone();
    }

    /**
     * One group of files.
     *
     * @param group        name ({@code dev noise}, {@code dev clean}, {@code train noise}, {@code train clean})
     * @param files        files in the group
     * @param medianShares per band of {@link #edgesHz()}, the median over the files of the band's share of the file's energy
     * @param lowDominated files with at least {@link #LOW_SHARE} of their energy below {@link #LOW_HZ}
     */
    public record Group(String group, int files, double[] medianShares, int lowDominated) {
        /** Copies the shares. */
        public Group {
            medianShares = medianShares.clone();
        }

        /** @return a copy of the median shares */
        @Override
        public double[] medianShares() {
            return medianShares.clone();
        }
    }

    /**
     * @param pairsCsv  evaluation pairs ({@code DevEvaluation}'s format: {@code clean/} and {@code noisy/} beside it)
     * @param training  the training pools
     * @param rateHz    sample rate of both
     * @return dev noise, dev clean, train noise, train clean
     * @throws IOException if a file cannot be read
     * @throws IllegalArgumentException if a pair's lengths differ or the CSV is malformed
     */
    public static List<Group> measure(Path pairsCsv, TrainingData training, int rateHz) throws IOException {
        List<double[]> devNoise = new ArrayList<>();
        List<double[]> devClean = new ArrayList<>();
        Path dir = pairsCsv.toAbsolutePath().getParent();
        for (String[] row : DevEvaluation.readPairs(pairsCsv)) {
            float[] noisy = DevEvaluation.load(dir.resolve("noisy").resolve(row[0] + ".wav"));
            float[] clean = DevEvaluation.load(dir.resolve("clean").resolve(row[0] + ".wav"));
            if (noisy.length != clean.length) {
                throw new IllegalArgumentException(pairsCsv + ": pair " + row[0] + " has noisy/clean lengths " + noisy.length + " vs "
                        + clean.length);
            }
            float[] n = new float[noisy.length];
            for (int i = 0; i < n.length; i++) {
                n[i] = noisy[i] - clean[i];
            }
            devNoise.add(bandShares(n, rateHz));
            devClean.add(bandShares(clean, rateHz));
        }
        return List.of(group("dev noise", devNoise), group("dev clean", devClean), group("train noise", shares(training.noise(), rateHz)),
                group("train clean", shares(training.clean(), rateHz)));
    }

    private static List<double[]> shares(List<float[]> clips, int rateHz) {
        List<double[]> out = new ArrayList<>();
        for (float[] c : clips) {
            out.add(bandShares(c, rateHz));
        }
        return out;
    }

    private static Group group(String name, List<double[]> shares) {
        int bands = EDGES_HZ.length - 1;
        double[] med = new double[bands];
        for (int b = 0; b < bands; b++) {
            double[] v = new double[shares.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = shares.get(i)[b];
            }
            med[b] = median(v);
        }
        int low = 0;
        for (double[] s : shares) {
            if (below(s, LOW_HZ) >= LOW_SHARE) {
                low++;
            }
        }
        return new Group(name, shares.size(), med, low);
    }

    private static double below(double[] shares, double hz) {
        double s = 0;
        for (int b = 0; b < shares.length && EDGES_HZ[b + 1] <= hz; b++) {
            s += shares[b];
        }
        return s;
    }

    private static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : 0.5 * (c[c.length / 2 - 1] + c[c.length / 2]);
    }

    /**
     * Welch long-term average power spectrum of {@code x}, summed into the bands of {@link #edgesHz()} (a bin belongs to the band
     * holding its centre frequency) and normalised to sum to 1.
     *
     * @param x      signal; not modified. Shorter than {@link #FFT_SIZE}: zero-padded to one segment
     * @param rateHz its sample rate
     * @return per band its share of the energy (all NaN for a silent signal)
     */
    public static double[] bandShares(float[] x, int rateHz) {
        int n = FFT_SIZE;
        RealFft fft = new RealFft(n);
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / n));
        }
        double[] psd = new double[n / 2 + 1];
        float[] seg = new float[n];
        float[] re = new float[n / 2 + 1];
        float[] im = new float[n / 2 + 1];
        for (int off = 0; off == 0 || off + n <= x.length; off += n / 2) {
            for (int i = 0; i < n; i++) {
                seg[i] = off + i < x.length ? x[off + i] * w[i] : 0f;
            }
            fft.forward(seg, 0, re, im);
            for (int k = 0; k <= n / 2; k++) {
                // one-sided spectrum: every bin but DC and Nyquist stands for two
                psd[k] += (k == 0 || k == n / 2 ? 1 : 2) * (re[k] * (double) re[k] + im[k] * (double) im[k]);
            }
        }
        int bands = EDGES_HZ.length - 1;
        double[] out = new double[bands];
        double total = 0;
        for (int k = 0; k <= n / 2; k++) {
            double hz = k * (double) rateHz / n;
            for (int b = 0; b < bands; b++) {
                if (hz >= EDGES_HZ[b] && (hz < EDGES_HZ[b + 1] || b == bands - 1)) {
                    out[b] += psd[k];
                    break;
                }
            }
            total += psd[k];
        }
        for (int b = 0; b < bands; b++) {
            out[b] /= total;
        }
        return out;
    }
}
