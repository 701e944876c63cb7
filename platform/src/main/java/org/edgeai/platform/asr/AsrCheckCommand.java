package org.edgeai.platform.asr;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.edgeai.asr.data.Manifest;
import org.edgeai.asr.data.ManifestCheck;
import org.edgeai.platform.Cli;
import org.edgeai.platform.JsonOption;
import org.edgeai.platform.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgeai asr check}: manifest durations against the decoded audio (s), with speaking rates
 * (words/s).
 *
 * @implNote Single-use picocli command object; not thread-safe.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Decode every file of a manifest and compare its duration with duration_s; print mismatches with "
                + "words per second under both durations (read speech: about 2-3.5 words/s).")
public final class AsrCheckCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Mixin
    private JsonOption json;
    @Option(names = "--manifest", required = true, paramLabel = "FILE.tsv", description = "Manifest to check.")
    private Path manifest;
    @Option(names = "--tolerance-s", defaultValue = "0.05", description = "Allowed duration difference. Default: ${DEFAULT-VALUE}.")
    private double tolerance;

    @Override
    public Integer call() throws Exception {
        ManifestCheck.Report r = ManifestCheck.check(Manifest.read(manifest), tolerance, (t, d, n, x) -> { });
        if (json.json()) {
            Cli.printJson(spec, r);
            return 0;
        }
        TextTable t = new TextTable("utterance", "manifest s", "audio s", "words", "words/s (manifest)", "words/s (audio)");
        for (ManifestCheck.Entry e : r.entries()) {
            if (e.mismatch()) {
                t.row(e.id(), String.format("%.3f", e.manifestS()), String.format("%.3f", e.audioS()), e.words(),
                        String.format("%.2f", e.wordsPerSecondManifest()), String.format("%.2f", e.wordsPerSecondAudio()));
            }
        }
        var out = spec.commandLine().getOut();
        out.println(t);
        out.printf("%d of %d utterances disagree with the audio by more than %.3f s; consistent ones speak %.2f words/s on average%n",
                r.mismatches(), r.utterances(), tolerance, r.meanRateConsistent());
        return 0;
    }
}
