package org.edgeai.kernel.quant;

/**
 * Fixed-point requantization of int32 accumulators to int8: {@code out = saturate(RNE(acc * M) + zo)}
 * with the real multiplier {@code M = sIn * sW / sOut} represented as a Q0.31 integer multiplier and
 * a power-of-two shift, {@code M = multiplier * 2^(shift - 31)}, {@code multiplier in [2^30, 2^31)}.
 *
 * <p>The representation follows TFLM's {@code QuantizeMultiplier} (tensorflow/lite/kernels/internal/
 * quantization_util.cc). Unlike gemmlowp's {@code SaturatingRoundingDoublingHighMul} +
 * {@code RoundingDivideByPOT} (round half away from zero), the product is formed exactly in 64 bits
 * ({@code |acc| < 2^31}, {@code multiplier < 2^31}) and rounded half to even, so the result is the
 * correctly rounded value of {@code acc * multiplier * 2^(shift-31)}.
 *
 * @param multiplier Q0.31 mantissa in [2^30, 2^31), or 0 when the real multiplier is 0
 * @param shift      binary exponent: {@code M = multiplier / 2^31 * 2^shift}
 */
public record Requantizer(int multiplier, int shift) {

    /** @throws IllegalArgumentException if the multiplier is out of range or the shift is extreme */
    public Requantizer {
        if (multiplier != 0 && (multiplier < (1 << 30))) {
            throw new IllegalArgumentException("Q0.31 multiplier must be in [2^30, 2^31), got " + multiplier);
        }
        if (shift < -31 || shift > 30) {
            throw new IllegalArgumentException("shift must be in [-31, 30], got " + shift);
        }
    }

    /**
     * Represents a non-negative real multiplier.
     *
     * @param realMultiplier in [0, 2^30); values below 2^-31 are flushed to 0
     * @throws IllegalArgumentException if negative, NaN or too large
     */
    public static Requantizer of(double realMultiplier) {
        if (!(realMultiplier >= 0) || realMultiplier >= (double) (1 << 30)) {
            throw new IllegalArgumentException("real multiplier must be in [0, 2^30), got " + realMultiplier);
        }
        if (realMultiplier == 0) {
            return new Requantizer(0, 0);
        }
        int exp = Math.getExponent(realMultiplier) + 1; // realMultiplier = frac * 2^exp, frac in [0.5, 1)
        double frac = realMultiplier / Math.scalb(1.0, exp);
        long q = Math.round(frac * (1L << 31));
        if (q == (1L << 31)) { // rounding reached 1.0
            q /= 2;
            exp++;
        }
        if (exp < -31) {
            return new Requantizer(0, 0);
        }
        if (exp > 30) {
            throw new IllegalArgumentException("real multiplier too large: " + realMultiplier);
        }
        return new Requantizer((int) q, exp);
    }

    /** @return the real multiplier this record represents */
    public double realMultiplier() {
        return multiplier * Math.scalb(1.0, shift - 31);
    }

    /**
     * @param acc int32 accumulator
     * @return {@code RNE(acc * M)} as a long (not yet offset or saturated)
     */
    public long apply(int acc) {
        if (multiplier == 0) {
            return 0;
        }
        long prod = (long) acc * multiplier; // exact: |prod| < 2^62
        int right = 31 - shift;               // in [1, 62]
        return roundShiftRightHalfEven(prod, right);
    }

    /**
     * @param acc       int32 accumulator
     * @param zeroPoint output zero point
     * @return {@code saturate(RNE(acc * M) + zeroPoint)} as int8
     */
    public byte requantize(int acc, int zeroPoint) {
        return (byte) Quantization.saturateI8(apply(acc) + zeroPoint);
    }

    /** @return {@code v / 2^s} rounded half to even, for {@code s in [1, 62]} */
    static long roundShiftRightHalfEven(long v, int s) {
        long q = v >> s;                 // floor
        long rem = v - (q << s);         // in [0, 2^s)
        long half = 1L << (s - 1);
        if (rem > half || (rem == half && (q & 1L) != 0)) {
            q++;
        }
        return q;
    }
}
