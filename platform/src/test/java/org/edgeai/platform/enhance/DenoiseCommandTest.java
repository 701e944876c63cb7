package org.edgeai.platform.enhance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.audio.AudioClip;
import org.edgeai.kernel.audio.AudioIo;
import org.edgeai.kernel.testing.TestData;
import org.edgeai.platform.Cli;
import org.edgeai.enhance.model.PercepNetModel;
import org.edgeai.enhance.train.PercepNetTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DenoiseCommandTest {

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Cli.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute(args);
        return new String[] {Integer.toString(rc), out.toString(), err.toString()};
    }

    private static Path model(Path dir) throws Exception {
        Path m = dir.resolve("m.eaim");
        EnhanceGrpcServiceTest.randomModel().toModelFile("test", DType.I8).write(m);
        return m;
    }

    @Test
    void badInputsGetAClearErrorAndNoOutput(@TempDir Path tmp) throws Exception {
        Path m = model(tmp);
        Path out = tmp.resolve("out.wav");
        Path empty = Files.createFile(tmp.resolve("empty.wav"));
        byte[] good = AudioIo.toWavBytes(AudioClip.mono(new float[1600], 16000), AudioIo.WavEncoding.PCM16);
        Path truncatedHeader = Files.write(tmp.resolve("trunc.wav"), Arrays.copyOf(good, 20));
        Path truncatedData = Files.write(tmp.resolve("short.wav"), Arrays.copyOf(good, good.length - 1000));
        Path text = Files.writeString(tmp.resolve("text.wav"), "this is not audio at all, just text padding padding padding");
        // float WAV with a NaN sample
        byte[] f = AudioIo.toWavBytes(AudioClip.mono(new float[160], 16000), AudioIo.WavEncoding.FLOAT32);
        ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN).putFloat(f.length - 4 * 10, Float.NaN);
        Path nan = Files.write(tmp.resolve("nan.wav"), f);
        for (Path bad : new Path[] {empty, truncatedHeader, truncatedData, text, nan, tmp.resolve("missing.wav")}) {
            String[] r = run("denoise", "--in", bad.toString(), "--out", out.toString(), "--model", m.toString());
            assertEquals("1", r[0], bad + ": " + r[2]);
            assertTrue(r[2].startsWith("edgeai: ") && r[2].contains(bad.getFileName().toString()), r[2]);
            assertFalse(r[2].contains("\tat "), "no stack trace for bad input: " + r[2]);
            assertFalse(Files.exists(out), "nothing written for " + bad);
        }
        String[] r = run("denoise", "--in", tmp.resolve("x.wav").toString());
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("--out"), r[2]);
    }

    @Test
    void enhancesAStereoFlacAndWavAndReportsJson(@TempDir Path tmp) throws Exception {
        Path m = model(tmp);
        Path flac = TestData.require("asr/librispeech-mini5/flac/19/19-198-0000.flac");
        Path out = tmp.resolve("flac-out.wav");
        String[] r = run("denoise", "--in", flac.toString(), "--out", out.toString(), "--model", m.toString(), "--json");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("\"processing_rate_hz\" : 16000") && r[1].contains("\"delay_ms\" : 30.0"), r[1]);
        assertEquals(AudioIo.read(flac).frames(), AudioIo.read(out).frames());
        // stereo 48 kHz: downmixed, resampled to 16 kHz and back
        float[] l = new float[48000];
        float[] rr = new float[48000];
        for (int i = 0; i < l.length; i++) {
            l[i] = (float) (0.2 * Math.sin(i * 0.03));
            rr[i] = -l[i] * 0.5f;
        }
        Path st = tmp.resolve("stereo.wav");
        AudioIo.writeWav(st, new AudioClip(48000, new float[][] {l, rr}), AudioIo.WavEncoding.PCM24);
        Path out2 = tmp.resolve("stereo-out.wav");
        r = run("denoise", "--in", st.toString(), "--out", out2.toString(), "--model", m.toString());
        assertEquals("0", r[0], r[2]);
        AudioClip c = AudioIo.read(out2);
        assertEquals(48000, c.sampleRateHz());
        assertEquals(1, c.channelCount());
        assertEquals(48000, c.frames());
        assertTrue(r[1].contains("resampled"), r[1]);
    }

    /**
     * The post-filter follows the model's metadata unless {@code --post-filter} overrides it, and the file is what the
     * enhancer configured that way produces (the two settings give different files).
     */
    @Test
    void thePostFilterFollowsTheModelUnlessOverridden(@TempDir Path tmp) throws Exception {
        PercepNetModel base = EnhanceGrpcServiceTest.randomModel();
        Path on = tmp.resolve("on.eaim");
        Path off = tmp.resolve("off.eaim");
        base.toModelFile("test", DType.I8).write(on);
        base.withPostFilter(false).toModelFile("test", DType.I8).write(off);
        float[] x = AudioIo.read(TestData.require("audio/dev/noisy/p232_003.wav")).monoSamples();
        x = Arrays.copyOf(x, 16000);
        Path in = tmp.resolve("in.wav");
        AudioIo.writeWav(in, AudioClip.mono(x, 16000), AudioIo.WavEncoding.FLOAT32);
        Map<String, float[]> outs = new HashMap<>();
        String[][] cases = {{"on", on.toString(), "model"}, {"off", off.toString(), "model"}, {"off", on.toString(), "off"},
                {"on", off.toString(), "on"}};
        for (String[] c : cases) {
            Path out = tmp.resolve(c[0] + "-" + c[2] + "-" + Path.of(c[1]).getFileName() + ".wav");
            String[] r = run("denoise", "--in", in.toString(), "--out", out.toString(), "--model", c[1], "--post-filter", c[2],
                    "--encoding", "FLOAT32", "--json");
            assertEquals("0", r[0], r[2]);
            assertTrue(r[1].contains("\"post_filter\" : " + c[0].equals("on")), r[1]);
            float[] y = AudioIo.read(out).monoSamples();
            PercepNetModel m = PercepNetModel.read(Path.of(c[1]));
            float[] expected = org.edgeai.enhance.Enhancement.enhanceAligned(new org.edgeai.enhance.PercepNetEnhancer(
                    org.edgeai.enhance.EnhancerConfig.forModel(m, DType.I8).withPostFilter(c[0].equals("on")), m), x);
            assertEquals(expected.length, y.length);
            for (int i = 0; i < y.length; i++) {
                assertEquals(expected[i], y[i], 1e-6, c[2] + " " + c[1] + " sample " + i);
            }
            float[] prev = outs.putIfAbsent(c[0], y);
            if (prev != null) {
                assertTrue(Arrays.equals(prev, y), "same setting, same output");
            }
        }
        assertFalse(Arrays.equals(outs.get("on"), outs.get("off")));
        String[] r = run("denoise", "--in", in.toString(), "--out", tmp.resolve("x.wav").toString(), "--model", on.toString(),
                "--post-filter", "maybe");
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("--post-filter must be model, on or off"), r[2]);
    }

    /** {@code denoise ablate} on one real pair: every mix and every band in the JSON, a table otherwise. */
    @Test
    void ablateReportsMixesAndBandBias(@TempDir Path tmp) throws Exception {
        Path dev = TestData.require("audio/dev/pairs.csv").getParent();
        Path d = Files.createDirectories(tmp.resolve("dev"));
        Files.createSymbolicLink(d.resolve("noisy"), dev.resolve("noisy"));
        Files.createSymbolicLink(d.resolve("clean"), dev.resolve("clean"));
        Files.writeString(d.resolve("pairs.csv"), "id,source,duration_s,snr_db\np257_054,x,2.159,1.08\n");
        String[] r = run("denoise", "ablate", "--pairs", d.resolve("pairs.csv").toString(), "--json");
        assertEquals("0", r[0], r[2]);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r[1]);
        assertEquals(org.edgeai.enhance.eval.GainDiagnostics.MIXES.size(), json.get("mixes").size());
        assertEquals(25, json.get("bias").get("bands").size());
        assertTrue(json.get("mixes").get(0).get("mean").get("si_sdr_db").isNumber(), r[1]);
        String[] t = run("denoise", "ablate", "--pairs", d.resolve("pairs.csv").toString());
        assertEquals("0", t[0], t[2]);
        assertTrue(t[1].contains("model gains without over-suppression") && t[1].contains("mean error dB"), t[1]);
        String[] s = run("denoise", "ablate", "--synthetic", "2", "--json");
        assertEquals("0", s[0], s[2]);
        var sj = new com.fasterxml.jackson.databind.ObjectMapper().readTree(s[1]);
        assertEquals(2, sj.get("mixtures").asInt());
        assertEquals(6, sj.get("bias").get("calibration").size());
        String[] both = run("denoise", "ablate", "--synthetic", "2", "--pairs", d.resolve("pairs.csv").toString());
        assertEquals("1", both[0]);
        assertTrue(both[2].contains("either --pairs"), both[2]);
    }

    /** {@code denoise calibrate}: writes a calibrated model that loads, and reports the held-out check. */
    @Test
    void calibrateWritesACalibratedModel(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("cal.eaim");
        String[] r = run("denoise", "calibrate", "--out", out.toString(), "--fit-mixtures", "2", "--test-mixtures", "1", "--json");
        assertEquals("0", r[0], r[2]);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r[1]);
        assertEquals(1, json.get("test_mixtures").asInt());
        assertTrue(json.get("with_calibration").get("estoi").isNumber(), r[1]);
        var m = org.edgeai.enhance.model.PercepNetModel.read(out);
        assertEquals(25, m.calibration().bands());
        assertEquals(DType.I8, m.storedType());
    }

    @Test
    void syntheticMixturesFollowTheModelsRecipeUnlessOverridden() {
        PercepNetModel.Architecture arch = PercepNetModel.Architecture.defaults(25);
        Map<String, float[]> w = new HashMap<>();
        arch.shapes().forEach((n, shape) -> w.put(n, new float[org.edgeai.kernel.Tensor.numel(shape)]));
        PercepNetModel plain = PercepNetModel.of(arch, 16000, w, Map.of());
        assertEquals(0, DenoiseCommand.rumbleOf(plain, null));
        assertEquals(0.3, DenoiseCommand.rumbleOf(plain, 0.3));
        PercepNetModel rumbled = PercepNetModel.of(arch, 16000, w, Map.of(PercepNetTrainer.RUMBLE_PROBABILITY_KEY, "0.5"));
        assertEquals(0.5, DenoiseCommand.rumbleOf(rumbled, null));
        assertEquals(0.0, DenoiseCommand.rumbleOf(rumbled, 0.0));
        PercepNetModel bad = PercepNetModel.of(arch, 16000, w, Map.of(PercepNetTrainer.RUMBLE_PROBABILITY_KEY, "lots"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DenoiseCommand.rumbleOf(bad, null));
        assertTrue(e.getMessage().contains("rumble_probability"), e.getMessage());
    }
}
