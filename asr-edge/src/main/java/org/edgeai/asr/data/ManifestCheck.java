package org.edgeai.asr.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.edgeai.kernel.Progress;
import org.edgeai.kernel.audio.AudioClip;
import org.edgeai.kernel.audio.AudioIo;

/**
 * Checks a manifest against its audio: decodes every file, compares the decoded duration with the
 * manifest's {@code duration_s}, and reports the speaking rate (transcript words per second) under
 * both durations, so a reader can tell which one the transcript belongs to (read English runs at
 * about 2 to 3.5 words per second).
 *
 * @implNote Stateless; thread-safe.
 */
public final class ManifestCheck {
    private ManifestCheck() {
    }

    /**
     * One utterance's check.
     *
     * @param id utterance id
     * @param manifestS manifest duration in seconds
     * @param audioS decoded duration (samples / rate) in seconds
     * @param sampleRateHz decoded sample rate
     * @param words transcript words
     * @param wordsPerSecondManifest words / manifestS
     * @param wordsPerSecondAudio words / audioS
     * @param mismatch true when the durations differ by more than {@code toleranceS}
     */
    public record Entry(String id, double manifestS, double audioS, int sampleRateHz, int words, double wordsPerSecondManifest,
                        double wordsPerSecondAudio, boolean mismatch) {
    }

    /**
     * Summary.
     *
     * @param utterances checked
     * @param mismatches entries whose durations disagree
     * @param meanRateConsistent mean words per second of the consistent entries
     * @param entries every entry
     */
    public record Report(int utterances, int mismatches, double meanRateConsistent, List<Entry> entries) {
    }

    /**
     * @param toleranceS allowed |manifest - audio| in seconds
     * @throws IOException if a file cannot be decoded
     */
    public static Report check(List<Utterance> utts, double toleranceS, Progress progress) throws IOException {
        List<Entry> out = new ArrayList<>();
        int mism = 0;
        double rateSum = 0;
        int rateN = 0;
        for (Utterance u : utts) {
            AudioClip c = AudioIo.read(u.audio());
            double audio = c.durationSeconds();
            String t = u.transcript().trim();
            int words = t.isEmpty() ? 0 : t.split("\\s+").length;
            boolean bad = Math.abs(audio - u.durationS()) > toleranceS;
            if (bad) {
                mism++;
            } else {
                rateSum += words / audio;
                rateN++;
            }
            out.add(new Entry(u.id(), u.durationS(), audio, c.sampleRateHz(), words, words / u.durationS(), words / audio, bad));
            progress.report("check", out.size(), utts.size(), u.id());
        }
        return new Report(utts.size(), mism, rateN > 0 ? rateSum / rateN : Double.NaN, out);
    }
}
