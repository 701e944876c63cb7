package org.edgeai.enhance.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.edgeai.enhance.Enhancement;
import org.edgeai.enhance.EnhancerConfig;
import org.edgeai.enhance.PercepNetEnhancer;
import org.edgeai.enhance.dsp.PercepNetDsp;
import org.edgeai.enhance.model.PercepNetModel;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.Progress;
import org.edgeai.kernel.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GainDiagnosticsTest {
    private static final String PAIR = "p257_054"; // the shortest dev pair (2.2 s)

    private static float[][] pair() throws Exception {
        Path dev = TestData.require("audio/dev/pairs.csv").getParent();
        return new float[][] {DevEvaluation.load(dev.resolve("noisy/" + PAIR + ".wav")), DevEvaluation.load(dev.resolve("clean/" + PAIR + ".wav"))};
    }

    private static GainDiagnostics.Mix mix(String name) {
        return GainDiagnostics.MIXES.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    /** Kernel results may differ in the last ulp between the interpreted and the compiled Vector API path. */
    private static final float ULP_TOLERANCE = 1e-6f;

    /** The model mixes reproduce the streaming enhancer sample for sample; the oracle mixes reproduce {@link Oracles}. */
    @Test
    void mixesReproduceTheEnhancerAndTheOracles() throws Exception {
        float[][] p = pair();
        PercepNetModel m = PercepNetModel.loadDefault(false);
        assertArrayEquals(Enhancement.enhanceAligned(new PercepNetEnhancer(EnhancerConfig.defaults(), m), p[0]),
                GainDiagnostics.enhance(p[0], p[1], m, DType.I8, mix("model")), ULP_TOLERANCE);
        assertArrayEquals(Enhancement.enhanceAligned(new PercepNetEnhancer(new EnhancerConfig(16000, DType.I8, true, false), m), p[0]),
                GainDiagnostics.enhance(p[0], p[1], m, DType.I8, mix("model, no comb filter")), ULP_TOLERANCE);
        assertArrayEquals(Enhancement.enhanceAligned(new PercepNetEnhancer(new EnhancerConfig(16000, DType.I8, false, true), m), p[0]),
                GainDiagnostics.enhance(p[0], p[1], m, DType.I8, mix("model, no post-filter")), ULP_TOLERANCE);
        assertArrayEquals(Oracles.bandGains(p[0], p[1], 16000, true, true),
                GainDiagnostics.enhance(p[0], p[1], m, DType.I8, mix("oracle gains and strengths")));
        assertArrayEquals(Oracles.bandGains(p[0], p[1], 16000, true, false),
                GainDiagnostics.enhance(p[0], p[1], m, DType.I8, mix("oracle gains and strengths, no post-filter")));
        assertThrows(IllegalArgumentException.class,
                () -> GainDiagnostics.enhance(p[0], new float[p[0].length - 1], m, DType.I8, mix("model")));
    }

    /** Bias statistics against hand-computed values: activity threshold, dB error, 6 dB shares. */
    @Test
    void biasCountsOnlyActiveBandsAndSplitsTheErrors() {
        GainDiagnostics.BiasAccumulator acc = new GainDiagnostics.BiasAccumulator(2);
        acc.startFile();
        // band 0: active in both frames (energies 1 and 1e-3 >= 1e-4 * 1); band 1: 1e-5 < 1e-4 -> inactive in frame 1
        acc.add(new float[] {0.5f, 0.2f}, new float[] {0.05f, 0.2f}, new float[] {1f, 0.5f}, new float[] {1f, 1f});
        acc.add(new float[] {0.1f, 0.9f}, new float[] {0.4f, 0.3f}, new float[] {1e-3f, 1e-5f}, new float[] {1f, 1e-10f});
        acc.endFile();
        GainDiagnostics.Bias bias = acc.result(new PercepNetDsp(16000));
        List<GainDiagnostics.BandBias> b = bias.bands().subList(0, 2);
        // calibration over non-silent band-frames: oracle 0.05 -> [0, 0.1); 0.2 -> [0.1, 0.3); 0.4 -> [0.3, 0.5); 0.3 is silent
        List<GainDiagnostics.GainCalibration> cal = bias.calibration();
        assertEquals(6, cal.size());
        assertEquals(1, cal.get(0).count());
        assertEquals(0.5, cal.get(0).meanModel(), 1e-6);
        assertEquals(0.05, cal.get(0).meanOracle(), 1e-6);
        assertEquals(1, cal.get(1).count());
        assertEquals(0.2, cal.get(1).meanModel(), 1e-6);
        assertEquals(1, cal.get(2).count());
        assertEquals(0.1, cal.get(2).meanModel(), 1e-6);
        assertEquals(0, cal.get(3).count() + cal.get(4).count() + cal.get(5).count());
        double e0 = 20 * Math.log10((0.5 + 1e-3) / (0.05 + 1e-3)) + 20 * Math.log10((0.1 + 1e-3) / (0.4 + 1e-3));
        assertEquals(e0 / 2, b.get(0).meanErrorDb(), 1e-5);
        assertEquals(2, b.get(0).activeFrames());
        assertEquals(0.5, b.get(0).overSuppressed(), 0);  // 0.1 < 0.4 / 2
        assertEquals(0.5, b.get(0).underSuppressed(), 0); // 0.5 > 2 * 0.05
        assertEquals(1, b.get(1).activeFrames());
        assertEquals(0, b.get(1).meanErrorDb(), 1e-5);
        assertEquals(0, b.get(1).overSuppressed() + b.get(1).underSuppressed(), 0);
        assertEquals(0, b.get(0).centreHz(), 0);
        assertEquals(100, b.get(1).centreHz(), 1e-9);
    }

    /** The report over a one-pair list: every mix, every band, and scores equal to scoring the mix's output directly. */
    @Test
    void reportScoresEveryMix(@TempDir Path tmp) throws Exception {
        Path dev = TestData.require("audio/dev/pairs.csv").getParent();
        Path d = tmp.resolve("dev");
        Files.createDirectories(d);
        Files.createSymbolicLink(d.resolve("noisy"), dev.resolve("noisy"));
        Files.createSymbolicLink(d.resolve("clean"), dev.resolve("clean"));
        Files.writeString(d.resolve("pairs.csv"), "id,source,duration_s,snr_db\n" + PAIR + ",x,2.159,1.08\n");
        PercepNetModel m = PercepNetModel.loadDefault(false);
        GainDiagnostics.Report r = GainDiagnostics.run(d.resolve("pairs.csv"), m, DType.I8, Progress.NONE);
        assertEquals(GainDiagnostics.MIXES.size(), r.mixes().size());
        assertEquals(25, r.bias().bands().size());
        float[][] p = pair();
        DevEvaluation.Scores direct = DevEvaluation.score(p[1], Oracles.bandGains(p[0], p[1], 16000, false, false));
        DevEvaluation.Scores oracle = r.mixes().stream().filter(s -> s.mix().name().equals("oracle gains and strengths, no post-filter"))
                .findFirst().orElseThrow().mean();
        DevEvaluation.Scores comb = DevEvaluation.score(p[1], Oracles.bandGains(p[0], p[1], 16000, true, false));
        assertEquals(comb.siSdrDb(), oracle.siSdrDb(), 1e-9);
        assertEquals(comb.estoi(), oracle.estoi(), 1e-12);
        assertTrue(oracle.siSdrDb() > direct.siSdrDb() - 3, "comb oracle " + oracle + " vs band-gain oracle " + direct);
        // speech reaches every band but the half band at Nyquist
        assertTrue(r.bias().bands().subList(0, 24).stream().allMatch(b -> b.activeFrames() > 0), r.bias().toString());
        // bias() on the same pair in memory gives the same statistics as the report
        GainDiagnostics.Bias again = GainDiagnostics.bias(List.<float[][]>of(p), m, DType.I8);
        for (int i = 0; i < 25; i++) {
            assertEquals(r.bias().bands().get(i).meanErrorDb(), again.bands().get(i).meanErrorDb(), 1e-4);
            assertEquals(r.bias().bands().get(i).activeFrames(), again.bands().get(i).activeFrames());
        }
        assertEquals(r.bias().calibration().size(), again.calibration().size());
    }
}
