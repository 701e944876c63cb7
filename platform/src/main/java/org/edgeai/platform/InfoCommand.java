package org.edgeai.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.edgeai.kernel.DataDirectory;
import org.edgeai.kernel.ops.Kernels;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code edgeai info}: versions, SIMD width, data directory and the data sets found there.
 *
 * @implNote Single-use picocli command object; not thread-safe. {@link #collect} is static and
 *           thread-safe (the gRPC {@code Platform} service calls it concurrently).
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show versions, the detected SIMD width, the data directory and which data sets it holds.")
public final class InfoCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Mixin
    private JsonOption json;

    /**
     * What {@code edgeai info} reports.
     *
     * @param edgeaiVersion   project version
     * @param javaVersion     runtime version
     * @param javaVendor      runtime vendor
     * @param os              operating system and architecture
     * @param cores           available processors
     * @param maxHeapMiB      maximum heap, MiB
     * @param kernels         kernel implementation in use
     * @param simdBits        SIMD register width used (0 = scalar)
     * @param vectorApi       whether jdk.incubator.vector is resolved
     * @param dataDir         resolved data directory
     * @param dataDirExists   whether it exists
     * @param datasets        one entry per known data set
     * @param libraries       pinned library versions
     */
    public record Info(String edgeaiVersion, String javaVersion, String javaVendor, String os, int cores, long maxHeapMiB,
                       String kernels, int simdBits, boolean vectorApi, String dataDir, boolean dataDirExists,
                       List<Dataset> datasets, java.util.Map<String, String> libraries) {
    }

    /** @param name data set @param present whether its folder exists @param path its folder */
    public record Dataset(String name, boolean present, String path) {
    }

    /**
     * @param dataDir the data directory to inspect (need not exist)
     * @return the facts for the given data directory
     * @implNote Thread-safe: reads runtime properties and the file system only.
     */
    public static Info collect(Path dataDir) {
        Kernels k = Kernels.best();
        List<Dataset> ds = DataDirectory.KNOWN_DATASETS.stream()
                .map(d -> new Dataset(d, Files.isDirectory(dataDir.resolve(d)), dataDir.resolve(d).toString()))
                .toList();
        return new Info(Versions.edgeai(), Runtime.version().toString(), System.getProperty("java.vendor"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                k.name(), k.vectorBits(), Kernels.vectorAvailable(), dataDir.toString(), Files.isDirectory(dataDir), ds,
                java.util.Map.of("grpc", Versions.build("grpc.version"), "protobuf", Versions.build("protobuf.version"),
                        "djl", Versions.build("djl.version"), "picocli", Versions.build("picocli.version")));
    }

    @Override
    public Integer call() {
        Info info = collect(Cli.dataDir(spec));
        if (json.json()) {
            Cli.printJson(spec, info);
            return 0;
        }
        var out = spec.commandLine().getOut();
        out.printf("edgeai %s%n", info.edgeaiVersion());
        out.printf("java      %s (%s)%n", info.javaVersion(), info.javaVendor());
        out.printf("machine   %s, %d cores, max heap %d MiB%n", info.os(), info.cores(), info.maxHeapMiB());
        out.printf("kernels   %s (SIMD width %d bits%s)%n", info.kernels(), info.simdBits(),
                info.vectorApi() ? "" : "; Vector API not resolved, scalar fallback");
        out.printf("libraries %s%n", info.libraries());
        out.printf("data dir  %s%s%n", info.dataDir(), info.dataDirExists() ? "" : "  (missing: pass --data-dir or set EDGEAI_DATA)");
        TextTable t = new TextTable("dataset", "status", "path");
        for (Dataset d : info.datasets()) {
            t.row(d.name(), d.present() ? "found" : "missing", d.path());
        }
        out.print(t);
        out.flush();
        return 0;
    }
}
