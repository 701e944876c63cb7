package org.edgeai.platform.asr;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.edgeai.asr.AsrModels;
import org.edgeai.asr.LanguageResources;
import org.edgeai.asr.decode.DecoderConfig;
import org.edgeai.asr.decode.WordNgramLm;
import org.edgeai.asr.decode.WordTiming;
import org.edgeai.asr.model.AsrModel;
import org.edgeai.asr.stream.RecognitionResult;
import org.edgeai.asr.stream.Recognizer;
import org.edgeai.asr.stream.StreamingRecognizer;
import org.edgeai.platform.proto.AsrGrpc;
import org.edgeai.platform.proto.RecognitionConfig;
import org.edgeai.platform.proto.StreamingRecognizeRequest;
import org.edgeai.platform.proto.StreamingRecognizeResponse;
import org.edgeai.platform.proto.WordInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code edgeai.v1.Asr}: streaming recognition over a bidirectional stream with manual inbound flow
 * control (one request at a time, grpc-java ManualFlowControlServer). Each call owns one
 * {@link StreamingRecognizer}; models and the language model are loaded once and shared (immutable).
 * Bad input ends only that call with a mapped status; the server keeps serving.
 *
 * @implNote Thread-safe: per-call state lives in the call's observer (gRPC delivers a call's
 *           callbacks one at a time). Shared state: models are loaded at most once each through
 *           {@link ConcurrentHashMap#computeIfAbsent}; the language model is built lazily under
 *           double-checked locking on a volatile field.
 */
public final class AsrGrpcService extends AsrGrpc.AsrImplBase {
    /** Longest accepted stream, in seconds of audio (a device session, not a file upload). */
    public static final double MAX_STREAM_SECONDS = 600;
    /** Longest accepted audio chunk, seconds. */
    public static final double MAX_CHUNK_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(AsrGrpcService.class);
    private final Path dataDir;
    private final Map<String, AsrModel> models = new ConcurrentHashMap<>();
    private volatile WordNgramLm lm;

    /** @param dataDir data directory; the LM comes from {@code asr/an4/train.tsv} under it */
    public AsrGrpcService(Path dataDir) {
        this.dataDir = dataDir;
    }

    /**
     * Opens one recognition stream. The first request carries the config, every later one an audio
     * chunk: 16 kHz mono samples, little-endian signed 16-bit ({@code LINEAR16}, the default) or
     * float32 ({@code FLOAT32}, full scale [-1, 1]). The next request is asked for only once the
     * previous one is processed. Responses: finals (word timings in s from the stream start) at
     * endpoints ({@code endpoint_ms} of trailing silence, default 600 ms) and on half-close, interim
     * results only if {@code interim_results} is set.
     *
     * <p>Errors (each ends only this call; later requests are ignored): {@code INVALID_ARGUMENT} for a
     * request with neither config nor audio, a second config, audio before the config,
     * {@code sample_rate_hz} other than 16000 (0 = 16000), an unknown encoding or decoder, {@code endpoint_ms}
     * outside [0, 10000], an unknown model, the ensemble with decoder {@code GREEDY}, a chunk that is
     * not a whole number of samples, a non-finite sample, or a half-close before the config;
     * {@code RESOURCE_EXHAUSTED} for a chunk longer than {@link #MAX_CHUNK_SECONDS} or once the
     * stream exceeds {@link #MAX_STREAM_SECONDS} of audio; {@code FAILED_PRECONDITION} when a model
     * cannot be loaded or the decoder needs the language model and {@code asr/an4/train.tsv} is
     * missing from the data directory or unusable; {@code INTERNAL} for any other failure (logged).
     *
     * @param responses the call's response observer
     * @return the observer of the call's requests
     */
    @Override
    public StreamObserver<StreamingRecognizeRequest> streamingRecognize(StreamObserver<StreamingRecognizeResponse> responses) {
        ServerCallStreamObserver<StreamingRecognizeResponse> out = (ServerCallStreamObserver<StreamingRecognizeResponse>) responses;
        out.disableAutoRequest();
        // with a handler, a response sent after the client cancelled is dropped instead of throwing CANCELLED into the
        // recognizer's thread (which would then be logged as a server failure)
        out.setOnCancelHandler(() -> LOG.debug("StreamingRecognize cancelled by the client"));
        out.request(1);
        return new Call(out);
    }

    private AsrModel model(String name) {
        String n = name.isEmpty() ? AsrModels.DEFAULT : name;
        if (!AsrModels.BUNDLED.contains(n)) {
            throw Status.INVALID_ARGUMENT.withDescription("unknown model '" + n + "'; bundled models: " + AsrModels.BUNDLED + " and "
                    + AsrModels.ENSEMBLE).asRuntimeException();
        }
        try {
            return models.computeIfAbsent(n, k -> {
                try {
                    return AsrModels.load(k, null);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (RuntimeException e) {
            throw Status.FAILED_PRECONDITION.withDescription("model '" + n + "' unavailable: " + e.getMessage()).asRuntimeException();
        }
    }

    private WordNgramLm lm() {
        WordNgramLm l = lm;
        if (l == null) {
            synchronized (this) {
                if (lm == null) {
                    Path p = dataDir.resolve("asr/an4/train.tsv");
                    if (!Files.isRegularFile(p)) {
                        throw Status.FAILED_PRECONDITION.withDescription("language model needs " + p
                                + " (set --data-dir); use decoder GREEDY without it").asRuntimeException();
                    }
                    try {
                        lm = LanguageResources.fromManifest(p);
                    } catch (java.io.IOException | IllegalArgumentException e) {
                        throw Status.FAILED_PRECONDITION.withDescription("cannot build the language model: " + e.getMessage()).asRuntimeException();
                    }
                }
                l = lm;
            }
        }
        return l;
    }

    /** One call's state. */
    private final class Call implements StreamObserver<StreamingRecognizeRequest> {
        private final ServerCallStreamObserver<StreamingRecognizeResponse> out;
        private Recognizer rec;
        private RecognitionConfig config;
        private long samples;
        private boolean done;

        Call(ServerCallStreamObserver<StreamingRecognizeResponse> out) {
            this.out = out;
        }

        @Override
        public void onNext(StreamingRecognizeRequest req) {
            if (done) {
                return;
            }
            try {
                switch (req.getRequestCase()) {
                    case CONFIG -> configure(req.getConfig());
                    case AUDIO -> audio(req.getAudio());
                    default -> throw Status.INVALID_ARGUMENT.withDescription("empty request: set config or audio").asRuntimeException();
                }
                out.request(1);
            } catch (StatusRuntimeException e) {
                fail(e);
            } catch (RuntimeException e) {
                LOG.error("StreamingRecognize failed", e);
                fail(Status.INTERNAL.withDescription("internal error: " + e).asRuntimeException());
            }
        }

        private void configure(RecognitionConfig c) {
            if (config != null) {
                throw Status.INVALID_ARGUMENT.withDescription("config sent twice; only the first request carries it").asRuntimeException();
            }
            int rate = c.getSampleRateHz() == 0 ? StreamingRecognizer.SAMPLE_RATE_HZ : c.getSampleRateHz();
            if (rate != StreamingRecognizer.SAMPLE_RATE_HZ) {
                throw Status.INVALID_ARGUMENT.withDescription("sample_rate_hz " + rate + " is not supported: stream 16000 Hz mono "
                        + "(files of other rates are resampled by `edgeai asr transcribe`)").asRuntimeException();
            }
            if (c.getEncoding() == RecognitionConfig.Encoding.UNRECOGNIZED) {
                throw Status.INVALID_ARGUMENT.withDescription("unknown encoding value " + c.getEncodingValue()).asRuntimeException();
            }
            if (c.getDecoder() == RecognitionConfig.Decoder.UNRECOGNIZED) {
                throw Status.INVALID_ARGUMENT.withDescription("unknown decoder value " + c.getDecoderValue()).asRuntimeException();
            }
            if (c.getEndpointMs() < 0 || c.getEndpointMs() > 10_000) {
                throw Status.INVALID_ARGUMENT.withDescription("endpoint_ms must be in [0, 10000], got " + c.getEndpointMs()).asRuntimeException();
            }
            double endpointS = c.getEndpointMs() == 0 ? 0.6 : c.getEndpointMs() / 1000.0;
            boolean greedy = c.getDecoder() == RecognitionConfig.Decoder.GREEDY;
            if (AsrModels.ENSEMBLE.equals(c.getModel())) {
                if (greedy) {
                    throw Status.INVALID_ARGUMENT.withDescription(AsrModels.ENSEMBLE + " combines beam searches; decoder GREEDY does not apply")
                            .asRuntimeException();
                }
                rec = AsrModels.newEnsemble(AsrModels.ENSEMBLE_MEMBERS.stream().map(AsrGrpcService.this::model).toList(), lm(), endpointS);
                config = c;
                return;
            }
            AsrModel m = model(c.getModel());
            DecoderConfig dc = greedy ? DecoderConfig.greedy().withEndpointSilenceS(endpointS)
                    : (m.arch() == AsrModel.Arch.RNNT ? DecoderConfig.transducerBeam() : DecoderConfig.beamWithLm())
                            .withEndpointSilenceS(endpointS);
            rec = new StreamingRecognizer(m, dc, dc.useLexicon() ? lm() : null);
            config = c;
        }

        private void audio(ByteString bytes) {
            if (config == null) {
                throw Status.INVALID_ARGUMENT.withDescription("audio before config: the first request must carry the config").asRuntimeException();
            }
            boolean f32 = config.getEncoding() == RecognitionConfig.Encoding.FLOAT32;
            int width = f32 ? 4 : 2;
            if (bytes.size() % width != 0) {
                throw Status.INVALID_ARGUMENT.withDescription("audio chunk of " + bytes.size() + " bytes is not a whole number of "
                        + width + "-byte samples").asRuntimeException();
            }
            int n = bytes.size() / width;
            if (n > MAX_CHUNK_SECONDS * StreamingRecognizer.SAMPLE_RATE_HZ) {
                // one message is processed without a cancellation check: its size bounds the work a dead call can cost
                throw Status.RESOURCE_EXHAUSTED.withDescription("audio chunk of " + n + " samples exceeds " + MAX_CHUNK_SECONDS
                        + " s; send the stream in smaller chunks").asRuntimeException();
            }
            if ((samples + n) / (double) StreamingRecognizer.SAMPLE_RATE_HZ > MAX_STREAM_SECONDS) {
                throw Status.RESOURCE_EXHAUSTED.withDescription("stream exceeds " + MAX_STREAM_SECONDS + " s of audio").asRuntimeException();
            }
            float[] pcm = new float[n];
            ByteBuffer b = bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                float v = f32 ? b.getFloat() : b.getShort() / 32768f;
                if (!Float.isFinite(v)) {
                    throw Status.INVALID_ARGUMENT.withDescription("non-finite sample " + v + " at " + (samples + i)).asRuntimeException();
                }
                pcm[i] = v;
            }
            samples += n;
            send(rec.accept(pcm, 0, n));
        }

        private void send(List<RecognitionResult> results) {
            for (RecognitionResult r : results) {
                if (!r.isFinal() && !config.getInterimResults()) {
                    continue;
                }
                StreamingRecognizeResponse.Builder b = StreamingRecognizeResponse.newBuilder().setIsFinal(r.isFinal())
                        .setTranscript(r.text()).setAudioTimeS(r.audioTimeS()).setEndpoint(r.endpoint());
                for (WordTiming w : r.words()) {
                    b.addWords(WordInfo.newBuilder().setWord(w.word()).setStartS(w.startS()).setEndS(w.endS()));
                }
                out.onNext(b.build());
            }
        }

        private void fail(StatusRuntimeException e) {
            done = true;
            out.onError(e);
        }

        @Override
        public void onError(Throwable t) {
            done = true; // client cancelled; state is dropped with the call
        }

        @Override
        public void onCompleted() {
            if (done) {
                return;
            }
            done = true;
            if (rec == null) {
                out.onError(Status.INVALID_ARGUMENT.withDescription("the stream ended before its config: the first request must "
                        + "carry the config").asRuntimeException());
                return;
            }
            try {
                send(rec.finish());
                out.onCompleted();
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() == Status.Code.CANCELLED) {
                    LOG.debug("StreamingRecognize cancelled by the client while finishing");
                    return;
                }
                LOG.error("StreamingRecognize finish failed", e);
                out.onError(Status.INTERNAL.withDescription("internal error: " + e).asRuntimeException());
            } catch (RuntimeException e) {
                LOG.error("StreamingRecognize finish failed", e);
                out.onError(Status.INTERNAL.withDescription("internal error: " + e).asRuntimeException());
            }
        }
    }
}
