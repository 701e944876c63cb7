package org.edgeai.enhance.train;

import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Synthesizes (noisy, clean) training mixtures on the fly from pools of clean speech and noise,
 * following RNNoise's and PercepNet's recipes (Valin 2018, Sec. 4; Valin et al. 2020, Sec. 5):
 * <ul>
 * <li>speech: random excerpts of random clean clips, concatenated to the segment length; in
 *     {@link #NOISE_ONLY_PROBABILITY} of the segments no speech at all;</li>
 * <li>noise: random excerpts of one or (in 30% of the segments) two noise clips; in
 *     {@link #CLEAN_ONLY_PROBABILITY} of the segments no noise;</li>
 * <li>SNR uniform in [{@link #MIN_SNR_DB}, {@link #MAX_SNR_DB}] dB, measured on the active speech
 *     (20 ms frames within 40 dB of the loudest);</li>
 * <li>speech level uniform in [-40, -15] dBFS RMS (random gain);</li>
 * <li>random spectral tilt: an independent random second-order filter
 *     {@code (1 + b1 z^-1 + b2 z^-2) / (1 + a1 z^-1 + a2 z^-2)}, coefficients uniform in [-3/8, 3/8]
 *     (RNNoise's {@code rand_resp}), on speech and on noise; the clean target is the filtered speech;</li>
 * <li>optional synthetic reverberation (probability {@code reverbProbability}): the speech is
 *     convolved with an exponentially decaying Gaussian-noise room response (RT60 uniform in
 *     0.2..0.7 s, direct path of unit gain); the target is the reverberant speech (no
 *     dereverberation is learned).</li>
 * <li>optional low-frequency "rumble" (probability {@code rumbleProbability}): Gaussian noise through a second-order
 *     Butterworth low-pass (RBJ audio-EQ cookbook biquad, Q = 1/sqrt 2) with a corner frequency log-uniform in
 *     [{@link #RUMBLE_MIN_HZ}, {@link #RUMBLE_MAX_HZ}] Hz, amplitude-modulated by a slow sinusoid (depth 0..0.5,
 *     0.1..2 Hz), added to the noise excerpt at a rumble-to-noise power ratio uniform in
 *     [{@link #RUMBLE_MIN_DB}, {@link #RUMBLE_MAX_DB}] dB before the tilt and SNR scaling. Real ambient noise
 *     (traffic, vehicles, ventilation; the DEMAND recordings of VoiceBank-DEMAND) carries most of its energy below
 *     a few hundred Hz, whereas the median clip of the training noise pool has under 2% of its energy below
 *     200 Hz (README "Training the shipped model"), so without it the network never meets such noise.</li>
 * <li>optional low-passed noise (probability {@code lowPassProbability}): the noise excerpt (with its rumble, before
 *     the tilt and SNR scaling) goes through the same second-order Butterworth low-pass at a corner frequency
 *     log-uniform in [{@link #LOW_PASS_MIN_HZ}, {@link #LOW_PASS_MAX_HZ}] Hz (-12 dB per octave above it). Ambient
 *     noise in rooms, streets and vehicles has a spectrum that falls steeply with frequency (most of its energy below
 *     1-2 kHz), so speech above 2 kHz is often nearly noise-free, whereas the training pool's noise is flatter (a tenth
 *     of its energy above 1.6 kHz). The hypothesis behind the option, that the pool teaches the network to attenuate
 *     speech-active high bands, was not borne out: a fine-tune with it over-suppresses them as much as before (README
 *     "Low-passed noise"); the option stays for experiments, off by default.</li>
 * </ul>
 *
 * @implNote Holds the pools (shared, not copied); stateless otherwise; draws all randomness from the
 * generator passed to {@link #next}, so a seeded generator reproduces the same mixtures.
 */
public final class MixtureSynthesizer {
    /** Lowest SNR in dB. */
    public static final double MIN_SNR_DB = -5;
    /** Highest SNR in dB. */
    public static final double MAX_SNR_DB = 20;
    /** Share of segments without speech. */
    public static final double NOISE_ONLY_PROBABILITY = 0.05;
    /** Share of segments without noise. */
    public static final double CLEAN_ONLY_PROBABILITY = 0.03;

    private final List<float[]> clean;
    private final List<float[]> noise;
    private final int sampleRateHz;
    /** Lowest rumble corner frequency in Hz. */
    public static final double RUMBLE_MIN_HZ = 40;
    /** Highest rumble corner frequency in Hz. */
    public static final double RUMBLE_MAX_HZ = 400;
    /** Lowest rumble-to-noise power ratio in dB. */
    public static final double RUMBLE_MIN_DB = -10;
    /** Highest rumble-to-noise power ratio in dB. */
    public static final double RUMBLE_MAX_DB = 25;

    /** Lowest corner frequency of the noise low-pass in Hz. */
    public static final double LOW_PASS_MIN_HZ = 250;
    /** Highest corner frequency of the noise low-pass in Hz. */
    public static final double LOW_PASS_MAX_HZ = 2500;

    private final double reverbProbability;
    private final double rumbleProbability;
    private final double lowPassProbability;

    /**
     * A synthesizer without rumble (the recipe of the first shipped model).
     *
     * @param clean             clean clips (mono, {@code sampleRateHz}); shared
     * @param noise             noise clips; shared
     * @param reverbProbability share of segments with synthetic reverberation, in [0, 1]
     * @throws IllegalArgumentException if a pool is empty or the probability is out of range
     */
    public MixtureSynthesizer(List<float[]> clean, List<float[]> noise, int sampleRateHz, double reverbProbability) {
        this(clean, noise, sampleRateHz, reverbProbability, 0);
    }

    /**
     * @param clean             clean clips (mono, {@code sampleRateHz}); shared
     * @param noise             noise clips; shared
     * @param reverbProbability share of segments with synthetic reverberation, in [0, 1]
     * @param rumbleProbability share of segments whose noise gets low-frequency rumble added, in [0, 1]; with 0 the
     *                          random stream (hence every mixture) equals the four-argument constructor's
     * @throws IllegalArgumentException if a pool is empty or a probability is out of range
     */
    public MixtureSynthesizer(List<float[]> clean, List<float[]> noise, int sampleRateHz, double reverbProbability,
                              double rumbleProbability) {
        this(clean, noise, sampleRateHz, reverbProbability, rumbleProbability, 0);
    }

    /**
     * @param clean              clean clips (mono, {@code sampleRateHz}); shared
     * @param noise              noise clips; shared
     * @param reverbProbability  share of segments with synthetic reverberation, in [0, 1]
     * @param rumbleProbability  share of segments whose noise gets low-frequency rumble added, in [0, 1]
     * @param lowPassProbability share of segments whose noise is low-passed, in [0, 1]; with 0 the random stream (hence
     *                           every mixture) equals the five-argument constructor's
     * @throws IllegalArgumentException if a pool is empty or a probability is out of range
     */
    public MixtureSynthesizer(List<float[]> clean, List<float[]> noise, int sampleRateHz, double reverbProbability,
                              double rumbleProbability, double lowPassProbability) {
        this.clean = List.copyOf(Objects.requireNonNull(clean));
        this.noise = List.copyOf(Objects.requireNonNull(noise));
        if (clean.isEmpty() || noise.isEmpty()) {
            throw new IllegalArgumentException("need at least one clean and one noise clip, got " + clean.size() + " and " + noise.size());
        }
        if (!(reverbProbability >= 0 && reverbProbability <= 1)) {
            throw new IllegalArgumentException("reverb probability must be in [0, 1], got " + reverbProbability);
        }
        if (!(rumbleProbability >= 0 && rumbleProbability <= 1)) {
            throw new IllegalArgumentException("rumble probability must be in [0, 1], got " + rumbleProbability);
        }
        if (!(lowPassProbability >= 0 && lowPassProbability <= 1)) {
            throw new IllegalArgumentException("noise low-pass probability must be in [0, 1], got " + lowPassProbability);
        }
        this.sampleRateHz = sampleRateHz;
        this.reverbProbability = reverbProbability;
        this.rumbleProbability = rumbleProbability;
        this.lowPassProbability = lowPassProbability;
    }

    /** A synthesized pair. @param noisy mixture @param clean target */
    public record Mixture(float[] noisy, float[] clean) {
    }

    /**
     * @param samples segment length
     * @param rng     randomness source
     * @return a new mixture
     */
    public Mixture next(int samples, RandomGenerator rng) {
        float[] s = new float[samples];
        boolean speech = rng.nextDouble() >= NOISE_ONLY_PROBABILITY;
        if (speech) {
            fill(s, clean, rng);
            filterInPlace(s, randomResponse(rng));
            if (rng.nextDouble() < reverbProbability) {
                s = reverb(s, rng);
            }
        }
        boolean noisePresent = rng.nextDouble() >= CLEAN_ONLY_PROBABILITY || !speech;
        float[] n = noisePresent ? noise(samples, rng) : new float[samples];
        double levelDb = rng.nextDouble(-40, -15);
        double target = Math.pow(10, levelDb / 20);
        double ps = activePower(s, sampleRateHz);
        double pn = power(n, 0, samples);
        double gs;
        double gn;
        if (speech && ps > 0) {
            gs = target / Math.sqrt(ps);
            double snr = rng.nextDouble(MIN_SNR_DB, MAX_SNR_DB);
            gn = pn > 0 ? Math.sqrt(ps * gs * gs / Math.pow(10, snr / 10) / pn) : 0;
        } else {
            gs = 0;
            gn = pn > 0 ? target / Math.sqrt(pn) : 0;
        }
        float[] noisy = new float[samples];
        float[] cl = new float[samples];
        double peak = 0;
        for (int i = 0; i < samples; i++) {
            cl[i] = (float) (gs * s[i]);
            noisy[i] = (float) (cl[i] + gn * n[i]);
            peak = Math.max(peak, Math.abs(noisy[i]));
        }
        if (peak > 0.99) {
            float k = (float) (0.99 / peak);
            for (int i = 0; i < samples; i++) {
                noisy[i] *= k;
                cl[i] *= k;
            }
        }
        return new Mixture(noisy, cl);
    }

    /**
     * The noise of one mixture, drawn exactly as {@link #next} draws it (the same random stream): excerpts of one pool clip
     * (or, with probability 0.3, of two, the second at a random relative gain), then the optional rumble and low-pass, then
     * a random spectral tilt. The level is left as the pool's (the caller scales it to an SNR).
     *
     * @param samples length in samples (> 0)
     * @param rng     randomness source. Advanced.
     * @return a new array of {@code samples} noise samples
     */
    public float[] noise(int samples, RandomGenerator rng) {
        float[] n = new float[samples];
        fill(n, noise, rng);
        if (rng.nextDouble() < 0.3) {
            float[] n2 = new float[samples];
            fill(n2, noise, rng);
            double w = rng.nextDouble(0.2, 1.0);
            double p1 = power(n, 0, samples);
            double p2 = power(n2, 0, samples);
            double k = p2 > 0 ? w * Math.sqrt(p1 / p2) : 0;
            for (int i = 0; i < samples; i++) {
                n[i] += (float) (k * n2[i]);
            }
        }
        if (rumbleProbability > 0 && rng.nextDouble() < rumbleProbability) {
            addRumble(n, rng);
        }
        if (lowPassProbability > 0 && rng.nextDouble() < lowPassProbability) {
            double fc = Math.exp(rng.nextDouble(Math.log(LOW_PASS_MIN_HZ), Math.log(LOW_PASS_MAX_HZ)));
            biquadInPlace(n, lowPass(fc, sampleRateHz));
        }
        filterInPlace(n, randomResponse(rng));
        return n;
    }

    private static void fill(float[] dst, List<float[]> pool, RandomGenerator rng) {
        int pos = 0;
        while (pos < dst.length) {
            float[] src = pool.get(rng.nextInt(pool.size()));
            int start = src.length > 1 ? rng.nextInt(src.length) : 0;
            if (pos == 0 && src.length > dst.length) {
                start = rng.nextInt(src.length - dst.length + 1);
            }
            int n = Math.min(dst.length - pos, src.length - start);
            System.arraycopy(src, start, dst, pos, n);
            pos += n;
        }
    }

    private void addRumble(float[] n, RandomGenerator rng) {
        float[] r = rumble(n.length, sampleRateHz, rng);
        double pn = power(n, 0, n.length);
        double pr = power(r, 0, r.length);
        double ratioDb = rng.nextDouble(RUMBLE_MIN_DB, RUMBLE_MAX_DB);
        // a silent excerpt (pn = 0) becomes rumble alone, at unit power (the SNR scaling sets the level)
        double k = pr > 0 ? Math.sqrt((pn > 0 ? pn * Math.pow(10, ratioDb / 10) : 1) / pr) : 0;
        for (int i = 0; i < n.length; i++) {
            n[i] += (float) (k * r[i]);
        }
    }

    /**
     * Low-frequency rumble: unit-variance Gaussian noise through {@link #lowPass} at a corner frequency log-uniform in
     * [{@link #RUMBLE_MIN_HZ}, {@link #RUMBLE_MAX_HZ}], times a slow envelope {@code 1 + m sin(2 pi f t + phi)}
     * (m in [0, 0.5], f in [0.1, 2] Hz).
     */
    static float[] rumble(int samples, int sampleRateHz, RandomGenerator rng) {
        double fc = Math.exp(rng.nextDouble(Math.log(RUMBLE_MIN_HZ), Math.log(RUMBLE_MAX_HZ)));
        double depth = rng.nextDouble(0, 0.5);
        double fm = rng.nextDouble(0.1, 2.0);
        double phase = rng.nextDouble(0, 2 * Math.PI);
        float[] r = new float[samples];
        for (int i = 0; i < samples; i++) {
            r[i] = (float) rng.nextGaussian();
        }
        biquadInPlace(r, lowPass(fc, sampleRateHz));
        for (int i = 0; i < samples; i++) {
            r[i] *= (float) (1 + depth * Math.sin(2 * Math.PI * fm * i / sampleRateHz + phase));
        }
        return r;
    }

    /**
     * Second-order Butterworth low-pass (Q = 1/sqrt 2) by the bilinear transform, R. Bristow-Johnson, "Cookbook formulae
     * for audio EQ biquad filter coefficients": gain 1 at DC, 1/sqrt 2 (-3 dB) at {@code cornerHz}, -12 dB per octave
     * above.
     *
     * @return {b0, b1, b2, a1, a2} normalized by a0
     */
    static double[] lowPass(double cornerHz, int sampleRateHz) {
        double w0 = 2 * Math.PI * cornerHz / sampleRateHz;
        double cos = Math.cos(w0);
        double alpha = Math.sin(w0) / (2 * Math.sqrt(0.5));
        double a0 = 1 + alpha;
        return new double[] {(1 - cos) / 2 / a0, (1 - cos) / a0, (1 - cos) / 2 / a0, -2 * cos / a0, (1 - alpha) / a0};
    }

    /** Direct form I: y[i] = b0 x[i] + b1 x[i-1] + b2 x[i-2] - a1 y[i-1] - a2 y[i-2], coefficients {b0, b1, b2, a1, a2}. */
    static void biquadInPlace(float[] x, double[] c) {
        double x1 = 0;
        double x2 = 0;
        double y1 = 0;
        double y2 = 0;
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            double yi = c[0] * xi + c[1] * x1 + c[2] * x2 - c[3] * y1 - c[4] * y2;
            x2 = x1;
            x1 = xi;
            y2 = y1;
            y1 = yi;
            x[i] = (float) yi;
        }
    }

    private static double[] randomResponse(RandomGenerator rng) {
        return new double[] {rng.nextDouble(-0.375, 0.375), rng.nextDouble(-0.375, 0.375), rng.nextDouble(-0.375, 0.375),
                rng.nextDouble(-0.375, 0.375)};
    }

    /** y = (1 + b1 z^-1 + b2 z^-2) / (1 + a1 z^-1 + a2 z^-2) x, coefficients {b1, b2, a1, a2}. */
    static void filterInPlace(float[] x, double[] c) {
        biquadInPlace(x, new double[] {1, c[0], c[1], c[2], c[3]});
    }

    private float[] reverb(float[] s, RandomGenerator rng) {
        double rt60 = rng.nextDouble(0.2, 0.7);
        int len = (int) (rt60 * sampleRateHz * 0.5);
        float[] h = new float[len];
        h[0] = 1f;
        double decay = Math.log(1000) / (rt60 * sampleRateHz); // 60 dB amplitude decay over rt60
        double scale = 0.3 / Math.sqrt(sampleRateHz * 0.01);
        for (int i = 1; i < len; i++) {
            h[i] = (float) (rng.nextGaussian() * scale * Math.exp(-decay * i));
        }
        float[] y = new float[s.length];
        for (int i = 0; i < s.length; i++) {
            float v = s[i];
            if (v == 0f) {
                continue;
            }
            int m = Math.min(len, s.length - i);
            for (int j = 0; j < m; j++) {
                y[i + j] += v * h[j];
            }
        }
        return y;
    }

    static double power(float[] x, int off, int n) {
        double p = 0;
        for (int i = 0; i < n; i++) {
            p += x[off + i] * (double) x[off + i];
        }
        return n > 0 ? p / n : 0;
    }

    /** Mean power over 20 ms frames within 40 dB of the loudest frame (the active speech level the SNR is defined on). */
    static double activePower(float[] x, int sampleRateHz) {
        int f = sampleRateHz / 50;
        int frames = x.length / f;
        if (frames == 0) {
            return power(x, 0, x.length);
        }
        double[] p = new double[frames];
        double max = 0;
        for (int i = 0; i < frames; i++) {
            p[i] = power(x, i * f, f);
            max = Math.max(max, p[i]);
        }
        double sum = 0;
        int count = 0;
        for (double v : p) {
            if (v >= max * 1e-4) {
                sum += v;
                count++;
            }
        }
        return count > 0 ? sum / count : 0;
    }
}
