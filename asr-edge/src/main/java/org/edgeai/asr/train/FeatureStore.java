package org.edgeai.asr.train;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.edgeai.asr.data.Utterance;
import org.edgeai.asr.features.LogMelConfig;
import org.edgeai.asr.features.LogMelExtractor;
import org.edgeai.asr.features.SpeedPerturbation;
import org.edgeai.kernel.Progress;
import org.edgeai.kernel.audio.AudioClip;
import org.edgeai.kernel.audio.AudioIo;
import org.edgeai.kernel.audio.Resampler;
import org.edgeai.kernel.io.AtomicFiles;

/**
 * Raw (unnormalized) log-mel features of a manifest at one speed-perturbation factor, computed with
 * the same {@link LogMelExtractor} the recognizer runs, cached in a binary file (atomic write) so
 * repeated trainings skip the audio decoding.
 *
 * @implNote Stateless; thread-safe. Uses up to {@code threads} worker threads while computing.
 */
public final class FeatureStore {
    private static final int MAGIC = 0x41535246; // "ASRF"
    private static final int VERSION = 2; // 2: speed perturbation and rate conversion by the kernel Kaiser-sinc Resampler

    private FeatureStore() {
    }

    /**
     * @return {@code [utterance][frames * melBins]} raw log-mel features, row-major per frame
     * @throws IOException if audio cannot be read or the cache cannot be written
     */
    public static float[][] load(List<Utterance> utts, double speed, LogMelConfig config, Path cacheFile, int threads,
                                 Progress progress) throws IOException {
        String key = key(utts, speed, config);
        if (Files.isRegularFile(cacheFile)) {
            float[][] cached = read(cacheFile, key, utts.size());
            if (cached != null) {
                return cached;
            }
        }
        float[][] out = new float[utts.size()][];
        AtomicInteger done = new AtomicInteger();
        IOException[] failure = new IOException[1];
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(Math.max(1, threads));
        try {
            pool.submit(() -> IntStream.range(0, utts.size()).parallel().forEach(i -> {
                try {
                    out[i] = compute(utts.get(i).audio(), speed, config);
                } catch (IOException e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                }
                int d = done.incrementAndGet();
                if (d % 100 == 0 || d == utts.size()) {
                    progress.report("features x" + speed, d, utts.size(), cacheFile.getFileName().toString());
                }
            })).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while computing features", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("feature computation failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdown();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        write(cacheFile, key, out);
        return out;
    }

    /**
     * Reads one file and computes its raw features: mono mix, resampled to the feature rate if
     * needed, sped up by {@code speed}.
     */
    public static float[] compute(Path audio, double speed, LogMelConfig config) throws IOException {
        AudioClip clip = AudioIo.read(audio);
        float[] pcm = clip.monoSamples();
        try {
            if (clip.sampleRateHz() != config.sampleRateHz()) {
                pcm = new Resampler(clip.sampleRateHz(), config.sampleRateHz()).process(pcm);
            }
            if (speed != 1.0) {
                pcm = SpeedPerturbation.apply(pcm, speed);
            }
        } catch (IllegalArgumentException e) {
            throw new IOException(audio + ": " + e.getMessage(), e);
        }
        float[][] f = LogMelExtractor.compute(config, pcm);
        int m = config.melBins();
        float[] flat = new float[f.length * m];
        for (int t = 0; t < f.length; t++) {
            System.arraycopy(f[t], 0, flat, t * m, m);
        }
        return flat;
    }

    private static String key(List<Utterance> utts, double speed, LogMelConfig config) {
        StringBuilder b = new StringBuilder().append(config).append('|').append(speed);
        for (Utterance u : utts) {
            b.append('|').append(u.audio());
        }
        return Integer.toHexString(b.toString().hashCode()) + ":" + utts.size();
    }

    /** @return the cached features, or null when the cache is stale, truncated or corrupt (then they are recomputed) */
    private static float[][] read(Path file, String key, int n) throws IOException {
        long floatsLeft = Files.size(file) / Float.BYTES;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION || !in.readUTF().equals(key) || in.readInt() != n) {
                return null;
            }
            float[][] out = new float[n][];
            for (int i = 0; i < n; i++) {
                int len = in.readInt();
                if (len < 0 || len > floatsLeft) {
                    return null; // a corrupt length: never allocate more than the file can hold
                }
                floatsLeft -= len;
                float[] a = new float[len];
                for (int k = 0; k < len; k++) {
                    a[k] = in.readFloat();
                }
                out[i] = a;
            }
            return out;
        } catch (java.io.EOFException | java.io.UTFDataFormatException e) {
            return null;
        }
    }

    private static void write(Path file, String key, float[][] feats) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.write(file, stream -> {
            DataOutputStream out = new DataOutputStream(stream);
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(key);
            out.writeInt(feats.length);
            for (float[] a : feats) {
                out.writeInt(a.length);
                for (float v : a) {
                    out.writeFloat(v);
                }
            }
            out.flush();
        });
    }
}
