package org.edgeai.enhance.dsp;

/**
 * Rational sample-rate conversion by a Kaiser-windowed sinc low-pass evaluated in polyphase form
 * (Crochiere and Rabiner, "Multirate Digital Signal Processing", 1983, ch. 4; Kaiser window design
 * after Kaiser 1974 / Oppenheim and Schafer eq. 7.62-7.63).
 *
 * <p>For rates {@code fIn -> fOut} with {@code L/M = fOut/fIn} in lowest terms, the prototype filter
 * runs at {@code L * fIn}: cut-off {@code fc = ROLLOFF * 0.5 / max(L, M)} cycles per sample,
 * {@link #ZERO_CROSSINGS} zero crossings of the sinc on each side, Kaiser window with
 * {@code beta = } {@link #KAISER_BETA} (about 90 dB stop-band attenuation), DC gain L. Output sample n
 * is {@code y[n] = sum_i x[i] L h(n M - i L)}: linear phase, no delay (the filter is centred), the
 * signal is treated as zero outside its ends. Pass band flat to within 0.01 dB up to about 0.9 of the
 * lower Nyquist frequency.
 *
 * @implNote Immutable after construction (the filter table is built once); thread-safe.
 */
public final class Resampler {
    /** Zero crossings of the windowed sinc on each side. */
    public static final int ZERO_CROSSINGS = 32;
    /** Kaiser window shape parameter. */
    public static final double KAISER_BETA = 9.0;
    /** Cut-off relative to the lower Nyquist frequency. */
    public static final double ROLLOFF = 0.94;

    private final int inRate;
    private final int outRate;
    private final int up;
    private final int down;
    private final int half; // filter half-length in upsampled samples
    private final float[] table; // h(m) for m in [-half, half], index m + half, times L

    /**
     * @throws IllegalArgumentException if a rate is not positive or the ratio needs a filter longer
     *                                  than 2^22 taps
     */
    public Resampler(int inRateHz, int outRateHz) {
        if (inRateHz <= 0 || outRateHz <= 0) {
            throw new IllegalArgumentException("rates must be positive, got " + inRateHz + " -> " + outRateHz);
        }
        int g = gcd(inRateHz, outRateHz);
        this.inRate = inRateHz;
        this.outRate = outRateHz;
        this.up = outRateHz / g;
        this.down = inRateHz / g;
        double fc = ROLLOFF * 0.5 / Math.max(up, down);
        long h = (long) Math.ceil(ZERO_CROSSINGS / (2 * fc));
        if (h > (1 << 21)) {
            throw new IllegalArgumentException("rate ratio " + outRateHz + "/" + inRateHz + " is too awkward (filter of " + (2 * h + 1) + " taps)");
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

    /** Modified Bessel function of the first kind, order 0 (power series). */
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

    int up() {
        return up;
    }

    int down() {
        return down;
    }

    int half() {
        return half;
    }

    float tap(long offset) {
        return table[(int) (offset + half)];
    }

    /** @return input rate in Hz */
    public int inRateHz() {
        return inRate;
    }

    /** @return output rate in Hz */
    public int outRateHz() {
        return outRate;
    }

    /** @return output length for {@code n} input samples: {@code ceil(n L / M)} */
    public int outputLength(int n) {
        return (int) (((long) n * up + down - 1) / down);
    }

    /**
     * @param x input samples. Not modified.
     * @return {@link #outputLength(int)} resampled samples (a new array; a copy when the rates are equal)
     */
    public float[] process(float[] x) {
        if (up == 1 && down == 1) {
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

    static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
