package org.edgeai.enhance.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.edgeai.enhance.metrics.SiSdr;
import org.edgeai.kernel.audio.AudioIo;
import org.edgeai.kernel.testing.TestData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PercepNetDspTest {

    /** Unit gains and no comb filtering reconstruct the input exactly, delayed by 3 hops (30 ms). */
    @ParameterizedTest
    @ValueSource(ints = {16000, 48000})
    void unitGainsReconstructTheInputDelayedByThirtyMilliseconds(int rate) {
        PercepNetDsp dsp = new PercepNetDsp(rate);
        int hop = dsp.hopSamples();
        assertEquals(rate * 3 / 100, dsp.delaySamples());
        SplittableRandom rng = new SplittableRandom(11);
        int n = hop * 40;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rng.nextGaussian() * 0.1f;
        }
        float[] y = new float[n];
        float[] g = new float[dsp.bands().count()];
        float[] r = new float[g.length];
        Arrays.fill(g, 1f);
        for (int t = 0; t < n / hop; t++) {
            dsp.analyze(x, t * hop);
            dsp.synthesize(g, r, true, y, t * hop);
        }
        int d = dsp.delaySamples();
        for (int i = 0; i < d; i++) {
            assertEquals(0f, y[i], 1e-6f);
        }
        for (int i = d; i < n; i++) {
            assertEquals(x[i - d], y[i], 1e-5f, "sample " + i);
        }
    }

    /** The oracle band gains from the clean signal clearly improve a real dev pair. */
    @Test
    void oracleGainsImproveARealPair() throws Exception {
        Path dev = TestData.require("audio/dev");
        float[] noisy = AudioIo.read(dev.resolve("noisy/p232_003.wav")).monoSamples();
        float[] clean = AudioIo.read(dev.resolve("clean/p232_003.wav")).monoSamples();
        PercepNetDsp dn = new PercepNetDsp(16000);
        PercepNetDsp dc = new PercepNetDsp(16000);
        int hop = dn.hopSamples();
        int frames = noisy.length / hop;
        float[] y = new float[frames * hop];
        int nb = dn.bands().count();
        float[] g = new float[nb];
        float[] r = new float[nb];
        for (int t = 0; t < frames; t++) {
            dn.analyze(noisy, t * hop);
            dc.analyze(clean, t * hop, dn.synthesisLag());
            if (dn.synthesisReady()) {
                OracleTargets.compute(dn, dc, g, r, null);
            }
            dn.synthesize(g, r, false, y, t * hop);
        }
        int d = dn.delaySamples();
        float[] aligned = Arrays.copyOfRange(y, d, y.length);
        float[] ref = Arrays.copyOf(clean, aligned.length);
        float[] in = Arrays.copyOf(noisy, aligned.length);
        double before = SiSdr.compute(ref, in);
        double after = SiSdr.compute(ref, aligned);
        assertTrue(after > before + 5, "oracle SI-SDR " + after + " vs noisy " + before);
    }
}
