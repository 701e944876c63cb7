package org.edgeai.slam.factor;

/**
 * Robust losses {@code rho(s)} of a squared residual norm {@code s = |r|^2} with scale {@code c}
 * (Ceres' {@code HuberLoss}/{@code CauchyLoss} definitions, for which {@code rho(s) ~= s} near 0).
 * Solvers use iteratively reweighted least squares: each residual and its Jacobian are scaled by
 * {@code sqrt(rho'(s))} (g2o's robust kernels; the second-order term is dropped, Triggs et al.,
 * "Bundle adjustment - a modern synthesis", 2000, section 4.3), and the reported cost is
 * {@code sum rho(s)}.
 */
public enum RobustLoss {
    /** {@code rho(s) = s}. */
    NONE,
    /** {@code rho(s) = s} for {@code s <= c^2}, else {@code 2 c sqrt(s) - c^2}. */
    HUBER,
    /** {@code rho(s) = c^2 log(1 + s / c^2)}. */
    CAUCHY;

    /**
     * @param s squared residual norm, >= 0
     * @param c scale (same units as the residual), > 0
     * @return {@code rho(s)}
     */
    public double cost(double s, double c) {
        return switch (this) {
            case NONE -> s;
            case HUBER -> s <= c * c ? s : 2 * c * Math.sqrt(s) - c * c;
            case CAUCHY -> c * c * Math.log1p(s / (c * c));
        };
    }

    /** @return {@code rho'(s)}, the IRLS weight, in (0, 1] */
    public double weight(double s, double c) {
        return switch (this) {
            case NONE -> 1;
            case HUBER -> s <= c * c ? 1 : c / Math.sqrt(s);
            case CAUCHY -> 1 / (1 + s / (c * c));
        };
    }
}
