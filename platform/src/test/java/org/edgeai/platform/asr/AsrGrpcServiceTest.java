package org.edgeai.platform.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.edgeai.asr.AsrModels;
import org.edgeai.asr.eval.Evaluator;
import org.edgeai.kernel.DataDirectory;
import org.edgeai.kernel.testing.TestData;
import org.edgeai.platform.Cli;
import org.edgeai.platform.CliRun;
import org.edgeai.platform.proto.AsrGrpc;
import org.edgeai.platform.proto.RecognitionConfig;
import org.edgeai.platform.proto.StreamingRecognizeRequest;
import org.edgeai.platform.proto.StreamingRecognizeResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AsrGrpcServiceTest {
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(new AsrGrpcService(DataDirectory.resolve(null))).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Collects a call's responses and terminal status (direct executor: complete when the calls return). */
    private static final class Collector implements StreamObserver<StreamingRecognizeResponse> {
        final List<StreamingRecognizeResponse> responses = new ArrayList<>();
        Status status;

        @Override
        public void onNext(StreamingRecognizeResponse r) {
            responses.add(r);
        }

        @Override
        public void onError(Throwable t) {
            status = Status.fromThrowable(t);
        }

        @Override
        public void onCompleted() {
            status = Status.OK;
        }

        String finals() {
            StringBuilder b = new StringBuilder();
            for (StreamingRecognizeResponse r : responses) {
                if (r.getIsFinal() && !r.getTranscript().isEmpty()) {
                    b.append(b.length() > 0 ? " " : "").append(r.getTranscript());
                }
            }
            return b.toString();
        }
    }

    private Collector stream(RecognitionConfig config, List<ByteString> chunks) {
        Collector c = new Collector();
        StreamObserver<StreamingRecognizeRequest> req = AsrGrpc.newStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS)
                .streamingRecognize(c);
        if (config != null) {
            req.onNext(StreamingRecognizeRequest.newBuilder().setConfig(config).build());
        }
        for (ByteString b : chunks) {
            req.onNext(StreamingRecognizeRequest.newBuilder().setAudio(b).build());
        }
        req.onCompleted();
        return c;
    }

    private static List<ByteString> linear16Chunks(float[] pcm, int chunkSamples) {
        List<ByteString> out = new ArrayList<>();
        for (int off = 0; off < pcm.length; off += chunkSamples) {
            int n = Math.min(chunkSamples, pcm.length - off);
            ByteBuffer b = ByteBuffer.allocate(2 * n).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                b.putShort((short) Math.round(pcm[off + i] * 32768f));
            }
            out.add(ByteString.copyFrom(b.array()));
        }
        return out;
    }

    @Test
    void streamingARealAn4FileGivesTheClisTranscript() throws Exception {
        Path wav = TestData.require("asr/an4/wav/fcaw/cen5-fcaw-b.wav");
        CliRun cli = CliRun.run("asr", "transcribe", "--in", wav.toString(), "--json");
        assertEquals(0, cli.code(), cli.err());
        JsonNode cliJson = Cli.json().readTree(cli.out());
        String expected = cliJson.get("transcript").asText();
        assertFalse(expected.isEmpty(), "the CLI recognized something");

        float[] pcm = Evaluator.read16k(wav);
        Collector c = stream(RecognitionConfig.newBuilder().setSampleRateHz(16000).setInterimResults(true).build(),
                linear16Chunks(pcm, 1600));
        assertEquals(Status.Code.OK, c.status.getCode(), String.valueOf(c.status));
        assertEquals(expected, c.finals());
        assertTrue(c.responses.stream().anyMatch(r -> !r.getIsFinal()), "interim results were sent");
        StreamingRecognizeResponse last = c.responses.get(c.responses.size() - 1);
        assertTrue(last.getIsFinal() && last.getWordsCount() > 0, "finals carry word timings");
        for (var w : last.getWordsList()) {
            assertTrue(w.getEndS() > w.getStartS() && w.getEndS() <= pcm.length / 16000.0 + 1e-6, w.toString());
        }
    }

    @Test
    void theEnsembleStreamsTheClisTranscriptAndRefusesGreedy() throws Exception {
        Path wav = TestData.require("asr/an4/wav/fcaw/cen5-fcaw-b.wav");
        CliRun cli = CliRun.run("asr", "transcribe", "--in", wav.toString(), "--model", AsrModels.ENSEMBLE, "--json");
        assertEquals(0, cli.code(), cli.err());
        String expected = Cli.json().readTree(cli.out()).get("transcript").asText();
        assertFalse(expected.isEmpty());
        Collector c = stream(RecognitionConfig.newBuilder().setModel(AsrModels.ENSEMBLE).setInterimResults(true).build(),
                linear16Chunks(Evaluator.read16k(wav), 1600));
        assertEquals(Status.Code.OK, c.status.getCode(), String.valueOf(c.status));
        assertEquals(expected, c.finals());
        Collector greedy = stream(RecognitionConfig.newBuilder().setModel(AsrModels.ENSEMBLE)
                .setDecoder(RecognitionConfig.Decoder.GREEDY).build(), List.of());
        assertEquals(Status.Code.INVALID_ARGUMENT, greedy.status.getCode());
        assertTrue(greedy.status.getDescription().contains("GREEDY"), greedy.status.getDescription());
    }

    @Test
    void garbageStreamsFailCleanlyAndTheServerKeepsServing() throws Exception {
        ByteString odd = ByteString.copyFrom(new byte[] {1, 2, 3});
        ByteString nan = ByteString.copyFrom(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(Float.NaN).putFloat(0).array());
        Collector noConfig = stream(null, List.of(ByteString.copyFrom(new byte[32])));
        assertEquals(Status.Code.INVALID_ARGUMENT, noConfig.status.getCode());
        Collector oddBytes = stream(RecognitionConfig.getDefaultInstance(), List.of(odd));
        assertEquals(Status.Code.INVALID_ARGUMENT, oddBytes.status.getCode());
        assertTrue(oddBytes.status.getDescription().contains("3 bytes"), oddBytes.status.getDescription());
        Collector rate = stream(RecognitionConfig.newBuilder().setSampleRateHz(8000).build(), List.of());
        assertEquals(Status.Code.INVALID_ARGUMENT, rate.status.getCode());
        assertTrue(rate.status.getDescription().contains("8000"));
        Collector nans = stream(RecognitionConfig.newBuilder().setEncoding(RecognitionConfig.Encoding.FLOAT32).build(), List.of(nan));
        assertEquals(Status.Code.INVALID_ARGUMENT, nans.status.getCode());
        Collector model = stream(RecognitionConfig.newBuilder().setModel("nope.eaim").build(), List.of());
        assertEquals(Status.Code.INVALID_ARGUMENT, model.status.getCode());
        // a half-close before any config (was: OK with no results), an unknown decoder (was: beam + LM)
        Collector nothing = stream(null, List.of());
        assertEquals(Status.Code.INVALID_ARGUMENT, nothing.status.getCode());
        assertTrue(nothing.status.getDescription().contains("before its config"), nothing.status.getDescription());
        Collector decoder = stream(RecognitionConfig.newBuilder().setDecoderValue(99).build(), List.of());
        assertEquals(Status.Code.INVALID_ARGUMENT, decoder.status.getCode());
        assertTrue(decoder.status.getDescription().contains("unknown decoder value 99"), decoder.status.getDescription());
        // one message over 10 s of audio (was: processed whole, without a cancellation check)
        Collector big = stream(RecognitionConfig.getDefaultInstance(), List.of(ByteString.copyFrom(new byte[2 * 16000 * 11])));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, big.status.getCode());
        // random noise and an empty stream still work afterwards
        float[] noise = new float[16000];
        java.util.Random r = new java.util.Random(345);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (float) (0.3 * r.nextGaussian());
        }
        Collector ok = stream(RecognitionConfig.newBuilder().setDecoder(RecognitionConfig.Decoder.GREEDY).build(),
                linear16Chunks(noise, 777));
        assertEquals(Status.Code.OK, ok.status.getCode());
        Collector empty = stream(RecognitionConfig.getDefaultInstance(), List.of());
        assertEquals(Status.Code.OK, empty.status.getCode());
        assertNotNull(empty.responses);
    }
}
