package org.edgeai.kernel.audio;

/**
 * Rational sample-rate conversion of a whole signal by a Kaiser-windowed sinc low-pass evaluated in
 * polyphase form.
 *
 * <p>Source: polyphase rational resampling after Crochiere and Rabiner, "Multirate Digital Signal
 * Processing", Prentice-Hall 1983, ch. 4 (interpolate by L, low-pass, decimate by M, computing only
 * the outputs that are kept); the Kaiser window after Kaiser, "Nonrecursive digital filter design
 * using the I0-sinh window function", ISCAS 1974 (Oppenheim and Schafer, "Discrete-Time Signal
 * Processing", sec. 7.5, Kaiser window design); the Bessel function I0 by its power series
 * (Abramowitz and Stegun 9.6.12).
 *
 * <p>Filter, for rates {@code inRateHz -> outRateHz} with {@code L/M = outRateHz/inRateHz} in lowest
 * terms. The prototype filter runs on the upsampled grid at {@code L * inRateHz}:
 * <ul>
 * <li>cut-off {@code fc = }{@link #ROLLOFF}{@code * 0.5 / max(L, M)} cycles per upsampled sample,
 * i.e. {@value #ROLLOFF} of the lower of the two Nyquist frequencies (7.52 kHz for 48 kHz -> 16 kHz);</li>
 * <li>{@link #ZERO_CROSSINGS} zero crossings of the sinc on each side, so the filter has
 * {@code 2 * half + 1} taps with {@code half = ceil(ZERO_CROSSINGS / (2 fc))} upsampled samples,
 * i.e. {@value #ZERO_CROSSINGS} samples of the lower rate on each side of the output instant
 * (2 ms at 16 kHz);</li>
 * <li>Kaiser window with {@code beta = }{@value #KAISER_BETA} (about 90 dB stop-band attenuation);
 * DC gain 1 at the output rate (the taps are scaled by L).</li>
 * </ul>
 * Output sample {@code n} is {@code y[n] = sum_i x[i] L h(n M - i L)}: linear phase and no delay (the
 * filter is centred on the output instant {@code n / outRateHz} seconds); the signal is taken as zero
 * outside its ends, so the first and last {@value #ZERO_CROSSINGS} samples (at the lower rate) see
 * a partial filter. Measured response, relative to the lower Nyquist frequency (the same at
 * 48 -> 16, 44.1 -> 16, 16 -> 10, 16 -> 8 and 16 -> 48 kHz): flat to within 0.01 dB up to 0.86,
 * -6 dB at {@link #ROLLOFF} (the cut-off), about -47 dB at 1.0, and at most about -90 dB from 1.03
 * on (as Kaiser's design formula predicts: transition width
 * {@code df = (A - 8) / (2.285 * 2 pi * N)} cycles per sample for {@code A = 90} dB and
 * {@code N = 2 half}, about {@code 0.18 fc}, centred on {@code fc}). So a tone just under the new Nyquist frequency is attenuated, and
 * a tone up to 3 % above it can alias at up to -47 dB.
 *
 * <p>Samples are in any linear unit (full-scale {@code [-1, 1]} PCM in this project); the output is
 * in the same unit. Products are accumulated in {@code double} per output sample and rounded to
 * {@code float} once. {@link StreamingResampler} computes the same outputs, bit for bit, chunk by
 * chunk.
 *
 * @implNote Immutable after construction (the filter table, {@code 2 * half + 1} floats, is built
 *           once in the constructor); thread-safe. {@link #process} allocates its result. Cost per
 *           output sample: about {@code 2 * ZERO_CROSSINGS * max(L, M) / (L * ROLLOFF)}
 *           multiply-adds, i.e. about {@code 68 * max(1, inRateHz / outRateHz)}.
 */
public final class Resampler {
    /** Zero crossings of the windowed sinc on each side of its centre (filter half-length in lower-rate samples). */
    public static final int ZERO_CROSSINGS = 32;
    /** Kaiser window shape parameter: about 90 dB stop-band attenuation (Kaiser's formula {@code beta = 0.1102 (A - 8.7)}). */
    public static final double KAISER_BETA = 9.0;
    /** Cut-off relative to the lower Nyquist frequency: leaves a 6 % transition band below it. */
    public static final double ROLLOFF = 0.94;
    /** Largest accepted filter half-length in upsampled samples (a 4 M-tap table, 16 MiB). */
    static final int MAX_HALF_LENGTH = 1 << 21;

    private final int inRateHz;
    private final int outRateHz;
    private final int up;
    private final int down;
    private final int half; // filter half-length in upsampled samples
    private final float[] table; // L h(m) for m in [-half, half], at index m + half

    /**
     * Builds the filter for one rate pair.
     *
     * @param inRateHz  input sample rate in Hz, positive
     * @param outRateHz output sample rate in Hz, positive
     * @throws IllegalArgumentException if a rate is not positive (the message gives both), or the
     *                                  reduced ratio {@code L/M} needs a filter longer than
     *                                  {@code 2^22 + 1} taps (e.g. 44101 -> 16000)
     */
    public Resampler(int inRateHz, int outRateHz) {
        if (inRateHz <= 0 || outRateHz <= 0) {
            throw new IllegalArgumentException("sample rates must be positive, got " + inRateHz + " Hz -> " + outRateHz + " Hz");
        }
        int g = gcd(inRateHz, outRateHz);
        this.inRateHz = inRateHz;
        this.outRateHz = outRateHz;
        this.up = outRateHz / g;
        this.down = inRateHz / g;
        double fc = ROLLOFF * 0.5 / Math.max(up, down);
        long h = (long) Math.ceil(ZERO_CROSSINGS / (2 * fc));
        if (h > MAX_HALF_LENGTH) {
            throw new IllegalArgumentException("rate ratio " + outRateHz + "/" + inRateHz + " reduces to " + up + "/" + down
                    + " and would need a filter of " + (2 * h + 1) + " taps (at most " + (2L * MAX_HALF_LENGTH + 1) + ")");
        }
        this.half = (int) h;
        this.table = new float[2 * half + 1];
        double i0b = besselI0(KAISER_BETA);
        for (int m = -half; m <= half; m++) {
            double x = 2 * fc * m;
            double sinc = m == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
            double r = m / (double) half;
            double w = besselI0(KAISER_BETA * Math.sqrt(Math.max(0, 1 - r * r))) / i0b;
            table[m + half] = (float) (up * 2 * fc * sinc * w);
        }
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** Modified Bessel function of the first kind, order 0, by its power series (A&amp;S 9.6.12). */
    static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int k = 1; k < 200; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < 1e-17 * sum) {
                break;
            }
        }
        return sum;
    }

    /** @return the interpolation factor L of the reduced ratio */
    int up() {
        return up;
    }

    /** @return the decimation factor M of the reduced ratio */
    int down() {
        return down;
    }

    /** @return the filter half-length in upsampled samples */
    int half() {
        return half;
    }

    /** @return {@code L h(offset)}, for {@code |offset| <= half()} upsampled samples */
    float tap(long offset) {
        return table[(int) (offset + half)];
    }

    /** @return the input sample rate in Hz */
    public int inRateHz() {
        return inRateHz;
    }

    /** @return the output sample rate in Hz */
    public int outRateHz() {
        return outRateHz;
    }

    /** @return true when the rates are equal: {@link #process} then returns a copy of its input */
    public boolean identity() {
        return up == 1 && down == 1;
    }

    /**
     * @param inputSamples number of input samples, {@code >= 0}
     * @return the output length for that many input samples: {@code ceil(inputSamples * L / M)}
     *         (the outputs whose instants fall inside the input's time span)
     * @throws IllegalArgumentException if {@code inputSamples} is negative or the output length
     *                                  exceeds {@code Integer.MAX_VALUE}
     */
    public int outputLength(int inputSamples) {
        if (inputSamples < 0) {
            throw new IllegalArgumentException("input length must be >= 0, got " + inputSamples);
        }
        long n = ((long) inputSamples * up + down - 1) / down;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("output of " + n + " samples is too long for an array (" + inputSamples + " samples "
                    + inRateHz + " Hz -> " + outRateHz + " Hz)");
        }
        return (int) n;
    }

    /**
     * Resamples a whole signal.
     *
     * @param x input samples at {@link #inRateHz()}, any length (0 gives an empty result). Not modified.
     * @return {@link #outputLength(int) outputLength(x.length)} samples at {@link #outRateHz()} (a
     *         new array; a copy of {@code x} when the rates are equal)
     * @throws NullPointerException     if {@code x} is null
     * @throws IllegalArgumentException if {@code x} holds a NaN or infinite sample (the message gives
     *                                  its index), or the output would be too long for an array
     */
    public float[] process(float[] x) {
        checkFinite(x, 0, x.length);
        if (identity()) {
            return x.clone();
        }
        int n = outputLength(x.length);
        float[] y = new float[n];
        for (int o = 0; o < n; o++) {
            long t = (long) o * down; // position on the upsampled grid
            long iLo = Math.max(0, ceilDiv(t - half, up));
            long iHi = Math.min(x.length - 1L, Math.floorDiv(t + half, (long) up));
            double acc = 0;
            for (long i = iLo; i <= iHi; i++) {
                acc += x[(int) i] * table[(int) (t - i * up + half)];
            }
            y[o] = (float) acc;
        }
        return y;
    }

    /**
     * Checks that samples are finite (debug helper for streaming callers, which are not checked).
     *
     * @param x   samples. Not modified.
     * @param off first sample to check
     * @param len number of samples to check
     * @throws IllegalArgumentException naming the first NaN or infinite sample's index and value
     * @throws IndexOutOfBoundsException if the range is outside {@code x}
     */
    public static void checkFinite(float[] x, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, x.length);
        for (int i = off; i < off + len; i++) {
            if (!Float.isFinite(x[i])) {
                throw new IllegalArgumentException("sample " + i + " is " + x[i] + "; audio samples must be finite");
            }
        }
    }

    static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
