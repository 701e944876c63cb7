package org.edgeai.nas.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.edgeai.nas.bench.Nb201Cell;

/**
 * Counts accuracy queries of one search run (a repeated architecture is free), remembers the best
 * feasible one and the incumbent after every query.
 *
 * @implNote Not thread-safe; one per run.
 */
final class QueryLedger {
    private final Nb201SearchProblem problem;
    private final Map<Integer, Double> seen = new HashMap<>();
    private final List<Double> incumbentTrace = new ArrayList<>();
    private final List<ParetoFront.Point> evaluated = new ArrayList<>();
    private Nb201Cell best;
    private double bestAcc = Double.NEGATIVE_INFINITY;

    QueryLedger(Nb201SearchProblem problem) {
        this.problem = problem;
    }

    /** @return true while queries remain */
    boolean open() {
        return seen.size() < problem.queryBudget();
    }

    /** @return true if this cell was queried already */
    boolean known(Nb201Cell cell) {
        return seen.containsKey(cell.code());
    }

    /**
     * @param cell an available, feasible cell
     * @return its search accuracy; counts a query the first time
     * @throws IllegalStateException if the budget is spent and the cell is new
     */
    double query(Nb201Cell cell) {
        Double v = seen.get(cell.code());
        if (v != null) {
            return v;
        }
        if (!open()) {
            throw new IllegalStateException("query budget of " + problem.queryBudget() + " spent");
        }
        double acc = problem.searchAccuracy(cell);
        seen.put(cell.code(), acc);
        if (acc > bestAcc) {
            bestAcc = acc;
            best = cell;
        }
        incumbentTrace.add(problem.reportAccuracy(best));
        evaluated.add(new ParetoFront.Point(cell.archString(), acc, problem.latencyMs(cell)));
        return acc;
    }

    int queries() {
        return seen.size();
    }

    Nb201Cell best() {
        return best;
    }

    List<ParetoFront.Point> evaluated() {
        return List.copyOf(evaluated);
    }

    List<Double> incumbentTrace() {
        return List.copyOf(incumbentTrace);
    }
}
