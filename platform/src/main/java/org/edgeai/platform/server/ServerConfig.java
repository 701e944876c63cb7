package org.edgeai.platform.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Configuration of the gRPC server.
 *
 * @param host                 address to bind (e.g. 127.0.0.1, or 0.0.0.0 for all interfaces)
 * @param port                 TCP port, 0 for any free port
 * @param maxInboundMessageBytes largest accepted message; larger ones fail with RESOURCE_EXHAUSTED
 * @param shutdownGraceSeconds seconds running calls get to finish on shutdown before being cancelled
 * @param dataDir              data directory for services that read data sets
 * @implNote Immutable and thread-safe.
 */
public record ServerConfig(String host, int port, int maxInboundMessageBytes, int shutdownGraceSeconds, Path dataDir) {
    /**
     * @throws NullPointerException     if {@code host} or {@code dataDir} is null
     * @throws IllegalArgumentException if a value is out of range (port outside [0, 65535], messages
     *                                  below 1 KiB, negative grace)
     */
    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        }
        if (maxInboundMessageBytes < 1024) {
            throw new IllegalArgumentException("max inbound message must be at least 1 KiB, got " + maxInboundMessageBytes);
        }
        if (shutdownGraceSeconds < 0) {
            throw new IllegalArgumentException("shutdown grace must be >= 0 s, got " + shutdownGraceSeconds);
        }
    }

    /** @return a loopback configuration on a free port, 16 MiB messages, 5 s grace (tests) */
    public static ServerConfig ephemeral(Path dataDir) {
        return new ServerConfig("127.0.0.1", 0, 16 << 20, 5, dataDir);
    }
}
