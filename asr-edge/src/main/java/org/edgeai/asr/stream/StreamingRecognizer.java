package org.edgeai.asr.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.edgeai.asr.data.CharVocabulary;
import org.edgeai.asr.decode.Candidate;
import org.edgeai.asr.decode.CtcDecoder;
import org.edgeai.asr.decode.DecoderConfig;
import org.edgeai.asr.decode.TransducerBeamSearch;
import org.edgeai.asr.decode.WordNgramLm;
import org.edgeai.asr.decode.WordTiming;
import org.edgeai.asr.model.AsrModel;
import org.edgeai.asr.model.StreamingEncoder;
import org.edgeai.asr.model.Transducer;

/**
 * Streaming speech recognition of one audio stream: 16 kHz mono PCM chunks in, interim results
 * after every chunk that completes an encoder step, final results at endpoints. An endpoint is
 * declared after {@link DecoderConfig#endpointSilenceS()} of consecutive blank-dominated encoder
 * steps following speech (the CTC blank is the arg-max; for RNN-T, no symbol was emitted); the
 * segment's best hypothesis becomes final and decoding restarts while the encoder keeps its state.
 *
 * <p>Both kinds of model decode greedily when the beam width is 1 and neither lexicon nor LM is
 * used (CTC best path; RNN-T {@link Transducer#step}), else by beam search ({@link CtcDecoder},
 * {@link TransducerBeamSearch}; for RNN-T the endpoint counts steps in which the best hypothesis
 * emitted nothing).
 *
 * @implNote Owns the encoder and decoder state: not thread-safe, one per stream; {@link #reset()}
 * to reuse it for another stream.
 */
public final class StreamingRecognizer implements Recognizer {
    /** Required input sample rate in Hz. */
    public static final int SAMPLE_RATE_HZ = 16000;
    private final StreamingEncoder encoder;
    private final DecoderConfig config;
    private final CtcDecoder beam;
    private final Transducer transducer;
    private final TransducerBeamSearch rnntBeam;
    private final boolean bestPath;
    private final double secondsPerStep;
    private final int endpointSteps;
    private final List<RecognitionResult> events = new ArrayList<>();
    // best-path / transducer segment state
    private final StringBuilder text = new StringBuilder();
    private final List<WordTiming> words = new ArrayList<>();
    private final StringBuilder word = new StringBuilder();
    private long wordStart = -1;
    private long wordEnd = -1;
    private int prevToken = CharVocabulary.BLANK;
    // common
    private long step;
    private long segmentStart;
    private int trailingBlank;
    private boolean speechInSegment;
    private boolean stepInChunk;
    private long samples;
    private List<Candidate> finalCandidates = List.of();

    /**
     * @param model the trained model
     * @param config decoding settings
     * @param lm word LM and lexicon, or null when the config uses neither
     * @throws IllegalArgumentException if the config needs an LM that is not given
     */
    public StreamingRecognizer(AsrModel model, DecoderConfig config, WordNgramLm lm) {
        this.encoder = model.newEncoder();
        this.config = Objects.requireNonNull(config, "config");
        this.secondsPerStep = 1.0 / model.stepsPerSecond();
        this.endpointSteps = (int) Math.ceil(config.endpointSilenceS() / secondsPerStep);
        this.bestPath = config.beamWidth() == 1 && !config.useLexicon() && config.lmWeight() == 0;
        if (model.arch() == AsrModel.Arch.RNNT) {
            Transducer t = model.newTransducer();
            this.transducer = bestPath ? t : null;
            this.rnntBeam = bestPath ? null
                    : new TransducerBeamSearch(t, config, lm, Transducer.MAX_SYMBOLS_PER_STEP, secondsPerStep);
            this.beam = null;
        } else {
            this.transducer = null;
            this.rnntBeam = null;
            this.beam = bestPath ? null : new CtcDecoder(config, lm, secondsPerStep);
        }
    }

    /** @return the model's encoder (for graph and geometry) */
    public StreamingEncoder encoder() {
        return encoder;
    }

    /** @return encoder steps consumed since the last {@link #reset()} */
    public long steps() {
        return step;
    }

    /** @return seconds of audio per encoder step */
    public double secondsPerStep() {
        return secondsPerStep;
    }

    /**
     * Feeds one chunk of audio.
     *
     * @param pcm 16 kHz mono samples, full scale [-1, 1], from {@code offset}. Not modified.
     * @return the events this chunk produced: finals of segments that ended, then one interim
     *         result of the open segment if it has content (a new list)
     * @throws IndexOutOfBoundsException if the range lies outside {@code pcm}
     */
    @Override
    public List<RecognitionResult> accept(float[] pcm, int offset, int length) {
        events.clear();
        stepInChunk = false;
        samples += length;
        encoder.accept(pcm, offset, length, this::onStep);
        List<RecognitionResult> out = new ArrayList<>(events);
        if (stepInChunk) {
            RecognitionResult r = interim();
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * @return the open segment's current best hypothesis as an interim result at the audio time
     *         consumed so far, or null while the segment has no speech
     */
    public RecognitionResult interim() {
        return speechInSegment ? new RecognitionResult(false, partial(), List.of(), samples / (double) SAMPLE_RATE_HZ, false) : null;
    }

    /**
     * @return the final n-best list of the last segment that ended (best first; the final result is
     *         its first entry): the beam's complete hypotheses, or the one greedy hypothesis (score 0);
     *         empty before the first final
     */
    public List<Candidate> lastFinalCandidates() {
        return finalCandidates;
    }

    /**
     * Feeds precomputed encoder outputs instead of audio (decoder sweeps over one encoding run the
     * same endpointing and decoding as {@link #accept}); interim results are not produced.
     *
     * @param outputs {@code [steps][encoder().outputSize()]}, in order, continuing the stream. Not modified.
     * @return the finals of segments that ended (a new list)
     * @throws IllegalArgumentException if a row has the wrong size
     */
    public List<RecognitionResult> acceptEncoderOutputs(float[][] outputs) {
        events.clear();
        for (float[] o : outputs) {
            if (o.length != encoder.outputSize()) {
                throw new IllegalArgumentException("encoder output has " + o.length + " values, model gives " + encoder.outputSize());
            }
            samples += encoder.samplesPerStep();
            onStep(o, step);
        }
        return new ArrayList<>(events);
    }

    /**
     * Ends the stream: the open segment's hypothesis becomes final.
     *
     * @return the final result, or an empty list if the open segment has no speech
     */
    @Override
    public List<RecognitionResult> finish() {
        if (!speechInSegment) {
            return List.of();
        }
        return List.of(endSegment(false));
    }

    @Override
    public void reset() {
        encoder.reset();
        if (transducer != null) {
            transducer.reset();
        }
        step = 0;
        samples = 0;
        finalCandidates = List.of();
        startSegment();
    }

    private void startSegment() {
        segmentStart = step;
        trailingBlank = 0;
        speechInSegment = false;
        text.setLength(0);
        words.clear();
        word.setLength(0);
        wordStart = -1;
        prevToken = CharVocabulary.BLANK;
        if (beam != null) {
            beam.reset(step);
        }
        if (rnntBeam != null) {
            rnntBeam.reset(step);
        }
    }

    private void onStep(float[] out, long encoderStep) {
        stepInChunk = true;
        boolean emitted;
        if (transducer != null) {
            boolean[] any = {false};
            transducer.step(out, tok -> {
                any[0] = true;
                append(tok, step);
            });
            emitted = any[0];
        } else if (rnntBeam != null) {
            rnntBeam.step(out);
            long last = rnntBeam.lastEmissionStep();
            step++;
            if (last >= 0) {
                speechInSegment = true;
                if (step - 1 - last >= endpointSteps) {
                    events.add(endSegment(true));
                }
            }
            return;
        } else {
            int best = argmax(out);
            emitted = best != CharVocabulary.BLANK;
            if (beam != null) {
                beam.step(out);
            } else if (best != prevToken && best != CharVocabulary.BLANK) {
                append(best, step);
            }
            prevToken = best;
        }
        step++;
        if (emitted) {
            speechInSegment = true;
            trailingBlank = 0;
        } else if (speechInSegment && ++trailingBlank >= endpointSteps) {
            events.add(endSegment(true));
        }
    }

    private void append(int token, long at) {
        if (token == CharVocabulary.SPACE) {
            closeWord();
            if (text.length() > 0 && text.charAt(text.length() - 1) != ' ') {
                text.append(' ');
            }
            return;
        }
        if (word.length() == 0) {
            wordStart = at;
        }
        word.append(CharVocabulary.symbol(token));
        wordEnd = at;
        text.append(CharVocabulary.symbol(token));
    }

    private void closeWord() {
        if (word.length() > 0) {
            words.add(new WordTiming(word.toString(), wordStart * secondsPerStep, (wordEnd + 1) * secondsPerStep));
            word.setLength(0);
        }
    }

    private String partial() {
        if (rnntBeam != null) {
            return rnntBeam.partial();
        }
        return beam != null ? beam.partial() : text.toString().trim();
    }

    private RecognitionResult endSegment(boolean endpoint) {
        List<Candidate> c;
        if (beam != null) {
            c = beam.finishNBest();
        } else if (rnntBeam != null) {
            c = rnntBeam.finishNBest();
        } else {
            closeWord();
            StringBuilder b = new StringBuilder();
            for (WordTiming t : words) {
                b.append(b.length() > 0 ? " " : "").append(t.word());
            }
            c = List.of(new Candidate(b.toString(), words, 0));
        }
        finalCandidates = c.isEmpty() ? List.of(new Candidate("", List.of(), 0)) : List.copyOf(c);
        Candidate best = finalCandidates.get(0);
        RecognitionResult r = new RecognitionResult(true, best.text(), best.words(), step * secondsPerStep, endpoint);
        startSegment();
        return r;
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int k = 1; k < v.length; k++) {
            if (v[k] > v[best]) {
                best = k;
            }
        }
        return best;
    }
}
