package org.edgeai.kernel.audio;

import java.util.Objects;

/**
 * Decoded audio: one float array per channel, full scale [-1, 1].
 *
 * @param sampleRateHz sample rate in Hz (positive)
 * @param channels     {@code channels[c][n]}, all of equal length; shared, not copied
 */
public record AudioClip(int sampleRateHz, float[][] channels) {

    /** @throws IllegalArgumentException if the rate is not positive, there is no channel, or lengths differ */
    public AudioClip {
        Objects.requireNonNull(channels, "channels");
        if (sampleRateHz <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRateHz);
        }
        if (channels.length == 0) {
            throw new IllegalArgumentException("audio needs at least one channel");
        }
        for (float[] c : channels) {
            if (c.length != channels[0].length) {
                throw new IllegalArgumentException("channels have different lengths: " + c.length + " vs " + channels[0].length);
            }
        }
    }

    /** @return a mono clip wrapping {@code samples} (shared) */
    public static AudioClip mono(float[] samples, int sampleRateHz) {
        return new AudioClip(sampleRateHz, new float[][] {samples});
    }

    /** @return samples per channel */
    public int frames() {
        return channels[0].length;
    }

    /** @return number of channels */
    public int channelCount() {
        return channels.length;
    }

    /** @return duration in seconds */
    public double durationSeconds() {
        return frames() / (double) sampleRateHz;
    }

    /** @return the mono mix: the channel itself when mono (shared), else the average of the channels (new array) */
    public float[] monoSamples() {
        if (channels.length == 1) {
            return channels[0];
        }
        float[] m = new float[frames()];
        for (float[] c : channels) {
            for (int i = 0; i < m.length; i++) {
                m[i] += c[i];
            }
        }
        float inv = 1f / channels.length;
        for (int i = 0; i < m.length; i++) {
            m[i] *= inv;
        }
        return m;
    }
}
