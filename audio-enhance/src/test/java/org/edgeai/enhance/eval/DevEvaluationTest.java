package org.edgeai.enhance.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.edgeai.enhance.model.PercepNetModel;
import org.edgeai.enhance.testing.Models;
import org.edgeai.kernel.Progress;
import org.edgeai.kernel.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevEvaluationTest {
    /** The real dev folder. */
    private static Path dev() {
        return TestData.require("audio/dev/pairs.csv").getParent();
    }

    /**
     * A dev folder in {@code tmp} whose noisy/ and clean/ are symbolic links to the real ones (the
     * audio is not copied) and whose pairs.csv holds {@code rows} (header first).
     */
    private static Path devSlice(Path tmp, List<String> rows) throws Exception {
        Path d = Files.createDirectories(tmp.resolve("dev"));
        Files.createSymbolicLink(d.resolve("noisy"), dev().resolve("noisy"));
        Files.createSymbolicLink(d.resolve("clean"), dev().resolve("clean"));
        Files.write(d.resolve("pairs.csv"), rows);
        return d;
    }

    /** Two real dev pairs: the oracle progression is ordered as expected and unit gains leave the input unchanged. */
    @Test
    void oracleCeilingsAndBaselineBehaveOnRealPairs(@TempDir Path tmp) throws Exception {
        List<String> lines = Files.readAllLines(dev().resolve("pairs.csv"));
        // a low-SNR and a high-SNR pair
        List<String> sel = new ArrayList<>();
        sel.add(lines.get(0));
        sel.add(lines.stream().skip(1).filter(l -> Double.parseDouble(l.split(",")[3]) < 3).findFirst().orElseThrow());
        sel.add(lines.stream().skip(1).filter(l -> Double.parseDouble(l.split(",")[3]) > 10).findFirst().orElseThrow());
        Path d = devSlice(tmp, sel);
        PercepNetModel unity = Models.constant(30f, -30f);
        List<String> plotted = new ArrayList<>();
        DevEvaluation.Report r = DevEvaluation.run(d.resolve("pairs.csv"), unity, unity, Progress.NONE,
                (id, s) -> plotted.add(id + ":" + s.size()));
        assertEquals(2, r.files().size());
        assertEquals(2, plotted.size());
        Map<String, DevEvaluation.Scores> m = r.systems().stream()
                .collect(Collectors.toMap(DevEvaluation.SystemSummary::system, DevEvaluation.SystemSummary::mean));
        DevEvaluation.Scores noisy = m.get("noisy");
        // unit gains: output = input (within float rounding), so identical scores
        assertEquals(noisy.siSdrDb(), m.get("percepnet_int8").siSdrDb(), 1e-3);
        assertEquals(noisy.stoi(), m.get("percepnet_f32").stoi(), 1e-4);
        assertTrue(m.get("oracle_bin_magnitudes").siSdrDb() > m.get("oracle_band_gains").siSdrDb());
        assertTrue(m.get("oracle_band_gains").siSdrDb() > noisy.siSdrDb() + 5, "band-gain oracle " + m.get("oracle_band_gains"));
        assertTrue(m.get("oracle_band_gains").estoi() > noisy.estoi());
        assertTrue(m.get("mmse_lsa").segSnrDb() > noisy.segSnrDb(), "MMSE-LSA " + m.get("mmse_lsa") + " vs " + noisy);
        assertTrue(r.systems().stream().filter(s -> s.system().startsWith("percepnet")).allMatch(s -> s.cpuSecondsPerAudioSecond() > 0));
        Files.writeString(Path.of("target/dev-eval-smoke.txt"), r.systems().toString());
    }

    @Test
    void malformedPairsFilesNameTheLine(@TempDir Path tmp) throws Exception {
        Path p = tmp.resolve("pairs.csv");
        Files.writeString(p, "id,source,duration_s,snr_db\np1,x,1.0\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DevEvaluation.readPairs(p));
        assertTrue(e.getMessage().contains("pairs.csv:2"), e.getMessage());
        Files.writeString(p, "wrong header\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DevEvaluation.readPairs(p)).getMessage().contains(":1:"));
    }

    /** An external system whose outputs are the noisy files scores exactly as the noisy input; bad outputs are named. */
    @Test
    void externalOutputsAreScoredBesideTheModel(@TempDir Path tmp) throws Exception {
        Path dev = dev();
        List<String> lines = Files.readAllLines(dev.resolve("pairs.csv"));
        Path d = devSlice(tmp, List.of(lines.get(0), lines.get(1)));
        String id = lines.get(1).split(",")[0];
        PercepNetModel unity = Models.constant(30f, -30f);
        DevEvaluation.Report r = DevEvaluation.run(d.resolve("pairs.csv"), unity, unity,
                new java.util.LinkedHashMap<>(Map.of("peer", dev.resolve("noisy"))), Progress.NONE, null);
        assertEquals("peer", r.systems().get(r.systems().size() - 1).system());
        assertEquals(r.files().get(0).systems().get("noisy"), r.files().get(0).systems().get("peer"));
        assertEquals(-1, r.systems().get(r.systems().size() - 1).cpuSecondsPerAudioSecond());

        Path shortDir = Files.createDirectories(tmp.resolve("short"));
        org.edgeai.kernel.audio.AudioIo.writeWav(shortDir.resolve(id + ".wav"),
                new org.edgeai.kernel.audio.AudioClip(16000, new float[][] {new float[1600]}), org.edgeai.kernel.audio.AudioIo.WavEncoding.PCM16);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DevEvaluation.run(d.resolve("pairs.csv"), unity,
                unity, Map.of("peer", shortDir), Progress.NONE, null));
        assertTrue(e.getMessage().contains(id + ".wav") && e.getMessage().contains("1600 samples"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DevEvaluation.run(d.resolve("pairs.csv"), unity, unity,
                Map.of("peer", tmp.resolve("missing")), Progress.NONE, null));
        assertTrue(e.getMessage().contains("no output"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DevEvaluation.run(d.resolve("pairs.csv"), unity, unity,
                Map.of("noisy", dev.resolve("noisy")), Progress.NONE, null));
    }
}
