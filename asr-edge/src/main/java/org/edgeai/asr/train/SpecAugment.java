package org.edgeai.asr.train;

import java.util.Arrays;
import java.util.Random;

/**
 * Applies a {@link SpecAugmentPolicy} to one utterance's normalized features (Park et al.,
 * Interspeech 2019, without time warping).
 */
final class SpecAugment {
    /** Feature frames per second (10 ms hop). */
    static final double FRAMES_PER_SECOND = 100;

    private SpecAugment() {
    }

    /** @return a masked copy of {@code feats [T * bins]} */
    static float[] apply(float[] feats, int bins, SpecAugmentPolicy p, Random rng) {
        float[] f = feats.clone();
        int frames = f.length / bins;
        for (int m = 0; m < p.freqMasks(); m++) {
            int w = rng.nextInt(Math.min(p.maxFreqBins(), bins) + 1);
            int s = rng.nextInt(Math.max(1, bins - w + 1));
            for (int t = 0; t < frames; t++) {
                Arrays.fill(f, t * bins + s, t * bins + s + w, 0f);
            }
        }
        int maxT = (int) Math.min(p.maxTimeFrames(), Math.floor(p.maxTimeFraction() * frames));
        int masks = p.minTimeMasks() + (int) Math.round(p.timeMasksPerSecond() * frames / FRAMES_PER_SECOND);
        for (int m = 0; m < masks && maxT > 0; m++) {
            int w = rng.nextInt(maxT + 1);
            int s = rng.nextInt(Math.max(1, frames - w + 1));
            Arrays.fill(f, s * bins, (s + w) * bins, 0f);
        }
        return f;
    }
}
