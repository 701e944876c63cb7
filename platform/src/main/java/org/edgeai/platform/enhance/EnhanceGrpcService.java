package org.edgeai.platform.enhance;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Supplier;
import org.edgeai.enhance.RateAdaptedStream;
import org.edgeai.enhance.EnhancerConfig;
import org.edgeai.enhance.PercepNetEnhancer;
import org.edgeai.enhance.model.PercepNetModel;
import org.edgeai.kernel.DType;
import org.edgeai.platform.proto.AudioFormat;
import org.edgeai.platform.proto.EnhanceRequest;
import org.edgeai.platform.proto.EnhanceResponse;
import org.edgeai.platform.proto.SampleEncoding;
import org.edgeai.platform.proto.SpeechEnhancementGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code edgeai.v1.SpeechEnhancement}: bidirectional streaming enhancement, one
 * {@link RateAdaptedStream} (own DSP, network and resampler state) per call; rates other than the
 * model's 16 kHz are resampled in the stream (Kaiser windowed-sinc), so a stream gets the samples
 * {@code edgeai denoise} writes for the same file. Manual inbound flow control: the
 * next request is asked for only once the previous one is processed and the transport is ready for
 * more output (grpc-java {@code ManualFlowControlServer}). Errors map to {@code INVALID_ARGUMENT}
 * (bad format or audio), {@code RESOURCE_EXHAUSTED} (oversized chunk), {@code FAILED_PRECONDITION}
 * (a model is unavailable, e.g. no shipped model on the class path) and {@code INTERNAL}.
 *
 * @implNote Thread-safe: models are immutable and shared; per-call state is confined to the call's
 * serialized executor. The default constructor's model suppliers load each model at most once
 * (double-checked locking on a volatile field).
 */
public final class EnhanceGrpcService extends SpeechEnhancementGrpc.SpeechEnhancementImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(EnhanceGrpcService.class);
    /** Largest accepted FLOAT32 sample magnitude (full scale is 1; this leaves room for unnormalised input). */
    public static final float MAX_FLOAT_AMPLITUDE = 1e6f;
    /** Longest accepted audio chunk in seconds. */
    public static final double MAX_CHUNK_SECONDS = 10;

    private final Supplier<PercepNetModel> int8;
    private final Supplier<PercepNetModel> f32;

    /** Serves the shipped models (loaded on first use). */
    public EnhanceGrpcService() {
        this(memoize(() -> PercepNetModel.loadDefault(false)), memoize(() -> PercepNetModel.loadDefault(true)));
    }

    /**
     * @param int8 model for precision "int8"
     * @param f32  model for "f32"; both suppliers are called when a call starts, possibly from
     *             several calls at once, so they must be thread-safe (and should cache)
     */
    public EnhanceGrpcService(Supplier<PercepNetModel> int8, Supplier<PercepNetModel> f32) {
        this.int8 = int8;
        this.f32 = f32;
    }

    /**
     * A model that cannot be loaded (missing, or a corrupt file, whose {@code ModelFormatException} is an
     * {@link IllegalArgumentException}) is the server's problem, not the request's: it becomes an
     * {@link IllegalStateException}, i.e. {@code FAILED_PRECONDITION}, never {@code INVALID_ARGUMENT}.
     */
    private static PercepNetModel load(Supplier<PercepNetModel> s, String precision) {
        try {
            return s.get();
        } catch (IllegalStateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalStateException("the " + precision + " enhancement model cannot be loaded: " + e.getMessage(), e);
        }
    }

    private static <T> Supplier<T> memoize(Supplier<T> s) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T v = value;
                if (v == null) {
                    synchronized (this) {
                        if (value == null) {
                            value = s.get();
                        }
                        v = value;
                    }
                }
                return v;
            }
        };
    }

    /**
     * Opens one enhancement stream. The first request carries the {@code AudioFormat} (rate
     * 8000..192000 Hz, 1 or 2 interleaved channels, {@code PCM16} little-endian signed 16-bit or
     * {@code FLOAT32} little-endian, precision {@code int8} (default) or {@code f32}); every later
     * one an audio chunk of at most {@link #MAX_CHUNK_SECONDS} s. Stereo is downmixed by averaging
     * the channels. Responses carry enhanced mono audio in the stream's rate and encoding (PCM16 is
     * scaled by 32768 and clipped to [-32768, 32767]), {@code first_sample} counts output samples,
     * and the first response's {@code delay_samples} is the enhancer's delay in samples at the stream's
     * rate (30 ms: 480 at 16 kHz, 1440 at 48 kHz; hidden: the output is aligned with the input). The rest of the audio comes after
     * the client half-closes.
     *
     * <p>Errors (each ends only this call): {@code INVALID_ARGUMENT} for a first request without a
     * format, a second format, an unsupported rate, channel count, encoding or precision, a chunk that
     * is not a whole number of sample frames, a non-finite sample or one beyond {@link #MAX_FLOAT_AMPLITUDE}, or a half-close before the format;
     * {@code RESOURCE_EXHAUSTED} for a chunk longer than {@link #MAX_CHUNK_SECONDS};
     * {@code FAILED_PRECONDITION} when a supplier throws {@link IllegalStateException} (the default
     * ones: shipped model missing or unreadable); {@code INTERNAL} for any other
     * failure (logged). A cancelled call or passed deadline stops processing silently.
     *
     * @param responseObserver the call's response observer
     * @return the observer of the call's requests
     */
    @Override
    public StreamObserver<EnhanceRequest> enhance(StreamObserver<EnhanceResponse> responseObserver) {
        ServerCallStreamObserver<EnhanceResponse> call = (ServerCallStreamObserver<EnhanceResponse>) responseObserver;
        call.disableAutoRequest();
        Session s = new Session(call);
        call.setOnReadyHandler(s::onReady);
        call.setOnCancelHandler(() -> s.done = true);
        call.request(1);
        return s;
    }

    /** Maps a failure to a gRPC status (the one place this service does so). */
    static StatusRuntimeException toStatus(Throwable t) {
        if (t instanceof StatusRuntimeException e) {
            return e;
        }
        if (t instanceof IllegalArgumentException) {
            return Status.INVALID_ARGUMENT.withDescription(t.getMessage()).asRuntimeException();
        }
        if (t instanceof IllegalStateException) {
            return Status.FAILED_PRECONDITION.withDescription(t.getMessage()).asRuntimeException();
        }
        LOG.error("enhance stream failed", t);
        return Status.INTERNAL.withDescription("internal error: " + t).asRuntimeException();
    }

    private final class Session implements StreamObserver<EnhanceRequest> {
        private final ServerCallStreamObserver<EnhanceResponse> call;
        private AudioFormat format;
        private RateAdaptedStream stream;
        private long emitted;
        private boolean first = true;
        private boolean waitingForReady;
        private volatile boolean done;

        Session(ServerCallStreamObserver<EnhanceResponse> call) {
            this.call = call;
        }

        void onReady() {
            if (waitingForReady && !done && call.isReady()) {
                waitingForReady = false;
                call.request(1);
            }
        }

        private void fail(Throwable t) {
            if (!done) {
                done = true;
                call.onError(toStatus(t));
            }
        }

        @Override
        public void onNext(EnhanceRequest req) {
            if (done) {
                return;
            }
            if (Context.current().isCancelled()) {
                done = true; // deadline passed or client cancelled: stop processing, the call is already closed
                return;
            }
            try {
                if (format == null) {
                    if (!req.hasFormat()) {
                        throw new IllegalArgumentException("the first message must carry the audio format");
                    }
                    start(req.getFormat());
                } else {
                    if (req.hasFormat()) {
                        throw new IllegalArgumentException("the format was already given; later messages carry audio only");
                    }
                    send(stream.push(decode(req.getAudio())));
                }
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            if (call.isReady()) {
                call.request(1);
            } else {
                waitingForReady = true;
            }
        }

        private void start(AudioFormat f) {
            if (f.getChannels() != 1 && f.getChannels() != 2) {
                throw new IllegalArgumentException("unsupported channel count " + f.getChannels() + "; supported: 1, 2");
            }
            if (f.getEncoding() != SampleEncoding.PCM16 && f.getEncoding() != SampleEncoding.FLOAT32) {
                throw new IllegalArgumentException("unsupported encoding " + f.getEncoding() + "; supported: PCM16, FLOAT32");
            }
            String p = f.getPrecision().isEmpty() ? "int8" : f.getPrecision();
            PercepNetModel model;
            DType type;
            switch (p) {
                case "int8" -> {
                    model = load(int8, "int8");
                    type = DType.I8;
                }
                case "f32" -> {
                    model = load(f32, "f32");
                    type = DType.F32;
                }
                default -> throw new IllegalArgumentException("unsupported precision '" + p + "'; supported: int8, f32");
            }
            stream = new RateAdaptedStream(f.getSampleRateHz(),
                    new PercepNetEnhancer(EnhancerConfig.forModel(model, type), model));
            format = f;
        }

        private float[] decode(ByteString audio) {
            int bps = format.getEncoding() == SampleEncoding.PCM16 ? 2 : 4;
            int ch = format.getChannels();
            int size = audio.size();
            if (size % (bps * ch) != 0) {
                throw new IllegalArgumentException("audio chunk of " + size + " bytes is not a whole number of " + (bps * ch)
                        + "-byte sample frames");
            }
            int frames = size / (bps * ch);
            if (frames > MAX_CHUNK_SECONDS * format.getSampleRateHz()) {
                throw Status.RESOURCE_EXHAUSTED.withDescription("audio chunk of " + frames + " samples exceeds "
                        + MAX_CHUNK_SECONDS + " s").asRuntimeException();
            }
            ByteBuffer b = audio.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            float[] x = new float[frames];
            for (int i = 0; i < frames; i++) {
                float sum = 0;
                for (int c = 0; c < ch; c++) {
                    float v = bps == 2 ? b.getShort() / 32768f : b.getFloat();
                    if (!Float.isFinite(v)) {
                        throw new IllegalArgumentException("non-finite sample " + v + " at sample " + i + " of the chunk");
                    }
                    if (Math.abs(v) > MAX_FLOAT_AMPLITUDE) {
                        // finite but absurd: band energies would overflow to infinity and poison the network's state
                        throw new IllegalArgumentException("sample " + v + " at sample " + i + " of the chunk exceeds "
                                + MAX_FLOAT_AMPLITUDE + " in magnitude (FLOAT32 audio is nominally within [-1, 1])");
                    }
                    sum += v;
                }
                x[i] = sum / ch;
            }
            return x;
        }

        private void send(float[] y) {
            if (y.length == 0 && !first) {
                return;
            }
            boolean pcm = format.getEncoding() == SampleEncoding.PCM16;
            ByteBuffer b = ByteBuffer.allocate(y.length * (pcm ? 2 : 4)).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : y) {
                if (pcm) {
                    b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(v * 32768.0))));
                } else {
                    b.putFloat(v);
                }
            }
            EnhanceResponse.Builder r = EnhanceResponse.newBuilder().setAudio(ByteString.copyFrom(b.array()))
                    .setFirstSample(emitted).setSpeechPresence(stream.lastSpeechPresence());
            if (first) {
                r.setDelaySamples(stream.delaySamplesAtClientRate());
                first = false;
            }
            emitted += y.length;
            call.onNext(r.build());
        }

        @Override
        public void onError(Throwable t) {
            done = true;
            LOG.debug("client ended the enhance stream with an error: {}", t.toString());
        }

        @Override
        public void onCompleted() {
            if (done) {
                return;
            }
            try {
                if (format == null) {
                    throw new IllegalArgumentException("the stream ended before a format message");
                }
                send(stream.finish());
                done = true;
                call.onCompleted();
            } catch (RuntimeException e) {
                fail(e);
            }
        }
    }
}
