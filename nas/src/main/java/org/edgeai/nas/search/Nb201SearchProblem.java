package org.edgeai.nas.search;

import java.util.HashMap;
import java.util.Map;
import org.edgeai.nas.bench.Nb201Cell;
import org.edgeai.nas.bench.Nb201Table;

/**
 * A table-driven NAS-Bench-201 search problem: maximise the search accuracy column under a device
 * latency budget, paying one query per distinct architecture whose accuracy is looked up (the
 * stand-in for training it). Latency is known without a query (measured or estimated on the
 * device: it is what constrains the search, not what it pays for). Only architectures present in
 * the table with their search and reported accuracy and latency can be evaluated (rows with an empty cell are left
 * out); the others count as unavailable and cost nothing.
 *
 * @implNote Immutable; thread-safe.
 */
public final class Nb201SearchProblem {
    private final Nb201Table table;
    private final Map<Integer, Integer> rowByCode;
    private final int searchColumn;
    private final int reportColumn;
    private final int deviceColumn;
    private final double budgetMs;
    private final int queryBudget;

    /**
     * @param table          the benchmark rows
     * @param searchAccuracy accuracy column that guides the search (e.g. {@code acc12ep_cifar10valid_val})
     * @param reportAccuracy accuracy column reported for the returned architecture (e.g. {@code acc12ep_cifar10_test})
     * @param device         latency column
     * @param budgetMs       latency budget, ms, &gt; 0
     * @param queryBudget    number of accuracy queries allowed, &gt;= 1
     * @throws IllegalArgumentException if a column is missing or a value is out of range
     */
    public Nb201SearchProblem(Nb201Table table, String searchAccuracy, String reportAccuracy, String device,
                              double budgetMs, int queryBudget) {
        if (!(budgetMs > 0)) {
            throw new IllegalArgumentException("latency budget must be > 0 ms, got " + budgetMs);
        }
        if (queryBudget < 1) {
            throw new IllegalArgumentException("query budget must be >= 1, got " + queryBudget);
        }
        this.table = table;
        this.searchColumn = table.accuracyColumn(searchAccuracy);
        this.reportColumn = table.accuracyColumn(reportAccuracy);
        this.deviceColumn = table.deviceColumn(device);
        // a row with an empty accuracy or latency cell is not offered: NaN would never win a comparison and could
        // leave a search without any result
        this.rowByCode = new HashMap<>();
        for (int r = 0; r < table.size(); r++) {
            if (complete(r)) {
                rowByCode.put(table.cells().get(r).code(), r);
            }
        }
        this.budgetMs = budgetMs;
        this.queryBudget = queryBudget;
    }

    /** @return the name of the search accuracy column */
    public String searchColumnName() {
        return table.accuracyColumns().get(searchColumn);
    }

    /** @return the name of the reported accuracy column */
    public String reportColumnName() {
        return table.accuracyColumns().get(reportColumn);
    }

    /** @return the table */
    public Nb201Table table() {
        return table;
    }

    /** @return latency budget, ms */
    public double budgetMs() {
        return budgetMs;
    }

    /** @return queries allowed per run */
    public int queryBudget() {
        return queryBudget;
    }

    /** @return true if the cell has a row in the table */
    public boolean available(Nb201Cell cell) {
        return rowByCode.containsKey(cell.code());
    }

    /** @return true if available and within the latency budget */
    public boolean feasible(Nb201Cell cell) {
        Integer r = rowByCode.get(cell.code());
        return r != null && table.latencyMs(r, deviceColumn) <= budgetMs;
    }

    /** @return latency of an available cell, ms (NaN if unavailable) */
    public double latencyMs(Nb201Cell cell) {
        Integer r = rowByCode.get(cell.code());
        return r == null ? Double.NaN : table.latencyMs(r, deviceColumn);
    }

    /** @return search accuracy of an available cell, % (NaN if unavailable); callers count the query */
    double searchAccuracy(Nb201Cell cell) {
        Integer r = rowByCode.get(cell.code());
        return r == null ? Double.NaN : table.accuracy(r, searchColumn);
    }

    /** @return the reported accuracy of an available cell, % */
    public double reportAccuracy(Nb201Cell cell) {
        Integer r = rowByCode.get(cell.code());
        return r == null ? Double.NaN : table.accuracy(r, reportColumn);
    }

    /**
     * @return the oracle: the cell of the feasible row (within the latency budget) with the highest search
     *         accuracy (the first such row on ties), or null if no row is feasible
     */
    public Nb201Cell oracle() {
        Nb201Cell best = null;
        double bestAcc = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < table.size(); r++) {
            if (complete(r) && table.latencyMs(r, deviceColumn) <= budgetMs && table.accuracy(r, searchColumn) > bestAcc) {
                bestAcc = table.accuracy(r, searchColumn);
                best = table.cells().get(r);
            }
        }
        return best;
    }

    private boolean complete(int r) {
        return Double.isFinite(table.accuracy(r, searchColumn)) && Double.isFinite(table.accuracy(r, reportColumn))
                && Double.isFinite(table.latencyMs(r, deviceColumn));
    }

    /**
     * @return the number of distinct architectures offered to the searches (rows with an empty accuracy or latency
     *         cell are not)
     */
    public int availableRows() {
        return rowByCode.size();
    }
}
