package org.edgeai.platform.slam;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.edgeai.kernel.Progress;
import org.edgeai.platform.proto.IterationProgress;
import org.edgeai.platform.proto.OperationCounts;
import org.edgeai.platform.proto.OptimizeRequest;
import org.edgeai.platform.proto.OptimizeResult;
import org.edgeai.platform.proto.OptimizeUpdate;
import org.edgeai.platform.proto.SlamGrpc;
import org.edgeai.slam.Slam;
import org.edgeai.slam.SlamProblem;
import org.edgeai.slam.SlamSolution;
import org.edgeai.slam.graph.BundleProblem;
import org.edgeai.slam.graph.PoseGraph;
import org.edgeai.slam.io.BalWriter;
import org.edgeai.slam.io.G2oWriter;
import org.edgeai.slam.solve.SolveReport;
import org.edgeai.slam.solve.SolverConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code edgeai.v1.Slam}: the adapter from the proto messages to {@link Slam}. The solve runs on
 * the call's thread; every outer iteration is streamed; cancellation (client cancel or deadline)
 * is polled between iterations and ends the solve with status CANCELLED (nothing more is sent).
 *
 * @implNote Thread-safe (no shared mutable state: the data directory is final; every call loads its
 *           own problem and writes inline text to its own temporary directory).
 */
public final class SlamGrpcService extends SlamGrpc.SlamImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(SlamGrpcService.class);
    private final Path dataDir;

    /** @param dataDir the server's data directory; data_path requests must resolve inside it */
    public SlamGrpcService(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
    }

    /**
     * Solves one problem: streams one {@code IterationProgress} per outer iteration
     * ({@code elapsed_seconds} in s), then exactly one {@code OptimizeResult} ({@code seconds} and
     * {@code cpu_seconds} in s). Defaults: solver {@code cholesky}, algorithm {@code lm}, init
     * {@code chordal}, {@code max_iterations} 0 = 100. Inline {@code g2o_text} / {@code bal_text} is
     * written to a temporary directory deleted afterwards; {@code data_path} is resolved against the
     * data directory and must stay inside it. Nothing is sent once the call is cancelled.
     *
     * <p>Errors: {@code INVALID_ARGUMENT} when no source is set, for an unknown solver, algorithm or
     * init, a negative {@code max_iterations}, a {@code data_path} outside the data directory, a
     * malformed file (file and line named), unusable input such as indefinite information matrices
     * without {@code psd_projection}, and for any other {@link IOException} reading the input;
     * {@code NOT_FOUND} when {@code data_path} is not a regular file; {@code INTERNAL} for any other
     * failure (logged), including failures to write the request's text to a temporary file. {@code RESOURCE_EXHAUSTED} for an oversized
     * request comes from the server's inbound-message limit, not from this method.
     */
    @Override
    public void optimize(OptimizeRequest request, StreamObserver<OptimizeUpdate> response) {
        ServerCallStreamObserver<OptimizeUpdate> call = (ServerCallStreamObserver<OptimizeUpdate>) response;
        call.setOnCancelHandler(() -> LOG.debug("slam optimize cancelled by the client"));
        Context ctx = Context.current();
        Path tmpDir = null;
        try {
            SolverConfig cfg = SlamOptions.config(request.getSolver(), request.getAlgorithm(), request.getInit(),
                    request.getMaxIterations() == 0 ? 100 : request.getMaxIterations(), request.getPsdProjection(),
                    "none", 1);
            if (request.getMaxIterations() < 0) {
                throw new IllegalArgumentException("max_iterations must be >= 0, got " + request.getMaxIterations());
            }
            Path file;
            switch (request.getSourceCase()) {
                case DATA_PATH -> file = resolveDataPath(request.getDataPath());
                case G2O_TEXT, BAL_TEXT -> {
                    boolean g2o = request.getSourceCase() == OptimizeRequest.SourceCase.G2O_TEXT;
                    try {
                        tmpDir = Files.createTempDirectory("edgeai-slam-");
                        file = tmpDir.resolve(g2o ? "request.g2o" : "request.txt");
                        Files.writeString(file, g2o ? request.getG2OText() : request.getBalText(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        // the server's own disk, not the request: INTERNAL below
                        throw new java.io.UncheckedIOException("cannot stage the request in a temporary file: " + e.getMessage(), e);
                    }
                }
                default -> throw new IllegalArgumentException("one of data_path, g2o_text, bal_text is required");
            }
            SlamProblem problem = Slam.load(file, false);
            Progress progress = Progress.cancelledWhen(() -> call.isCancelled() || ctx.isCancelled());
            SlamSolution sol = Slam.solve(problem, cfg, progress, rec -> {
                if (!call.isCancelled()) {
                    call.onNext(OptimizeUpdate.newBuilder().setProgress(IterationProgress.newBuilder()
                            .setIteration(rec.iteration()).setChi2(rec.chi2()).setCandidateChi2(nan0(rec.candidateChi2()))
                            .setLambda(rec.lambda()).setAccepted(rec.accepted()).setLinearIterations(rec.linearIterations())
                            .setElapsedSeconds(rec.elapsedSeconds())).build());
                }
            });
            if (call.isCancelled() || ctx.isCancelled()) {
                LOG.info("slam optimize of {} cancelled after {} iterations", problem.name(), sol.report().iterations());
                return;
            }
            call.onNext(OptimizeUpdate.newBuilder().setResult(result(sol, request.getReturnEstimate())).build());
            call.onCompleted();
        } catch (NoSuchFileException e) {
            fail(call, Status.NOT_FOUND.withDescription("no such data file: " + e.getMessage()));
        } catch (IllegalArgumentException e) {
            fail(call, Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
        } catch (IOException e) {
            fail(call, Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("slam optimize failed", e);
            fail(call, Status.INTERNAL.withDescription("slam optimize failed: " + e));
        } finally {
            if (tmpDir != null) {
                deleteQuietly(tmpDir);
            }
        }
    }

    private Path resolveDataPath(String relative) throws NoSuchFileException {
        Path p = dataDir.resolve(relative).toAbsolutePath().normalize();
        if (!p.startsWith(dataDir)) {
            throw new IllegalArgumentException("data_path must stay inside the data directory: " + relative);
        }
        if (!Files.isRegularFile(p)) {
            throw new NoSuchFileException(relative);
        }
        return p;
    }

    private static OptimizeResult result(SlamSolution sol, boolean withEstimate) throws IOException {
        SolveReport r = sol.report();
        org.edgeai.slam.solve.OperationCounts o = r.operations();
        OptimizeResult.Builder b = OptimizeResult.newBuilder().setProblem(r.problem()).setKind(r.kind())
                .setStatus(r.status().name()).setMessage(r.message()).setInitialChi2(r.initialChi2())
                .setStartChi2(r.startChi2()).setFinalChi2(r.finalChi2()).setIterations(r.iterations())
                .setLinearIterations(r.linearIterations()).setSeconds(r.seconds()).setCpuSeconds(r.cpuSeconds())
                .addAllWarnings(r.warnings())
                .setOperations(OperationCounts.newBuilder().setF16StorageMacs(o.f16StorageMacs()).setF32Macs(o.f32Macs())
                        .setF32VectorOps(o.f32VectorOps()).setF64Macs(o.f64Macs()).setSpmvCalls(o.spmvCalls())
                        .setTriangularSolveCalls(o.triangularSolveCalls()));
        if (withEstimate) {
            StringWriter w = new StringWriter();
            switch (sol.optimized()) {
                case PoseGraph g -> G2oWriter.write(g, w);
                case BundleProblem p -> BalWriter.write(p, w);
            }
            b.setOptimizedText(w.toString());
        }
        return b.build();
    }

    private static double nan0(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private static void fail(ServerCallStreamObserver<OptimizeUpdate> call, Status status) {
        if (!call.isCancelled()) {
            call.onError(status.asRuntimeException());
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.debug("cannot delete {}: {}", p, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.debug("cannot clean {}: {}", dir, e.toString());
        }
    }
}
