package org.edgeai.enhance.dsp;

/**
 * Analysis/synthesis windows.
 *
 * @implNote Stateless; thread-safe.
 */
public final class Windows {
    private Windows() {
    }

    /**
     * The Vorbis power-complementary window (Vorbis I specification, Sec. 4.3.1; also used by
     * RNNoise and PercepNet): {@code w(n) = sin(pi/2 sin^2(pi (n + 0.5) / N))}. With a hop of N/2 it
     * satisfies {@code w(n)^2 + w(n + N/2)^2 = 1}, so windowing both at analysis and synthesis and
     * overlap-adding reconstructs the input exactly.
     *
     * @param length window length N (even)
     * @return {@code [N]}
     * @throws IllegalArgumentException if N is odd or not positive
     */
    public static float[] vorbis(int length) {
        if (length <= 0 || (length & 1) != 0) {
            throw new IllegalArgumentException("window length must be even and positive, got " + length);
        }
        float[] w = new float[length];
        for (int n = 0; n < length; n++) {
            double s = Math.sin(Math.PI * (n + 0.5) / length);
            w[n] = (float) Math.sin(0.5 * Math.PI * s * s);
        }
        return w;
    }
}
