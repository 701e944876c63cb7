package org.edgeai.kernel.testing;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** Seeded random sources and random arrays for tests; never use unseeded randomness in tests. */
public final class Rng {
    private Rng() {
    }

    /** @return a generator with a fixed seed */
    public static RandomGenerator of(long seed) {
        return new SplittableRandom(seed);
    }

    /** @return {@code n} uniform floats in [-scale, scale) */
    public static float[] floats(RandomGenerator r, int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        }
        return a;
    }

    /** @return {@code n} uniform int8 values in [lo, hi] */
    public static byte[] bytes(RandomGenerator r, int n, int lo, int hi) {
        byte[] a = new byte[n];
        for (int i = 0; i < n; i++) {
            a[i] = (byte) r.nextInt(lo, hi + 1);
        }
        return a;
    }
}
