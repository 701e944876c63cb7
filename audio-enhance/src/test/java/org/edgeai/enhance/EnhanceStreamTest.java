package org.edgeai.enhance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.edgeai.enhance.model.PercepNetModel;
import org.edgeai.enhance.testing.Models;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.audio.AudioClip;
import org.junit.jupiter.api.Test;

class EnhanceStreamTest {

    /** The whole pipeline (DSP + kernel network + post-filter) delays an impulse by exactly 30 ms. */
    @Test
    void impulseComesOutThirtyMillisecondsLater() {
        PercepNetEnhancer e = new PercepNetEnhancer(EnhancerConfig.defaults(), Models.constant(30f, -30f));
        assertEquals(480, e.delaySamples());
        int hop = e.frameSamples();
        float[] x = new float[hop * 30];
        int at = 1234;
        x[at] = 0.5f;
        float[] y = new float[x.length];
        for (int t = 0; t < x.length / hop; t++) {
            e.process(x, t * hop, y, t * hop);
        }
        int peak = 0;
        for (int i = 1; i < y.length; i++) {
            if (Math.abs(y[i]) > Math.abs(y[peak])) {
                peak = i;
            }
        }
        assertEquals(at + 480, peak);
        assertEquals(0.5f, y[peak], 1e-3f);
    }

    @Test
    void chunkedStreamingEqualsWholeSignalProcessingForAwkwardChunkSizes() {
        PercepNetModel m = Models.constant(0.3f, -0.5f);
        SplittableRandom r = new SplittableRandom(4);
        float[] x = new float[7919];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.1 * r.nextGaussian() + 0.2 * Math.sin(i * 0.05));
        }
        float[] ref = Enhancement.enhanceAligned(new PercepNetEnhancer(EnhancerConfig.defaults(), m), x);
        for (int chunk : new int[] {1, 13, 160, 479, 4096, 7919}) {
            EnhanceStream s = new EnhanceStream(new PercepNetEnhancer(EnhancerConfig.defaults(), m));
            float[] out = new float[0];
            for (int p = 0; p < x.length; p += chunk) {
                out = concat(out, s.push(Arrays.copyOfRange(x, p, Math.min(x.length, p + chunk))));
            }
            out = concat(out, s.finish());
            assertArrayEquals(ref, out, "chunk " + chunk);
            assertThrows(IllegalStateException.class, s::finish);
        }
        // shorter than the delay, and empty
        EnhanceStream s = new EnhanceStream(new PercepNetEnhancer(EnhancerConfig.defaults(), m));
        assertEquals(100, concat(s.push(new float[100]), s.finish()).length);
        assertEquals(0, new EnhanceStream(new PercepNetEnhancer(EnhancerConfig.defaults(), m)).finish().length);
    }

    @Test
    void filesAtOtherRatesAreResampledAndKeepTheirLengthAndRate() {
        PercepNetModel m = Models.constant(30f, -30f);
        float[] l = new float[44100];
        float[] rr = new float[44100];
        for (int i = 0; i < l.length; i++) {
            l[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / 44100.0));
            rr[i] = l[i];
        }
        FileEnhancement.Result res = FileEnhancement.enhance(new AudioClip(44100, new float[][] {l, rr}), m, DType.I8);
        assertEquals(44100, res.output().sampleRateHz());
        assertEquals(44100, res.output().frames());
        assertEquals(2, res.inputChannels());
        assertTrue(res.resampled());
        assertEquals(30.0, res.delayMs(), 1e-9);
        // unit gains: the tone passes (resampling round trip is near-transparent in the middle)
        float[] y = res.output().channels()[0];
        for (int i = 4410; i < 40000; i++) {
            assertEquals(l[i], y[i], 2e-3, "sample " + i);
        }
        float[] bad = new float[1600];
        bad[7] = Float.NaN;
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> FileEnhancement.enhance(AudioClip.mono(bad, 16000), m, DType.I8));
        assertTrue(ex.getMessage().contains("frame 7"), ex.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FileEnhancement.enhance(AudioClip.mono(new float[10], 4000), m, DType.I8))
                .getMessage().contains("4000 Hz"));
    }

    @Test
    void rateAdaptedStreamingEqualsFileEnhancementAtOtherRates() {
        PercepNetModel m = Models.constant(0.3f, -0.5f);
        SplittableRandom r = new SplittableRandom(6);
        for (int rate : new int[] {48000, 44100, 8000, 16000}) {
            float[] x = new float[rate / 3 + 17];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (0.1 * r.nextGaussian());
            }
            float[] ref = FileEnhancement.enhance(AudioClip.mono(x, rate), m, DType.I8).output().channels()[0];
            for (int chunk : new int[] {441, 1000, x.length}) {
                RateAdaptedStream s = new RateAdaptedStream(rate, new PercepNetEnhancer(EnhancerConfig.defaults(), m));
                assertEquals(Math.round(0.030 * rate), s.delaySamplesAtClientRate(), "30 ms at " + rate + " Hz");
                float[] out = new float[0];
                for (int p = 0; p < x.length; p += chunk) {
                    out = concat(out, s.push(Arrays.copyOfRange(x, p, Math.min(x.length, p + chunk))));
                }
                out = concat(out, s.finish());
                assertArrayEquals(ref, out, rate + " Hz, chunk " + chunk);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new RateAdaptedStream(4000, new PercepNetEnhancer(EnhancerConfig.defaults(), m)));
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
