package org.edgeai.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.edgeai.kernel.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

    @Test
    void everyStepRunsOnRealDataAndImprovesItsInput(@TempDir Path out) throws Exception {
        CliRun r = CliRun.run("demo", "--data-dir", TestData.root().toString(), "--out-dir", out.toString(),
                "--utterances", "3", "--json");
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode steps = Cli.json().readTree(r.out()).get("steps");
        assertEquals(5, steps.size());
        for (JsonNode s : steps) {
            assertTrue(s.get("ok").asBoolean(), s.toString());
        }
        JsonNode slam = steps.get(0).get("result");
        assertTrue(slam.get("final_chi2").asDouble() < slam.get("initial_chi2").asDouble(), slam.toString());
        JsonNode audio = steps.get(1).get("result");
        assertTrue(audio.get("si_sdr_enhanced_db").asDouble() > audio.get("si_sdr_noisy_db").asDouble(), audio.toString());
        assertEquals(3, steps.get(2).get("result").get("utterances").asInt());
        assertTrue(steps.get(2).get("result").get("wer").asDouble() < 0.5, steps.get(2).toString());
        assertTrue(steps.get(3).get("result").get("latency_seconds").asDouble() > 0);
        try (var files = Files.list(out)) {
            assertEquals(3, files.count(), "enhanced WAV, trajectory PNG, layer chart PNG");
        }
    }

    @Test
    void missingDataIsNamedAndFailsTheRun(@TempDir Path empty) {
        CliRun r = CliRun.run("demo", "--data-dir", empty.toString(), "--out-dir", empty.resolve("out").toString());
        assertEquals(1, r.code());
        assertTrue(r.out().contains("missing data file") && r.out().contains("intel.g2o"), r.out());
    }
}
