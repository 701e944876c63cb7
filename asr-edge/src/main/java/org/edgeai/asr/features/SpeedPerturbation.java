package org.edgeai.asr.features;

import org.edgeai.kernel.audio.Resampler;

/**
 * Speed perturbation (Ko et al., "Audio augmentation for speech recognition", Interspeech 2015):
 * plays a signal {@code factor} times faster, which scales tempo and pitch by {@code factor} and the
 * duration by {@code 1/factor}, keeping the sample rate. It is a band-limited resampling that
 * treats the signal as sampled at {@code factor} times its rate, done by the kernel's
 * Kaiser-windowed sinc {@link Resampler} (so a speed-up low-passes at 0.94 of the new Nyquist
 * frequency and does not alias).
 *
 * @implNote Stateless; thread-safe. Builds one {@link Resampler} per call (a few hundred taps for
 *           factors such as 0.9 or 1.1).
 */
public final class SpeedPerturbation {
    /** Resolution of the factor: it is rounded to a multiple of 1/1000 so that the ratio stays small. */
    public static final int FACTOR_DENOMINATOR = 1000;

    private SpeedPerturbation() {
    }

    /**
     * @param x      samples at any rate. Not modified.
     * @param factor speed factor in (0.5, 2], rounded to a multiple of {@code 1/}{@value #FACTOR_DENOMINATOR}
     *               (1.0 returns a copy)
     * @return {@code ceil(x.length / factor)} samples at the same rate (a new array)
     * @throws IllegalArgumentException if factor is not in (0.5, 2] (NaN included), or a sample is NaN
     *                                  or infinite
     */
    public static float[] apply(float[] x, double factor) {
        if (!(factor > 0.5 && factor <= 2.0)) {
            throw new IllegalArgumentException("speed factor must be in (0.5, 2], got " + factor);
        }
        int scaled = (int) Math.round(factor * FACTOR_DENOMINATOR);
        return new Resampler(scaled, FACTOR_DENOMINATOR).process(x);
    }
}
