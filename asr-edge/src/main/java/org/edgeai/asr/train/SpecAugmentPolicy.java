package org.edgeai.asr.train;

/**
 * SpecAugment masking policy (Park et al., "SpecAugment: A Simple Data Augmentation Method for
 * Automatic Speech Recognition", Interspeech 2019, sec. 2; no time warping): {@code freqMasks}
 * frequency masks of a width drawn uniformly from {@code [0, maxFreqBins]} bins, and
 * {@code round(timeMasksPerSecond * duration)} time masks (at least {@code minTimeMasks}) of a
 * width drawn from {@code [0, min(maxTimeFrames, maxTimeFraction * frames)]} 10 ms frames; masked
 * values are set to 0, the mean of the normalized features.
 *
 * @param freqMasks          frequency masks per utterance (>= 0)
 * @param maxFreqBins        largest frequency mask width F in bins (>= 0)
 * @param minTimeMasks       time masks per utterance at least (>= 0)
 * @param timeMasksPerSecond further time masks per second of audio (>= 0; adaptive masking, Park et al. 2020)
 * @param maxTimeFrames      largest time mask width T in 10 ms frames (>= 0)
 * @param maxTimeFraction    largest time mask width as a fraction of the utterance, p in (0, 1]
 */
public record SpecAugmentPolicy(int freqMasks, int maxFreqBins, int minTimeMasks, double timeMasksPerSecond, int maxTimeFrames,
                                double maxTimeFraction) {
    /** @throws IllegalArgumentException if a value is out of range */
    public SpecAugmentPolicy {
        if (freqMasks < 0 || maxFreqBins < 0 || minTimeMasks < 0 || !(timeMasksPerSecond >= 0) || maxTimeFrames < 0
                || !(maxTimeFraction > 0 && maxTimeFraction <= 1)) {
            throw new IllegalArgumentException("invalid SpecAugment policy: " + freqMasks + " x F" + maxFreqBins + ", time "
                    + minTimeMasks + " + " + timeMasksPerSecond + "/s x T" + maxTimeFrames + " (p " + maxTimeFraction + ")");
        }
    }

    /** No masking. */
    public static SpecAugmentPolicy none() {
        return new SpecAugmentPolicy(0, 0, 0, 0, 0, 1);
    }

    /** The first AN4 recipe: 2 frequency masks of up to 15 bins, 2 time masks of up to 0.2 s (10% of the utterance). */
    public static SpecAugmentPolicy an4Basic() {
        return new SpecAugmentPolicy(2, 15, 2, 0, 20, 0.1);
    }

    /**
     * The stronger AN4 recipe: 2 frequency masks of up to 20 bins (a quarter of the 80 bins, near
     * the LibriSpeech-double policy's F = 27), 1 + 1 per second time masks of up to 0.12 s (shorter
     * than a spelled letter) and at most 10% of the utterance each.
     */
    public static SpecAugmentPolicy an4Strong() {
        return new SpecAugmentPolicy(2, 20, 1, 1.0, 12, 0.1);
    }

    /** @return whether any mask is applied */
    public boolean enabled() {
        return (freqMasks > 0 && maxFreqBins > 0) || ((minTimeMasks > 0 || timeMasksPerSecond > 0) && maxTimeFrames > 0);
    }
}
