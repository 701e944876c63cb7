package org.edgeai.platform.nas;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.edgeai.kernel.DataDirectory;
import org.edgeai.nas.bench.Nb201Table;
import org.edgeai.nas.search.Nb201SearchBenchmark;
import org.edgeai.nas.search.Nb201SearchProblem;
import org.edgeai.nas.search.Nb201Searchers;
import org.edgeai.platform.Cli;
import org.edgeai.platform.ConsoleProgress;
import org.edgeai.platform.JsonOption;
import org.edgeai.platform.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgeai nas nb201-benchmark}: table-driven searches over many seeds.
 *
 * @implNote Single-use picocli command object; not thread-safe.
 */
@Command(name = "nb201-benchmark", mixinStandardHelpOptions = true,
        description = "Table-driven NAS-Bench-201 search under a device latency budget and a query budget, every method over "
                + "seeds 1..N: mean and spread of the returned architecture's accuracy; writes the mean convergence curves "
                + "as CSV and PNG.")
public final class Nb201BenchmarkCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Mixin
    private JsonOption json;

    @Option(names = "--device", defaultValue = "pixel3", description = "latency column (default ${DEFAULT-VALUE})")
    private String device;
    @Option(names = "--budget-ms", description = "latency budget in ms (default: the --budget-quantile of the device column)")
    private Double budgetMs;
    @Option(names = "--budget-quantile", defaultValue = "0.5", description = "budget as a quantile of the table's latencies (default ${DEFAULT-VALUE})")
    private double budgetQuantile;
    @Option(names = "--queries", defaultValue = "100", description = "accuracy queries per run (default ${DEFAULT-VALUE})")
    private int queries;
    @Option(names = "--seeds", defaultValue = "50", description = "runs per method (default ${DEFAULT-VALUE})")
    private int seeds;
    @Option(names = "--methods", split = ",", defaultValue = "random,re,jenetics-ga,guided")
    private List<String> methods;
    @Option(names = "--search-accuracy", defaultValue = "acc12ep_cifar10valid_val")
    private String searchAccuracy;
    @Option(names = "--report-accuracy", defaultValue = "acc12ep_cifar10_test")
    private String reportAccuracy;
    @Option(names = "--out", description = "directory for nb201_convergence.csv/.png (default: no files)")
    private Path out;

    /**
     * Runs every method over seeds 1..{@code --seeds} and prints the summary table (accuracies in %).
     *
     * @return 0
     * @throws IllegalArgumentException if a method or the device is unknown, {@code --budget-quantile}
     *                                  is outside (0, 1] or the device column has no finite latency
     * @throws IllegalStateException    if the data directory lacks {@code nas/}
     * @throws IOException              if the convergence files cannot be written
     */
    @Override
    public Integer call() throws IOException {
        Path dir = DataDirectory.require(Cli.dataDir(spec), "nas");
        Nb201Table table = Nb201Table.read(dir.resolve(Nb201Table.FILE));
        for (String m : methods) {
            if (!Nb201Searchers.METHODS.contains(m)) {
                throw new IllegalArgumentException("unknown method '" + m + "' (known: " + Nb201Searchers.METHODS + ")");
            }
        }
        double budget = budgetMs != null ? budgetMs : quantile(table.latency(device), budgetQuantile);
        Nb201SearchProblem p = new Nb201SearchProblem(table, searchAccuracy, reportAccuracy, device, budget, queries);
        Nb201SearchBenchmark.Result r = Nb201SearchBenchmark.run(p, methods, seeds, ConsoleProgress.of(spec));
        if (out != null) {
            StringBuilder csv = new StringBuilder("query");
            for (var m : r.methods()) {
                csv.append(',').append(m.method());
            }
            csv.append('\n');
            for (int q = 0; q < queries; q++) {
                csv.append(q + 1);
                for (var m : r.methods()) {
                    csv.append(',').append(q < m.meanIncumbentTrace().size() ? String.format("%.4f", m.meanIncumbentTrace().get(q)) : "");
                }
                csv.append('\n');
            }
            NasPlots.writeText(out.resolve("nb201_convergence.csv"), csv.toString());
            List<NasPlots.Series> series = new ArrayList<>();
            for (var m : r.methods()) {
                double[] x = new double[m.meanIncumbentTrace().size()];
                double[] y = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    x[i] = i + 1;
                    y[i] = m.meanIncumbentTrace().get(i);
                }
                series.add(new NasPlots.Series(m.method(), x, y, true));
            }
            NasPlots.write(out.resolve("nb201_convergence.png"),
                    String.format("NAS-Bench-201, %s <= %.2f ms, mean of %d seeds", device, budget, seeds),
                    "accuracy queries", reportAccuracy + " of incumbent (%)", series);
        }
        if (json.json()) {
            Cli.printJson(spec, r);
            return 0;
        }
        var o = spec.commandLine().getOut();
        o.printf("budget %.3f ms on %s (%.1f%% of the table feasible), %d queries, %d seeds; best feasible in table: %s %.2f%%, %s %.2f%%%n",
                r.budgetMs(), device, 100 * r.feasibleShare(), queries, seeds, searchAccuracy, r.oracleSearchAccuracy(),
                reportAccuracy, r.oracleReportAccuracy());
        TextTable t = new TextTable("method", "runs", "mean " + reportAccuracy, "std", "min", "max", "mean " + searchAccuracy, "found best");
        for (var m : r.methods()) {
            t.row(m.method(), m.runs(), String.format("%.2f", m.meanReportAccuracy()), String.format("%.2f", m.stdReportAccuracy()),
                    String.format("%.2f", m.minReportAccuracy()), String.format("%.2f", m.maxReportAccuracy()),
                    String.format("%.2f", m.meanSearchAccuracy()), String.format("%.0f%%", 100 * m.oracleHitShare()));
        }
        o.print(t);
        o.flush();
        return 0;
    }

    static double quantile(double[] v, double q) {
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1], got " + q);
        }
        double[] s = Arrays.stream(v).filter(Double::isFinite).sorted().toArray();
        if (s.length == 0) {
            throw new IllegalArgumentException("no finite latencies");
        }
        return s[Math.min(s.length - 1, (int) Math.floor(q * (s.length - 1)))];
    }
}
