package org.edgeai.asr.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.edgeai.kernel.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {
    @Test
    void readsTheAn4TestManifestAndSpeakers() throws Exception {
        Path m = TestData.require("asr/an4/test.tsv");
        List<Utterance> u = Manifest.read(m);
        assertEquals(130, u.size());
        assertTrue(Files.isRegularFile(u.get(0).audio()));
        var g = Manifest.readGenders(TestData.require("asr/an4/speakers.tsv"));
        assertEquals("F", g.get("fcaw"));
        assertEquals("M", g.get("marh"));
    }

    @Test
    void malformedLinesNameFileAndLine(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.tsv");
        Files.writeString(bad, "path\tduration_s\tspeaker_id\ttranscript\nwav/a.wav\tabc\ts1\thello\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Manifest.read(bad));
        assertTrue(e.getMessage().contains("bad.tsv:2") && e.getMessage().contains("abc"), e.getMessage());
        Files.writeString(bad, "file\tduration\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Manifest.read(bad)).getMessage().contains(":1: bad header"));
        Files.writeString(bad, "path\tduration_s\tspeaker_id\ttranscript\nwav/a.wav\t1.0\ts1\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Manifest.read(bad)).getMessage().contains("4 tab-separated"));
        // found by ParserFuzzTest: a NUL in the path (InvalidPathException without file or line) and a path
        // naming no file (a NullPointerException)
        Files.writeString(bad, "path\tduration_s\tspeaker_id\ttranscript\nwav/a.wav\t1.0\ts1\thi\nwav/\0b.wav\t1.0\ts1\thi\n");
        String nul = assertThrows(IllegalArgumentException.class, () -> Manifest.read(bad)).getMessage();
        assertTrue(nul.contains("bad.tsv:3") && nul.contains("not a valid file path"), nul);
        Files.writeString(bad, "path\tduration_s\tspeaker_id\ttranscript\n/\t1.0\ts1\thi\n");
        String root = assertThrows(IllegalArgumentException.class, () -> Manifest.read(bad)).getMessage();
        assertTrue(root.contains("bad.tsv:2") && root.contains("names no file"), root);
    }

    /** LibriSpeech writes upper case (and editors add a BOM): the references come out as the decoders write. */
    @Test
    void transcriptsAreNormalizedAndAByteOrderMarkIsIgnored(@TempDir Path dir) throws Exception {
        Path m = dir.resolve("upper.tsv");
        Files.writeString(m, "\uFEFFpath\tduration_s\tspeaker_id\ttranscript\nwav/a.wav\t1.5\ts1\t  HELLO   World  DON'T \n");
        Utterance u = Manifest.read(m).get(0);
        assertEquals("hello world don't", u.transcript());
        assertEquals(1.5, u.durationS());
    }

    @Test
    void vocabularyRoundTripsAndRejectsForeignCharacters() {
        int[] ids = CharVocabulary.encode("don't stop");
        assertEquals("don't stop", CharVocabulary.decode(ids, ids.length));
        assertArrayEquals(new int[] {3, 1, 28}, CharVocabulary.encode("a z"));
        assertThrows(IllegalArgumentException.class, () -> CharVocabulary.encode("caf\u00e9"));
    }
}
