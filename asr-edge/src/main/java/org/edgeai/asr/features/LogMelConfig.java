package org.edgeai.asr.features;

/**
 * Log-mel filterbank settings.
 *
 * @param sampleRateHz input sample rate in Hz (the recognizer runs at 16000)
 * @param windowSamples analysis window length in samples (25 ms at 16 kHz = 400)
 * @param hopSamples frame shift in samples (10 ms at 16 kHz = 160)
 * @param fftSize FFT length, a power of two at least {@code windowSamples}
 * @param melBins number of triangular mel filters (80)
 * @param lowHz lowest filter edge in Hz
 * @param highHz highest filter edge in Hz, at most the Nyquist frequency
 * @param floor power floor before the logarithm (avoids log 0 on digital silence)
 */
public record LogMelConfig(int sampleRateHz, int windowSamples, int hopSamples, int fftSize, int melBins,
                           double lowHz, double highHz, double floor) {

    /** @throws IllegalArgumentException if a field is out of range (message names it and its value) */
    public LogMelConfig {
        if (sampleRateHz < 1000) {
            throw new IllegalArgumentException("sampleRateHz must be >= 1000, got " + sampleRateHz);
        }
        if (windowSamples < 16 || hopSamples < 1 || hopSamples > windowSamples) {
            throw new IllegalArgumentException("need 16 <= windowSamples and 1 <= hopSamples <= windowSamples, got "
                    + windowSamples + " / " + hopSamples);
        }
        if (Integer.bitCount(fftSize) != 1 || fftSize < windowSamples) {
            throw new IllegalArgumentException("fftSize must be a power of two >= windowSamples (" + windowSamples
                    + "), got " + fftSize);
        }
        if (melBins < 1 || melBins > fftSize / 2) {
            throw new IllegalArgumentException("melBins must be in [1, " + fftSize / 2 + "], got " + melBins);
        }
        if (!(lowHz >= 0) || !(highHz > lowHz) || highHz > sampleRateHz / 2.0) {
            throw new IllegalArgumentException("need 0 <= lowHz < highHz <= " + sampleRateHz / 2.0 + ", got "
                    + lowHz + " / " + highHz);
        }
        if (!(floor > 0)) {
            throw new IllegalArgumentException("floor must be positive, got " + floor);
        }
    }

    /** The recognizer's features: 16 kHz, 25 ms Hann window, 10 ms hop, 512-point FFT, 80 mel bins 20 Hz to 8 kHz. */
    public static LogMelConfig asr16k() {
        return new LogMelConfig(16000, 400, 160, 512, 80, 20.0, 8000.0, 1e-10);
    }

    /** @return frames produced by {@code samples} samples (no padding: partial windows are dropped) */
    public int framesFor(long samples) {
        return samples < windowSamples ? 0 : (int) ((samples - windowSamples) / hopSamples + 1);
    }

    /** @return frame rate in frames per second */
    public double framesPerSecond() {
        return sampleRateHz / (double) hopSamples;
    }
}
