package org.edgeai.enhance.train;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.edgeai.enhance.Enhancement;
import org.edgeai.enhance.EnhancerConfig;
import org.edgeai.enhance.PercepNetEnhancer;
import org.edgeai.enhance.dsp.OracleTargets;
import org.edgeai.enhance.dsp.PercepNetDsp;
import org.edgeai.enhance.eval.DevEvaluation;
import org.edgeai.enhance.model.GainCalibration;
import org.edgeai.enhance.model.GainNetwork;
import org.edgeai.enhance.model.PercepNetModel;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.Progress;

/**
 * Fits a {@link GainCalibration} for a trained model on synthetic training-distribution mixtures
 * ({@link MixtureSynthesizer}; never evaluation data) and checks it on other, held-out synthetic
 * mixtures.
 *
 * <h2>Estimate</h2>
 * The model runs (without calibration) through the signal path on {@code fitMixtures} mixtures; for
 * every non-silent band-frame the network gain {@code y} and the oracle gain {@code g}
 * ({@link OracleTargets}) are binned by {@code y} into {@link #KNOTS} equal bins per band. A knot is
 * the mean oracle gain of its bin (the bins of all bands pooled when a band's bin holds fewer than
 * {@link #MIN_COUNT} band-frames; the bin centre when even the pool is empty), then each band's knots
 * are made non-decreasing by weighted pool-adjacent-violators. Histogram binning + isotonic regression:
 * Zadrozny and Elkan, "Transforming classifier scores into accurate multiclass probability estimates",
 * KDD 2002.
 *
 * <h2>Check</h2>
 * SI-SDR, STOI, ESTOI (and segmental SNR) of the plain and the calibrated model on {@code testMixtures} held-out
 * mixtures with speech and noise, through the full enhancer (comb filter, post-filter). {@link Result#improvesAll()}
 * is the pre-set rule for using the calibration: higher SI-SDR and no lower STOI and ESTOI.
 *
 * @implNote Stateless; thread-safe. Randomness only from the seed.
 */
public final class CalibrationFit {
    /** Knots (bins) per band. */
    public static final int KNOTS = 20;
    /** Band-frames a band's bin needs before its own mean is used. */
    public static final int MIN_COUNT = 50;
    private static final int RATE_HZ = 16000;

    private CalibrationFit() {
    }

    /**
     * @param calibrated      the model with the fitted calibration (metadata records the fit)
     * @param calibration     the fitted calibration
     * @param fitBandFrames   band-frames used for the fit
     * @param testMixtures    held-out mixtures scored
     * @param noisy           mean scores of the noisy held-out mixtures
     * @param plain           mean scores of the model without calibration
     * @param withCalibration mean scores with calibration
     * @param improvesAll     whether the calibration raises SI-SDR without lowering STOI or ESTOI
     */
    public record Result(PercepNetModel calibrated, GainCalibration calibration, long fitBandFrames, int testMixtures,
                         DevEvaluation.Scores noisy, DevEvaluation.Scores plain, DevEvaluation.Scores withCalibration,
                         boolean improvesAll) {
    }

    /**
     * @param model         a 16 kHz model; an existing calibration is ignored (refitted)
     * @param weightType    network precision the calibration is fitted for (I8 or F32)
     * @param synth         mixture source (training pools)
     * @param fitMixtures   mixtures for the fit (4 s each)
     * @param testMixtures  held-out mixtures for the check (4 s each; noise-only ones are skipped)
     * @param seed          seed (fit mixtures use {@code seed}, test mixtures {@code seed + 1})
     * @throws IllegalArgumentException if the model is not for 16 kHz or a count is not positive
     */
    public static Result fit(PercepNetModel model, DType weightType, MixtureSynthesizer synth, int fitMixtures, int testMixtures,
                             long seed, Progress progress) {
        Objects.requireNonNull(synth, "synth");
        if (model.sampleRateHz() != RATE_HZ) {
            throw new IllegalArgumentException("model is for " + model.sampleRateHz() + " Hz; calibration runs at " + RATE_HZ);
        }
        if (fitMixtures < 1 || testMixtures < 1) {
            throw new IllegalArgumentException("need at least one fit and one test mixture, got " + fitMixtures + " and " + testMixtures);
        }
        PercepNetModel plainModel = model.withCalibration(null, Map.of());
        int nb = plainModel.architecture().bands();
        int samples = 4 * RATE_HZ;
        double[] sum = new double[nb * KNOTS];
        long[] count = new long[nb * KNOTS];
        SplittableRandom fitRng = new SplittableRandom(seed);
        long bandFrames = 0;
        for (int i = 0; i < fitMixtures; i++) {
            MixtureSynthesizer.Mixture m = synth.next(samples, fitRng);
            bandFrames += collect(m.noisy(), m.clean(), plainModel, weightType, sum, count);
            progress.report("calibration fit", i + 1, fitMixtures, "");
        }
        GainCalibration cal = estimate(nb, sum, count);
        PercepNetModel calibrated = plainModel.withCalibration(cal, Map.of("gain_calibration",
                "E[g | network gain], " + KNOTS + " bins per band, isotonic; fitted on " + fitMixtures + " synthetic 4 s mixtures (seed "
                        + seed + ", " + bandFrames + " band-frames, " + weightType + " network) from the training pools"));
        SplittableRandom testRng = new SplittableRandom(seed + 1);
        double[][] s = new double[3][4];
        int scored = 0;
        int drawn = 0;
        while (scored < testMixtures && drawn < 4 * testMixtures) {
            drawn++;
            MixtureSynthesizer.Mixture m = synth.next(samples, testRng);
            if (MixtureSynthesizer.power(m.clean(), 0, samples) == 0 || noiseFree(m)) {
                continue; // SI-SDR is undefined without speech, infinite for the noisy input without noise
            }
            add(s[0], DevEvaluation.score(m.clean(), m.noisy()));
            add(s[1], DevEvaluation.score(m.clean(), enhance(plainModel, weightType, m.noisy())));
            add(s[2], DevEvaluation.score(m.clean(), enhance(calibrated, weightType, m.noisy())));
            scored++;
            progress.report("calibration check", scored, testMixtures, "");
        }
        DevEvaluation.Scores noisy = mean(s[0], scored);
        DevEvaluation.Scores plain = mean(s[1], scored);
        DevEvaluation.Scores withCal = mean(s[2], scored);
        boolean better = withCal.siSdrDb() > plain.siSdrDb() && withCal.stoi() >= plain.stoi() && withCal.estoi() >= plain.estoi();
        return new Result(calibrated, cal, bandFrames, scored, noisy, plain, withCal, better);
    }

    private static boolean noiseFree(MixtureSynthesizer.Mixture m) {
        float[] x = m.noisy();
        float[] c = m.clean();
        for (int i = 0; i < x.length; i++) {
            if (x[i] != c[i]) {
                return false;
            }
        }
        return true;
    }

    private static float[] enhance(PercepNetModel m, DType type, float[] noisy) {
        return Enhancement.enhanceAligned(new PercepNetEnhancer(EnhancerConfig.forModel(m, type), m), noisy);
    }

    private static void add(double[] acc, DevEvaluation.Scores s) {
        acc[0] += s.siSdrDb();
        acc[1] += s.stoi();
        acc[2] += s.estoi();
        acc[3] += s.segSnrDb();
    }

    private static DevEvaluation.Scores mean(double[] acc, int n) {
        int d = Math.max(1, n);
        return new DevEvaluation.Scores(acc[0] / d, acc[1] / d, acc[2] / d, acc[3] / d);
    }

    /** Runs the plain model on one pair and adds (network gain bin -> oracle gain) statistics. */
    private static long collect(float[] noisy, float[] clean, PercepNetModel model, DType type, double[] sum, long[] count) {
        PercepNetDsp dn = new PercepNetDsp(RATE_HZ);
        PercepNetDsp dc = new PercepNetDsp(RATE_HZ);
        GainNetwork net = model.newStream(type);
        int hop = dn.hopSamples();
        int nb = dn.bands().count();
        float[] g = new float[nb];
        float[] r = new float[nb];
        float[] go = new float[nb];
        float[] ro = new float[nb];
        long n = 0;
        for (int t = 0; t + hop <= noisy.length; t += hop) {
            net.forward(dn.analyze(noisy, t), g, r);
            dc.analyze(clean, t, dn.synthesisLag());
            if (!dn.synthesisReady()) {
                continue;
            }
            OracleTargets.compute(dn, dc, go, ro, null);
            float[] e = dn.synthesisEnergy();
            for (int b = 0; b < nb; b++) {
                if (e[b] <= OracleTargets.SILENCE_ENERGY) {
                    continue;
                }
                int k = Math.min(KNOTS - 1, Math.max(0, (int) (g[b] * KNOTS)));
                sum[b * KNOTS + k] += go[b];
                count[b * KNOTS + k]++;
                n++;
            }
        }
        return n;
    }

    /**
     * Knots from per-band bin sums and counts (see class doc).
     *
     * @param bands B
     * @param sum   {@code [B, K]} sums of oracle gains. Not modified.
     * @param count {@code [B, K]} band-frames. Not modified.
     */
    static GainCalibration estimate(int bands, double[] sum, long[] count) {
        double[] poolSum = new double[KNOTS];
        long[] poolCount = new long[KNOTS];
        for (int b = 0; b < bands; b++) {
            for (int k = 0; k < KNOTS; k++) {
                poolSum[k] += sum[b * KNOTS + k];
                poolCount[k] += count[b * KNOTS + k];
            }
        }
        float[] table = new float[bands * KNOTS];
        double[] v = new double[KNOTS];
        double[] w = new double[KNOTS];
        for (int b = 0; b < bands; b++) {
            for (int k = 0; k < KNOTS; k++) {
                long c = count[b * KNOTS + k];
                if (c >= MIN_COUNT) {
                    v[k] = sum[b * KNOTS + k] / c;
                    w[k] = c;
                } else if (poolCount[k] > 0) {
                    v[k] = poolSum[k] / poolCount[k];
                    w[k] = Math.max(1, c);
                } else {
                    v[k] = (k + 0.5) / KNOTS;
                    w[k] = 1;
                }
            }
            double[] iso = isotonic(v, w);
            for (int k = 0; k < KNOTS; k++) {
                table[b * KNOTS + k] = (float) Math.max(0, Math.min(1, iso[k]));
            }
        }
        return new GainCalibration(bands, KNOTS, table);
    }

    /** Weighted non-decreasing least-squares fit (pool adjacent violators). */
    static double[] isotonic(double[] values, double[] weights) {
        int n = values.length;
        double[] level = new double[n];
        double[] weight = new double[n];
        int[] size = new int[n];
        int blocks = 0;
        for (int i = 0; i < n; i++) {
            level[blocks] = values[i];
            weight[blocks] = weights[i];
            size[blocks] = 1;
            blocks++;
            while (blocks > 1 && level[blocks - 2] > level[blocks - 1]) {
                double wsum = weight[blocks - 2] + weight[blocks - 1];
                level[blocks - 2] = (level[blocks - 2] * weight[blocks - 2] + level[blocks - 1] * weight[blocks - 1]) / wsum;
                weight[blocks - 2] = wsum;
                size[blocks - 2] += size[blocks - 1];
                blocks--;
            }
        }
        double[] out = new double[n];
        int pos = 0;
        for (int b = 0; b < blocks; b++) {
            Arrays.fill(out, pos, pos + size[b], level[b]);
            pos += size[b];
        }
        return out;
    }
}
