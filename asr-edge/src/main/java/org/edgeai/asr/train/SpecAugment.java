package org.edgeai.asr.train;

import java.util.Random;

/**
 * SpecAugment masks (Park et al., "SpecAugment: A Simple Data Augmentation Method for Automatic
 * Speech Recognition", Interspeech 2019), without time warping: two frequency masks of up to
 * {@value #MAX_FREQ_WIDTH} bins and two time masks of up to {@value #MAX_TIME_WIDTH} frames (at most
 * 10% of the utterance each), set to 0 (the normalized mean).
 */
final class SpecAugment {
    /** Frequency mask width F of the LibriSpeech-basic policy, scaled to 80 bins. */
    static final int MAX_FREQ_WIDTH = 15;
    /** Time mask width in 10 ms frames (0.2 s: shorter than most AN4 words). */
    static final int MAX_TIME_WIDTH = 20;

    private SpecAugment() {
    }

    /** @return a masked copy of {@code feats [T * bins]} */
    static float[] apply(float[] feats, int bins, Random rng) {
        float[] f = feats.clone();
        int frames = f.length / bins;
        for (int m = 0; m < 2; m++) {
            int w = rng.nextInt(MAX_FREQ_WIDTH + 1);
            int s = rng.nextInt(Math.max(1, bins - w));
            for (int t = 0; t < frames; t++) {
                java.util.Arrays.fill(f, t * bins + s, t * bins + s + w, 0f);
            }
        }
        int maxT = Math.min(MAX_TIME_WIDTH, frames / 10);
        for (int m = 0; m < 2 && maxT > 0; m++) {
            int w = rng.nextInt(maxT + 1);
            int s = rng.nextInt(Math.max(1, frames - w));
            java.util.Arrays.fill(f, s * bins, (s + w) * bins, 0f);
        }
        return f;
    }
}
