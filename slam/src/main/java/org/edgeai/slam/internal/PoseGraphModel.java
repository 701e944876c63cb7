package org.edgeai.slam.internal;

import java.util.ArrayList;
import java.util.List;
import org.edgeai.slam.factor.RelativePose2Error;
import org.edgeai.slam.factor.RelativePose3Error;
import org.edgeai.slam.factor.RobustLoss;
import org.edgeai.slam.geometry.SE2;
import org.edgeai.slam.geometry.SO3;
import org.edgeai.slam.graph.PoseGraph;
import org.edgeai.slam.solve.InformationPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pose graph prepared for optimisation: validated information matrices (with their square roots),
 * the gauge (fixed poses), the state in solver layout and the fp64 error/Jacobian evaluation.
 *
 * <p>State layout: 2D {@code (x, y, theta)} per pose; 3D 12 values per pose (row-major R then t).
 * Tangent size {@code d} = 3 (2D) or 6 (3D). Gauge: FIX'd poses; every connected component
 * without one gets its lowest-id pose fixed (logged; a warning when there are several components).
 *
 * @implNote Not thread-safe; owns its buffers.
 */
public final class PoseGraphModel {
    private static final Logger LOG = LoggerFactory.getLogger(PoseGraphModel.class);
    /** Edges listed in the "indefinite information" diagnostic. */
    private static final int DIAGNOSTIC_EDGES = 5;

    final PoseGraph graph;
    final int dimension;
    final int d;
    final int stride;
    final int n;
    final int m;
    final int[] from;
    final int[] to;
    final int[] var;
    final int freeCount;
    final double[] z;
    final double[] omega;
    final double[] sqrtOmega;
    final RobustLoss loss;
    final double lossScale;
    final List<String> warnings = new ArrayList<>();
    final int[] fixedVertices;

    // linearisation at the current state
    final double[] err;
    final double[] ja;
    final double[] jb;
    final double[] weight;
    private final double[] scratch = new double[64];

    /**
     * @throws IllegalArgumentException if information matrices are indefinite and the policy is
     *                                  {@link InformationPolicy#REJECT} (the message lists them)
     */
    public PoseGraphModel(PoseGraph graph, InformationPolicy policy, RobustLoss loss, double lossScale) {
        this.graph = graph;
        this.dimension = graph.dimension();
        this.d = graph.tangentSize();
        this.stride = dimension == 2 ? 3 : 12;
        this.n = graph.vertexCount();
        this.m = graph.edgeCount();
        this.from = graph.edgeFroms();
        this.to = graph.edgeTos();
        this.loss = loss;
        this.lossScale = lossScale;
        this.omega = graph.informations();
        this.sqrtOmega = new double[m * d * d];
        checkInformation(policy);
        double[] meas = graph.measurements();
        this.z = new double[m * stride];
        for (int e = 0; e < m; e++) {
            toState(meas, e * graph.poseSize(), z, e * stride);
        }
        // gauge: union-find over edges
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        for (int e = 0; e < m; e++) {
            int a = find(parent, from[e]);
            int b = find(parent, to[e]);
            if (a != b) {
                parent[Math.max(a, b)] = Math.min(a, b);
            }
        }
        boolean[] fixed = new boolean[n];
        boolean[] rootHasFix = new boolean[n];
        boolean anyFix = false;
        for (int i = 0; i < n; i++) {
            if (graph.isFixed(i)) {
                fixed[i] = true;
                rootHasFix[find(parent, i)] = true;
                anyFix = true;
            }
        }
        List<Integer> components = new ArrayList<>();
        List<Integer> gaugeAdded = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (find(parent, i) == i) {
                components.add(i); // roots are the lowest index, i.e. the lowest id, of their component
                if (!rootHasFix[i]) {
                    fixed[i] = true;
                    gaugeAdded.add(graph.vertexId(i));
                }
            }
        }
        if (components.size() > 1) {
            String msg = graph.name() + ": the graph has " + components.size()
                    + " disconnected components; each is optimised with its own gauge (fixed pose ids "
                    + abbreviate(gaugeAdded) + "), their relative placement is arbitrary";
            LOG.warn(msg);
            warnings.add(msg);
        } else if (!anyFix) {
            LOG.debug("{}: no FIX line; fixing pose {} (lowest id) as the gauge", graph.name(), graph.vertexId(0));
        }
        this.var = new int[n];
        int k = 0;
        List<Integer> fixedList = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (fixed[i]) {
                var[i] = -1;
                fixedList.add(i);
            } else {
                var[i] = k++;
            }
        }
        this.freeCount = k;
        this.fixedVertices = fixedList.stream().mapToInt(Integer::intValue).toArray();
        this.err = new double[m * d];
        this.ja = new double[m * d * d];
        this.jb = new double[m * d * d];
        this.weight = new double[m];
    }

    private static String abbreviate(List<Integer> ids) {
        return ids.size() <= 10 ? ids.toString() : ids.subList(0, 10) + " and " + (ids.size() - 10) + " more";
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private void checkInformation(InformationPolicy policy) {
        int dd = d * d;
        double[] a = new double[dd];
        double[] values = new double[d];
        double[] vectors = new double[dd];
        int indefinite = 0;
        double worst = 0;
        int worstEdge = -1;
        StringBuilder first = new StringBuilder();
        for (int e = 0; e < m; e++) {
            System.arraycopy(omega, e * dd, a, 0, dd);
            if (DenseBlocksF64.choleskyInPlace(a, 0, d)) {
                // U = L^T
                for (int r = 0; r < d; r++) {
                    for (int c = 0; c < d; c++) {
                        sqrtOmega[e * dd + r * d + c] = a[c * d + r];
                    }
                }
                continue;
            }
            SymmetricEigen.decompose(java.util.Arrays.copyOfRange(omega, e * dd, (e + 1) * dd), d, values, vectors);
            double maxAbs = Math.max(Math.abs(values[0]), Math.abs(values[d - 1]));
            if (values[0] < -1e-12 * maxAbs) {
                indefinite++;
                if (values[0] < worst) {
                    worst = values[0];
                    worstEdge = e;
                }
                if (indefinite <= DIAGNOSTIC_EDGES) {
                    first.append(indefinite > 1 ? "; " : "").append(describeEdge(e)).append(" min eigenvalue ")
                            .append(String.format(java.util.Locale.ROOT, "%.4g", values[0]));
                }
                if (policy == InformationPolicy.REJECT) {
                    continue;
                }
            }
            // nearest PSD matrix V max(L, 0) V^T and its square root U = sqrt(max(L, 0)) V^T
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < d; c++) {
                    double s = 0;
                    for (int t = 0; t < d; t++) {
                        s += vectors[r * d + t] * Math.max(values[t], 0) * vectors[c * d + t];
                    }
                    omega[e * dd + r * d + c] = s;
                    sqrtOmega[e * dd + r * d + c] = Math.sqrt(Math.max(values[r], 0)) * vectors[c * d + r];
                }
            }
        }
        if (indefinite > 0) {
            String head = graph.name() + ": " + indefinite + " of " + m + " edges have an indefinite information matrix"
                    + " (chi2 is then unbounded below); smallest eigenvalue " + String.format(java.util.Locale.ROOT, "%.4g", worst) + " at "
                    + describeEdge(worstEdge) + "; first: " + first;
            if (policy == InformationPolicy.REJECT) {
                throw new IllegalArgumentException(head + ". Fix the information matrices (for cubicle.g2o use"
                        + " cubicle_blockdiag_info.g2o) or opt in to the nearest-PSD projection (--psd-projection)");
            }
            String msg = head + "; projected to the nearest positive semidefinite matrices (negative eigenvalues set to 0)";
            LOG.warn(msg);
            warnings.add(msg);
        }
    }

    private String describeEdge(int e) {
        int line = graph.edgeLine(e);
        return (line > 0 ? "line " + line + " " : "") + "edge " + graph.vertexId(from[e]) + " -> " + graph.vertexId(to[e]);
    }

    /** Converts a pose/measurement from graph layout (3 or 7 values) to state layout (3 or 12). */
    void toState(double[] src, int srcOff, double[] dst, int dstOff) {
        if (dimension == 2) {
            System.arraycopy(src, srcOff, dst, dstOff, 3);
            return;
        }
        SO3.fromQuaternion(src, srcOff + 3, dst, dstOff);
        dst[dstOff + 9] = src[srcOff];
        dst[dstOff + 10] = src[srcOff + 1];
        dst[dstOff + 11] = src[srcOff + 2];
    }

    /** @return the graph's poses in state layout */
    public double[] initialState() {
        double[] p = graph.poses();
        double[] x = new double[n * stride];
        for (int i = 0; i < n; i++) {
            toState(p, i * graph.poseSize(), x, i * stride);
        }
        return x;
    }

    /** @return poses in graph layout (quaternions with qw >= 0) */
    public double[] toGraphLayout(double[] state) {
        int ps = graph.poseSize();
        double[] p = new double[n * ps];
        double[] q = new double[4];
        for (int i = 0; i < n; i++) {
            if (dimension == 2) {
                p[3 * i] = state[3 * i];
                p[3 * i + 1] = state[3 * i + 1];
                p[3 * i + 2] = SE2.wrapAngle(state[3 * i + 2]);
            } else {
                SO3.toQuaternion(state, 12 * i, q, 0);
                p[7 * i] = state[12 * i + 9];
                p[7 * i + 1] = state[12 * i + 10];
                p[7 * i + 2] = state[12 * i + 11];
                System.arraycopy(q, 0, p, 7 * i + 3, 4);
            }
        }
        return p;
    }

    /** @return the gauge (fixed) vertex indices */
    public int[] fixedVertices() {
        return fixedVertices.clone();
    }

    /** @return number of free poses */
    public int freeCount() {
        return freeCount;
    }

    /** @return warnings produced while preparing the model */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** @return the prepared graph */
    public PoseGraph graph() {
        return graph;
    }

    /** Error of edge e at {@code state} into {@code out[outOff..]}. */
    void edgeError(double[] state, int e, double[] out, int outOff) {
        int a = from[e] * stride;
        int b = to[e] * stride;
        if (dimension == 2) {
            RelativePose2Error.error(state, a, state, b, z, e * stride, out, outOff);
        } else {
            RelativePose3Error.error(state, a, state, b, z, e * stride, out, outOff, scratch);
        }
    }

    /** @return {@code e^T Omega e} of edge {@code e} for an error vector at {@code eOff} */
    double mahalanobis(int e, double[] ev, int eOff) {
        int o = e * d * d;
        double s = 0;
        for (int r = 0; r < d; r++) {
            double t = 0;
            for (int c = 0; c < d; c++) {
                t += omega[o + r * d + c] * ev[eOff + c];
            }
            s += ev[eOff + r] * t;
        }
        return s;
    }

    /** @return chi2 = sum e^T Omega e (no robust loss) */
    public double chi2(double[] state) {
        double[] ev = new double[6];
        double s = 0;
        for (int e = 0; e < m; e++) {
            edgeError(state, e, ev, 0);
            s += mahalanobis(e, ev, 0);
        }
        return s;
    }

    /** @return the cost sum rho(e^T Omega e); equals chi2 without a robust loss */
    double cost(double[] state) {
        double s = 0;
        double[] ev = scratch;
        for (int e = 0; e < m; e++) {
            edgeError(state, e, ev, 48);
            double c2 = mahalanobis(e, ev, 48);
            s += loss == RobustLoss.NONE ? c2 : loss.cost(c2, lossScale);
        }
        return s;
    }

    /** Computes errors, Jacobians and robust weights of every edge at {@code state}. */
    void linearize(double[] state) {
        int dd = d * d;
        for (int e = 0; e < m; e++) {
            int a = from[e] * stride;
            int b = to[e] * stride;
            if (dimension == 2) {
                RelativePose2Error.linearize(state, a, state, b, z, e * 3, err, e * 3, ja, e * dd, jb, e * dd);
            } else {
                RelativePose3Error.linearize(state, a, state, b, z, e * 12, err, e * 6, ja, e * dd, jb, e * dd, scratch);
            }
            weight[e] = loss == RobustLoss.NONE ? 1 : loss.weight(mahalanobis(e, err, e * d), lossScale);
        }
    }

    /** {@code out = state (+) step} for free poses; fixed poses copied. {@code out} may not alias {@code state}. */
    void retract(double[] state, double[] step, double[] out) {
        System.arraycopy(state, 0, out, 0, state.length);
        for (int i = 0; i < n; i++) {
            int v = var[i];
            if (v < 0) {
                continue;
            }
            if (dimension == 2) {
                RelativePose2Error.retractInPlace(out, 3 * i, step, 3 * v);
            } else {
                RelativePose3Error.retractInPlace(out, 12 * i, step, 6 * v, scratch);
            }
        }
    }

    /** @return an RMS-like norm of the translations, for the relative parameter tolerance */
    double stateNorm(double[] state) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            int o = i * stride + (dimension == 2 ? 0 : 9);
            for (int k = 0; k < dimension; k++) {
                s += state[o + k] * state[o + k];
            }
        }
        return Math.sqrt(s);
    }
}
