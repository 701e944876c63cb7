package org.edgeai.platform.nas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.edgeai.kernel.testing.TestData;
import org.edgeai.platform.proto.NasEstimateRequest;
import org.edgeai.platform.proto.NasEstimateResponse;
import org.edgeai.platform.proto.NasGrpc;
import org.edgeai.platform.proto.NasSearchEvent;
import org.edgeai.platform.proto.NasSearchRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NasGrpcServiceTest {
    private Server server;
    private ManagedChannel channel;
    private NasGrpc.NasBlockingStub stub;

    @BeforeEach
    void start() throws Exception {
        Path data = TestData.require("nas").getParent();
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor().addService(new NasGrpcService(data)).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        stub = NasGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void runsASearchAsAStreamOfProgressThenTheResult() {
        List<NasSearchEvent> events = new ArrayList<>();
        stub.withDeadlineAfter(60, TimeUnit.SECONDS).runSearch(NasSearchRequest.newBuilder().setSpace("nb201").setMethod("re")
                .setDevice("pixel3").setBudgetMs(8).setQueries(30).build()).forEachRemaining(events::add);
        assertTrue(events.size() >= 2);
        assertTrue(events.getFirst().hasProgress());
        NasSearchEvent last = events.getLast();
        assertTrue(last.hasResult());
        assertEquals(30, last.getResult().getQueries());
        assertTrue(last.getResult().getLatencyMs() <= 8.0);
        assertTrue(last.getResult().getParetoFrontCount() >= 1);
        // The front is sorted by latency with rising accuracy.
        var front = last.getResult().getParetoFrontList();
        for (int i = 1; i < front.size(); i++) {
            assertTrue(front.get(i).getLatencyMs() >= front.get(i - 1).getLatencyMs());
            assertTrue(front.get(i).getAccuracy() > front.get(i - 1).getAccuracy());
        }
    }

    @Test
    void benchmarksOverSeeds() {
        List<NasSearchEvent> events = new ArrayList<>();
        stub.withDeadlineAfter(60, TimeUnit.SECONDS).runSearch(NasSearchRequest.newBuilder().setMethod("random").setQueries(10)
                .setSeeds(3).build()).forEachRemaining(events::add);
        var r = events.getLast().getResult();
        assertEquals(1, r.getMethodsCount());
        assertEquals(3, r.getMethods(0).getRuns());
        assertTrue(r.getMethods(0).getMinAccuracy() <= r.getMethods(0).getMeanAccuracy());
    }

    @Test
    void badSearchRequestsAreInvalidArgument() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                .runSearch(NasSearchRequest.newBuilder().setMethod("annealing").build()).forEachRemaining(x -> { }));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        e = assertThrows(StatusRuntimeException.class, () -> stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                .runSearch(NasSearchRequest.newBuilder().setSeeds(100_000).build()).forEachRemaining(x -> { }));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    }

    @Test
    void estimatesFbnetLatencyFromRequestRows() throws Exception {
        List<String> lines = Files.readAllLines(TestData.require("nas/fbnet_cifar100_arch_latency.csv"));
        String train = String.join("\n", lines.subList(0, 801));
        List<String> q = new ArrayList<>(lines.subList(801, 821));
        q.addFirst(lines.getFirst());
        NasEstimateResponse r = stub.withDeadlineAfter(60, TimeUnit.SECONDS).estimateLatency(NasEstimateRequest.newBuilder()
                .setSpace("fbnet").setDevice("eyeriss").setTrainCsv(train).setQueryCsv(String.join("\n", q)).build());
        assertEquals(800, r.getTrainingRows());
        assertEquals(20, r.getEstimatesCount());
        int eyeriss = List.of(lines.getFirst().split(",")).indexOf("lat_ms_eyeriss");
        for (int i = 0; i < 20; i++) {
            double truth = Double.parseDouble(q.get(i + 1).split(",")[eyeriss]);
            assertEquals(truth, r.getEstimates(i).getPredictedMs(), 0.1 * truth);
        }
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.withDeadlineAfter(30, TimeUnit.SECONDS)
                .estimateLatency(NasEstimateRequest.newBuilder().setSpace("fbnet").setDevice("eyeriss").setTrainCsv("sample_id\n1\n")
                        .setQueryCsv(String.join("\n", q)).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    }

    @Test
    void estimatesANewDeviceByTransferFromTenRows(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        // A server whose shared table is 600 real rows (fast source fits); raspi4 plays the new device.
        List<String> lines = Files.readAllLines(TestData.require("nas/nb201_arch_accuracy_latency.csv"));
        Files.createDirectories(tmp.resolve("nas"));
        Files.write(tmp.resolve("nas").resolve("nb201_arch_accuracy_latency.csv"), lines.subList(0, 601));
        String name = InProcessServerBuilder.generateName();
        Server small = InProcessServerBuilder.forName(name).directExecutor().addService(new NasGrpcService(tmp)).build().start();
        ManagedChannel ch = InProcessChannelBuilder.forName(name).directExecutor().build();
        try {
            var s = NasGrpc.newBlockingStub(ch).withDeadlineAfter(120, TimeUnit.SECONDS);
            List<String> ten = new ArrayList<>(lines.subList(1000, 1010));
            ten.addFirst(lines.getFirst());
            List<String> q = new ArrayList<>(lines.subList(2000, 2100));
            q.addFirst(lines.getFirst());
            NasEstimateResponse r = s.estimateLatency(NasEstimateRequest.newBuilder().setSpace("nb201").setDevice("raspi4")
                    .setTrainCsv(String.join("\n", ten)).setQueryCsv(String.join("\n", q)).addTransferFrom("pixel3").build());
            assertEquals("pixel3", r.getTransferSource());
            assertEquals("transfer", r.getTransferMethod());
            assertEquals(10, r.getTrainingRows());
            assertEquals(100, r.getEstimatesCount());
            int raspi = List.of(lines.getFirst().split(",")).indexOf("lat_ms_raspi4");
            double[] predicted = new double[100];
            double[] measured = new double[100];
            for (int i = 0; i < 100; i++) {
                String[] f = q.get(i + 1).split(",");
                assertEquals(Integer.parseInt(f[0]), r.getEstimates(i).getId());
                predicted[i] = r.getEstimates(i).getPredictedMs();
                measured[i] = Double.parseDouble(f[raspi]);
            }
            assertTrue(org.edgeai.nas.internal.Ranking.spearman(predicted, measured) > 0.85);
            StatusRuntimeException same = assertThrows(StatusRuntimeException.class, () -> s.estimateLatency(NasEstimateRequest
                    .newBuilder().setSpace("nb201").setDevice("pixel3").setTrainCsv(String.join("\n", ten))
                    .setQueryCsv(String.join("\n", q)).addTransferFrom("pixel3").build()));
            assertEquals(Status.Code.INVALID_ARGUMENT, same.getStatus().getCode());
            StatusRuntimeException fbnet = assertThrows(StatusRuntimeException.class, () -> s.estimateLatency(NasEstimateRequest
                    .newBuilder().setSpace("fbnet").setDevice("fpga").setTrainCsv("x").setQueryCsv("x").addTransferFrom("pixel3").build()));
            assertTrue(fbnet.getStatus().getDescription().contains("transfer_from applies to space nb201"));
        } finally {
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            small.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
