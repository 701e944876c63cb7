package org.edgeai.platform.nas;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.edgeai.kernel.DataDirectory;
import org.edgeai.kernel.Progress;
import org.edgeai.nas.bench.FbnetTable;
import org.edgeai.nas.bench.Nb201Table;
import org.edgeai.nas.estimate.EstimatorConfig;
import org.edgeai.nas.estimate.LatencyEstimator;
import org.edgeai.nas.search.MultishotConfig;
import org.edgeai.nas.search.Nb201SearchBenchmark;
import org.edgeai.nas.search.Nb201SearchProblem;
import org.edgeai.nas.search.Nb201SearchRun;
import org.edgeai.nas.search.Nb201Searchers;
import org.edgeai.nas.search.ParetoFront;
import org.edgeai.platform.proto.NasEstimate;
import org.edgeai.platform.proto.NasEstimateRequest;
import org.edgeai.platform.proto.NasEstimateResponse;
import org.edgeai.platform.proto.NasGrpc;
import org.edgeai.platform.proto.NasMethodSummary;
import org.edgeai.platform.proto.NasParetoPoint;
import org.edgeai.platform.proto.NasProgress;
import org.edgeai.platform.proto.NasSearchEvent;
import org.edgeai.platform.proto.NasSearchRequest;
import org.edgeai.platform.proto.NasSearchResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code edgeai.v1.Nas}: proto adapter of the NAS searches and the latency estimator.
 *
 * <p>Thread-safe. Table-driven NAS-Bench-201 searches run concurrently; IBN searches (Fashion-MNIST training, 2 threads
 * each) run one at a time: a request that arrives while one runs is refused with {@code RESOURCE_EXHAUSTED}. An IBN
 * job's journal lives in a temporary directory for the job's lifetime (a cancelled or failed job is not resumable);
 * everything it found is in the streamed result.
 *
 * @implNote The only shared mutable state is the one-permit {@link Semaphore} that admits IBN jobs
 *           ({@code tryAcquire}, released in a {@code finally}); the data directory and the runner are
 *           final, every call builds its own tables, problems and temporary directory. A call's
 *           progress messages are sent under the call observer's monitor.
 */
public final class NasGrpcService extends NasGrpc.NasImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(NasGrpcService.class);
    /** Largest benchmark accepted, seeds. */
    public static final int MAX_SEEDS = 500;
    /** Largest IBN search accepted: trained candidates. */
    public static final int MAX_EVALUATIONS = 200;
    /** Largest IBN search accepted: epochs per candidate. */
    public static final int MAX_EPOCHS = 20;
    /** Largest IBN search accepted: zero-shot samples per screening round. */
    public static final int MAX_SAMPLES = 100_000;
    /** Largest IBN search accepted: Jenetics population. */
    public static final int MAX_POPULATION = 256;
    /** Largest IBN search accepted: generations. */
    public static final int MAX_GENERATIONS = 1000;
    /** Largest IBN search accepted: per-training wall-clock limit, s. */
    public static final double MAX_BUDGET_SECONDS = 3600;
    /** Largest parallelism factor accepted. */
    public static final int MAX_PARALLELISM = 1024;

    /** Runs one IBN search; the production runner trains on the data directory, tests pass synthetic ones. */
    @FunctionalInterface
    interface IbnRunner {
        IbnSearchJob.Outcome run(IbnSearchJob.Settings settings, Path journal, Progress progress) throws IOException;
    }

    private final Path dataDir;
    private final IbnRunner ibnRunner;
    private final Semaphore ibnJobs = new Semaphore(1);

    /** @param dataDir the server's data directory (holds {@code nas/} and, for IBN searches, {@code vision/}) */
    public NasGrpcService(Path dataDir) {
        this(dataDir, (settings, journal, progress) -> IbnSearchJob.run(settings, dataDir, journal, progress));
    }

    NasGrpcService(Path dataDir, IbnRunner ibnRunner) {
        this.dataDir = dataDir;
        this.ibnRunner = ibnRunner;
    }

    /**
     * Runs one search and streams {@code NasProgress} events (at most one per 200 ms, plus every
     * report with {@code done == total}), then exactly one {@code NasSearchResult} (accuracies in %,
     * latencies in ms, memory in bytes, times in s). Space {@code nb201} (default) reads
     * {@code nas/} of the data directory; space {@code ibn} trains on {@code vision/}, one job at a
     * time. Cancelling the call (or its deadline) stops a multi-seed benchmark or an IBN search at
     * its next cancellation check (a single nb201 run, seconds long, runs to its end); either way
     * nothing more is sent.
     *
     * <p>Errors: {@code INVALID_ARGUMENT} for an unknown space, method, device, mode, channels,
     * objective, proxy, fusion or accelerator preset, {@code queries} outside 1..15625, {@code seeds}
     * outside 1..{@link #MAX_SEEDS}, a negative or non-finite nb201 {@code budget_ms}, a negative
     * IBN {@code budget_ms} or {@code memory_budget_bytes}, or another IBN setting out of range (the
     * {@code MAX_*} limits of this class, {@code target_accuracy} outside [0, 100]);
     * {@code FAILED_PRECONDITION} when the data directory lacks {@code nas/} or {@code vision/}
     * (any {@link IllegalStateException}); {@code RESOURCE_EXHAUSTED} when an IBN search is already
     * running; {@code INTERNAL} for I/O and unexpected failures (logged).
     */
    @Override
    public void runSearch(NasSearchRequest request, StreamObserver<NasSearchEvent> response) {
        ServerCallStreamObserver<NasSearchEvent> call = (ServerCallStreamObserver<NasSearchEvent>) response;
        // with a handler, an event sent after the client cancelled is dropped instead of throwing CANCELLED (logged as
        // a server failure); the search itself stops through Progress.cancelled()
        call.setOnCancelHandler(() -> LOG.debug("RunSearch cancelled by the client"));
        Progress progress = new Progress() {
            private long last;

            @Override
            public void report(String task, long done, long total, String detail) {
                long now = System.nanoTime();
                if ((now - last < 200_000_000L && done != total) || call.isCancelled()) {
                    return;
                }
                last = now;
                synchronized (call) {
                    call.onNext(NasSearchEvent.newBuilder().setProgress(NasProgress.newBuilder().setTask(task).setDone(done)
                            .setTotal(total).setDetail(detail)).build());
                }
            }

            @Override
            public boolean cancelled() {
                return call.isCancelled();
            }
        };
        try {
            String space = request.getSpace().isBlank() ? "nb201" : request.getSpace();
            NasSearchResult result = space.equals("ibn") ? ibn(request, progress) : search(request, progress);
            if (call.isCancelled()) {
                return;
            }
            response.onNext(NasSearchEvent.newBuilder().setResult(result).build());
            response.onCompleted();
        } catch (IllegalArgumentException e) {
            response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        } catch (IllegalStateException e) {
            response.onError(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException());
        } catch (JobsBusy e) {
            response.onError(Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage()).asRuntimeException());
        } catch (IOException | UncheckedIOException e) {
            LOG.error("RunSearch failed", e);
            response.onError(Status.INTERNAL.withDescription("search failed: " + e.getMessage()).asRuntimeException());
        } catch (RuntimeException e) {
            LOG.error("RunSearch failed", e);
            response.onError(Status.INTERNAL.withDescription("search failed: " + e).asRuntimeException());
        }
    }

    private NasSearchResult search(NasSearchRequest r, Progress progress) {
        String space = r.getSpace().isBlank() ? "nb201" : r.getSpace();
        if (!space.equals("nb201")) {
            throw new IllegalArgumentException("space must be nb201 or ibn, got '" + space + "'");
        }
        String method = r.getMethod().isBlank() ? "guided" : r.getMethod();
        if (!Nb201Searchers.METHODS.contains(method)) {
            throw new IllegalArgumentException("unknown method '" + method + "' (known: " + Nb201Searchers.METHODS + ")");
        }
        String device = r.getDevice().isBlank() ? "pixel3" : r.getDevice();
        int queries = r.getQueries() == 0 ? 100 : r.getQueries();
        int seeds = r.getSeeds() == 0 ? 1 : r.getSeeds();
        if (queries < 1 || queries > 15625 || seeds < 1 || seeds > MAX_SEEDS || r.getBudgetMs() < 0 || !Double.isFinite(r.getBudgetMs())) {
            throw new IllegalArgumentException("need 1 <= queries <= 15625, 1 <= seeds <= " + MAX_SEEDS + ", budget_ms >= 0; got "
                    + queries + ", " + seeds + ", " + r.getBudgetMs());
        }
        Nb201Table table = Nb201Table.read(DataDirectory.require(dataDir, "nas").resolve(Nb201Table.FILE));
        double budget = r.getBudgetMs() > 0 ? r.getBudgetMs() : Nb201BenchmarkCommand.quantile(table.latency(device), 0.5);
        Nb201SearchProblem p = new Nb201SearchProblem(table, "acc12ep_cifar10valid_val", "acc12ep_cifar10_test", device, budget, queries);
        NasSearchResult.Builder b = NasSearchResult.newBuilder().setBudgetMs(budget);
        if (seeds == 1) {
            progress.report("search", 0, queries, method);
            Nb201SearchRun run = Nb201Searchers.run(method, p, r.getSeed() == 0 ? 1 : r.getSeed());
            progress.report("search", run.queries(), run.queries(), "done");
            if (run.best() != null) {
                b.setBestArchitecture(run.best().archString()).setSearchAccuracy(run.searchAccuracy())
                        .setTestAccuracy(run.reportAccuracy()).setLatencyMs(run.latencyMs());
            }
            b.setQueries(run.queries());
            for (ParetoFront.Point pt : ParetoFront.of(run.evaluated())) {
                b.addParetoFront(NasParetoPoint.newBuilder().setArchitecture(pt.name()).setAccuracy(pt.accuracy()).setLatencyMs(pt.cost()));
            }
        } else {
            Nb201SearchBenchmark.Result res = Nb201SearchBenchmark.run(p, List.of(method), seeds, progress);
            for (var m : res.methods()) {
                b.addMethods(NasMethodSummary.newBuilder().setMethod(m.method()).setRuns(m.runs()).setMeanAccuracy(m.meanReportAccuracy())
                        .setStdAccuracy(m.stdReportAccuracy()).setMinAccuracy(m.minReportAccuracy()).setMaxAccuracy(m.maxReportAccuracy()));
            }
        }
        return b.build();
    }

    /** Thrown when an IBN search is already running. */
    private static final class JobsBusy extends Exception {
        JobsBusy() {
            super("an IBN search is already running on this server (one at a time: each trains on 2 cores); retry when it ends");
        }
    }

    private NasSearchResult ibn(NasSearchRequest r, Progress progress) throws IOException, JobsBusy {
        IbnSearchJob.Settings s = settings(r);
        if (!ibnJobs.tryAcquire()) {
            throw new JobsBusy();
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("edgeai-nas-search");
            IbnSearchJob.Outcome o = ibnRunner.run(s, dir.resolve("trained.csv"), progress);
            var res = o.result();
            NasSearchResult.Builder b = NasSearchResult.newBuilder()
                    .setBestArchitecture(res.best().network()).setSearchAccuracy(res.best().accuracy())
                    .setLatencyMs(res.best().cost().latencyMs()).setMemoryBytes(res.best().cost().memoryBytes())
                    .setFeasible(res.best().feasible())
                    .setQueries((int) res.evaluations().stream().filter(e -> !Double.isNaN(e.accuracy())).count())
                    .setBaselineArchitecture(res.baseline().network()).setBaselineAccuracy(res.baseline().accuracy())
                    .setBaselineLatencyMs(res.baseline().cost().latencyMs()).setBaselineMemoryBytes(res.baseline().cost().memoryBytes())
                    .setWallSeconds(o.wallSeconds()).setCpuSeconds(o.cpuSeconds()).setCancelled(res.cancelled());
            if (Double.isFinite(s.budgetMs())) {
                b.setBudgetMs(s.budgetMs());
            }
            if (o.sampled() != null) {
                b.setSampled(o.sampled()).setEligibleScored(o.eligible());
            }
            for (ParetoFront.Point pt : res.paretoFront()) {
                b.addParetoFront(NasParetoPoint.newBuilder().setArchitecture(pt.name()).setAccuracy(pt.accuracy()).setLatencyMs(pt.cost()));
            }
            return b.build();
        } finally {
            ibnJobs.release();
            if (dir != null) {
                deleteTree(dir);
            }
        }
    }

    /**
     * @return the request's IBN settings, defaults filled in as {@code edgeai nas search --space ibn} has them
     * @throws IllegalArgumentException naming the first bad or oversized field
     */
    static IbnSearchJob.Settings settings(NasSearchRequest r) {
        String accelerator = r.getAccelerator().isBlank() ? NasCostModels.DEFAULT_PRESET : r.getAccelerator();
        if (!org.edgeai.accel.AcceleratorConfigs.names().contains(accelerator)) {
            throw new IllegalArgumentException("accelerator must be a preset " + org.edgeai.accel.AcceleratorConfigs.names() + ", got '"
                    + accelerator + "'");
        }
        int population = orDefault(r.getPopulation(), 8);
        int generations = orDefault(r.getGenerations(), 6);
        int evaluations = orDefault(r.getEvaluations(), 24);
        int epochs = orDefault(r.getEpochs(), 3);
        int samples = orDefault(r.getSamples(), 1000);
        int parallelism = orDefault(r.getParallelism(), 32);
        double budgetSeconds = r.getBudgetSeconds() == 0 ? 90 : r.getBudgetSeconds();
        if (population > MAX_POPULATION || generations > MAX_GENERATIONS || evaluations > MAX_EVALUATIONS || epochs > MAX_EPOCHS
                || samples > MAX_SAMPLES || parallelism > MAX_PARALLELISM || budgetSeconds > MAX_BUDGET_SECONDS) {
            throw new IllegalArgumentException(String.format("IBN search too large: population %d (max %d), generations %d (max %d), "
                            + "evaluations %d (max %d), epochs %d (max %d), samples %d (max %d), parallelism %d (max %d), budget_seconds %s (max %.0f)",
                    population, MAX_POPULATION, generations, MAX_GENERATIONS, evaluations, MAX_EVALUATIONS, epochs, MAX_EPOCHS, samples,
                    MAX_SAMPLES, parallelism, MAX_PARALLELISM, budgetSeconds, MAX_BUDGET_SECONDS));
        }
        if (r.getBudgetMs() < 0 || r.getMemoryBudgetBytes() < 0) {
            throw new IllegalArgumentException("budget_ms and memory_budget_bytes must be >= 0 (0 = none), got " + r.getBudgetMs() + ", "
                    + r.getMemoryBudgetBytes());
        }
        long seed = r.getSeed() == 0 ? 1 : r.getSeed();
        IbnSearchJob.Settings s = new IbnSearchJob.Settings(
                r.getMode().isBlank() ? "v3" : r.getMode(),
                r.getChannels().isBlank() ? "curated" : r.getChannels(),
                r.getObjective().isBlank() ? "latency" : r.getObjective(),
                r.getMethod().isBlank() ? "multishot" : r.getMethod(),
                r.getProxy().isBlank() ? "synflow" : r.getProxy(),
                r.getTargetAccuracy(),
                r.getBudgetMs() == 0 ? Double.POSITIVE_INFINITY : r.getBudgetMs(),
                r.getMemoryBudgetBytes() == 0 ? Long.MAX_VALUE : r.getMemoryBudgetBytes(),
                population, generations, evaluations, epochs, budgetSeconds, r.getPriceFirst(), seed,
                r.getSearchSeed() == 0 ? seed : r.getSearchSeed(), samples, r.getExpertRules(), accelerator,
                r.getFusion().isBlank() ? "auto" : r.getFusion(), parallelism,
                r.hasRewardExponent() ? r.getRewardExponent() : MultishotConfig.MNASNET_EXPONENT);
        if (!s.zeroShot() && !s.method().equals("multishot")) {
            throw new IllegalArgumentException("ibn method must be multishot or zero-shot, got '" + s.method() + "'");
        }
        s.validate();
        return s;
    }

    private static int orDefault(int v, int dflt) {
        return v == 0 ? dflt : v;
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("could not delete the job directory {}: {}", dir, e.toString());
        }
    }

    /**
     * Fits the latency estimator on {@code train_csv} and answers with one prediction per
     * {@code query_csv} row ({@code predicted_ms}, ms). Both texts are written to a temporary
     * directory that is deleted afterwards; its path is replaced by "request" in
     * {@code INVALID_ARGUMENT} messages. With {@code transfer_from}, the source estimators are fitted
     * on {@code nas/} of the server's data directory.
     *
     * <p>Errors: {@code INVALID_ARGUMENT} for a space other than {@code nb201} or {@code fbnet},
     * malformed CSV rows, an unknown device column, {@code index_calibration} with {@code fbnet},
     * {@code transfer_from} with {@code fbnet} or with {@code index_calibration}, or a device that is
     * also a transfer source; {@code FAILED_PRECONDITION} when {@code transfer_from} is given and the
     * data directory lacks {@code nas/} (any {@link IllegalStateException}); {@code INTERNAL} for I/O
     * and unexpected failures (logged). The request's size is bounded only by the server's
     * inbound-message limit.
     */
    @Override
    public void estimateLatency(NasEstimateRequest request, StreamObserver<NasEstimateResponse> response) {
        Path dir = null;
        io.grpc.Context ctx = io.grpc.Context.current();
        // a passed deadline or a client cancel stops the fit between its cross-validation folds
        Progress untilCallEnds = Progress.cancelledWhen(ctx::isCancelled);
        try {
            dir = Files.createTempDirectory("edgeai-nas-estimate");
            Path train = dir.resolve("train.csv");
            Path query = dir.resolve("query.csv");
            Files.writeString(train, request.getTrainCsv());
            Files.writeString(query, request.getQueryCsv());
            NasEstimateResponse.Builder b = NasEstimateResponse.newBuilder();
            EstimatorConfig cfg = EstimatorConfig.defaults().withIndexCalibration(request.getIndexCalibration());
            if (request.getTransferFromCount() > 0) {
                if (!request.getSpace().equals("nb201") || request.getIndexCalibration()) {
                    throw new IllegalArgumentException("transfer_from applies to space nb201 without index_calibration");
                }
                List<String> sources = request.getTransferFromList().equals(List.of("help"))
                        ? org.edgeai.nas.estimate.FewShotExperiment.HELP_SOURCES : request.getTransferFromList();
                if (sources.contains(request.getDevice())) {
                    throw new IllegalArgumentException("device " + request.getDevice() + " is also a transfer_from source");
                }
                Nb201Table shared = Nb201Table.read(DataDirectory.require(dataDir, "nas").resolve(Nb201Table.FILE));
                Nb201Table tr = Nb201Table.read(train);
                var est = org.edgeai.nas.estimate.TransferEstimator.fitNb201(shared, sources, tr.cells(), tr.measuredLatency(request.getDevice()),
                        cfg, untilCallEnds);
                Nb201Table q = Nb201Table.read(query);
                for (int i = 0; i < q.size(); i++) {
                    b.addEstimates(NasEstimate.newBuilder().setId(q.index(i)).setPredictedMs(est.predictMs(q.cells().get(i))));
                }
                response.onNext(b.setTrainingRows(tr.size()).setTransferSource(est.source())
                        .setTransferMethod(est.method()).build());
                response.onCompleted();
                return;
            }
            switch (request.getSpace()) {
                case "nb201" -> {
                    var est = LatencyEstimator.fitNb201(Nb201Table.read(train), request.getDevice(), cfg, untilCallEnds);
                    Nb201Table q = Nb201Table.read(query);
                    boolean cal = request.getIndexCalibration();
                    for (int i = 0; i < q.size(); i++) {
                        double ms = cal ? est.predictMs(q.cells().get(i), q.index(i)) : est.predictMs(q.cells().get(i));
                        b.addEstimates(NasEstimate.newBuilder().setId(q.index(i)).setPredictedMs(ms));
                    }
                    b.setTrainingRows(est.trainingRows()).setCorrected(est.corrected()).setIndexCalibrated(cal);
                }
                case "fbnet" -> {
                    if (request.getIndexCalibration()) {
                        throw new IllegalArgumentException("index_calibration applies to nb201 only");
                    }
                    FbnetTable tr = FbnetTable.read(train);
                    var est = LatencyEstimator.fitFbnet(List.of(tr.blocks()), tr.measuredLatency(request.getDevice()), cfg, untilCallEnds);
                    FbnetTable q = FbnetTable.read(query);
                    for (int i = 0; i < q.size(); i++) {
                        b.addEstimates(NasEstimate.newBuilder().setId(q.sampleId(i)).setPredictedMs(est.predictMs(q.blocks(i))));
                    }
                    b.setTrainingRows(est.trainingRows()).setCorrected(est.corrected());
                }
                default -> throw new IllegalArgumentException("space must be nb201 or fbnet, got '" + request.getSpace() + "'");
            }
            response.onNext(b.build());
            response.onCompleted();
        } catch (java.util.concurrent.CancellationException e) {
            LOG.debug("EstimateLatency stopped: the call was cancelled or its deadline passed");
        } catch (IllegalArgumentException e) {
            response.onError(Status.INVALID_ARGUMENT.withDescription(String.valueOf(e.getMessage())
                    .replace(String.valueOf(dir), "request")).asRuntimeException());
        } catch (IllegalStateException e) {
            response.onError(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException());
        } catch (IOException | UncheckedIOException e) {
            LOG.error("EstimateLatency failed", e);
            response.onError(Status.INTERNAL.withDescription("estimate failed: " + e.getMessage()).asRuntimeException());
        } catch (RuntimeException e) {
            LOG.error("EstimateLatency failed", e);
            response.onError(Status.INTERNAL.withDescription("estimate failed: " + e).asRuntimeException());
        } finally {
            if (dir != null) {
                try (var s = Files.list(dir)) {
                    for (Path f : s.toList()) {
                        Files.deleteIfExists(f);
                    }
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // temp files only
                }
            }
        }
    }
}
