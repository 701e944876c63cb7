package org.edgeai.platform.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.edgeai.asr.eval.EditDistance;
import org.edgeai.asr.AsrModels;
import org.edgeai.asr.LanguageResources;
import org.edgeai.asr.decode.DecoderConfig;
import org.edgeai.asr.decode.SystemCombination;
import org.edgeai.asr.eval.Evaluator;
import org.edgeai.asr.stream.CombinedRecognizer;
import org.edgeai.kernel.testing.TestData;
import org.edgeai.platform.Cli;
import org.edgeai.platform.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code edgeai asr transcribe --combine}: the CLI wires the combination the API defines, and refuses bad weight lists. */
class AsrCombineCliTest {
    @Test
    void combinedTranscriptEqualsTheApisAndBadWeightListsAreRefused() throws Exception {
        Path wav = TestData.require("asr/an4/wav/fcaw/cen5-fcaw-b.wav");
        CliRun ok = CliRun.run("asr", "transcribe", "--in", wav.toString(), "--combine", "asr-an4-ctc-i8.eaim", "--combine-weight", "0.3",
                "--combine-lm-weight", "0.5", "--combine-word-bonus", "0", "--json");
        assertEquals(0, ok.code(), ok.err());
        JsonNode cli = Cli.json().readTree(ok.out());

        var rec = new CombinedRecognizer(List.of(AsrModels.load(AsrModels.DEFAULT, null), AsrModels.load("asr-an4-ctc-i8.eaim", null)),
                List.of(DecoderConfig.transducerBeam(), DecoderConfig.beamWithLm()),
                LanguageResources.fromManifest(TestData.require("asr/an4/train.tsv")),
                new SystemCombination.Weights(List.of(1.0, 0.3), 0.5, 0));
        String api = Evaluator.transcribe(rec, Evaluator.read16k(wav), 0.1).text();
        assertEquals(api, cli.get("transcript").asText());
        assertTrue(cli.get("decoder").asText().contains("combined"), cli.get("decoder").asText());

        CliRun bad = CliRun.run("asr", "transcribe", "--in", wav.toString(), "--combine", "asr-an4-ctc-i8.eaim", "--combine-weight", "0.3,0.2");
        assertNotEquals(0, bad.code());
        assertTrue(bad.err().contains("--combine-weight"), bad.err());
    }

    @Test
    void dumpedPoolsReproduceTheSweepsErrorCount(@TempDir Path dir) throws Exception {
        Path an4 = TestData.require("asr/an4/test.tsv").getParent();
        List<String> lines = Files.readAllLines(an4.resolve("test.tsv"));
        StringBuilder m = new StringBuilder(lines.get(0)).append('\n');
        for (String l : lines.subList(1, 4)) {
            m.append(an4.resolve(l.substring(0, l.indexOf('\t')))).append(l.substring(l.indexOf('\t'))).append('\n');
        }
        Path manifest = dir.resolve("three.tsv");
        Files.writeString(manifest, m);
        Path dump = dir.resolve("pools.json");
        CliRun r = CliRun.run("asr", "tune", "--manifest", manifest.toString(), "--combine", "asr-an4-ctc-i8.eaim", "--combine-weight", "0.7",
                "--lm-weight", "0.7", "--word-bonus", "0", "--dump-pools", dump.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        int sweepErrors = Cli.json().readTree(r.out()).get(0).get("word_errors").asInt();
        JsonNode utts = Cli.json().readTree(dump.toFile());
        assertEquals(3, utts.size());
        int errors = 0;
        for (int i = 0; i < 3; i++) {
            JsonNode u = utts.get(i);
            String[] f = lines.get(i + 1).split("\t");
            assertEquals(f[3].trim(), u.get("reference").asText());
            StringBuilder hyp = new StringBuilder();
            for (JsonNode pool : u.get("finals")) {
                // the combined score by hand: 1 x primary + 0.7 x secondary log-likelihood + 0.7 x LM log-probability
                JsonNode best = null;
                double bestScore = Double.NEGATIVE_INFINITY;
                for (JsonNode c : pool) {
                    double s = c.get("log_likelihoods").get(0).asDouble() + 0.7 * c.get("log_likelihoods").get(1).asDouble()
                            + 0.7 * c.get("lm_log_prob").asDouble();
                    if (best == null || s > bestScore) {
                        best = c;
                        bestScore = s;
                    }
                }
                if (best != null && !best.get("text").asText().isEmpty()) {
                    hyp.append(hyp.length() > 0 ? " " : "").append(best.get("text").asText());
                }
            }
            errors += EditDistance.words(u.get("reference").asText(), hyp.toString()).errors();
        }
        assertEquals(sweepErrors, errors);
    }
}
