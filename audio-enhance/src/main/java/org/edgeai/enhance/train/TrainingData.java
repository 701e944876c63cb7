package org.edgeai.enhance.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.edgeai.kernel.audio.AudioClip;
import org.edgeai.kernel.audio.AudioIo;

/**
 * The training pools: clean speech from {@code audio/train/clean} (+ the train split of
 * {@code asr/librispeech-mini5}, FLAC, listed in {@code train.tsv}) and noise from
 * {@code audio/train/noise}. Clip lengths are taken from the decoded audio, never from the manifests
 * (28 LibriSpeech manifest durations disagree with the FLAC headers). Only the train split is read.
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
        Path train = dataDir.resolve("audio/train");
        List<float[]> clean = new ArrayList<>(read(list(train.resolve("clean"), maxClean), sampleRateHz));
        if (libriSpeech) {
            Path libri = dataDir.resolve("asr/librispeech-mini5");
            Path manifest = libri.resolve("train.tsv");
            if (!Files.isRegularFile(manifest)) {
                throw new IllegalArgumentException("missing " + manifest + " (set --data-dir)");
            }
            List<Path> files = new ArrayList<>();
            List<String> lines = Files.readAllLines(manifest);
            for (int i = 1; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) {
                    continue;
                }
                String[] cols = line.split("\t");
                files.add(libri.resolve(cols[0]));
                if (maxClean > 0 && files.size() >= maxClean) {
                    break;
                }
            }
            clean.addAll(read(files, sampleRateHz));
        }
        List<float[]> noise = read(list(train.resolve("noise"), maxNoise), sampleRateHz);
        return new TrainingData(clean, noise, seconds(clean, sampleRateHz), seconds(noise, sampleRateHz));
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
