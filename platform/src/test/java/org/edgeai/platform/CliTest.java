package org.edgeai.platform;

import static org.edgeai.platform.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.edgeai.kernel.ops.Kernels;
import org.edgeai.kernel.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
    @Test
    void infoJsonReportsKernelsAndDatasets() throws Exception {
        Path data = TestData.root();
        CliRun r = run("--data-dir", data.toString(), "info", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = Cli.json().readTree(r.out());
        assertEquals(Kernels.best().name(), j.get("kernels").asText());
        assertEquals(Kernels.best().vectorBits(), j.get("simd_bits").asInt());
        assertEquals(data.toString(), j.get("data_dir").asText());
        assertEquals(6, j.get("datasets").size());
        for (JsonNode d : j.get("datasets")) {
            assertTrue(d.get("present").asBoolean(), d.toString());
        }
        // the option is inherited: it may also follow the subcommand
        CliRun after = run("info", "--json", "--data-dir", data.toString());
        assertEquals(data.toString(), Cli.json().readTree(after.out()).get("data_dir").asText());
    }

    @Test
    void infoReportsMissingDatasets(@TempDir Path empty) {
        CliRun r = run("info", "--data-dir", empty.toString());
        assertEquals(0, r.code());
        assertTrue(r.out().contains("missing"), r.out());
    }

    /** Every command's help renders without picocli format warnings (a bare '%' in a description breaks it). */
    @Test
    void everyHelpPageFormatsCleanly() {
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        StringBuilder pages = new StringBuilder();
        try {
            System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
            java.util.ArrayDeque<CommandLine> todo = new java.util.ArrayDeque<>(java.util.List.of(Cli.newCommandLine()));
            while (!todo.isEmpty()) {
                CommandLine c = todo.pop();
                pages.append(c.getUsageMessage());
                todo.addAll(c.getSubcommands().values());
            }
        } finally {
            System.setErr(saved);
        }
        String warnings = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(!warnings.contains("WARN"), warnings);
        assertTrue(pages.toString().contains("seed-table"), "the walk reached the nas subcommands");
    }

    /** A message limit that does not fit gRPC's int of bytes is refused before any server starts (was: silently wrapped). */
    @Test
    void serveRefusesAMessageLimitBeyondTwoGiB() {
        for (String mib : new String[] {"0", "2048", "5000"}) {
            CliRun r = run("serve", "--port", "0", "--max-message-mib", mib);
            assertEquals(2, r.code(), mib + ": " + r.out() + r.err());
            assertTrue(r.err().contains("--max-message-mib must be in [1, 2047], got " + mib), r.err());
        }
    }

    @Test
    void unknownCommandIsAUsageError() {
        CliRun r = run("no-such-command");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no-such-command"), r.err());
    }

    /**
     * A binary file given where text is expected (g2o, manifest, CSV table, topology) is reported
     * as one line naming the file and the problem, not as the JDK's "Input length = 1" or a stack trace.
     */
    @Test
    void binaryFilesWhereTextIsExpectedGetOneClearLine(@TempDir Path dir) throws Exception {
        byte[] junk = new byte[4096];
        new java.util.SplittableRandom(7).nextBytes(junk);
        junk[10] = (byte) 0xFF; // never valid in UTF-8, whatever the random bytes around it
        String[][] commands = {
            {"slam", "optimize", "--input", "%s.g2o"},
            {"asr", "transcribe", "--manifest", "%s.tsv"},
            {"denoise", "eval", "--pairs", "%s.csv"},
            {"nas", "estimate", "--space", "nb201", "--device", "pixel3", "--train", "%s.csv", "--predict", "%s.csv"},
            {"sim", "-t", "%s.csv"},
        };
        for (String[] c : commands) {
            String[] args = c.clone();
            String file = null;
            for (int i = 0; i < args.length; i++) {
                if (args[i].startsWith("%s")) {
                    file = dir.resolve("junk" + args[i].substring(2)).toString();
                    java.nio.file.Files.write(Path.of(file), junk);
                    args[i] = file;
                }
            }
            CliRun r = run(args);
            String cmd = String.join(" ", c);
            assertEquals(1, r.code(), cmd + ": " + r.err());
            assertTrue(r.err().contains(file) && r.err().contains("not UTF-8 text"), cmd + ": " + r.err());
            assertTrue(!r.err().contains("unexpected error") && !r.err().contains("\tat "), cmd + ": " + r.err());
        }
    }
}
