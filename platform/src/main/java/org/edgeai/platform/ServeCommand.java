package org.edgeai.platform;

import java.util.concurrent.Callable;
import org.edgeai.platform.server.EdgeaiServer;
import org.edgeai.platform.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgeai serve}: the one gRPC server hosting every capability's service. {@link #call} blocks
 * until the server has terminated; a JVM shutdown hook shuts it down gracefully.
 *
 * @implNote Single-use picocli command object; not thread-safe.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the gRPC server (all capability services, health and reflection) until SIGTERM/SIGINT.")
public final class ServeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--port", defaultValue = "50051", description = "TCP port (0 = any free port). Default: ${DEFAULT-VALUE}.")
    private int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind. Default: ${DEFAULT-VALUE}.")
    private String host;

    /** Largest {@code --max-message-mib}: a gRPC message size is an int of bytes (2 GiB - 1). */
    static final int MAX_MESSAGE_MIB = 2047;

    @Option(names = "--max-message-mib", defaultValue = "16",
            description = "Largest inbound message in MiB, 1..2047; larger requests get RESOURCE_EXHAUSTED. Default: ${DEFAULT-VALUE}.")
    private int maxMessageMiB;

    @Option(names = "--shutdown-grace-seconds", defaultValue = "10",
            description = "On SIGTERM, seconds to let running calls finish before cancelling them. Default: ${DEFAULT-VALUE}.")
    private int graceSeconds;

    @Override
    public Integer call() throws Exception {
        if (maxMessageMiB < 1 || maxMessageMiB > MAX_MESSAGE_MIB) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--max-message-mib must be in [1, " + MAX_MESSAGE_MIB + "], got " + maxMessageMiB);
        }
        ServerConfig config = new ServerConfig(host, port, maxMessageMiB << 20, graceSeconds, Cli.dataDir(spec));
        EdgeaiServer server = EdgeaiServer.start(config);
        Thread hook = new Thread(server::shutdownGracefully, "edgeai-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        var out = spec.commandLine().getOut();
        out.printf("edgeai %s serving on %s:%d: %s%n", Versions.edgeai(), host, server.port(), server.serviceNames());
        out.flush();
        server.awaitTermination();
        return 0;
    }
}
