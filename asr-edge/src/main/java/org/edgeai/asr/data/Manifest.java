package org.edgeai.asr.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edgeai.kernel.io.TextFiles;

/**
 * Reads corpus manifests: tab-separated, a header line {@code path duration_s speaker_id
 * transcript}, then one utterance per line with {@code path} relative to the manifest's folder.
 * Also reads {@code speakers.tsv} (header with {@code speaker_id} and {@code gender} columns).
 *
 * @implNote Stateless; thread-safe.
 */
public final class Manifest {
    private Manifest() {
    }

    /**
     * The reference form every scorer compares against (the decoders emit lower case): lower case ({@link
     * java.util.Locale#ROOT}), runs of whitespace as single spaces, no leading or trailing space. LibriSpeech's own
     * transcripts are upper case; without this a correct hypothesis would count as all words wrong.
     *
     * @param transcript a transcript as written in a manifest
     * @return its normalized form
     */
    public static String normalizeTranscript(String transcript) {
        return transcript.strip().replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * @param file the manifest
     * @return its utterances in file order, transcripts normalized ({@link #normalizeTranscript})
     * @throws IOException if unreadable
     * @throws IllegalArgumentException on a malformed line (message gives file:line and the problem)
     */
    public static List<Utterance> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("manifest not found: " + file);
        }
        List<String> lines = TextFiles.readLines(file);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + ":1: empty manifest (expected header 'path\\tduration_s\\tspeaker_id\\ttranscript')");
        }
        String[] header = lines.get(0).split("\t", -1);
        if (header.length < 4 || !header[0].equals("path") || !header[1].equals("duration_s")
                || !header[2].equals("speaker_id") || !header[3].equals("transcript")) {
            throw new IllegalArgumentException(file + ":1: bad header '" + lines.get(0)
                    + "' (expected 'path\\tduration_s\\tspeaker_id\\ttranscript')");
        }
        Path base = file.toAbsolutePath().getParent();
        List<Utterance> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 4) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected 4 tab-separated fields, got " + f.length);
            }
            double d;
            try {
                d = Double.parseDouble(f[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": duration_s '" + f[1] + "' is not a number");
            }
            if (!(d > 0) || !Double.isFinite(d)) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": duration_s must be positive, got " + f[1]);
            }
            if (f[0].isBlank() || f[2].isBlank()) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": empty path or speaker_id");
            }
            Path rel;
            try {
                rel = Path.of(f[0]);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": path '" + f[0].replace("\0", "\\0")
                        + "' is not a valid file path (" + e.getReason() + ")", e);
            }
            if (rel.getFileName() == null) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": path '" + f[0] + "' names no file");
            }
            String name = rel.getFileName().toString();
            int dot = name.lastIndexOf('.');
            String id = dot > 0 ? name.substring(0, dot) : name;
            out.add(new Utterance(id, base.resolve(f[0]).normalize(), d, f[2], normalizeTranscript(f[3])));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + ": manifest has a header but no utterances");
        }
        return out;
    }

    /**
     * @param file a {@code speakers.tsv}
     * @return speaker id to gender ({@code "F"}/{@code "M"} for female/male spellings, else as written upper-cased), in file order
     * @throws IllegalArgumentException on a malformed line or missing columns
     */
    public static Map<String, String> readGenders(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("speaker table not found: " + file);
        }
        List<String> lines = TextFiles.readLines(file);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + ":1: empty speaker table");
        }
        List<String> header = List.of(lines.get(0).split("\t", -1));
        int id = header.indexOf("speaker_id");
        int g = header.indexOf("gender");
        if (id < 0 || g < 0) {
            throw new IllegalArgumentException(file + ":1: header needs speaker_id and gender columns, got " + header);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] f = lines.get(i).split("\t", -1);
            if (f.length <= Math.max(id, g)) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected " + header.size() + " fields, got " + f.length);
            }
            String gender = f[g].trim().toUpperCase(java.util.Locale.ROOT);
            out.put(f[id], gender.startsWith("F") ? "F" : gender.startsWith("M") ? "M" : gender);
        }
        return out;
    }
}
