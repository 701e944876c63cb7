package org.edgeai.nas.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Journals resume after a crash mid-write and refuse damage anywhere else. */
class JournalTest {
    private static List<String> rows(Path f) {
        List<String> out = new ArrayList<>();
        Journal.read(f, "network,seed,accuracy", 3, r -> out.add(r[0] + "/" + Long.parseLong(r[1]) + "/" + Double.parseDouble(r[2])));
        return out;
    }

    @Test
    void appendsReadsBackAndSkipsOnlyACutLastLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("j.csv");
        assertEquals(List.of(), rows(f), "an absent journal reads as empty");
        Journal.append(null, "ignored");
        Journal.append(f, "a,1,86.5");
        Journal.append(f, "b,2,87.25");
        assertEquals(List.of("a/1/86.5", "b/2/87.25"), rows(f));
        Files.writeString(f, "\nb,3,8", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(List.of("a/1/86.5", "b/2/87.25"), rows(f), "blank lines are skipped, and so is a last line without "
                + "its line break even when it parses (b,3,87.5 cut to b,3,8)");
        Journal.append(f, "b,3,87.5");
        assertEquals(List.of("a/1/86.5", "b/2/87.25", "b/3/87.5"), rows(f), "the next append removes the cut line first");
        Files.writeString(f, "\nc,4", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(3, rows(f).size(), "a cut last line (too few fields) is skipped");
        Files.writeString(f, "a,1,86.5\nb,x,87\nc,3,1\n");
        var e = assertThrows(IllegalArgumentException.class, () -> rows(f));
        assertTrue(e.getMessage().startsWith(f + ":2: malformed journal line 'b,x,87'"), e.getMessage());
        Files.writeString(f, "a,1,86.5\nb,2,87,9\n");
        assertEquals(1, rows(f).size(), "a malformed last line is skipped whatever is wrong with it");
    }

    @Test
    void aJournalIsBoundToTheSettingsItWasWrittenWith(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.csv");
        Journal.requireSettings(f, "epochs=3 seed=1");
        Journal.append(f, "a,1,86.5");
        Journal.requireSettings(f, "epochs=3 seed=1");
        assertEquals(List.of("a/1/86.5"), rows(f), "the settings line is not a record");
        var e = assertThrows(IllegalArgumentException.class, () -> Journal.requireSettings(f, "epochs=10 seed=1"));
        assertTrue(e.getMessage().contains("'epochs=3 seed=1'") && e.getMessage().contains("'epochs=10 seed=1'"), e.getMessage());
        Path legacy = dir.resolve("legacy.csv");
        Files.writeString(legacy, "a,1,86.5\n");
        Journal.requireSettings(legacy, "epochs=10 seed=1");
        assertEquals(List.of("a/1/86.5"), rows(legacy), "a journal from before settings lines is accepted as it is");
        Journal.requireSettings(f, "");
    }
}
