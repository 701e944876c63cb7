package org.edgeai.nas.search;

import java.util.List;
import org.edgeai.nas.bench.Nb201Cell;

/**
 * Result of one table-driven search run.
 *
 * @param method          search method name
 * @param seed            seed of the run
 * @param best            best feasible cell found (by search accuracy), or null if none was queried
 * @param searchAccuracy  its search accuracy, %
 * @param reportAccuracy  its reported accuracy, %
 * @param latencyMs       its device latency, ms
 * @param queries         accuracy queries spent
 * @param incumbentTrace  reported accuracy of the incumbent after each query, %
 * @param evaluated       every queried architecture (search accuracy, latency ms), in query order
 * @implNote Immutable (the lists are copied); thread-safe.
 */
public record Nb201SearchRun(String method, long seed, Nb201Cell best, double searchAccuracy, double reportAccuracy,
                             double latencyMs, int queries, List<Double> incumbentTrace,
                             List<ParetoFront.Point> evaluated) {
    /** Copies the trace. */
    public Nb201SearchRun {
        incumbentTrace = List.copyOf(incumbentTrace);
        evaluated = List.copyOf(evaluated);
    }
}
