package org.edgeai.platform.nas;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.edgeai.kernel.DataDirectory;
import org.edgeai.nas.data.IdxImages;
import org.edgeai.nas.train.Nb201ProxyCheck;
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
 * {@code edgeai nas proxy-check}: our zero-shot proxies against NASLib's published ones on NAS-Bench-201 cells.
 *
 * @implNote Single-use picocli command object; not thread-safe.
 */
@Command(name = "proxy-check", mixinStandardHelpOptions = true,
        description = "Compute NASWOT, synflow and jacob_cov on the NAS-Bench-201 architectures of "
                + "nas/nb201_zero_cost_proxies_<dataset>.csv and rank-correlate them with the published (NASLib) scores of the "
                + "same proxies and with the architectures' fully trained accuracy. Minibatch: Fashion-MNIST images padded to "
                + "3x32x32. Resumable through --journal; trains nothing.")
public final class ProxyCheckCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;
    @Mixin
    private JsonOption json;
    @Option(names = "--dataset", defaultValue = "cifar10", description = "cifar10, cifar100 or imagenet16 (default ${DEFAULT-VALUE})")
    private String dataset;
    @Option(names = "--limit", defaultValue = "100000", description = "score at most this many architectures, in file order")
    private int limit;
    @Option(names = "--batch", defaultValue = "32", description = "proxy minibatch (default ${DEFAULT-VALUE}: the published "
            + "NASWOT and jacob_cov scores are on the scale of a 32-input batch)")
    private int batch;
    @Option(names = "--seed", defaultValue = "1", description = "initialisation seed (default ${DEFAULT-VALUE})")
    private long seed;
    @Option(names = "--journal", defaultValue = "nas-proxy-check.csv",
            description = "journal of nb201_index,naswot,synflow,jacob_cov rows; the run resumes from it (default ${DEFAULT-VALUE})")
    private Path journal;
    @Option(names = "--plot", description = "write the rank scatter (ours vs published, per proxy) to this PNG")
    private Path plot;

    /**
     * Scores the architectures (resuming from {@code --journal}) and prints the rank correlations.
     *
     * @return 0
     * @throws IllegalArgumentException if {@code --dataset} is not cifar10, cifar100 or imagenet16
     * @throws IllegalStateException    if the data directory lacks {@code nas/} or {@code vision/}, or
     *                                  fewer than 3 architectures were scored
     * @throws IOException              if a file cannot be read or the journal or the plot written
     */
    @Override
    public Integer call() throws IOException {
        int classes = switch (dataset) {
            case "cifar10" -> 10;
            case "cifar100" -> 100;
            case "imagenet16" -> 120;
            default -> throw new IllegalArgumentException("--dataset must be cifar10, cifar100 or imagenet16, got '" + dataset + "'");
        };
        Path file = DataDirectory.require(Cli.dataDir(spec), "nas").resolve("nb201_zero_cost_proxies_" + dataset + ".csv");
        IdxImages images = IdxImages.fashion(DataDirectory.require(Cli.dataDir(spec), "vision"), IdxImages.FASHION_TRAIN_10K);
        Nb201ProxyCheck.Result r = Nb201ProxyCheck.run(file, images, batch, limit, classes, seed, journal, ConsoleProgress.of(spec));
        if (r.oursVsAccuracy() == null) {
            throw new IllegalStateException("fewer than 3 architectures scored: nothing to correlate");
        }
        if (plot != null) {
            plot(plot, r);
            spec.commandLine().getErr().println("plot: " + plot);
        }
        if (json.json()) {
            Cli.printJson(spec, r);
            return 0;
        }
        TextTable t = new TextTable("proxy", "rho(ours, published score)", "rho(ours, accuracy)", "rho(published, accuracy)");
        t.row("naswot", f(r.oursVsPublished().naswot()), f(r.oursVsAccuracy().naswot()), f(r.publishedVsAccuracy().naswot()));
        t.row("synflow", f(r.oursVsPublished().synflow()), f(r.oursVsAccuracy().synflow()), f(r.publishedVsAccuracy().synflow()));
        t.row("jacob_cov", f(r.oursVsPublished().jacobCov()), f(r.oursVsAccuracy().jacobCov()), f(r.publishedVsAccuracy().jacobCov()));
        spec.commandLine().getOut().printf("%d NAS-Bench-201 architectures (%s), minibatch %d%n", r.rows().size(), dataset, r.batch());
        spec.commandLine().getOut().print(t);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static String f(double v) {
        return String.format("%.3f", v);
    }

    private static void plot(Path file, Nb201ProxyCheck.Result r) throws IOException {
        int n = r.rows().size();
        double[][] ours = new double[3][n];
        double[][] pub = new double[3][n];
        for (int i = 0; i < n; i++) {
            var row = r.rows().get(i);
            ours[0][i] = row.ours().naswot();
            ours[1][i] = row.ours().synflow();
            ours[2][i] = row.ours().jacobCov();
            pub[0][i] = row.published().naswot();
            pub[1][i] = row.published().synflow();
            pub[2][i] = row.published().jacobCov();
        }
        String[] names = {"naswot", "synflow", "jacob_cov"};
        double[] rho = {r.oursVsPublished().naswot(), r.oursVsPublished().synflow(), r.oursVsPublished().jacobCov()};
        List<NasPlots.Series> series = new java.util.ArrayList<>();
        for (int p = 0; p < 3; p++) {
            series.add(new NasPlots.Series(String.format("%s (rho %.3f)", names[p], rho[p]), Nb201ProxyCheck.rankPercentiles(pub[p]),
                    Nb201ProxyCheck.rankPercentiles(ours[p]), false));
        }
        NasPlots.write(file, "NAS-Bench-201 zero-cost proxies: ours vs NASLib's, " + n + " architectures",
                "published score, rank percentile", "our score, rank percentile", series);
    }
}
