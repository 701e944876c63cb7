package org.edgeai.platform.enhance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.edgeai.enhance.model.PercepNetModel;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.Tensor;
import org.edgeai.kernel.audio.AudioIo;
import org.edgeai.kernel.testing.TestData;
import org.edgeai.platform.Cli;
import org.edgeai.platform.proto.AudioFormat;
import org.edgeai.platform.proto.EnhanceRequest;
import org.edgeai.platform.proto.EnhanceResponse;
import org.edgeai.platform.proto.SampleEncoding;
import org.edgeai.platform.proto.SpeechEnhancementGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnhanceGrpcServiceTest {
    private Server server;
    private ManagedChannel channel;
    private PercepNetModel model;

    /** A random but fixed 16 kHz model (the test checks plumbing, not quality). */
    static PercepNetModel randomModel() {
        PercepNetModel.Architecture a = PercepNetModel.Architecture.defaults(25);
        SplittableRandom r = new SplittableRandom(8);
        Map<String, float[]> w = new HashMap<>();
        a.shapes().forEach((n, s) -> {
            float[] v = new float[Tensor.numel(s)];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (r.nextGaussian() * 0.2);
            }
            w.put(n, v);
        });
        return PercepNetModel.of(a, 16000, w, Map.of());
    }

    @BeforeEach
    void start() throws Exception {
        model = randomModel();
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(new EnhanceGrpcService(() -> model, () -> model)).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    /** Collects a response stream. */
    static final class Collector implements StreamObserver<EnhanceResponse> {
        final List<EnhanceResponse> responses = new ArrayList<>();
        final CompletableFuture<Status> done = new CompletableFuture<>();

        @Override
        public void onNext(EnhanceResponse r) {
            responses.add(r);
        }

        @Override
        public void onError(Throwable t) {
            done.complete(Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
            done.complete(Status.OK);
        }
    }

    private static ByteString floats(float[] x, int from, int to) {
        ByteBuffer b = ByteBuffer.allocate((to - from) * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = from; i < to; i++) {
            b.putFloat(x[i]);
        }
        return ByteString.copyFrom(b.array());
    }

    private static AudioFormat format(int rate, SampleEncoding enc) {
        return AudioFormat.newBuilder().setSampleRateHz(rate).setChannels(1).setEncoding(enc).setPrecision("int8").build();
    }

    /** Streams a real dev file in uneven chunks and gets exactly the samples `edgeai denoise` writes. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {16000, 48000})
    void streamingARealFileGivesTheSameSamplesAsTheCli(int rate, @TempDir Path tmp) throws Exception {
        Path noisy = TestData.require("audio/dev/noisy/p232_003.wav");
        if (rate != 16000) {
            float[] up = new org.edgeai.kernel.audio.Resampler(16000, rate).process(AudioIo.read(noisy).channels()[0]);
            noisy = tmp.resolve("noisy-" + rate + ".wav");
            AudioIo.writeWav(noisy, org.edgeai.kernel.audio.AudioClip.mono(up, rate), AudioIo.WavEncoding.FLOAT32);
        }
        Path modelFile = tmp.resolve("m.eaim");
        model.toModelFile("test", DType.I8).write(modelFile);
        // the CLI reads the int8 file; the service gets the same (re-quantized) model
        PercepNetModel fromFile = PercepNetModel.read(modelFile);
        model = fromFile;
        Path out = tmp.resolve("enhanced.wav");
        StringWriter sw = new StringWriter();
        var cl = Cli.newCommandLine();
        cl.setOut(new PrintWriter(sw));
        cl.setErr(new PrintWriter(sw));
        int rc = cl.execute("denoise", "--in", noisy.toString(), "--out", out.toString(), "--model", modelFile.toString(),
                "--encoding", "FLOAT32", "--json");
        assertEquals(0, rc, sw.toString());
        float[] cli = AudioIo.read(out).channels()[0];

        float[] x = AudioIo.read(noisy).channels()[0];
        Collector c = new Collector();
        StreamObserver<EnhanceRequest> req = SpeechEnhancementGrpc.newStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS).enhance(c);
        req.onNext(EnhanceRequest.newBuilder().setFormat(format(rate, SampleEncoding.FLOAT32)).build());
        int pos = 0;
        int[] sizes = {1000, 37, 4096, 160, 2500};
        for (int i = 0; pos < x.length; i++) {
            int n = Math.min(sizes[i % sizes.length], x.length - pos);
            req.onNext(EnhanceRequest.newBuilder().setAudio(floats(x, pos, pos + n)).build());
            pos += n;
        }
        req.onCompleted();
        assertEquals(Status.Code.OK, c.done.get(10, TimeUnit.SECONDS).getCode());
        assertEquals(30 * rate / 1000, c.responses.get(0).getDelaySamples(), "30 ms of algorithmic delay at the stream's rate");
        ByteBuffer all = ByteBuffer.allocate(x.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        long expectFirst = 0;
        for (EnhanceResponse r : c.responses) {
            assertEquals(expectFirst, r.getFirstSample());
            expectFirst += r.getAudio().size() / 4;
            all.put(r.getAudio().asReadOnlyByteBuffer());
        }
        assertEquals(x.length, expectFirst);
        all.flip();
        float[] streamed = new float[x.length];
        all.asFloatBuffer().get(streamed);
        assertArrayEquals(cli, streamed);
    }

    private Status run(List<EnhanceRequest> requests) throws Exception {
        Collector c = new Collector();
        StreamObserver<EnhanceRequest> req = SpeechEnhancementGrpc.newStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS).enhance(c);
        for (EnhanceRequest r : requests) {
            req.onNext(r);
        }
        req.onCompleted();
        return c.done.get(10, TimeUnit.SECONDS);
    }

    @Test
    void badFormatsAndOrderingGetInvalidArgument() throws Exception {
        EnhanceRequest audio = EnhanceRequest.newBuilder().setAudio(ByteString.copyFrom(new byte[8])).build();
        Status s = run(List.of(EnhanceRequest.newBuilder().setFormat(format(4000, SampleEncoding.PCM16)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, s.getCode());
        assertTrue(s.getDescription().contains("4000 Hz") && s.getDescription().contains("8000..192000"), s.getDescription());
        assertEquals(Status.Code.INVALID_ARGUMENT, run(List.of(audio)).getCode());
        assertEquals(Status.Code.INVALID_ARGUMENT,
                run(List.of(EnhanceRequest.newBuilder().setFormat(format(16000, SampleEncoding.SAMPLE_ENCODING_UNSPECIFIED)).build())).getCode());
        EnhanceRequest fmt = EnhanceRequest.newBuilder().setFormat(format(16000, SampleEncoding.PCM16)).build();
        assertEquals(Status.Code.INVALID_ARGUMENT, run(List.of(fmt, fmt)).getCode());
        Status odd = run(List.of(fmt, EnhanceRequest.newBuilder().setAudio(ByteString.copyFrom(new byte[3])).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, odd.getCode());
        assertTrue(odd.getDescription().contains("3 bytes"), odd.getDescription());
        EnhanceRequest f32 = EnhanceRequest.newBuilder().setFormat(format(16000, SampleEncoding.FLOAT32)).build();
        float[] nan = {0f, Float.NaN};
        assertEquals(Status.Code.INVALID_ARGUMENT, run(List.of(f32, EnhanceRequest.newBuilder().setAudio(floats(nan, 0, 2)).build())).getCode());
        // finite but absurd (3e38 + 3e38 overflowed the stereo downmix to infinity and poisoned the stream)
        float[] huge = {3e38f, 3e38f};
        EnhanceRequest stereo = EnhanceRequest.newBuilder().setFormat(format(16000, SampleEncoding.FLOAT32).toBuilder().setChannels(2)).build();
        Status big = run(List.of(stereo, EnhanceRequest.newBuilder().setAudio(floats(huge, 0, 2)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, big.getCode());
        assertTrue(big.getDescription().contains("exceeds 1000000.0 in magnitude"), big.getDescription());
        assertEquals(Status.Code.RESOURCE_EXHAUSTED,
                run(List.of(fmt, EnhanceRequest.newBuilder().setAudio(ByteString.copyFrom(new byte[2 * 16000 * 11])).build())).getCode());
        assertEquals(Status.Code.INVALID_ARGUMENT, run(List.of()).getCode());
        // a well-formed PCM16 stream of silence completes with as many samples as it sent
        Collector c = new Collector();
        StreamObserver<EnhanceRequest> req = SpeechEnhancementGrpc.newStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS).enhance(c);
        req.onNext(fmt);
        req.onNext(EnhanceRequest.newBuilder().setAudio(ByteString.copyFrom(new byte[2 * 999])).build());
        req.onCompleted();
        assertEquals(Status.Code.OK, c.done.get(10, TimeUnit.SECONDS).getCode());
        assertEquals(2 * 999, c.responses.stream().mapToInt(r -> r.getAudio().size()).sum());
    }

    /** A model the server cannot load is its own fault: FAILED_PRECONDITION, not the client's INVALID_ARGUMENT. */
    @Test
    void anUnloadableModelIsAFailedPreconditionNotABadRequest() throws Exception {
        String name = InProcessServerBuilder.generateName();
        java.util.function.Supplier<PercepNetModel> corrupt = () -> {
            throw new IllegalArgumentException("model.eaim: bad magic");
        };
        var broken = InProcessServerBuilder.forName(name).directExecutor().addService(new EnhanceGrpcService(corrupt, corrupt)).build().start();
        var ch = InProcessChannelBuilder.forName(name).directExecutor().build();
        try {
            Collector c = new Collector();
            StreamObserver<EnhanceRequest> req = SpeechEnhancementGrpc.newStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS).enhance(c);
            req.onNext(EnhanceRequest.newBuilder().setFormat(format(16000, SampleEncoding.PCM16)).build());
            req.onCompleted();
            Status s = c.done.get(10, TimeUnit.SECONDS);
            assertEquals(Status.Code.FAILED_PRECONDITION, s.getCode());
            assertTrue(s.getDescription().contains("int8 enhancement model cannot be loaded") && s.getDescription().contains("bad magic"),
                    s.getDescription());
        } finally {
            ch.shutdownNow();
            broken.shutdownNow();
        }
    }

    @Test
    void anExpiredDeadlineEndsTheCall() throws Exception {
        Collector c = new Collector();
        StreamObserver<EnhanceRequest> req = SpeechEnhancementGrpc.newStub(channel).withDeadlineAfter(1, TimeUnit.NANOSECONDS).enhance(c);
        req.onNext(EnhanceRequest.newBuilder().setFormat(format(16000, SampleEncoding.PCM16)).build());
        req.onCompleted();
        assertEquals(Status.Code.DEADLINE_EXCEEDED, c.done.get(10, TimeUnit.SECONDS).getCode());
    }
}
