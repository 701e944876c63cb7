package org.edgeai.enhance.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.edgeai.kernel.audio.AudioClip;
import org.edgeai.kernel.audio.AudioIo;
import org.edgeai.kernel.io.TextFiles;

/**
 * Writes a held-out test set of synthetic (noisy, clean) pairs in the layout of {@code audio/dev}
 * ({@code pairs.csv} with {@code id,source,duration_s,snr_db}, audio in {@code clean/<id>.wav} and {@code noisy/<id>.wav}),
 * so that {@code denoise eval} and {@code denoise ablate} score it like the dev pairs. It exists to check a decision
 * on data that is not {@code dev}: the speech comes from speakers the enhancer never trained on.
 * <ul>
 * <li>Speech: every utterance of the {@code dev} and {@code test} splits of {@code asr/librispeech-mini5} (8 speakers;
 *     training reads only its {@code train} split), in manifest order, cut to its first {@code maxSeconds}, scaled to a
 *     peak of 0.5 (the normalisation of the VoiceBank-DEMAND clean files).</li>
 * <li>Noise: the training noise pool ({@code audio/train/noise}) drawn by {@link MixtureSynthesizer#noise} with the
 *     given rumble probability (the recipe's), so the noise recordings are <em>not</em> held out, only their excerpts,
 *     mixes and filters are new.</li>
 * <li>SNR on the active speech level ({@link MixtureSynthesizer#activePower}): 2.5, 7.5, 12.5, 17.5 dB in turn, the
 *     four conditions of the VoiceBank-DEMAND test set (Valentini-Botinhao et al., SSW 2016). The {@code snr_db} column
 *     gives the realized full-file SNR (noise power over the whole file), as the dev pairs' column does.</li>
 * <li>Pair {@code i} draws from {@code new SplittableRandom(seed + i)}: the same seed gives the same files.</li>
 * </ul>
 * If the noisy mixture would clip (peak above 0.99) both signals are scaled down together.
 */
public final class HeldOutPairs {
    /** The four SNR conditions of the VoiceBank-DEMAND test set, dB. */
    static final double[] SNR_DB = {2.5, 7.5, 12.5, 17.5};
    /** Peak of the clean signal. */
    static final double CLEAN_PEAK = 0.5;

    private HeldOutPairs() {
    }

    /**
     * What was written.
     *
     * @param pairsCsv the pairs file
     * @param pairs    number of pairs
     * @param seconds  total duration in seconds
     * @param speakers number of distinct speakers
     */
    public record Summary(Path pairsCsv, int pairs, double seconds, int speakers) {
    }

    /**
     * Writes the set. The folder is built under a temporary sibling and renamed into place only when complete, so an
     * interrupted run leaves no half-written set.
     *
     * @param dataDir           the data directory (reads {@code asr/librispeech-mini5} and {@code audio/train/noise})
     * @param outDir            folder to create; must not exist or be empty
     * @param maxSeconds        longest pair in seconds (> 0; longer utterances are cut)
     * @param seed              seed of the noise draws
     * @param rumbleProbability rumble probability of the noise draws, in [0, 1]
     * @param sampleRateHz      rate of the data (16000)
     * @throws IllegalArgumentException if the data is missing, {@code outDir} is a non-empty folder or an argument is out of range
     * @throws IOException              if reading or writing fails
     */
    public static Summary write(Path dataDir, Path outDir, double maxSeconds, long seed, double rumbleProbability, int sampleRateHz)
            throws IOException {
        if (!(maxSeconds > 0) || Double.isInfinite(maxSeconds)) {
            throw new IllegalArgumentException("maximum pair length must be a positive number of seconds, got " + maxSeconds);
        }
        if (Files.isDirectory(outDir)) {
            try (Stream<Path> s = Files.list(outDir)) {
                if (s.findAny().isPresent()) {
                    throw new IllegalArgumentException(outDir + " exists and is not empty; give a new folder");
                }
            }
        } else if (Files.exists(outDir)) {
            throw new IllegalArgumentException(outDir + " exists and is not a folder");
        }
        List<Utterance> utterances = utterances(dataDir.resolve("asr/librispeech-mini5"));
        TrainingData pool = TrainingData.load(dataDir, sampleRateHz, false, false, 1, 0);
        MixtureSynthesizer synth = new MixtureSynthesizer(pool.clean(), pool.noise(), sampleRateHz, 0, rumbleProbability);
        Path abs = outDir.toAbsolutePath();
        double total = 0;
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempDirectory(abs.getParent(), abs.getFileName() + ".tmp-");
        try {
            Files.createDirectories(tmp.resolve("clean"));
            Files.createDirectories(tmp.resolve("noisy"));
            StringBuilder csv = new StringBuilder("id,source,duration_s,snr_db\n");
            for (int i = 0; i < utterances.size(); i++) {
                Utterance u = utterances.get(i);
                AudioClip c = AudioIo.read(u.file());
                if (c.sampleRateHz() != sampleRateHz) {
                    throw new IllegalArgumentException(u.file() + ": sample rate " + c.sampleRateHz() + " Hz, expected " + sampleRateHz);
                }
                float[] full = c.monoSamples();
                int n = (int) Math.min(full.length, Math.round(maxSeconds * sampleRateHz));
                float[] clean = new float[n];
                System.arraycopy(full, 0, clean, 0, n);
                float[][] pair = mix(clean, synth, SNR_DB[i % SNR_DB.length], new SplittableRandom(seed + i), sampleRateHz);
                String id = u.speaker() + "_" + String.format(Locale.ROOT, "%03d", i);
                AudioIo.writeWav(tmp.resolve("clean").resolve(id + ".wav"), AudioClip.mono(pair[1], sampleRateHz), AudioIo.WavEncoding.FLOAT32);
                AudioIo.writeWav(tmp.resolve("noisy").resolve(id + ".wav"), AudioClip.mono(pair[0], sampleRateHz), AudioIo.WavEncoding.FLOAT32);
                csv.append(String.format(Locale.ROOT, "%s,librispeech-%s,%.3f,%.2f%n", id, u.split(), n / (double) sampleRateHz,
                        fileSnrDb(pair[0], pair[1])));
                total += n / (double) sampleRateHz;
            }
            Files.writeString(tmp.resolve("pairs.csv"), csv);
            boolean removedEmpty = false;
            if (Files.isDirectory(outDir)) {
                Files.delete(outDir); // empty, checked above
                removedEmpty = true;
            }
            try {
                Files.move(tmp, abs);
            } catch (IOException e) {
                if (removedEmpty) {
                    try {
                        Files.createDirectory(abs); // give the user's (empty) folder back
                    } catch (IOException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
                throw e;
            }
        } finally {
            deleteTree(tmp);
        }
        return new Summary(outDir.resolve("pairs.csv"), utterances.size(), total,
                (int) utterances.stream().map(Utterance::speaker).distinct().count());
    }

    /**
     * Scales {@code clean} to a peak of {@link #CLEAN_PEAK} and adds a noise draw at {@code snrDb} on the active speech level.
     *
     * @param clean clean speech. Not modified.
     * @return {@code {noisy, clean}}, both scaled down together if the mixture would clip
     */
    static float[][] mix(float[] clean, MixtureSynthesizer synth, double snrDb, SplittableRandom rng, int sampleRateHz) {
        double peak = 0;
        for (float v : clean) {
            peak = Math.max(peak, Math.abs(v));
        }
        if (peak == 0) {
            throw new IllegalArgumentException("silent utterance");
        }
        float[] s = new float[clean.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) (clean[i] * CLEAN_PEAK / peak);
        }
        float[] n = synth.noise(s.length, rng);
        double ps = MixtureSynthesizer.activePower(s, sampleRateHz);
        double pn = MixtureSynthesizer.power(n, 0, n.length);
        double k = pn > 0 ? Math.sqrt(ps / Math.pow(10, snrDb / 10) / pn) : 0;
        float[] y = new float[s.length];
        double ypeak = 0;
        for (int i = 0; i < s.length; i++) {
            y[i] = (float) (s[i] + k * n[i]);
            ypeak = Math.max(ypeak, Math.abs(y[i]));
        }
        if (ypeak > 0.99) {
            float g = (float) (0.99 / ypeak);
            for (int i = 0; i < s.length; i++) {
                y[i] *= g;
                s[i] *= g;
            }
        }
        return new float[][] {y, s};
    }

    /** Full-file SNR in dB: clean power over (noisy - clean) power. */
    static double fileSnrDb(float[] noisy, float[] clean) {
        double ps = 0;
        double pn = 0;
        for (int i = 0; i < clean.length; i++) {
            ps += clean[i] * (double) clean[i];
            double d = noisy[i] - (double) clean[i];
            pn += d * d;
        }
        return 10 * Math.log10(ps / pn);
    }

    /** One held-out utterance. */
    record Utterance(Path file, String speaker, String split) {
    }

    /**
     * The {@code dev} then {@code test} rows of the corpus ({@code path, duration_s, speaker_id, transcript}).
     *
     * @throws IllegalArgumentException if a manifest is missing or malformed
     */
    static List<Utterance> utterances(Path corpus) throws IOException {
        List<Utterance> out = new ArrayList<>();
        for (String split : new String[] {"dev", "test"}) {
            Path m = corpus.resolve(split + ".tsv");
            if (!Files.isRegularFile(m)) {
                throw new IllegalArgumentException("missing " + m + " (set --data-dir)");
            }
            List<String> lines = TextFiles.readLines(m);
            for (int i = 1; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                String[] cols = lines.get(i).split("\t");
                if (cols.length < 3) {
                    throw new IllegalArgumentException(m + ":" + (i + 1) + ": expected path, duration_s, speaker_id, transcript");
                }
                out.add(new Utterance(corpus.resolve(cols[0]), cols[2], split));
            }
        }
        return out;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
