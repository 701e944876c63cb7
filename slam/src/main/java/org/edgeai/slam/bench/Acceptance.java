package org.edgeai.slam.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edgeai.slam.solve.LinearSolverType;

/**
 * The acceptance checks of the slam issue for one dataset, from its benchmark rows.
 *
 * @param dataset          dataset name
 * @param fp64Chi2         final chi2 of the default (CHOLESKY) run, NaN if missing/rejected
 * @param bestPeerChi2     lowest peer chi2, NaN if none
 * @param chi2Pass         default run within 0.1% of the best peer figure or lower (null: not applicable)
 * @param mixedRelToFp64   MIXED chi2 / fp64 chi2 - 1 (null: not run)
 * @param mixedPass        MIXED within 1% of the fp64 chi2; for a zero-residual problem (fp64 chi2
 *                         below 1e-9 of the initial chi2, e.g. the under-determined
 *                         dubrovnik-3-7 with 48 unknowns and 38 residuals) a relative comparison with
 *                         0 is meaningless and the test is {@code mixed <= 1e-5 x initial chi2} instead
 * @param fp64CpuSeconds   steady-state CPU seconds of the default run
 * @param ceresCpuSeconds  Ceres' single-thread CPU seconds (null: unknown)
 * @param timePass         fp64 within 2x Ceres (null: not applicable)
 * @param mixedOverFp32    MIXED CPU time / CGNR CPU time (null: not run)
 */
public record Acceptance(String dataset, double fp64Chi2, double bestPeerChi2, Boolean chi2Pass, Double mixedRelToFp64,
                         Boolean mixedPass, Double fp64CpuSeconds, Double ceresCpuSeconds, Boolean timePass,
                         Double mixedOverFp32) {

    /** @return one entry per dataset, in row order */
    public static List<Acceptance> of(List<BenchRow> rows) {
        Map<String, Map<LinearSolverType, BenchRow>> by = new LinkedHashMap<>();
        for (BenchRow r : rows) {
            by.computeIfAbsent(r.dataset(), k -> new LinkedHashMap<>()).put(r.solver(), r);
        }
        List<Acceptance> out = new ArrayList<>();
        for (Map.Entry<String, Map<LinearSolverType, BenchRow>> e : by.entrySet()) {
            BenchRow c = e.getValue().get(LinearSolverType.CHOLESKY);
            BenchRow m = e.getValue().get(LinearSolverType.MIXED);
            BenchRow f = e.getValue().get(LinearSolverType.CGNR);
            boolean cOk = c != null && !Double.isNaN(c.finalChi2());
            Boolean chi2 = cOk && !Double.isNaN(c.bestPeerChi2()) ? c.finalChi2() <= 1.001 * c.bestPeerChi2() : null;
            Double rel = null;
            Boolean mixedOk = null;
            if (cOk && m != null && !Double.isNaN(m.finalChi2())) {
                rel = m.finalChi2() / c.finalChi2() - 1;
                boolean zeroResidual = c.finalChi2() <= 1e-9 * c.initialChi2();
                mixedOk = zeroResidual ? m.finalChi2() <= 1e-5 * c.initialChi2() : rel <= 0.01;
                if (zeroResidual || Double.isInfinite(rel) || Double.isNaN(rel)) {
                    rel = null;
                }
            }
            Boolean time = cOk && !Double.isNaN(c.ceresCpuSeconds()) ? c.cpuSeconds() <= 2 * c.ceresCpuSeconds() : null;
            Double ratio = m != null && f != null && f.cpuSeconds() > 0 && !Double.isNaN(m.cpuSeconds())
                    ? m.cpuSeconds() / f.cpuSeconds() : null;
            out.add(new Acceptance(e.getKey(), cOk ? c.finalChi2() : Double.NaN, c == null ? Double.NaN : c.bestPeerChi2(),
                    chi2, rel, mixedOk, cOk ? c.cpuSeconds() : null,
                    c == null || Double.isNaN(c.ceresCpuSeconds()) ? null : c.ceresCpuSeconds(), time, ratio));
        }
        return out;
    }
}
