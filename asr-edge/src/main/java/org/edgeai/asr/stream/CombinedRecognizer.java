package org.edgeai.asr.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.edgeai.asr.data.CharVocabulary;
import org.edgeai.asr.decode.Candidate;
import org.edgeai.asr.decode.CtcDecoder;
import org.edgeai.asr.decode.DecoderConfig;
import org.edgeai.asr.decode.SystemCombination;
import org.edgeai.asr.decode.TransducerBeamSearch;
import org.edgeai.asr.decode.WordNgramLm;
import org.edgeai.asr.loss.CtcLoss;
import org.edgeai.asr.model.AsrModel;
import org.edgeai.asr.model.StreamingEncoder;
import org.edgeai.asr.model.Transducer;

/**
 * Streaming recognition with system combination at every final result: a primary recognizer
 * ({@link StreamingRecognizer}) decides endpoints and gives the interim results; secondary models
 * listen to the same audio, each with its own encoder and beam search restarted at the primary's
 * segment boundaries. When the primary ends a segment, the final n-best lists of all systems are
 * pooled and rescored by every system's exact sequence log-likelihood on the segment plus the word
 * LM ({@link SystemCombination}); the winner becomes the final result (its timings from the system
 * that proposed it).
 *
 * <p>All models must share the encoder step ({@link StreamingEncoder#samplesPerStep()}), so that
 * the systems' steps cover the same audio. Segments longer than {@link #MAX_RESCORE_STEPS} encoder
 * steps are not rescored (the primary's final stands): the RNN-T lattice grows with steps x labels.
 *
 * @implNote Owns every system's encoder, decoder and segment buffers: not thread-safe, one per
 * stream; {@link #reset()} for another stream. Buffers are bounded by {@link #MAX_RESCORE_STEPS}.
 */
public final class CombinedRecognizer implements Recognizer {
    /**
     * Default number of final hypotheses each system contributes to the pool (its best ones): on
     * AN4 dev, 2, 4 or 8 per system choose exactly the same finals as the whole n-best lists (the
     * CTC beam keeps 16) at a fraction of the rescoring cost.
     */
    public static final int DEFAULT_NBEST_PER_SYSTEM = 4;
    /**
     * Pruning beam of the RNN-T rescoring lattices ({@link Transducer#logLikelihoods(List, List, double)}),
     * nats: on AN4 dev, beams of 15 and 30 choose the same finals as exact rescoring (8 does not); one
     * dev run each took 0.029 instead of 0.0355 CPU seconds per audio second.
     */
    public static final double LATTICE_BEAM_NATS = 30;
    /** Longest segment (encoder steps; 60 s at 40 ms) that is rescored. */
    public static final int MAX_RESCORE_STEPS = 1500;
    private final StreamingRecognizer primary;
    private final List<Member> systems = new ArrayList<>();
    private final WordNgramLm lm;
    private final SystemCombination.Weights weights;
    private final int nBestPerSystem;
    private final List<float[]> stepOutputs = new ArrayList<>();
    private int segmentSteps;
    private final List<List<SystemCombination.Scored>> pools = new ArrayList<>();

    /** One member system: its encoder, its n-best source and its segment scorer. */
    private static final class Member {
        final StreamingEncoder encoder;
        final AsrModel model;
        final CtcDecoder ctc;                 // secondary CTC search, else null
        final TransducerBeamSearch rnnt;      // secondary RNN-T search, else null
        final Transducer scorer;              // RNN-T scoring, else null
        final CtcLoss ctcLoss;                // CTC scoring, else null
        final List<float[]> segment = new ArrayList<>();

        Member(AsrModel model, DecoderConfig config, WordNgramLm lm, boolean primary, double secondsPerStep) {
            this.model = model;
            this.encoder = model.newEncoder();
            boolean transducer = model.arch() == AsrModel.Arch.RNNT;
            this.ctc = !primary && !transducer ? new CtcDecoder(config, lm, secondsPerStep) : null;
            this.rnnt = !primary && transducer
                    ? new TransducerBeamSearch(model.newTransducer(), config, lm, Transducer.MAX_SYMBOLS_PER_STEP, secondsPerStep)
                    : null;
            this.scorer = transducer ? model.newTransducer() : null;
            this.ctcLoss = transducer ? null : new CtcLoss(CharVocabulary.BLANK);
        }

        double[] logLikelihoods(List<int[]> hypotheses) {
            if (scorer != null) {
                return scorer.logLikelihoods(segment, hypotheses, LATTICE_BEAM_NATS);
            }
            double[] out = new double[hypotheses.size()];
            int t = segment.size();
            int v = CharVocabulary.SIZE;
            float[] lp = new float[t * v];
            for (int i = 0; i < t; i++) {
                System.arraycopy(segment.get(i), 0, lp, i * v, v);
            }
            for (int h = 0; h < out.length; h++) {
                int[] y = hypotheses.get(h);
                out[h] = t == 0 ? (y.length == 0 ? 0 : Double.NEGATIVE_INFINITY)
                        : -ctcLoss.compute(lp, 0, t, v, y, y.length, null, 0).negLogLikelihood();
            }
            return out;
        }

        void restart(long step) {
            segment.clear();
            if (ctc != null) {
                ctc.reset(step);
            }
            if (rnnt != null) {
                rnnt.reset(step);
            }
        }
    }

    /** As {@link #CombinedRecognizer(List, List, WordNgramLm, SystemCombination.Weights, int)} with {@link #DEFAULT_NBEST_PER_SYSTEM}. */
    public CombinedRecognizer(List<AsrModel> models, List<DecoderConfig> configs, WordNgramLm lm, SystemCombination.Weights weights) {
        this(models, configs, lm, weights, DEFAULT_NBEST_PER_SYSTEM);
    }

    /**
     * @param models  the systems' models, the primary first (at least two)
     * @param configs each system's beam-search setting (the primary's also sets the endpoint)
     * @param lm      word LM and lexicon (used by the searches' configs and the combined score); may
     *                be null only if no config and no weight uses it
     * @param weights combination weights, one per model
     * @param nBestPerSystem final hypotheses each system contributes to the pool (its best ones), >= 1
     * @throws IllegalArgumentException if the counts differ, fewer than two models are given, the
     *                                  encoder steps differ, or a config needs an LM that is not given
     */
    public CombinedRecognizer(List<AsrModel> models, List<DecoderConfig> configs, WordNgramLm lm, SystemCombination.Weights weights,
                              int nBestPerSystem) {
        if (nBestPerSystem < 1) {
            throw new IllegalArgumentException("nBestPerSystem must be >= 1, got " + nBestPerSystem);
        }
        this.nBestPerSystem = nBestPerSystem;
        if (models.size() < 2 || models.size() != configs.size() || models.size() != weights.systems().size()) {
            throw new IllegalArgumentException("need >= 2 models with one config and one weight each; got " + models.size() + " models, "
                    + configs.size() + " configs, " + weights.systems().size() + " weights");
        }
        if (weights.lmWeight() > 0 && lm == null) {
            throw new IllegalArgumentException("the combination weights use the LM, but none was given");
        }
        this.lm = lm;
        this.weights = Objects.requireNonNull(weights, "weights");
        this.primary = new StreamingRecognizer(models.get(0), configs.get(0), lm);
        double secondsPerStep = primary.secondsPerStep();
        for (int m = 0; m < models.size(); m++) {
            Member s = new Member(models.get(m), configs.get(m), lm, m == 0, secondsPerStep);
            if (s.encoder.samplesPerStep() != primary.encoder().samplesPerStep()) {
                throw new IllegalArgumentException("model " + m + " steps every " + s.encoder.samplesPerStep() + " samples, the primary every "
                        + primary.encoder().samplesPerStep() + ": systems must share the encoder step");
            }
            systems.add(s);
        }
    }

    @Override
    public List<RecognitionResult> accept(float[] pcm, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, pcm.length);
        pools.clear();
        List<List<float[]>> outs = new ArrayList<>();
        for (Member s : systems) {
            List<float[]> o = new ArrayList<>();
            s.encoder.accept(pcm, offset, length, (out, step) -> o.add(out.clone()));
            outs.add(o);
        }
        int steps = outs.get(0).size();
        for (List<float[]> o : outs) {
            if (o.size() != steps) {
                throw new IllegalStateException("systems produced " + o.size() + " and " + steps + " encoder steps for the same chunk");
            }
        }
        List<RecognitionResult> events = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            stepOutputs.clear();
            for (List<float[]> o : outs) {
                stepOutputs.add(o.get(i));
            }
            events.addAll(advance(stepOutputs));
        }
        if (steps > 0) {
            RecognitionResult r = primary.interim();
            if (r != null) {
                events.add(r);
            }
        }
        return events;
    }

    /**
     * Feeds one encoder step of every system (for decoder sweeps over stored encoder outputs).
     *
     * @param outputs one output per system, in model order. Not modified.
     * @return the finals of segments that ended at this step
     */
    public List<RecognitionResult> step(List<float[]> outputs) {
        pools.clear();
        return advance(outputs);
    }

    private List<RecognitionResult> advance(List<float[]> outputs) {
        long stepIndex = primary.steps();
        for (int m = 0; m < systems.size(); m++) {
            Member s = systems.get(m);
            float[] o = outputs.get(m);
            if (segmentSteps < MAX_RESCORE_STEPS) {
                s.segment.add(o);
            }
            if (s.ctc != null) {
                s.ctc.step(o);
            } else if (s.rnnt != null) {
                s.rnnt.step(o);
            }
        }
        segmentSteps++;
        List<RecognitionResult> finals = primary.acceptEncoderOutputs(new float[][] {outputs.get(0)});
        List<RecognitionResult> out = new ArrayList<>(finals.size());
        for (RecognitionResult r : finals) {
            out.add(combine(r));
            restart(stepIndex + 1);
        }
        return out;
    }

    @Override
    public List<RecognitionResult> finish() {
        pools.clear();
        List<RecognitionResult> out = new ArrayList<>();
        for (RecognitionResult r : primary.finish()) {
            out.add(combine(r));
        }
        restart(primary.steps());
        return out;
    }

    @Override
    public void reset() {
        primary.reset();
        for (Member s : systems) {
            s.encoder.reset();
        }
        pools.clear();
        restart(0);
    }

    /**
     * @return per final result of the last {@link #accept}, {@link #step} or {@link #finish} call, in
     *         order: its pooled, scored hypotheses (empty for a segment too long to rescore). For
     *         weight sweeps; a new list.
     */
    public List<List<SystemCombination.Scored>> lastPools() {
        return new ArrayList<>(pools);
    }

    private RecognitionResult combine(RecognitionResult primaryFinal) {
        if (segmentSteps > MAX_RESCORE_STEPS) {
            pools.add(List.of());
            return primaryFinal;
        }
        List<List<Candidate>> nBests = new ArrayList<>();
        List<SystemCombination.SequenceScorer> scorers = new ArrayList<>();
        for (Member s : systems) {
            List<Candidate> nb = s.ctc != null ? s.ctc.finishNBest() : s.rnnt != null ? s.rnnt.finishNBest() : primary.lastFinalCandidates();
            nBests.add(nb.size() > nBestPerSystem ? nb.subList(0, nBestPerSystem) : nb);
            scorers.add(s::logLikelihoods);
        }
        List<SystemCombination.Scored> pool = SystemCombination.pool(nBests, scorers, lm);
        pools.add(pool);
        if (pool.isEmpty()) {
            return primaryFinal;
        }
        Candidate c = SystemCombination.choose(pool, weights).candidate();
        return new RecognitionResult(true, c.text(), c.words(), primaryFinal.audioTimeS(), primaryFinal.endpoint());
    }

    private void restart(long step) {
        segmentSteps = 0;
        for (Member s : systems) {
            s.restart(step);
        }
    }
}
