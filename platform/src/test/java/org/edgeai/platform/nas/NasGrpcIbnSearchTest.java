package org.edgeai.platform.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.edgeai.nas.search.CandidateEvaluator;
import org.edgeai.nas.space.CandidateNetworks;
import org.edgeai.nas.space.CostSummary;
import org.edgeai.nas.space.IbnSearchSpace;
import org.edgeai.nas.space.NetworkSpec;
import org.edgeai.platform.proto.NasGrpc;
import org.edgeai.platform.proto.NasSearchEvent;
import org.edgeai.platform.proto.NasSearchRequest;
import org.edgeai.platform.proto.NasSearchResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gRPC IBN search job ({@code space = "ibn"}), with a synthetic accuracy instead of Fashion-MNIST training so that
 * the test runs in seconds: the streamed result is checked against an independent recomputation (accuracy from the
 * synthetic function, latency from the simulated NPU, best = lowest latency at the target over what was trained), and
 * the job rules (one at a time, oversized requests refused, cancellation, journal removed) are exercised.
 */
class NasGrpcIbnSearchTest {
    /** Synthetic accuracy: saturating in log-MACs, so smaller networks lose accuracy. */
    private static final CandidateEvaluator SYNTHETIC = (spec, seed, progress) ->
            90 - 400.0 / Math.log(CandidateNetworks.graph(spec).totalMacs());

    @TempDir
    Path tmp;
    private Server server;
    private ManagedChannel channel;

    private NasGrpc.NasBlockingStub start(NasGrpcService.IbnRunner runner) throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).addService(new NasGrpcService(tmp, runner)).build().start();
        channel = InProcessChannelBuilder.forName(name).build();
        return NasGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void stop() throws Exception {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static NetworkSpec spec(String description) {
        NetworkSpec template = IbnSearchSpace.fashionMnist(IbnSearchSpace.Mode.BOTH, IbnSearchSpace.ChannelPolicy.CURATED, 32).baseline();
        return NetworkSpec.fromDescription(template, description);
    }

    private static double baselineAccuracy() {
        return SYNTHETIC.accuracy(IbnSearchSpace.fashionMnist(IbnSearchSpace.Mode.BOTH, IbnSearchSpace.ChannelPolicy.CURATED, 32)
                .baseline(), 1, org.edgeai.kernel.Progress.NONE);
    }

    @Test
    void multishotJobStreamsProgressThenTheBestNetworkAtTheTarget() throws Exception {
        AtomicReference<Path> journal = new AtomicReference<>();
        AtomicInteger trainings = new AtomicInteger();
        CandidateEvaluator counting = (s, seed, p) -> {
            trainings.incrementAndGet();
            return SYNTHETIC.accuracy(s, seed, p);
        };
        var stub = start((settings, j, progress) -> {
            journal.set(j);
            return IbnSearchJob.run(settings, counting, null, j, progress);
        });
        double target = baselineAccuracy() - 0.5;
        List<NasSearchEvent> events = new ArrayList<>();
        stub.withDeadlineAfter(120, TimeUnit.SECONDS).runSearch(NasSearchRequest.newBuilder().setSpace("ibn").setMode("v3")
                .setTargetAccuracy(target).setEvaluations(10).setPopulation(6).setGenerations(4).setPriceFirst(true).build())
                .forEachRemaining(events::add);
        assertTrue(events.getFirst().hasProgress(), "progress is streamed before the result");
        NasSearchResult r = events.getLast().getResult();
        assertTrue(events.getLast().hasResult());
        assertTrue(r.getFeasible());
        assertTrue(r.getQueries() >= 2 && r.getQueries() <= 11, "baseline + at most 10 trained: " + r.getQueries());
        assertEquals(trainings.get(), r.getQueries(), "every evaluation is one training (nothing journaled before)");

        // Independent recomputation of what the server reports.
        var npu = NasCostModels.of("npu-small", "auto");
        NetworkSpec best = spec(r.getBestArchitecture());
        assertEquals(SYNTHETIC.accuracy(best, 1, org.edgeai.kernel.Progress.NONE), r.getSearchAccuracy(), 1e-9);
        assertEquals(CostSummary.of(best, npu).latencyMs(), r.getLatencyMs(), 1e-12);
        assertEquals(CostSummary.of(best, npu).memoryBytes(), r.getMemoryBytes());
        assertEquals(CostSummary.of(spec(r.getBaselineArchitecture()), npu).latencyMs(), r.getBaselineLatencyMs(), 1e-12);
        assertTrue(r.getSearchAccuracy() >= target);
        assertTrue(r.getLatencyMs() < r.getBaselineLatencyMs(), "found a faster network at the target");
        // Brute force over the evaluated networks: best = lowest latency among those at the target.
        double lowest = Double.POSITIVE_INFINITY;
        for (var p : r.getParetoFrontList()) {
            assertEquals(SYNTHETIC.accuracy(spec(p.getArchitecture()), 1, org.edgeai.kernel.Progress.NONE), p.getAccuracy(), 1e-9);
            if (p.getAccuracy() >= target) {
                lowest = Math.min(lowest, p.getLatencyMs());
            }
        }
        assertEquals(lowest, r.getLatencyMs(), 0.0);
        assertEquals(0, r.getSampled(), "multishot reports no zero-shot sampling");
        assertNotNull(journal.get());
        assertFalse(Files.exists(journal.get().getParent()), "the job's journal directory is removed");
    }

    @Test
    void zeroShotJobReportsItsScreening() throws Exception {
        var stub = start((settings, j, progress) -> IbnSearchJob.run(settings, SYNTHETIC,
                s -> Math.log(CandidateNetworks.graph(s).totalMacs()), j, progress));
        double target = baselineAccuracy() - 0.5;
        List<NasSearchEvent> events = new ArrayList<>();
        stub.withDeadlineAfter(120, TimeUnit.SECONDS).runSearch(NasSearchRequest.newBuilder().setSpace("ibn").setMethod("zero-shot")
                .setMode("v3").setTargetAccuracy(target).setEvaluations(6).setSamples(200).setSearchSeed(3).build())
                .forEachRemaining(events::add);
        NasSearchResult r = events.getLast().getResult();
        assertTrue(r.getSampled() >= 200, "at least one screening round: " + r.getSampled());
        assertTrue(r.getEligibleScored() >= 1 && r.getEligibleScored() <= r.getSampled());
        assertTrue(r.getQueries() <= 7);
        assertTrue(r.getFeasible());
        assertTrue(r.getSearchAccuracy() >= target);
        assertEquals(SYNTHETIC.accuracy(spec(r.getBestArchitecture()), 1, org.edgeai.kernel.Progress.NONE), r.getSearchAccuracy(), 1e-9);
    }

    @Test
    void weightedRewardJobReturnsTheHighestMnasNetRewardOnItsFront() throws Exception {
        var stub = start((settings, j, progress) -> IbnSearchJob.run(settings, SYNTHETIC, null, j, progress));
        var npu = NasCostModels.of("npu-small", "auto");
        double target = 0.7 * CostSummary.of(spec(IbnSearchSpace.fashionMnist(IbnSearchSpace.Mode.BOTH,
                IbnSearchSpace.ChannelPolicy.CURATED, 32).baseline().describe()), npu).latencyMs();
        List<NasSearchEvent> events = new ArrayList<>();
        stub.withDeadlineAfter(120, TimeUnit.SECONDS).runSearch(NasSearchRequest.newBuilder().setSpace("ibn").setObjective("weighted")
                .setBudgetMs(target).setRewardExponent(-0.3).setEvaluations(12).setPopulation(6).setGenerations(4).build())
                .forEachRemaining(events::add);
        NasSearchResult r = events.getLast().getResult();
        assertTrue(r.getFeasible());
        assertEquals(target, r.getBudgetMs(), 0.0);
        // The reward rises with accuracy and falls with latency, so its maximum over everything trained lies on the front.
        double best = Double.NEGATIVE_INFINITY;
        String bestName = null;
        for (var p : r.getParetoFrontList()) {
            double reward = p.getAccuracy() * Math.pow(p.getLatencyMs() / target, -0.3);
            if (reward > best) {
                best = reward;
                bestName = p.getArchitecture();
            }
        }
        assertEquals(bestName, r.getBestArchitecture());
    }

    @Test
    void oneIbnJobAtATime() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        var stub = start((settings, j, progress) -> {
            if (calls.incrementAndGet() == 1) {
                entered.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return IbnSearchJob.run(settings, SYNTHETIC, null, j, progress);
        });
        NasSearchRequest req = NasSearchRequest.newBuilder().setSpace("ibn").setMode("v1").setEvaluations(2).setPopulation(4)
                .setGenerations(1).build();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        AtomicReference<NasSearchResult> firstResult = new AtomicReference<>();
        Thread first = Thread.ofPlatform().start(() -> {
            try {
                stub.withDeadlineAfter(120, TimeUnit.SECONDS).runSearch(req).forEachRemaining(e -> {
                    if (e.hasResult()) {
                        firstResult.set(e.getResult());
                    }
                });
            } catch (Throwable t) {
                firstFailure.set(t);
            }
        });
        assertTrue(entered.await(30, TimeUnit.SECONDS));
        StatusRuntimeException busy = assertThrows(StatusRuntimeException.class, () -> stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                .runSearch(req).forEachRemaining(x -> { }));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, busy.getStatus().getCode());
        assertTrue(busy.getStatus().getDescription().contains("already running"), busy.getStatus().getDescription());
        // A table-driven search is not held up by the IBN job's slot (it fails only for lack of data here).
        StatusRuntimeException nb201 = assertThrows(StatusRuntimeException.class, () -> stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                .runSearch(NasSearchRequest.newBuilder().setSpace("nb201").build()).forEachRemaining(x -> { }));
        assertEquals(Status.Code.FAILED_PRECONDITION, nb201.getStatus().getCode());
        release.countDown();
        first.join(60_000);
        assertEquals(null, firstFailure.get());
        assertNotNull(firstResult.get());
        // The slot is free again.
        List<NasSearchEvent> again = new ArrayList<>();
        stub.withDeadlineAfter(60, TimeUnit.SECONDS).runSearch(req).forEachRemaining(again::add);
        assertTrue(again.getLast().hasResult());
    }

    @Test
    void badAndOversizedRequestsAreRefusedBeforeAnythingRuns() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        var stub = start((settings, j, progress) -> {
            calls.incrementAndGet();
            return IbnSearchJob.run(settings, SYNTHETIC, null, j, progress);
        });
        String[][] expected = {
                {"too large", "evaluations"}, {"mode must be", "mode"}, {"accelerator must be a preset", "accelerator"},
                {"ibn method must be multishot or zero-shot", "method"}, {"proxy must be", "proxy"}, {"target accuracy", "target"},
                {"channels must be", "channels"}, {"fusion must be", "fusion"}, {"budget_ms", "budget"},
                {"latency target", "weighted without a target"}, {"reward exponent", "positive exponent"},
                {"not weighted", "zero-shot weighted"}};
        List<NasSearchRequest> bad = List.of(
                NasSearchRequest.newBuilder().setSpace("ibn").setEvaluations(100_000).build(),
                NasSearchRequest.newBuilder().setSpace("ibn").setMode("v9").build(),
                NasSearchRequest.newBuilder().setSpace("ibn").setAccelerator("/etc/passwd").build(),
                NasSearchRequest.newBuilder().setSpace("ibn").setMethod("annealing").build(),
                NasSearchRequest.newBuilder().setSpace("ibn").setMethod("zero-shot").setProxy("grad_norm").build(),
                NasSearchRequest.newBuilder().setSpace("ibn").setTargetAccuracy(Double.NaN).build(),
                NasSearchRequest.newBuilder().setSpace("ibn").setChannels("odd").build(),
                NasSearchRequest.newBuilder().setSpace("ibn").setFusion("magic").build(),
                NasSearchRequest.newBuilder().setSpace("ibn").setBudgetMs(-1).build(),
                NasSearchRequest.newBuilder().setSpace("ibn").setObjective("weighted").build(),
                NasSearchRequest.newBuilder().setSpace("ibn").setObjective("weighted").setBudgetMs(0.04).setRewardExponent(0.5).build(),
                NasSearchRequest.newBuilder().setSpace("ibn").setObjective("weighted").setBudgetMs(0.04).setMethod("zero-shot").build());
        for (int i = 0; i < bad.size(); i++) {
            NasSearchRequest req = bad.get(i);
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                    .runSearch(req).forEachRemaining(x -> { }));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), expected[i][1]);
            assertTrue(e.getStatus().getDescription().contains(expected[i][0]), e.getStatus().getDescription());
        }
        assertEquals(0, calls.get(), "no bad request reached the runner");
        StatusRuntimeException space = assertThrows(StatusRuntimeException.class, () -> stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                .runSearch(NasSearchRequest.newBuilder().setSpace("darts").build()).forEachRemaining(x -> { }));
        assertTrue(space.getStatus().getDescription().contains("nb201 or ibn"), space.getStatus().getDescription());
    }

    @Test
    void cancellingTheCallStopsTheJobAndFreesTheSlot() throws Exception {
        AtomicBoolean sawCancel = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        var stub = start((settings, j, progress) -> {
            if (calls.incrementAndGet() == 1) {
                try {
                    for (int i = 0; i < 60_000 && !progress.cancelled(); i++) {
                        progress.report("train", i, -1, "synthetic");
                        Thread.sleep(1);
                    }
                    sawCancel.set(progress.cancelled());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    stopped.countDown();
                }
            }
            return IbnSearchJob.run(settings, SYNTHETIC, null, j, progress);
        });
        NasSearchRequest req = NasSearchRequest.newBuilder().setSpace("ibn").setMode("v1").setEvaluations(2).setPopulation(4)
                .setGenerations(1).build();
        CountDownLatch firstEvent = new CountDownLatch(1);
        NasGrpc.newStub(channel).runSearch(req, new ClientResponseObserver<NasSearchRequest, NasSearchEvent>() {
            private ClientCallStreamObserver<NasSearchRequest> call;

            @Override
            public void beforeStart(ClientCallStreamObserver<NasSearchRequest> requestStream) {
                call = requestStream;
            }

            @Override
            public void onNext(NasSearchEvent value) {
                firstEvent.countDown();
                call.cancel("client gave up", null);
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        });
        assertTrue(firstEvent.await(30, TimeUnit.SECONDS), "progress reached the client");
        assertTrue(stopped.await(30, TimeUnit.SECONDS), "the job saw the cancellation");
        assertTrue(sawCancel.get());
        // The slot is released once the cancelled job returns.
        List<NasSearchEvent> events = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (events.isEmpty()) {
            try {
                stub.withDeadlineAfter(60, TimeUnit.SECONDS).runSearch(req).forEachRemaining(events::add);
            } catch (StatusRuntimeException e) {
                assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
                assertTrue(System.nanoTime() < deadline, "slot never released");
                Thread.sleep(20);
            }
        }
        assertTrue(events.getLast().hasResult());
    }
}
