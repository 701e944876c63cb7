package org.edgeai.enhance.eval;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.edgeai.enhance.Enhancement;
import org.edgeai.enhance.EnhancerConfig;
import org.edgeai.enhance.PercepNetEnhancer;
import org.edgeai.enhance.SpeechEnhancer;
import org.edgeai.enhance.dsp.RealFft;
import org.edgeai.enhance.dsp.Windows;
import org.edgeai.enhance.metrics.SegmentalSnr;
import org.edgeai.enhance.metrics.SiSdr;
import org.edgeai.enhance.metrics.Stoi;
import org.edgeai.enhance.model.PercepNetModel;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.Progress;
import org.edgeai.kernel.audio.AudioClip;
import org.edgeai.kernel.audio.AudioIo;
import org.edgeai.kernel.audio.Resampler;
import org.edgeai.kernel.io.TextFiles;

/**
 * Evaluates the enhancer, its oracle ceilings and the classical baseline on (noisy, clean) pairs
 * listed in a {@code pairs.csv} ({@code id,source,duration_s,snr_db}; audio in {@code noisy/<id>.wav}
 * and {@code clean/<id>.wav} next to it). Metrics: SI-SDR, STOI, ESTOI, segmental SNR, computed at
 * 16 kHz on the whole file (outputs are aligned with the input, so the algorithmic delay does not
 * count against any system). CPU cost: thread CPU time of the enhancer alone (single thread, after a
 * warm-up run on the first file), divided by the audio duration.
 *
 * Outputs of other enhancers (a peer such as RNNoise run outside the JVM) can be scored beside them
 * with the same metrics: {@link #run(Path, PercepNetModel, PercepNetModel, Map, Progress, PlotSink)}.
 *
 * @implNote Stateless; thread-safe.
 */
public final class DevEvaluation {
    /** Evaluation rate. */
    public static final int RATE_HZ = 16000;
    /** Systems in report order. */
    public static final List<String> SYSTEMS = List.of("noisy", "percepnet_f32", "percepnet_int8", "mmse_lsa",
            "oracle_bin_magnitudes", "oracle_band_gains", "oracle_band_gains_comb", "oracle_band_gains_comb_postfilter");

    private DevEvaluation() {
    }

    /**
     * Scores of one signal.
     *
     * @param siSdrDb  SI-SDR in dB
     * @param stoi     STOI
     * @param estoi    ESTOI
     * @param segSnrDb segmental SNR in dB
     */
    public record Scores(double siSdrDb, double stoi, double estoi, double segSnrDb) {
    }

    /**
     * @param id         pair id
     * @param durationS  duration in seconds
     * @param snrDb      the pair's SNR from pairs.csv
     * @param systems    scores per system name
     */
    public record FileResult(String id, double durationS, double snrDb, Map<String, Scores> systems) {
    }

    /**
     * @param system                    system name
     * @param mean                      mean scores over the files
     * @param cpuSecondsPerAudioSecond  single-thread CPU seconds per second of 16 kHz audio, or -1
     *                                  where not measured (noisy input, oracles)
     */
    public record SystemSummary(String system, Scores mean, double cpuSecondsPerAudioSecond) {
    }

    /**
     * @param pairs        pairs file
     * @param audioSeconds total audio
     * @param systems      summaries in {@link #SYSTEMS} order, then the external systems
     * @param files        per-file scores
     * @param postFilter   whether the envelope post-filter ran, for {@code percepnet_f32} and {@code percepnet_int8}
     *                     (their models' {@code post_filter} metadata)
     */
    public record Report(String pairs, double audioSeconds, List<SystemSummary> systems, List<FileResult> files,
                         Map<String, Boolean> postFilter) {
    }

    /**
     * A log-power spectrogram for plotting.
     *
     * @param title      e.g. "noisy"
     * @param frames     number of frames
     * @param bins       bins per frame
     * @param hopSeconds frame hop
     * @param maxHz      frequency of the last bin
     * @param powerDb    {@code [frames * bins]} frame-major, dB re full scale
     */
    public record Spectrogram(String title, int frames, int bins, double hopSeconds, double maxHz, float[] powerDb) {
    }

    /** Receives the spectrograms (noisy, enhanced, clean) of each file, for plotting. */
    @FunctionalInterface
    public interface PlotSink {
        /** @param id pair id @param spectrograms noisy, enhanced (int8), clean */
        void accept(String id, List<Spectrogram> spectrograms) throws IOException;
    }

    /**
     * @param pairsCsv the pairs file
     * @param f32      f32 model
     * @param int8     int8 model
     * @param plots    receives spectrograms, or null
     * @throws IOException              if a file cannot be read
     * @throws IllegalArgumentException if the pairs file is malformed (message gives file and line)
     */
    public static Report run(Path pairsCsv, PercepNetModel f32, PercepNetModel int8, Progress progress, PlotSink plots) throws IOException {
        return run(pairsCsv, f32, int8, Map.of(), progress, plots);
    }

    /**
     * As {@link #run(Path, PercepNetModel, PercepNetModel, Progress, PlotSink)}, also scoring externally
     * enhanced outputs: for each entry {@code name -> dir}, the file {@code dir/<id>.wav} of every
     * pair (any rate the kernel reads; resampled to 16 kHz; stereo downmixed), time-aligned with the
     * noisy input and of its length. They are reported after {@link #SYSTEMS}, in the map's order,
     * without a CPU figure.
     *
     * @param external system name ({@code [a-z0-9_]+}, not one of {@link #SYSTEMS}) to output folder. Not modified.
     * @throws IllegalArgumentException if a name is invalid or taken, an output is missing (checked
     *                                  before any pair is processed), has a non-finite sample, or its
     *                                  length differs from the noisy input's (message names the file)
     */
    public static Report run(Path pairsCsv, PercepNetModel f32, PercepNetModel int8, Map<String, Path> external, Progress progress,
                             PlotSink plots) throws IOException {
        List<String> systems = new ArrayList<>(SYSTEMS);
        for (String name : external.keySet()) {
            if (!name.matches("[a-z0-9_]+") || SYSTEMS.contains(name)) {
                throw new IllegalArgumentException("external system name '" + name + "' must match [a-z0-9_]+ and differ from " + SYSTEMS);
            }
            systems.add(name);
        }
        List<String[]> rows = readPairs(pairsCsv);
        for (Map.Entry<String, Path> e : external.entrySet()) { // before any work: every output must be there
            for (String[] row : rows) {
                Path f = e.getValue().resolve(row[0] + ".wav");
                if (!Files.isRegularFile(f)) {
                    throw new IllegalArgumentException("external system " + e.getKey() + ": no output " + f + " for pair " + row[0]);
                }
            }
        }
        for (PercepNetModel m : new PercepNetModel[] {f32, int8}) {
            if (m.sampleRateHz() != RATE_HZ) {
                // the pairs are read at 16 kHz and fed as they are: a model of another rate would be scored on wrong input
                throw new IllegalArgumentException("the dev evaluation runs at " + RATE_HZ + " Hz; the model is for "
                        + m.sampleRateHz() + " Hz");
            }
        }
        Path dir = pairsCsv.toAbsolutePath().getParent();
        Map<String, Supplier<SpeechEnhancer>> models = new LinkedHashMap<>();
        models.put("percepnet_f32", () -> new PercepNetEnhancer(EnhancerConfig.forModel(f32, DType.F32), f32));
        models.put("percepnet_int8", () -> new PercepNetEnhancer(EnhancerConfig.forModel(int8, DType.I8), int8));
        models.put("mmse_lsa", () -> new MmseLsaEnhancer(RATE_HZ));
        Map<String, SpeechEnhancer> instances = new LinkedHashMap<>();
        models.forEach((k, v) -> instances.put(k, v.get()));
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Map<String, Long> cpuNanos = new LinkedHashMap<>();
        List<FileResult> files = new ArrayList<>();
        double audio = 0;
        int i = 0;
        for (String[] row : rows) {
            if (progress.cancelled()) {
                break;
            }
            String id = row[0];
            float[] noisy = load(dir.resolve("noisy").resolve(id + ".wav"));
            float[] clean = load(dir.resolve("clean").resolve(id + ".wav"));
            if (noisy.length != clean.length) {
                throw new IllegalArgumentException(pairsCsv + ": pair " + id + " has noisy/clean lengths " + noisy.length + " vs " + clean.length);
            }
            double seconds = noisy.length / (double) RATE_HZ;
            audio += seconds;
            Map<String, float[]> outputs = new LinkedHashMap<>();
            outputs.put("noisy", noisy);
            for (Map.Entry<String, SpeechEnhancer> e : instances.entrySet()) {
                if (i == 0) {
                    Enhancement.enhanceAligned(e.getValue(), noisy); // JIT warm-up, not timed
                }
                long c0 = bean.getCurrentThreadCpuTime();
                float[] y = Enhancement.enhanceAligned(e.getValue(), noisy);
                cpuNanos.merge(e.getKey(), bean.getCurrentThreadCpuTime() - c0, Long::sum);
                outputs.put(e.getKey(), y);
            }
            outputs.put("oracle_bin_magnitudes", Oracles.binMagnitudes(noisy, clean, RATE_HZ));
            outputs.put("oracle_band_gains", Oracles.bandGains(noisy, clean, RATE_HZ, false, false));
            outputs.put("oracle_band_gains_comb", Oracles.bandGains(noisy, clean, RATE_HZ, true, false));
            outputs.put("oracle_band_gains_comb_postfilter", Oracles.bandGains(noisy, clean, RATE_HZ, true, true));
            for (Map.Entry<String, Path> e : external.entrySet()) {
                Path f = e.getValue().resolve(id + ".wav");
                float[] y = load(f);
                for (int k = 0; k < y.length; k++) {
                    if (!Float.isFinite(y[k])) {
                        throw new IllegalArgumentException("external system " + e.getKey() + ": " + f + " has a non-finite sample at " + k);
                    }
                }
                if (y.length != noisy.length) {
                    throw new IllegalArgumentException("external system " + e.getKey() + ": " + f + " has " + y.length
                            + " samples at 16 kHz, the noisy input " + noisy.length + " (outputs must be time-aligned, same length)");
                }
                outputs.put(e.getKey(), y);
            }
            Map<String, Scores> scores = new LinkedHashMap<>();
            for (String s : systems) {
                scores.put(s, score(clean, outputs.get(s)));
            }
            files.add(new FileResult(id, seconds, Double.parseDouble(row[3]), scores));
            if (plots != null) {
                plots.accept(id, List.of(spectrogram("noisy", noisy), spectrogram("enhanced (int8)", outputs.get("percepnet_int8")),
                        spectrogram("clean", clean)));
            }
            i++;
            progress.report("eval", i, rows.size(), id);
        }
        List<SystemSummary> sums = new ArrayList<>();
        for (String s : systems) {
            double a = 0;
            double b = 0;
            double c = 0;
            double d = 0;
            for (FileResult f : files) {
                Scores sc = f.systems().get(s);
                a += sc.siSdrDb();
                b += sc.stoi();
                c += sc.estoi();
                d += sc.segSnrDb();
            }
            int n = Math.max(1, files.size());
            Long cpu = cpuNanos.get(s);
            sums.add(new SystemSummary(s, new Scores(a / n, b / n, c / n, d / n), cpu == null ? -1 : cpu / 1e9 / audio));
        }
        Map<String, Boolean> pf = new LinkedHashMap<>();
        pf.put("percepnet_f32", f32.postFilter());
        pf.put("percepnet_int8", int8.postFilter());
        return new Report(pairsCsv.toString(), audio, sums, files, pf);
    }

    /** @return the four metrics of {@code processed} against {@code clean} at 16 kHz */
    public static Scores score(float[] clean, float[] processed) {
        return new Scores(SiSdr.compute(clean, processed), Stoi.stoi(clean, processed, RATE_HZ),
                Stoi.estoi(clean, processed, RATE_HZ), SegmentalSnr.compute(clean, processed, RATE_HZ));
    }

    static float[] load(Path p) throws IOException {
        AudioClip c = AudioIo.read(p);
        float[] m = c.monoSamples();
        return c.sampleRateHz() == RATE_HZ ? m : new Resampler(c.sampleRateHz(), RATE_HZ).process(m);
    }

    static List<String[]> readPairs(Path csv) throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw new IOException("pairs file not found: " + csv);
        }
        List<String> lines = TextFiles.readLines(csv);
        if (lines.isEmpty() || !lines.get(0).trim().equals("id,source,duration_s,snr_db")) {
            throw new IllegalArgumentException(csv + ":1: expected the header 'id,source,duration_s,snr_db'");
        }
        List<String[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] cols = line.split(",", -1);
            if (cols.length != 4 || cols[0].isBlank()) {
                throw new IllegalArgumentException(csv + ":" + (i + 1) + ": expected 4 columns id,source,duration_s,snr_db, got '" + line + "'");
            }
            try {
                Double.parseDouble(cols[3]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(csv + ":" + (i + 1) + ": snr_db '" + cols[3] + "' is not a number", e);
            }
            rows.add(cols);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(csv + ": no pairs listed");
        }
        return rows;
    }

    /** @return the log-power spectrogram (20 ms Vorbis window, 10 ms hop) of a 16 kHz signal */
    public static Spectrogram spectrogram(String title, float[] x) {
        int hop = RATE_HZ / 100;
        int win = 2 * hop;
        RealFft fft = new RealFft(win);
        float[] w = Windows.vorbis(win);
        int bins = win / 2 + 1;
        int frames = Math.max(0, (x.length - win) / hop + 1);
        float[] p = new float[frames * bins];
        float[] f = new float[win];
        float[] re = new float[bins];
        float[] im = new float[bins];
        for (int t = 0; t < frames; t++) {
            for (int n = 0; n < win; n++) {
                f[n] = w[n] * x[t * hop + n];
            }
            fft.forward(f, 0, re, im);
            for (int k = 0; k < bins; k++) {
                p[t * bins + k] = (float) (10 * Math.log10(re[k] * re[k] + im[k] * im[k] + 1e-10));
            }
        }
        return new Spectrogram(title, frames, bins, hop / (double) RATE_HZ, RATE_HZ / 2.0, p);
    }
}
