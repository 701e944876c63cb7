package org.edgeai.platform.server;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single edgeai gRPC server: every service of {@link ServiceCatalog}, the standard health
 * service ({@code grpc.health.v1.Health}, overall and per service) and server reflection
 * ({@code grpc.reflection.v1}).
 *
 * <p>Graceful shutdown: {@link #shutdownGracefully()} marks every service NOT_SERVING, stops
 * accepting calls, lets running calls finish for {@link ServerConfig#shutdownGraceSeconds()} and
 * then cancels the rest. {@code edgeai serve} calls it from a JVM shutdown hook (SIGTERM, SIGINT).
 *
 * @implNote Thread-safe: every field is final and refers to an immutable list or to the thread-safe
 *           gRPC {@code Server} and {@code HealthStatusManager}.
 */
public final class EdgeaiServer {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeaiServer.class);
    private final Server server;
    private final HealthStatusManager health;
    private final ServerConfig config;
    private final List<String> serviceNames;

    private EdgeaiServer(Server server, HealthStatusManager health, ServerConfig config, List<String> serviceNames) {
        this.server = server;
        this.health = health;
        this.config = config;
        this.serviceNames = List.copyOf(serviceNames);
    }

    /**
     * Builds and starts the server, then marks every service (and the overall health) SERVING.
     *
     * @param config host, port, limits and data directory
     * @return the running server
     * @throws IOException if the port cannot be bound
     */
    public static EdgeaiServer start(ServerConfig config) throws IOException {
        HealthStatusManager health = new HealthStatusManager();
        NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.port()))
                .maxInboundMessageSize(config.maxInboundMessageBytes())
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance());
        List<String> names = new ArrayList<>();
        PlatformGrpcService platform = null;
        for (BindableService s : ServiceCatalog.services(config)) {
            ServerServiceDefinition def = s.bindService();
            b.addService(def);
            names.add(def.getServiceDescriptor().getName());
            if (s instanceof PlatformGrpcService p) {
                platform = p;
            }
        }
        if (platform != null) {
            platform.setServiceNames(names);
        }
        Server server = b.build().start();
        for (String n : names) {
            health.setStatus(n, ServingStatus.SERVING);
        }
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, ServingStatus.SERVING);
        LOG.info("gRPC server listening on {}:{} with {}", config.host(), server.getPort(), names);
        return new EdgeaiServer(server, health, config, names);
    }

    /** @return the bound port (useful with port 0) */
    public int port() {
        return server.getPort();
    }

    /** @return the fully qualified names of the hosted capability services */
    public List<String> serviceNames() {
        return serviceNames;
    }

    /**
     * Blocks until the server has terminated.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /**
     * Health NOT_SERVING, stop accepting calls, wait up to the grace period, then cancel what
     * remains. Idempotent.
     */
    public void shutdownGracefully() {
        if (server.isTerminated()) {
            return;
        }
        health.enterTerminalState();
        server.shutdown();
        try {
            if (!server.awaitTermination(config.shutdownGraceSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("calls still running after {} s; cancelling them", config.shutdownGraceSeconds());
                server.shutdownNow();
                server.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        LOG.info("gRPC server stopped");
    }
}
