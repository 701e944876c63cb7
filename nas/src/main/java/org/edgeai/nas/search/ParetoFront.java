package org.edgeai.nas.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Pareto front of evaluated candidates: maximise accuracy, minimise cost.
 *
 * @implNote Stateless; thread-safe.
 */
public final class ParetoFront {
    private ParetoFront() {
    }

    /**
     * One evaluated candidate.
     *
     * @param name     candidate description (e.g. a NAS-Bench-201 arch string)
     * @param accuracy accuracy, % (higher is better)
     * @param cost     cost such as latency in ms (lower is better)
     */
    public record Point(String name, double accuracy, double cost) {
    }

    /**
     * @param points candidates. Not modified.
     * @return the non-dominated points (no other point has accuracy &gt;= and cost &lt;= with one
     *         strict), sorted by cost ascending; among exact duplicates the first is kept
     */
    public static List<Point> of(List<Point> points) {
        List<Point> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(Point::cost).thenComparing(Comparator.comparingDouble(Point::accuracy).reversed()));
        List<Point> front = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        for (Point p : sorted) {
            if (p.accuracy() > best) {
                front.add(p);
                best = p.accuracy();
            }
        }
        return front;
    }
}
