package org.edgeai.nas.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.edgeai.kernel.Progress;
import org.edgeai.nas.bench.Nb201Cell;

/**
 * Runs several table-driven searches over many seeds on one problem and summarises them.
 *
 * @implNote Stateless; thread-safe (each call keeps its state in locals).
 */
public final class Nb201SearchBenchmark {
    private Nb201SearchBenchmark() {
    }

    /**
     * Summary of one method over all seeds.
     *
     * @param method              method name
     * @param runs                number of seeds
     * @param meanReportAccuracy  mean reported accuracy of the returned architecture, %
     * @param stdReportAccuracy   its sample standard deviation, %
     * @param minReportAccuracy   worst run, %
     * @param maxReportAccuracy   best run, %
     * @param meanSearchAccuracy  mean search accuracy of the returned architecture, %
     * @param oracleHitShare      share of runs that returned the feasible architecture with the best search accuracy
     * @param meanQueries         mean queries spent
     * @param meanIncumbentTrace  mean reported accuracy of the incumbent after each query (runs that
     *                            had not queried yet are left out of that step's mean), %
     */
    public record MethodSummary(String method, int runs, double meanReportAccuracy, double stdReportAccuracy,
                                double minReportAccuracy, double maxReportAccuracy, double meanSearchAccuracy,
                                double oracleHitShare, double meanQueries, List<Double> meanIncumbentTrace) {
    }

    /**
     * Whole result.
     *
     * @param budgetMs              latency budget, ms
     * @param queryBudget           queries per run
     * @param oracleSearchAccuracy  best feasible search accuracy in the table, %
     * @param oracleReportAccuracy  reported accuracy of that architecture, %
     * @param feasibleShare         share of table rows within the latency budget
     * @param methods               per-method summaries
     */
    public record Result(double budgetMs, int queryBudget, double oracleSearchAccuracy, double oracleReportAccuracy,
                         double feasibleShare, List<MethodSummary> methods) {
    }

    /**
     * @param problem  the search problem
     * @param methods  names from {@link Nb201Searchers#METHODS}
     * @param seeds    seeds {@code 1..seeds}, &gt;= 1
     * @param progress receives one step per finished run (method, seed); {@link Progress#cancelled()} stops
     *                 before the next run (the summaries cover the runs done; methods not reached have none)
     * @return the summary
     * @throws IllegalArgumentException if {@code seeds < 1}, or a method is not in {@link Nb201Searchers#METHODS}
     *                                  (thrown when its first run is reached)
     */
    public static Result run(Nb201SearchProblem problem, List<String> methods, int seeds, Progress progress) {
        if (seeds < 1) {
            throw new IllegalArgumentException("seeds must be >= 1, got " + seeds);
        }
        Nb201Cell oracle = problem.oracle();
        double oracleSearch = oracle == null ? Double.NaN : problem.table().accuracy(problem.table().rowByCellCode().get(oracle.code()), problem.table().accuracyColumns().indexOf(searchColumnName(problem)));
        int feasible = 0;
        for (Nb201Cell c : problem.table().cells()) {
            feasible += problem.feasible(c) ? 1 : 0;
        }
        List<MethodSummary> out = new ArrayList<>();
        long total = (long) methods.size() * seeds;
        long done = 0;
        for (String m : methods) {
            List<Nb201SearchRun> runs = new ArrayList<>();
            for (int s = 1; s <= seeds; s++) {
                if (progress.cancelled()) {
                    break;
                }
                runs.add(Nb201Searchers.run(m, problem, s));
                progress.report("nb201 search", ++done, total, m + " seed " + s);
            }
            out.add(summarise(m, runs, oracle, problem.queryBudget()));
        }
        return new Result(problem.budgetMs(), problem.queryBudget(), oracleSearch,
                oracle == null ? Double.NaN : problem.reportAccuracy(oracle), feasible / (double) problem.table().size(), out);
    }

    private static String searchColumnName(Nb201SearchProblem p) {
        return p.searchColumnName();
    }

    static MethodSummary summarise(String method, List<Nb201SearchRun> runs, Nb201Cell oracle, int queryBudget) {
        double[] acc = runs.stream().mapToDouble(Nb201SearchRun::reportAccuracy).filter(Double::isFinite).toArray();
        double mean = Arrays.stream(acc).average().orElse(Double.NaN);
        double var = 0;
        for (double a : acc) {
            var += (a - mean) * (a - mean);
        }
        double std = acc.length > 1 ? Math.sqrt(var / (acc.length - 1)) : 0;
        double hits = runs.stream().filter(r -> oracle != null && oracle.equals(r.best())).count() / (double) Math.max(1, runs.size());
        List<Double> trace = new ArrayList<>();
        for (int q = 0; q < queryBudget; q++) {
            double s = 0;
            int n = 0;
            for (Nb201SearchRun r : runs) {
                if (q < r.incumbentTrace().size()) {
                    s += r.incumbentTrace().get(q);
                    n++;
                }
            }
            if (n == 0) {
                break;
            }
            trace.add(s / n);
        }
        return new MethodSummary(method, runs.size(), mean, std, Arrays.stream(acc).min().orElse(Double.NaN),
                Arrays.stream(acc).max().orElse(Double.NaN),
                runs.stream().mapToDouble(Nb201SearchRun::searchAccuracy).filter(Double::isFinite).average().orElse(Double.NaN),
                hits, runs.stream().mapToInt(Nb201SearchRun::queries).average().orElse(0), trace);
    }
}
