package org.edgeai.enhance.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.edgeai.kernel.audio.AudioClip;
import org.edgeai.kernel.audio.AudioIo;
import org.edgeai.kernel.io.TextFiles;

/**
 * The training pools: clean speech from {@code audio/train/clean} (+ the train split of
 * {@code asr/librispeech-mini5}, FLAC, listed in {@code train.tsv}) and noise from
 * {@code audio/train/noise}. Clip lengths are taken from the decoded audio, never from the manifests
 * (28 LibriSpeech manifest durations disagree with the FLAC headers). Only the train split is read.
 * Optionally the train split of {@code asr/an4} (54 speakers, close-talking microphone, 30 min) joins the clean pool,
 * its utterances concatenated per speaker in manifest order (one clip per speaker: the synthesizer picks clips
 * uniformly, and AN4's 688 short utterances would otherwise make up most of the picks).
 *
 * @param clean        clean clips, mono at the requested rate
 * @param noise        noise clips
 * @param cleanSeconds total clean duration
 * @param noiseSeconds total noise duration
 */
public record TrainingData(List<float[]> clean, List<float[]> noise, double cleanSeconds, double noiseSeconds) {

    /**
     * @param maxClean cap on clean clips from each source (0 = all)
     * @param maxNoise cap on noise clips (0 = all)
     * @throws IOException              if a file cannot be read
     * @throws IllegalArgumentException if a folder is missing or a clip has another rate
     */
    public static TrainingData load(Path dataDir, int sampleRateHz, boolean libriSpeech, int maxClean, int maxNoise) throws IOException {
        return load(dataDir, sampleRateHz, libriSpeech, false, maxClean, maxNoise);
    }

    /**
     * @param an4      add the AN4 train split, one concatenated clip per speaker
     * @param maxClean cap on clean clips from each source (0 = all; for AN4 a cap on speakers)
     * @param maxNoise cap on noise clips (0 = all)
     * @throws IOException              if a file cannot be read
     * @throws IllegalArgumentException if a folder or manifest is missing or a clip has another rate
     */
    public static TrainingData load(Path dataDir, int sampleRateHz, boolean libriSpeech, boolean an4, int maxClean, int maxNoise)
            throws IOException {
        Path train = dataDir.resolve("audio/train");
        List<float[]> clean = new ArrayList<>(read(list(train.resolve("clean"), maxClean), sampleRateHz));
        if (libriSpeech) {
            Path libri = dataDir.resolve("asr/librispeech-mini5");
            List<Path> files = new ArrayList<>();
            for (String[] cols : manifestRows(libri.resolve("train.tsv"), 1)) {
                files.add(libri.resolve(cols[0]));
                if (maxClean > 0 && files.size() >= maxClean) {
                    break;
                }
            }
            clean.addAll(read(files, sampleRateHz));
        }
        if (an4) {
            clean.addAll(an4BySpeaker(dataDir.resolve("asr/an4"), sampleRateHz, maxClean));
        }
        List<float[]> noise = read(list(train.resolve("noise"), maxNoise), sampleRateHz);
        return new TrainingData(clean, noise, seconds(clean, sampleRateHz), seconds(noise, sampleRateHz));
    }

    /** AN4 train utterances ({@code train.tsv}: path, duration, speaker, transcript), concatenated per speaker. */
    static List<float[]> an4BySpeaker(Path an4, int sampleRateHz, int maxSpeakers) throws IOException {
        Map<String, List<Path>> bySpeaker = new LinkedHashMap<>();
        for (String[] cols : manifestRows(an4.resolve("train.tsv"), 3)) {
            if (!bySpeaker.containsKey(cols[2]) && maxSpeakers > 0 && bySpeaker.size() >= maxSpeakers) {
                continue;
            }
            bySpeaker.computeIfAbsent(cols[2], k -> new ArrayList<>()).add(an4.resolve(cols[0]));
        }
        List<float[]> out = new ArrayList<>();
        for (List<Path> files : bySpeaker.values()) {
            List<float[]> parts = read(files, sampleRateHz);
            float[] joined = new float[parts.stream().mapToInt(c -> c.length).sum()];
            int pos = 0;
            for (float[] c : parts) {
                System.arraycopy(c, 0, joined, pos, c.length);
                pos += c.length;
            }
            out.add(joined);
        }
        return out;
    }

    /**
     * Rows of a corpus manifest ({@code path, duration_s, speaker_id, transcript}, tab-separated, one header line; blank
     * lines skipped).
     *
     * @throws IllegalArgumentException if the file is missing or a row has fewer than {@code minColumns} columns (file:line)
     */
    private static List<String[]> manifestRows(Path manifest, int minColumns) throws IOException {
        if (!Files.isRegularFile(manifest)) {
            throw new IllegalArgumentException("missing " + manifest + " (set --data-dir)");
        }
        List<String> lines = TextFiles.readLines(manifest);
        List<String[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] cols = line.split("\t");
            if (cols.length < minColumns) {
                throw new IllegalArgumentException(manifest + ":" + (i + 1) + ": expected path, duration_s, speaker_id, transcript; got '"
                        + line + "'");
            }
            rows.add(cols);
        }
        return rows;
    }

    private static double seconds(List<float[]> clips, int rate) {
        return clips.stream().mapToLong(c -> c.length).sum() / (double) rate;
    }

    private static List<Path> list(Path dir, int max) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("missing training folder " + dir + " (set --data-dir)");
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".wav")).sorted().toList();
            return max > 0 ? files.subList(0, Math.min(max, files.size())) : files;
        }
    }

    private static List<float[]> read(List<Path> files, int rate) throws IOException {
        List<float[]> out = new ArrayList<>();
        for (Path p : files) {
            AudioClip c = AudioIo.read(p);
            if (c.sampleRateHz() != rate) {
                throw new IllegalArgumentException(p + ": sample rate " + c.sampleRateHz() + " Hz, expected " + rate);
            }
            out.add(c.monoSamples());
        }
        return out;
    }
}
