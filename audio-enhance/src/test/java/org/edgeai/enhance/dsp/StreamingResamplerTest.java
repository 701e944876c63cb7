package org.edgeai.enhance.dsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StreamingResamplerTest {

    @Test
    void chunkedOutputEqualsTheWholeSignalResampler() {
        SplittableRandom r = new SplittableRandom(2);
        float[] x = new float[12345];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (int[] rates : new int[][] {{48000, 16000}, {16000, 48000}, {44100, 16000}, {16000, 44100}, {16000, 16000}}) {
            float[] ref = new Resampler(rates[0], rates[1]).process(x);
            for (int chunk : new int[] {1, 7, 160, 4000, 12345}) {
                StreamingResampler s = new StreamingResampler(rates[0], rates[1]);
                float[] out = new float[0];
                for (int p = 0; p < x.length; p += chunk) {
                    out = concat(out, s.push(Arrays.copyOfRange(x, p, Math.min(x.length, p + chunk))));
                }
                out = concat(out, s.finish());
                assertArrayEquals(ref, out, rates[0] + "->" + rates[1] + " chunk " + chunk);
                assertThrows(IllegalStateException.class, s::finish);
            }
        }
    }

    private static float[] concat(float[] a, float[] b) {
        float[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
