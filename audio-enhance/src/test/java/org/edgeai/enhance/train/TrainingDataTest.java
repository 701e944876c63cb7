package org.edgeai.enhance.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.edgeai.kernel.audio.AudioIo;
import org.edgeai.kernel.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingDataTest {
    /** Each AN4 speaker's clip is that speaker's utterances, read one by one from the manifest, end to end. */
    @Test
    void an4ClipsAreTheSpeakersUtterancesConcatenatedInManifestOrder() throws Exception {
        Path an4 = TestData.require("asr/an4/train.tsv").getParent();
        List<float[]> clips = TrainingData.an4BySpeaker(an4, 16000, 2);
        assertEquals(2, clips.size());
        List<String> lines = Files.readAllLines(an4.resolve("train.tsv"));
        List<String> speakers = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String speaker = line.split("\t")[2];
            if (!speakers.contains(speaker)) {
                speakers.add(speaker);
            }
        }
        for (int s = 0; s < 2; s++) {
            List<float[]> parts = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] c = line.split("\t");
                if (c[2].equals(speakers.get(s))) {
                    parts.add(AudioIo.read(an4.resolve(c[0])).monoSamples());
                }
            }
            int n = parts.stream().mapToInt(p -> p.length).sum();
            float[] expected = new float[n];
            int pos = 0;
            for (float[] p : parts) {
                System.arraycopy(p, 0, expected, pos, p.length);
                pos += p.length;
            }
            assertTrue(parts.size() > 3, "speaker " + speakers.get(s) + " has " + parts.size() + " utterances");
            assertArrayEquals(expected, clips.get(s));
        }
        // the whole split: 54 speakers, and the pool with AN4 is the pool without it plus those clips
        Path data = an4.getParent().getParent();
        TrainingData without = TrainingData.load(data, 16000, false, 3, 3);
        TrainingData with = TrainingData.load(data, 16000, false, true, 3, 3);
        assertEquals(without.clean().size() + 3, with.clean().size());
        assertEquals(54, TrainingData.an4BySpeaker(an4, 16000, 0).size());
    }

    @Test
    void aMalformedManifestIsNamed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("train.tsv"), "path\tduration_s\tspeaker_id\ttranscript\nwav/a.wav\t1.0\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingData.an4BySpeaker(dir, 16000, 0));
        assertTrue(e.getMessage().contains("train.tsv:2"), e.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> TrainingData.an4BySpeaker(dir.resolve("nope"), 16000, 0));
        assertTrue(missing.getMessage().contains("missing"), missing.getMessage());
    }
}
