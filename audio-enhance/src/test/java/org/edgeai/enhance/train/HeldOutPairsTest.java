package org.edgeai.enhance.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.edgeai.kernel.audio.AudioIo;
import org.edgeai.kernel.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeldOutPairsTest {
    /** The mixture's noise is the synthesizer's draw for the pair's seed, at the requested SNR on the active speech level. */
    @Test
    void aPairIsTheScaledUtterancePlusTheSeededNoiseAtTheRequestedSnr() {
        float[] speech = new float[16000];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < speech.length; i++) {
            speech[i] = (float) (0.2 * Math.sin(2 * Math.PI * 220 * i / 16000.0) * (i % 4000 < 2000 ? 1 : 0.3) + 0.01 * r.nextGaussian());
        }
        List<float[]> noisePool = List.of(noiseClip(20000, 5), noiseClip(9000, 6));
        MixtureSynthesizer synth = new MixtureSynthesizer(List.of(speech), noisePool, 16000, 0, 0.5);
        float[][] pair = HeldOutPairs.mix(speech, synth, 7.5, new SplittableRandom(11), 16000);
        float[] noise = synth.noise(speech.length, new SplittableRandom(11));
        double peak = 0;
        for (float v : pair[1]) {
            peak = Math.max(peak, Math.abs(v));
        }
        assertEquals(0.5, peak, 1e-6, "clean peak");
        float[] d = new float[speech.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = pair[0][i] - pair[1][i];
        }
        // the difference is the noise draw up to one gain; its power sits 7.5 dB below the active speech power
        double k = dot(d, noise) / dot(noise, noise);
        for (int i = 0; i < d.length; i++) {
            assertEquals(k * noise[i], d[i], 1e-6);
        }
        double snr = 10 * Math.log10(MixtureSynthesizer.activePower(pair[1], 16000) / MixtureSynthesizer.power(d, 0, d.length));
        assertEquals(7.5, snr, 1e-3);
    }

    /** The real set: every dev/test utterance once, speakers disjoint from the train split, readable, reproducible. */
    @Test
    void theSetCoversTheHeldOutSpeakersAndIsReproducible(@TempDir Path dir) throws Exception {
        Path data = TestData.require("asr/librispeech-mini5/dev.tsv").getParent().getParent().getParent();
        HeldOutPairs.Summary a = HeldOutPairs.write(data, dir.resolve("a"), 1.0, 7, 0.5, 16000);
        HeldOutPairs.Summary b = HeldOutPairs.write(data, dir.resolve("b/c"), 1.0, 7, 0.5, 16000); // parent created
        Path corpus = data.resolve("asr/librispeech-mini5");
        int rows = Files.readAllLines(corpus.resolve("dev.tsv")).size() - 1 + Files.readAllLines(corpus.resolve("test.tsv")).size() - 1;
        assertEquals(rows, a.pairs());
        assertEquals(8, a.speakers());
        Set<String> train = new HashSet<>();
        for (String line : Files.readAllLines(corpus.resolve("train.tsv")).subList(1, Files.readAllLines(corpus.resolve("train.tsv")).size())) {
            train.add(line.split("\t")[2]);
        }
        List<String> lines = Files.readAllLines(a.pairsCsv());
        assertEquals("id,source,duration_s,snr_db", lines.get(0));
        assertEquals(rows + 1, lines.size());
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            assertFalse(train.contains(c[0].split("_")[0]), "speaker of " + c[0] + " is in the train split");
            float[] noisy = AudioIo.read(dir.resolve("a/noisy/" + c[0] + ".wav")).monoSamples();
            float[] clean = AudioIo.read(dir.resolve("a/clean/" + c[0] + ".wav")).monoSamples();
            assertEquals(noisy.length, clean.length);
            assertEquals(Double.parseDouble(c[2]), clean.length / 16000.0, 1e-3);
            assertTrue(clean.length <= 16000);
            assertEquals(HeldOutPairs.fileSnrDb(noisy, clean), Double.parseDouble(c[3]), 0.006);
            assertArrayEquals(Files.readAllBytes(dir.resolve("a/noisy/" + c[0] + ".wav")), Files.readAllBytes(dir.resolve("b/c/noisy/" + c[0] + ".wav")));
        }
        assertEquals(a.seconds(), b.seconds());
        // no temporary folder left behind; a non-empty target is refused and left untouched
        try (var s = Files.list(dir)) {
            assertEquals(2, s.count());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeldOutPairs.write(data, dir.resolve("a"), 1.0, 7, 0.5, 16000));
        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
        assertEquals(lines, Files.readAllLines(a.pairsCsv()));
    }

    private static float[] noiseClip(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * (double) b[i];
        }
        return s;
    }
}
