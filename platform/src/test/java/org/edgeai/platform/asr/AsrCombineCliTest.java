package org.edgeai.platform.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
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
}
