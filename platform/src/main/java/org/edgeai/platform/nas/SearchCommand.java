package org.edgeai.platform.nas;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.edgeai.kernel.DataDirectory;
import org.edgeai.nas.bench.Nb201Table;
import org.edgeai.nas.search.Nb201SearchProblem;
import org.edgeai.nas.search.Nb201SearchRun;
import org.edgeai.nas.search.Nb201Searchers;
import org.edgeai.nas.search.ParetoFront;
import org.edgeai.platform.Cli;
import org.edgeai.platform.JsonOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code edgeai nas search}: one search run; writes the Pareto front as CSV and PNG. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Run one architecture search and write the Pareto front (accuracy vs latency) as CSV and PNG. "
                + "--space nb201: table-driven search on NAS-Bench-201.")
public final class SearchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Mixin
    private JsonOption json;

    @Option(names = "--space", defaultValue = "nb201", description = "search space (default ${DEFAULT-VALUE})")
    private String space;
    @Option(names = "--method", defaultValue = "guided", description = "random, re, jenetics-ga, guided (default ${DEFAULT-VALUE})")
    private String method;
    @Option(names = "--device", defaultValue = "pixel3")
    private String device;
    @Option(names = "--budget-ms", description = "latency budget in ms (default: median of the device column)")
    private Double budgetMs;
    @Option(names = "--queries", defaultValue = "100")
    private int queries;
    @Option(names = "--seed", defaultValue = "1")
    private long seed;
    @Option(names = "--out", defaultValue = "nas-search", description = "output directory (default ${DEFAULT-VALUE})")
    private Path out;

    /**
     * JSON result.
     *
     * @param best          best architecture found
     * @param accuracy      its search accuracy, %
     * @param testAccuracy  its reported accuracy, %
     * @param latencyMs     its latency, ms
     * @param queries       queries spent
     * @param paretoFront   non-dominated evaluated architectures
     * @param frontCsv      written CSV
     * @param frontPng      written PNG
     */
    public record Result(String best, double accuracy, double testAccuracy, double latencyMs, int queries,
                         List<ParetoFront.Point> paretoFront, String frontCsv, String frontPng) {
    }

    @Override
    public Integer call() throws IOException {
        if (!space.equals("nb201")) {
            throw new IllegalArgumentException("--space must be nb201 (the IBN space runs with its own command), got '" + space + "'");
        }
        Path dir = DataDirectory.require(Cli.dataDir(spec), "nas");
        Nb201Table table = Nb201Table.read(dir.resolve(Nb201Table.FILE));
        double budget = budgetMs != null ? budgetMs : Nb201BenchmarkCommand.quantile(table.latency(device), 0.5);
        Nb201SearchProblem p = new Nb201SearchProblem(table, "acc12ep_cifar10valid_val", "acc12ep_cifar10_test", device, budget, queries);
        ConsoleProgress progress = new ConsoleProgress(spec.commandLine().getErr());
        progress.report("search", 0, queries, method + " on nb201, " + device + " <= " + String.format("%.2f ms", budget));
        Nb201SearchRun run = Nb201Searchers.run(method, p, seed);
        progress.report("search", run.queries(), run.queries(), "done");
        List<ParetoFront.Point> front = ParetoFront.of(run.evaluated());
        StringBuilder csv = new StringBuilder("arch_str,accuracy,latency_ms\n");
        for (ParetoFront.Point pt : front) {
            csv.append(pt.name()).append(',').append(pt.accuracy()).append(',').append(pt.cost()).append('\n');
        }
        Path csvFile = out.resolve("pareto_front.csv");
        Path pngFile = out.resolve("pareto_front.png");
        NasPlots.writeText(csvFile, csv.toString());
        double[] ax = run.evaluated().stream().mapToDouble(ParetoFront.Point::cost).toArray();
        double[] ay = run.evaluated().stream().mapToDouble(ParetoFront.Point::accuracy).toArray();
        double[] fx = front.stream().mapToDouble(ParetoFront.Point::cost).toArray();
        double[] fy = front.stream().mapToDouble(ParetoFront.Point::accuracy).toArray();
        NasPlots.write(pngFile, "NAS-Bench-201 " + method + " search, " + device, "latency (ms)", "validation accuracy (%)",
                List.of(new NasPlots.Series("evaluated", ax, ay, false), new NasPlots.Series("Pareto front", fx, fy, true)));
        Result r = new Result(run.best() == null ? null : run.best().archString(), run.searchAccuracy(), run.reportAccuracy(),
                run.latencyMs(), run.queries(), front, csvFile.toString(), pngFile.toString());
        if (json.json()) {
            Cli.printJson(spec, r);
        } else {
            spec.commandLine().getOut().printf("best %s: valid %.2f%%, test %.2f%%, %.3f ms (%d queries); front: %s, %s%n",
                    r.best(), r.accuracy(), r.testAccuracy(), r.latencyMs(), r.queries(), csvFile, pngFile);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
