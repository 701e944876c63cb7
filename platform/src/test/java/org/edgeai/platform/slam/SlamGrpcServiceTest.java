package org.edgeai.platform.slam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.edgeai.kernel.testing.TestData;
import org.edgeai.platform.proto.OptimizeRequest;
import org.edgeai.platform.proto.OptimizeResult;
import org.edgeai.platform.proto.OptimizeUpdate;
import org.edgeai.platform.proto.SlamGrpc;
import org.edgeai.slam.graph.PoseGraph;
import org.edgeai.slam.io.G2oReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Slam gRPC service over a real stub and the in-process transport (direct executors, no sleeps). */
class SlamGrpcServiceTest {
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws IOException {
        TestData.require("slam/pgo2d/intel.g2o");
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(new SlamGrpcService(TestData.root())).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private SlamGrpc.SlamBlockingStub blocking() {
        return SlamGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS);
    }

    @Test
    void streamsOneProgressPerIterationThenTheResult() {
        Iterator<OptimizeUpdate> it = blocking().optimize(OptimizeRequest.newBuilder()
                .setDataPath("slam/pgo2d/intel.g2o").build());
        List<OptimizeUpdate> updates = new ArrayList<>();
        it.forEachRemaining(updates::add);
        OptimizeResult result = updates.getLast().getResult();
        assertEquals("CONVERGED", result.getStatus());
        assertEquals(updates.size() - 1, result.getIterations(), "one progress message per iteration");
        for (int i = 0; i < updates.size() - 1; i++) {
            assertEquals(i + 1, updates.get(i).getProgress().getIteration());
        }
        // published initial chi2 of intel.g2o (Ceres and g2o agree) and the best peer optimum
        assertEquals(551.7357308, result.getInitialChi2(), 1e-6);
        assertTrue(result.getFinalChi2() <= 45.00469582 * 1.001, "final chi2 " + result.getFinalChi2());
        assertTrue(result.getOperations().getF64Macs() > 0);
    }

    @Test
    void solvesInlineGraphsAndReturnsTheEstimate(@TempDir Path tmp) throws IOException {
        String g2o = """
                VERTEX_SE2 0 0 0 0
                VERTEX_SE2 1 1.2 0.1 0.05
                VERTEX_SE2 2 2.1 -0.2 0.0
                EDGE_SE2 0 1 1 0 0 100 0 0 100 0 400
                EDGE_SE2 1 2 1 0 0 100 0 0 100 0 400
                EDGE_SE2 0 2 2 0 0 100 0 0 100 0 400
                """;
        Iterator<OptimizeUpdate> it = blocking().optimize(OptimizeRequest.newBuilder().setG2OText(g2o)
                .setSolver("mixed").setReturnEstimate(true).build());
        OptimizeResult result = null;
        while (it.hasNext()) {
            OptimizeUpdate u = it.next();
            if (u.hasResult()) {
                result = u.getResult();
            }
        }
        assertNotNull(result);
        assertEquals(0, result.getFinalChi2(), 1e-8, "consistent measurements have a zero-residual optimum");
        Path out = tmp.resolve("out.g2o");
        Files.writeString(out, result.getOptimizedText());
        PoseGraph g = G2oReader.read(out);
        assertEquals(3, g.vertexCount());
        assertEquals(2.0, g.poses()[6], 1e-6);
    }

    @Test
    void malformedInputIsInvalidArgumentNamingTheLine() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> blocking().optimize(
                OptimizeRequest.newBuilder().setG2OText("VERTEX_SE2 0 0 0 0\nVERTEX_SE2 1 zero 0 0\n").build()).next());
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains(":2:"), e.getStatus().getDescription());
    }

    @Test
    void pathsOutsideTheDataDirectoryAndMissingFilesAreRefused() {
        StatusRuntimeException outside = assertThrows(StatusRuntimeException.class, () -> blocking().optimize(
                OptimizeRequest.newBuilder().setDataPath("../../etc/passwd").build()).next());
        assertEquals(Status.Code.INVALID_ARGUMENT, outside.getStatus().getCode());
        StatusRuntimeException missing = assertThrows(StatusRuntimeException.class, () -> blocking().optimize(
                OptimizeRequest.newBuilder().setDataPath("slam/pgo2d/nope.g2o").build()).next());
        assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());
        StatusRuntimeException solver = assertThrows(StatusRuntimeException.class, () -> blocking().optimize(
                OptimizeRequest.newBuilder().setDataPath("slam/pgo2d/intel.g2o").setSolver("magic").build()).next());
        assertEquals(Status.Code.INVALID_ARGUMENT, solver.getStatus().getCode());
    }

    @Test
    void indefiniteInformationIsRefusedWithTheEdgeCount() {
        TestData.require("slam/pgo3d/cubicle.g2o");
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> blocking().optimize(
                OptimizeRequest.newBuilder().setDataPath("slam/pgo3d/cubicle.g2o").build()).next());
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("5021 of 16869 edges"), e.getStatus().getDescription());
    }

    @Test
    void cancellingStopsTheSolve() {
        List<OptimizeUpdate> received = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        boolean[] completed = {false};
        SlamGrpc.newStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS).optimize(
                OptimizeRequest.newBuilder().setDataPath("slam/pgo2d/intel.g2o").setInit("file").build(),
                new ClientResponseObserver<OptimizeRequest, OptimizeUpdate>() {
                    private ClientCallStreamObserver<OptimizeRequest> call;

                    @Override
                    public void beforeStart(ClientCallStreamObserver<OptimizeRequest> requestStream) {
                        call = requestStream;
                    }

                    @Override
                    public void onNext(OptimizeUpdate value) {
                        received.add(value);
                        call.cancel("test cancels after the first iteration", null);
                    }

                    @Override
                    public void onError(Throwable t) {
                        errors.add(t);
                    }

                    @Override
                    public void onCompleted() {
                        completed[0] = true;
                    }
                });
        assertEquals(1, received.size(), "no updates after the cancel");
        assertTrue(received.getFirst().hasProgress());
        assertEquals(1, errors.size());
        assertInstanceOf(StatusRuntimeException.class, errors.getFirst());
        assertEquals(Status.Code.CANCELLED, ((StatusRuntimeException) errors.getFirst()).getStatus().getCode());
        assertTrue(!completed[0]);
    }
}
