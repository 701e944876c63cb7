package org.edgeai.platform.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.edgeai.kernel.ops.Kernels;
import org.edgeai.kernel.testing.TestData;
import org.edgeai.platform.proto.GetInfoRequest;
import org.edgeai.platform.proto.PlatformGrpc;
import org.edgeai.platform.proto.PlatformInfo;
import org.junit.jupiter.api.Test;

/** The real server on a loopback port: health, reflection, the Platform service, graceful stop. */
class EdgeaiServerTest {

    @Test
    void servesHealthReflectionAndInfoThenStopsGracefully() throws Exception {
        EdgeaiServer server = EdgeaiServer.start(ServerConfig.ephemeral(TestData.root()));
        ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        try {
            HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(ch);
            assertEquals(ServingStatus.SERVING, health.check(HealthCheckRequest.getDefaultInstance()).getStatus());
            assertEquals(ServingStatus.SERVING,
                    health.check(HealthCheckRequest.newBuilder().setService("edgeai.v1.Platform").build()).getStatus());

            PlatformInfo info = PlatformGrpc.newBlockingStub(ch).getInfo(GetInfoRequest.getDefaultInstance());
            assertEquals(Kernels.best().name(), info.getKernels());
            assertTrue(info.getServicesList().contains("edgeai.v1.Platform"));
            assertTrue(info.getDatasetsList().contains("slam"), info.getDatasetsList().toString());

            List<String> services = listServices(ch);
            assertTrue(services.contains("edgeai.v1.Platform"), services.toString());
            assertTrue(services.contains("grpc.health.v1.Health"), services.toString());

            server.shutdownGracefully();
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> health.check(HealthCheckRequest.getDefaultInstance()));
            assertEquals(io.grpc.Status.Code.UNAVAILABLE, e.getStatus().getCode());
            server.shutdownGracefully(); // idempotent
        } finally {
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.shutdownGracefully();
        }
    }

    @Test
    void rejectsInvalidConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> new ServerConfig("127.0.0.1", 70000, 1 << 20, 1, TestData.root()));
        assertThrows(IllegalArgumentException.class, () -> new ServerConfig("127.0.0.1", 0, 10, 1, TestData.root()));
    }

    private static List<String> listServices(ManagedChannel ch) throws InterruptedException {
        List<String> names = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        StreamObserver<ServerReflectionRequest> req = ServerReflectionGrpc.newStub(ch).serverReflectionInfo(
                new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse r) {
                        r.getListServicesResponse().getServiceList().forEach(s -> names.add(s.getName()));
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.countDown();
                    }

                    @Override
                    public void onCompleted() {
                        done.countDown();
                    }
                });
        req.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        req.onCompleted();
        assertTrue(done.await(10, TimeUnit.SECONDS));
        return names;
    }
}
