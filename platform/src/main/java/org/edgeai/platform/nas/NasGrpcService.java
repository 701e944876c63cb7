package org.edgeai.platform.nas;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.edgeai.kernel.DataDirectory;
import org.edgeai.kernel.Progress;
import org.edgeai.nas.bench.FbnetTable;
import org.edgeai.nas.bench.Nb201Table;
import org.edgeai.nas.estimate.EstimatorConfig;
import org.edgeai.nas.estimate.LatencyEstimator;
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

/** {@code edgeai.v1.Nas}: proto adapter of the NAS searches and the latency estimator. */
public final class NasGrpcService extends NasGrpc.NasImplBase {
    private static final Logger LOG = LoggerFactory.getLogger(NasGrpcService.class);
    /** Largest benchmark accepted, seeds. */
    public static final int MAX_SEEDS = 500;
    private final Path dataDir;

    /** @param dataDir the server's data directory (holds {@code nas/}) */
    public NasGrpcService(Path dataDir) {
        this.dataDir = dataDir;
    }

    @Override
    public void runSearch(NasSearchRequest request, StreamObserver<NasSearchEvent> response) {
        ServerCallStreamObserver<NasSearchEvent> call = (ServerCallStreamObserver<NasSearchEvent>) response;
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
            NasSearchResult result = search(request, progress);
            if (call.isCancelled()) {
                return;
            }
            response.onNext(NasSearchEvent.newBuilder().setResult(result).build());
            response.onCompleted();
        } catch (IllegalArgumentException e) {
            response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        } catch (IllegalStateException e) {
            response.onError(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException());
        } catch (RuntimeException e) {
            LOG.error("RunSearch failed", e);
            response.onError(Status.INTERNAL.withDescription("search failed: " + e).asRuntimeException());
        }
    }

    private NasSearchResult search(NasSearchRequest r, Progress progress) {
        String space = r.getSpace().isBlank() ? "nb201" : r.getSpace();
        if (!space.equals("nb201")) {
            throw new IllegalArgumentException("space must be nb201, got '" + space + "'");
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

    @Override
    public void estimateLatency(NasEstimateRequest request, StreamObserver<NasEstimateResponse> response) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("edgeai-nas-estimate");
            Path train = dir.resolve("train.csv");
            Path query = dir.resolve("query.csv");
            Files.writeString(train, request.getTrainCsv());
            Files.writeString(query, request.getQueryCsv());
            NasEstimateResponse.Builder b = NasEstimateResponse.newBuilder();
            EstimatorConfig cfg = EstimatorConfig.defaults().withIndexCalibration(request.getIndexCalibration());
            switch (request.getSpace()) {
                case "nb201" -> {
                    var est = LatencyEstimator.fitNb201(Nb201Table.read(train), request.getDevice(), cfg);
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
                    var est = LatencyEstimator.fitFbnet(FbnetTable.read(train), request.getDevice(), cfg);
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
        } catch (IllegalArgumentException e) {
            response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()
                    .replace(String.valueOf(dir), "request")).asRuntimeException());
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
