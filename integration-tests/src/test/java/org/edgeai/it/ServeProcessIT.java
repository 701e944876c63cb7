package org.edgeai.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.edgeai.kernel.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edgeai serve} as a real process: it binds a port, answers health checks, and on SIGTERM
 * shuts down gracefully (health NOT_SERVING, calls drained) and exits.
 */
class ServeProcessIT {

    @Test
    void serveAnswersHealthAndStopsOnSigterm(@TempDir Path tmp) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path errLog = tmp.resolve("stderr.log");
        Process p = new ProcessBuilder(List.of(java.toString(), "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), "org.edgeai.platform.Main",
                "--data-dir", TestData.root().toString(), "serve", "--port", "0", "--shutdown-grace-seconds", "2"))
                .redirectError(errLog.toFile())
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            assertTrue(line != null, "server printed nothing; stderr: " + Files.readString(errLog));
            Matcher m = Pattern.compile("serving on 127\\.0\\.0\\.1:(\\d+)").matcher(line);
            assertTrue(m.find(), line);
            int port = Integer.parseInt(m.group(1));
            ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
            try {
                assertEquals(ServingStatus.SERVING,
                        HealthGrpc.newBlockingStub(ch).check(HealthCheckRequest.getDefaultInstance()).getStatus());
            } finally {
                ch.shutdownNow();
            }
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "server did not exit within 20 s of SIGTERM");
            assertEquals(143, p.exitValue(), "exit code after SIGTERM (128 + 15)");
            String err = Files.readString(errLog);
            assertTrue(err.contains("gRPC server stopped"), err);
        } finally {
            p.destroyForcibly();
        }
    }
}
