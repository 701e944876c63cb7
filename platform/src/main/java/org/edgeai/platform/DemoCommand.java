package org.edgeai.platform;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.edgeai.enhance.metrics.SiSdr;
import org.edgeai.kernel.audio.AudioClip;
import org.edgeai.kernel.audio.AudioIo;
import org.edgeai.kernel.io.TextFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code edgeai demo}: one short run of every capability on real data from the data directory, so a
 * newcomer sees the platform work end to end in well under a minute. Each step runs the same
 * subcommand a user would type (shown in the output), reads its {@code --json} result and prints one
 * line; files (enhanced WAV, trajectory plot, per-layer latency chart) go to {@code --out-dir}.
 *
 * <p>Steps: {@code slam optimize} on {@code slam/pgo2d/intel.g2o}; {@code denoise} on the first
 * {@code audio/dev} pair, scored by SI-SDR against its clean reference before and after;
 * {@code asr transcribe} on the first {@code --utterances} entries of {@code asr/an4/test.tsv};
 * {@code sim} of MobileNetV2 on the {@code npu-small} preset; {@code nas rules} on the Fashion-MNIST
 * baseline network. A step whose data is missing or that fails is reported as such (naming the
 * missing file or the error) and the exit code is 1; the other steps still run.
 *
 * @implNote Single-use picocli command object; not thread-safe.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run every capability once on real data (SLAM, denoising, speech recognition, NPU simulation, "
                + "NAS expert rules) and print one line per step; files go to --out-dir.")
public final class DemoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Mixin
    private JsonOption json;

    @Option(names = "--out-dir", paramLabel = "DIR",
            description = "Where the enhanced WAV and the plots go (default: a new temporary directory).")
    private Path outDir;

    @Option(names = "--utterances", defaultValue = "5",
            description = "AN4 test utterances to transcribe (default ${DEFAULT-VALUE}).")
    private int utterances;

    /**
     * One demo step.
     *
     * @param capability module exercised
     * @param command    the equivalent command line (data paths relative to the data directory)
     * @param ok         whether the step ran and produced a result
     * @param summary    one human-readable line (the error when {@code ok} is false)
     * @param seconds    wall-clock seconds of the step
     * @param result     the step's key figures (JSON object), empty when it failed
     */
    public record Step(String capability, String command, boolean ok, String summary, double seconds, JsonNode result) {
    }

    /** @param outDir where files were written @param steps every step, in order */
    public record Demo(String outDir, List<Step> steps) {
    }

    /**
     * Runs every step and prints the table (or {@code --json}).
     *
     * @return 0 if every step succeeded, else 1
     * @throws CommandLine.ParameterException if {@code --utterances} is outside 1..130
     * @throws IOException                    if the output directory cannot be created
     */
    @Override
    public Integer call() throws IOException {
        if (utterances < 1 || utterances > 130) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--utterances must be in 1..130, got " + utterances);
        }
        Path data = Cli.dataDir(spec);
        Path out = outDir != null ? Files.createDirectories(outDir) : Files.createTempDirectory("edgeai-demo-");
        List<Step> steps = new ArrayList<>();
        steps.add(slam(data, out));
        steps.add(denoise(data, out));
        steps.add(asr(data));
        steps.add(sim(out));
        steps.add(nas());
        Demo demo = new Demo(out.toString(), steps);
        if (json.json()) {
            Cli.printJson(spec, demo);
        } else {
            PrintWriter w = spec.commandLine().getOut();
            TextTable t = new TextTable("capability", "result", "s");
            for (Step s : steps) {
                t.row(s.capability(), (s.ok() ? "" : "FAILED: ") + s.summary(), String.format(Locale.ROOT, "%.1f", s.seconds()));
            }
            w.print(t);
            w.printf("files in %s%n", out);
            for (Step s : steps) {
                w.printf("  $ ./edgeai %s%n", s.command());
            }
            w.flush();
        }
        return steps.stream().allMatch(Step::ok) ? 0 : 1;
    }

    private Step slam(Path data, Path out) {
        Path g2o = data.resolve("slam/pgo2d/intel.g2o");
        String cmd = "slam optimize --input slam/pgo2d/intel.g2o --plot trajectory.png";
        return step("slam", cmd, List.of(g2o), () -> {
            JsonNode j = run("slam", "optimize", "--input", g2o.toString(), "--plot", out.resolve("intel-trajectory.png").toString(), "--json");
            String line = String.format(Locale.ROOT, "Intel Research Lab pose graph (%s): chi2 %.1f -> %.2f in %d iterations, %s",
                    j.path("description").asText(), j.path("initial_chi2").asDouble(), j.path("final_chi2").asDouble(),
                    j.path("iterations").asInt(), j.path("status").asText());
            return new Outcome(line, pick(j, "initial_chi2", "final_chi2", "iterations", "status", "solver"));
        });
    }

    private Step denoise(Path data, Path out) {
        Path pairs = data.resolve("audio/dev/pairs.csv");
        return step("audio-enhance", "denoise --in audio/dev/noisy/<first pair>.wav --out enhanced.wav", List.of(pairs), () -> {
            String id = TextFiles.readLines(pairs).get(1).split(",")[0].strip();
            Path noisy = data.resolve("audio/dev/noisy/" + id + ".wav");
            Path clean = data.resolve("audio/dev/clean/" + id + ".wav");
            Path enhanced = out.resolve(id + "-enhanced.wav");
            JsonNode j = run("denoise", "--in", noisy.toString(), "--out", enhanced.toString(), "--json");
            float[] ref = AudioIo.read(clean).monoSamples();
            double before = SiSdr.compute(ref, trim(AudioIo.read(noisy), ref.length));
            double after = SiSdr.compute(ref, trim(AudioIo.read(enhanced), ref.length));
            String line = String.format(Locale.ROOT, "%s (%.1f s): SI-SDR %.2f dB -> %.2f dB, int8 network, %.4f CPU s per audio s (cold JVM)",
                    id, j.path("duration_s").asDouble(), before, after, j.path("cpu_seconds_per_audio_second").asDouble());
            var r = Cli.json().createObjectNode().put("pair", id).put("si_sdr_noisy_db", before).put("si_sdr_enhanced_db", after)
                    .put("cpu_seconds_per_audio_second", j.path("cpu_seconds_per_audio_second").asDouble());
            return new Outcome(line, r);
        });
    }

    private Step asr(Path data) {
        Path manifest = data.resolve("asr/an4/test.tsv");
        String cmd = "asr transcribe --manifest asr/an4/test.tsv --limit " + utterances + " --utterances";
        return step("asr-edge", cmd, List.of(manifest), () -> {
            JsonNode j = run("asr", "transcribe", "--manifest", manifest.toString(), "--limit", Integer.toString(utterances), "--json");
            JsonNode c = j.path("corpus");
            JsonNode first = j.path("utterances").path(0);
            String line = String.format(Locale.ROOT, "AN4 test, %d utterances: WER %.1f%% (%d errors / %d words), e.g. \"%s\"",
                    c.path("utterances").asInt(), 100 * c.path("wer").asDouble(), c.path("word_errors").asInt(),
                    c.path("reference_words").asInt(), first.path("hypothesis").asText());
            return new Outcome(line, Cli.json().createObjectNode().put("model", j.path("model").asText())
                    .put("utterances", c.path("utterances").asInt()).put("wer", c.path("wer").asDouble())
                    .put("cpu_seconds_per_audio_second", j.path("cpu_seconds_per_audio_second").asDouble()));
        });
    }

    private Step sim(Path out) {
        return step("accelerator-sim", "sim -t mobilenetv2 --config npu-small --plot layers.png", List.of(), () -> {
            JsonNode r = run("sim", "-t", "mobilenetv2", "--config", "npu-small", "--plot",
                    out.resolve("mobilenetv2-npu-small.png").toString(), "--json").path("report");
            String line = String.format(Locale.ROOT, "MobileNetV2 on npu-small (%s): %.3f ms, %.1f M MAC, utilization %.0f%%, "
                            + "peak activations %.2f MB",
                    r.path("array_description").asText(), 1e3 * r.path("latency_seconds").asDouble(), r.path("macs").asDouble() / 1e6,
                    100 * r.path("utilization").asDouble(), r.path("peak_activation_bytes").asDouble() / 1e6);
            return new Outcome(line, pick(r, "latency_seconds", "macs", "utilization", "peak_activation_bytes", "parameter_bytes"));
        });
    }

    private Step nas() {
        return step("nas", "nas rules", List.of(), () -> {
            JsonNode rules = run("nas", "rules", "--json");
            JsonNode first = rules.path(0).path("before");
            JsonNode last = rules.path(rules.size() - 1).path("after");
            double before = first.path("latency_ms").asDouble();
            double after = last.path("latency_ms").asDouble();
            List<String> each = new ArrayList<>();
            for (JsonNode rule : rules) {
                String changes = rule.path("changes").asText();
                double b = rule.path("before").path("latency_ms").asDouble();
                double a = rule.path("after").path("latency_ms").asDouble();
                String what = changes.startsWith("reverted") ? changes.replaceAll("^reverted: .* would cost ", "reverted, would cost ")
                        : changes.startsWith("none") ? changes
                        : String.format(Locale.ROOT, "%+.1f%% latency", 100 * (a - b) / b);
                each.add(rule.path("rule").asText() + ": " + what);
            }
            String line = String.format(Locale.ROOT, "expert rules on the Fashion-MNIST IBN baseline (NPU %.4f -> %.4f ms): %s",
                    before, after, String.join("; ", each));
            return new Outcome(line, Cli.json().createObjectNode().put("latency_before_ms", before).put("latency_after_ms", after)
                    .put("rules", rules.size()));
        });
    }

    private record Outcome(String summary, JsonNode result) {
    }

    @FunctionalInterface
    private interface Body {
        Outcome run() throws Exception;
    }

    private static Step step(String capability, String command, List<Path> needs, Body body) {
        long t0 = System.nanoTime();
        for (Path p : needs) {
            if (!Files.isRegularFile(p)) {
                return new Step(capability, command, false, "missing data file " + p + " (pass --data-dir or set EDGEAI_DATA)",
                        0, Cli.json().createObjectNode());
            }
        }
        try {
            Outcome o = body.run();
            return new Step(capability, command, true, o.summary(), (System.nanoTime() - t0) / 1e9, o.result());
        } catch (Exception e) {
            return new Step(capability, command, false, e.getMessage() == null ? e.toString() : e.getMessage(),
                    (System.nanoTime() - t0) / 1e9, Cli.json().createObjectNode());
        }
    }

    /** Runs a subcommand in-process with captured output and returns its parsed JSON. */
    private JsonNode run(String... args) throws IOException {
        CommandLine cl = Cli.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--data-dir");
        all.add(Cli.dataDir(spec).toString());
        int code = cl.execute(all.toArray(String[]::new));
        if (code != 0) {
            String e = err.toString().strip();
            throw new IOException("'edgeai " + String.join(" ", args) + "' exited with " + code
                    + (e.isEmpty() ? "" : ": " + e.lines().reduce((a, b) -> b).orElse("")));
        }
        return Cli.json().readTree(out.toString());
    }

    private static JsonNode pick(JsonNode j, String... fields) {
        var o = Cli.json().createObjectNode();
        for (String f : fields) {
            o.set(f, j.path(f));
        }
        return o;
    }

    private static float[] trim(AudioClip clip, int length) {
        float[] x = clip.monoSamples();
        return java.util.Arrays.copyOf(x, length);
    }
}
