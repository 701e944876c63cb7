package org.edgeai.asr.eval;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.edgeai.asr.data.Utterance;
import org.edgeai.asr.decode.WordTiming;
import org.edgeai.asr.stream.RecognitionResult;
import org.edgeai.asr.stream.Recognizer;
import org.edgeai.asr.stream.StreamingRecognizer;
import org.edgeai.kernel.Progress;
import org.edgeai.kernel.audio.AudioClip;
import org.edgeai.kernel.audio.AudioIo;
import org.edgeai.kernel.audio.Resampler;

/**
 * Runs a streaming recognizer over utterances as a device would: the audio is fed in chunks of
 * {@code chunkS} seconds, finals are collected, and the recognizing thread's CPU time is measured
 * ({@link ThreadMXBean#getCurrentThreadCpuTime()}, audio decoding excluded).
 *
 * <p>End-of-speech reference for the delay: the end of the last 10 ms frame whose energy exceeds
 * {@code noise + max(6 dB, 0.3 (peak - noise))}, with noise the 10th percentile of frame energies
 * and peak the maximum, a simple energy detector on the clean close-talking AN4 recordings. The
 * final delay is the stream time at which the endpoint final was produced minus that end.
 *
 * @implNote Stateless; thread-safe if each call gets its own recognizer.
 */
public final class Evaluator {
    private Evaluator() {
    }

    /**
     * Reads an audio file as 16 kHz mono, resampling other rates.
     *
     * @throws IOException if unreadable, empty or corrupt (message names the file)
     */
    public static float[] read16k(Path file) throws IOException {
        AudioClip clip = AudioIo.read(file);
        float[] pcm = clip.monoSamples();
        if (clip.sampleRateHz() != StreamingRecognizer.SAMPLE_RATE_HZ) {
            try {
                pcm = new Resampler(clip.sampleRateHz(), StreamingRecognizer.SAMPLE_RATE_HZ).process(pcm);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
        }
        return pcm;
    }

    /** Transcript and events of one stream. */
    public record Transcript(String text, List<WordTiming> words, List<RecognitionResult> events, double cpuS) {
    }

    /**
     * Recognizes one 16 kHz signal in chunks.
     *
     * @param rec a recognizer; reset first
     * @param pcm 16 kHz mono samples. Not modified.
     * @param chunkS chunk length in seconds (> 0)
     */
    public static Transcript transcribe(Recognizer rec, float[] pcm, double chunkS) {
        if (!(chunkS > 0)) {
            throw new IllegalArgumentException("chunk length must be positive, got " + chunkS);
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime();
        rec.reset();
        int chunk = Math.max(1, (int) Math.round(chunkS * StreamingRecognizer.SAMPLE_RATE_HZ));
        List<RecognitionResult> events = new ArrayList<>();
        for (int off = 0; off < pcm.length; off += chunk) {
            events.addAll(rec.accept(pcm, off, Math.min(chunk, pcm.length - off)));
        }
        events.addAll(rec.finish());
        double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
        StringBuilder text = new StringBuilder();
        List<WordTiming> words = new ArrayList<>();
        for (RecognitionResult r : events) {
            if (r.isFinal() && !r.text().isEmpty()) {
                if (text.length() > 0) {
                    text.append(' ');
                }
                text.append(r.text());
                words.addAll(r.words());
            }
        }
        return new Transcript(text.toString(), words, events, cpu);
    }

    /**
     * @return {@code pcm} followed by {@code seconds} of Gaussian noise at the file's noise floor
     *         (RMS of its 10th-percentile 10 ms frame), seeded
     */
    public static float[] padWithRoomTone(float[] pcm, double seconds, long seed) {
        int hop = 160;
        int frames = Math.max(1, pcm.length / hop);
        double[] e = new double[frames];
        for (int f = 0; f < frames && (f + 1) * hop <= pcm.length; f++) {
            for (int i = f * hop; i < (f + 1) * hop; i++) {
                e[f] += pcm[i] * pcm[i];
            }
            e[f] /= hop;
        }
        double[] sorted = e.clone();
        Arrays.sort(sorted);
        double rms = Math.sqrt(sorted[frames / 10]);
        int n = (int) Math.round(seconds * StreamingRecognizer.SAMPLE_RATE_HZ);
        float[] out = Arrays.copyOf(pcm, pcm.length + n);
        java.util.Random r = new java.util.Random(seed);
        for (int i = pcm.length; i < out.length; i++) {
            out[i] = (float) (rms * r.nextGaussian());
        }
        return out;
    }

    /** @return end of speech in seconds by the energy rule of the class comment */
    public static double speechEndS(float[] pcm) {
        int hop = 160;
        int frames = pcm.length / hop;
        if (frames == 0) {
            return 0;
        }
        double[] db = new double[frames];
        for (int f = 0; f < frames; f++) {
            double e = 1e-12;
            for (int i = f * hop; i < (f + 1) * hop; i++) {
                e += pcm[i] * pcm[i];
            }
            db[f] = 10 * Math.log10(e / hop);
        }
        double[] sorted = db.clone();
        Arrays.sort(sorted);
        double noise = sorted[frames / 10];
        double peak = sorted[frames - 1];
        double thr = noise + Math.max(6, 0.3 * (peak - noise));
        for (int f = frames - 1; f >= 0; f--) {
            if (db[f] > thr) {
                return (f + 1) * hop / (double) StreamingRecognizer.SAMPLE_RATE_HZ;
            }
        }
        return 0;
    }

    /**
     * Evaluates a manifest.
     *
     * @param rec the recognizer (reused across utterances)
     * @param genders speaker to gender; missing speakers count as "?"
     * @param modelName name for the report
     * @param decoderName decoder description for the report
     * @param tailPadS seconds of room tone appended to each file (0 = none) so that an endpoint can
     *                 follow the last word, as when a device keeps listening; the CPU time
     *                 includes decoding the padding but is divided by the original duration, so a
     *                 padded run overstates CPU seconds per audio second (by the padding's share)
     * @throws IOException if an audio file cannot be read
     */
    public static EvaluationReport evaluate(Recognizer rec, List<Utterance> utts, Map<String, String> genders,
                                            double chunkS, double tailPadS, String modelName, String decoderName, Progress progress)
            throws IOException {
        List<UtteranceResult> results = new ArrayList<>();
        int done = 0;
        for (Utterance u : utts) {
            float[] pcm = read16k(u.audio());
            double end = speechEndS(pcm);
            double audioS = pcm.length / (double) StreamingRecognizer.SAMPLE_RATE_HZ;
            if (tailPadS > 0) {
                pcm = padWithRoomTone(pcm, tailPadS, u.id().hashCode());
            }
            Transcript t = transcribe(rec, pcm, chunkS);
            double delay = Double.NaN;
            for (RecognitionResult r : t.events()) {
                if (r.isFinal() && !r.text().isEmpty()) {
                    delay = r.endpoint() ? r.audioTimeS() - end : Double.NaN; // the final holding the last word
                }
            }
            double lastWordEnd = t.words().isEmpty() ? Double.NaN : t.words().get(t.words().size() - 1).endS();
            results.add(new UtteranceResult(u.id(), u.speakerId(), genders.getOrDefault(u.speakerId(), "?"), u.transcript(),
                    t.text(), EditDistance.words(u.transcript(), t.text()), EditDistance.characters(u.transcript(), t.text()),
                    audioS, t.cpuS(), end, delay, lastWordEnd, t.words()));
            progress.report("transcribe", ++done, utts.size(), u.id());
        }
        return summarize(modelName, decoderName, results);
    }

    /** @return the report of per-utterance results */
    public static EvaluationReport summarize(String modelName, String decoderName, List<UtteranceResult> results) {
        GroupScore corpus = group("all", results);
        int s = 0;
        int d = 0;
        int i = 0;
        double audio = 0;
        double cpu = 0;
        List<Double> delays = new ArrayList<>();
        double lagSum = 0;
        int lagN = 0;
        for (UtteranceResult r : results) {
            s += r.words().substitutions();
            d += r.words().deletions();
            i += r.words().insertions();
            audio += r.audioS();
            cpu += r.cpuS();
            if (!Double.isNaN(r.finalDelayS())) {
                delays.add(r.finalDelayS());
            }
            if (!Double.isNaN(r.lastWordEndS())) {
                lagSum += r.lastWordEndS() - r.speechEndS();
                lagN++;
            }
        }
        delays.sort(Double::compare);
        double mean = delays.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double median = delays.isEmpty() ? Double.NaN : delays.get(delays.size() / 2);
        double p90 = delays.isEmpty() ? Double.NaN : delays.get(Math.min(delays.size() - 1, (int) Math.floor(0.9 * delays.size())));
        return new EvaluationReport(modelName, decoderName, corpus, s, d, i, audio > 0 ? cpu / audio : Double.NaN, audio, mean,
                median, p90, delays.size(), lagN > 0 ? lagSum / lagN : Double.NaN,
                groups(results, UtteranceResult::speaker), groups(results, UtteranceResult::gender), List.copyOf(results));
    }

    private static List<GroupScore> groups(List<UtteranceResult> results, Function<UtteranceResult, String> key) {
        Map<String, List<UtteranceResult>> by = new LinkedHashMap<>();
        for (UtteranceResult r : results) {
            by.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
        }
        List<GroupScore> out = new ArrayList<>();
        by.forEach((k, v) -> out.add(group(k, v)));
        out.sort((a, b) -> a.group().compareTo(b.group()));
        return out;
    }

    private static GroupScore group(String name, List<UtteranceResult> rs) {
        EditDistance.Counts w = new EditDistance.Counts(0, 0, 0, 0);
        EditDistance.Counts c = new EditDistance.Counts(0, 0, 0, 0);
        for (UtteranceResult r : rs) {
            w = w.plus(r.words());
            c = c.plus(r.chars());
        }
        return new GroupScore(name, rs.size(), w.referenceLength(), w.errors(), w.rate(), c.rate());
    }
}
