package org.edgeai.slam.internal;

import java.util.ArrayList;
import java.util.List;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.graph.ModelGraph;
import org.edgeai.kernel.graph.OpKind;
import org.edgeai.kernel.graph.OpNode;
import org.edgeai.kernel.graph.OpSpec;
import org.edgeai.slam.solve.OperationCounts;
import org.edgeai.slam.solve.SolverConfig;

/**
 * Pose-graph CGNR: preconditioned conjugate gradients on {@code (J^T J + lambda D) x = -g} with the
 * whitened Jacobian {@code sqrt(w) U J} ({@code U^T U = Omega}) stored per edge in fp32 and applied
 * as {@code J^T (J p)} (never squared). The preconditioner is a static block incomplete Cholesky
 * factor IC(0) of the Jacobi-scaled {@code S0 H0 S0} (unit diagonal) computed once per problem at
 * the start estimate, in natural (pose id) order, and stored in fp16 ({@code mixed}) or fp32.
 *
 * <p>Precision map: errors, Jacobians, gradient, chi2 and the state update fp64 (base class);
 * Jacobian storage, Jacobian products, CG vectors and scalars fp32; triangular-solve factor fp16
 * (mixed) or fp32, accumulation fp32.
 *
 * @implNote Not thread-safe; allocation-free per iteration.
 */
public final class PoseGraphCgSystem extends PoseGraphSystem {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PoseGraphCgSystem.class);
    private final boolean mixed;
    private final SolverConfig config;
    private final int dd;
    private final int[] va;
    private final int[] vb;
    private final float[] jw;     // per edge: [Ja (d x d) | Jb (d x d)] whitened, fp32
    private final float[] damp;   // lambda * clamp(D)
    private final float[] rhs;
    private final float[] x;
    private final float[] scale0; // S0 = 1/sqrt(diag(H0))
    private final float[] tmp;
    private final PcgF32 pcg;
    private IncompleteCholesky ic;
    private int lastIterations;
    private long jacobianNonZeros;
    private long spmvCalls;
    private long trsvCalls;
    private long f32Macs;
    private long f16Macs;
    private long totalIterations;
    private final double[] wu = new double[36];

    /**
     * @param factorStorage storage of the preconditioner factor: F16 (mixed precision) or F32 (fp32 CGNR)
     */
    public PoseGraphCgSystem(PoseGraphModel model, double[] initialState, DType factorStorage, SolverConfig config) {
        super(model, initialState);
        this.mixed = factorStorage == DType.F16;
        this.config = config;
        this.dd = d * d;
        int m = model.m;
        va = new int[m];
        vb = new int[m];
        for (int e = 0; e < m; e++) {
            va[e] = model.var[model.from[e]];
            vb[e] = model.var[model.to[e]];
            if (va[e] >= 0) {
                jacobianNonZeros += dd;
            }
            if (vb[e] >= 0) {
                jacobianNonZeros += dd;
            }
        }
        jw = new float[m * 2 * dd];
        damp = new float[dim];
        rhs = new float[dim];
        x = new float[dim];
        scale0 = new float[dim];
        tmp = new float[Math.max(dim, 1)];
        pcg = new PcgF32(dim);
    }

    @Override
    protected void assemble() {
        double[] u = model.sqrtOmega;
        for (int e = 0; e < model.m; e++) {
            double sw = Math.sqrt(model.weight[e]);
            int o = e * dd;
            int jo = e * 2 * dd;
            for (int side = 0; side < 2; side++) {
                double[] j = side == 0 ? model.ja : model.jb;
                for (int r = 0; r < d; r++) {
                    for (int c = 0; c < d; c++) {
                        double s = 0;
                        for (int t = r; t < d; t++) { // U is upper triangular (or a full square root)
                            s += u[o + r * d + t] * j[o + t * d + c];
                        }
                        for (int t = 0; t < r; t++) {
                            s += u[o + r * d + t] * j[o + t * d + c];
                        }
                        wu[r * d + c] = sw * s;
                    }
                }
                for (int i = 0; i < dd; i++) {
                    jw[jo + side * dd + i] = (float) wu[i];
                }
            }
        }
        f64Macs += (long) model.m * 2 * dd * d;
        // diagonal of H from the fp64 whitened Jacobian (recomputed from fp32 copies: same to 1e-7)
        java.util.Arrays.fill(diagonal, 0);
        for (int e = 0; e < model.m; e++) {
            int jo = e * 2 * dd;
            for (int side = 0; side < 2; side++) {
                int v = side == 0 ? va[e] : vb[e];
                if (v < 0) {
                    continue;
                }
                for (int r = 0; r < d; r++) {
                    for (int c = 0; c < d; c++) {
                        double a = jw[jo + side * dd + r * d + c];
                        diagonal[v * d + c] += a * a;
                    }
                }
            }
        }
        if (ic == null && dim > 0) {
            buildPreconditioner();
        }
    }

    /**
     * Whitened Jacobians {@code U J} of every edge evaluated where the edge is satisfied exactly
     * ({@code X_a = I, X_b = Z}): in the local chart they depend on the relative pose only, so this
     * is the Jacobian at any zero-residual configuration, independent of the estimate.
     */
    private double[] consistentJacobians() {
        double[] out = new double[model.m * 2 * dd];
        int stride = model.stride;
        double[] a = new double[stride];
        double[] ev = new double[d];
        double[] ja = new double[dd];
        double[] jb = new double[dd];
        double[] scratch = new double[64];
        double[] u = model.sqrtOmega;
        if (model.dimension == 2) {
            a[0] = 0;
            a[1] = 0;
            a[2] = 0;
        } else {
            a[0] = 1;
            a[4] = 1;
            a[8] = 1;
        }
        for (int e = 0; e < model.m; e++) {
            if (model.dimension == 2) {
                org.edgeai.slam.factor.RelativePose2Error.linearize(a, 0, model.z, e * 3, model.z, e * 3, ev, 0, ja, 0,
                        jb, 0);
            } else {
                org.edgeai.slam.factor.RelativePose3Error.linearize(a, 0, model.z, e * 12, model.z, e * 12, ev, 0, ja, 0,
                        jb, 0, scratch);
            }
            int o = e * dd;
            for (int side = 0; side < 2; side++) {
                double[] j = side == 0 ? ja : jb;
                for (int r = 0; r < d; r++) {
                    for (int c = 0; c < d; c++) {
                        double acc = 0;
                        for (int t = 0; t < d; t++) {
                            acc += u[o + r * d + t] * j[t * d + c];
                        }
                        out[e * 2 * dd + side * dd + r * d + c] = acc;
                    }
                }
            }
        }
        f64Macs += (long) model.m * 2 * dd * d;
        return out;
    }

    /**
     * Assembles {@code S H_Z S} (fp64), where {@code H_Z} is the Gauss-Newton Hessian at the
     * measurements ({@link #consistentJacobians}) and S its Jacobi scaling, and factors it
     * incompletely: on the pattern of H alone
     * (IC(0), natural order) when the drop tolerance is >= 1, else on the complete Cholesky pattern
     * (AMD ordering) with threshold dropping.
     */
    private void buildPreconditioner() {
        double[] jz = consistentJacobians();
        double[] diagZ = new double[dim];
        for (int e = 0; e < model.m; e++) {
            for (int side = 0; side < 2; side++) {
                int v = side == 0 ? va[e] : vb[e];
                if (v < 0) {
                    continue;
                }
                int o = e * 2 * dd + side * dd;
                for (int r = 0; r < d; r++) {
                    for (int c = 0; c < d; c++) {
                        diagZ[v * d + c] += jz[o + r * d + c] * jz[o + r * d + c];
                    }
                }
            }
        }
        for (int i = 0; i < dim; i++) {
            scale0[i] = (float) (1 / Math.sqrt(Math.max(diagZ[i], MIN_DIAGONAL)));
        }
        int nf = model.freeCount;
        int[] pi = new int[model.m];
        int[] pj = new int[model.m];
        int k = 0;
        for (int e = 0; e < model.m; e++) {
            if (va[e] >= 0 && vb[e] >= 0) {
                pi[k] = va[e];
                pj[k++] = vb[e];
            }
        }
        double tau = config.dropTolerance();
        int[] perm;
        int[] colPtr;
        int[] rowIdx;
        java.util.function.IntBinaryOperator slot;
        java.util.function.BiPredicate<Integer, Integer> transposed;
        double[] h;
        if (tau >= 1) {
            BlockPattern pattern = BlockPattern.of(nf, pi, pj, k, BlockCholeskyF64.Ordering.NATURAL);
            perm = pattern.perm();
            colPtr = pattern.colPtr();
            rowIdx = pattern.rowIdx();
            slot = pattern::slot;
            transposed = pattern::storesTransposed;
            h = new double[pattern.slots() * dd];
        } else {
            BlockCholeskyF64 symbolic = BlockCholeskyF64.analyze(nf, d, pi, pj, k, BlockCholeskyF64.Ordering.AMD);
            perm = symbolic.permutation();
            colPtr = symbolic.columnPointers();
            rowIdx = symbolic.rowIndices();
            slot = symbolic::slot;
            transposed = symbolic::storesTransposed;
            h = symbolic.matrix();
        }
        for (int e = 0; e < model.m; e++) {
            int jo = e * 2 * dd;
            int a = va[e];
            int b = vb[e];
            if (a >= 0) {
                addJtJ(h, slot.applyAsInt(a, a) * dd, jz, jo, jo, a, a);
            }
            if (b >= 0) {
                addJtJ(h, slot.applyAsInt(b, b) * dd, jz, jo + dd, jo + dd, b, b);
            }
            if (a >= 0 && b >= 0) {
                if (transposed.test(a, b)) {
                    addJtJ(h, slot.applyAsInt(a, b) * dd, jz, jo + dd, jo, b, a); // H_ba
                } else {
                    addJtJ(h, slot.applyAsInt(a, b) * dd, jz, jo, jo + dd, a, b); // H_ab
                }
            }
        }
        f64Macs += (long) model.m * 3 * dd * d;
        ic = new IncompleteCholesky(nf, d, perm, colPtr, rowIdx, h, tau >= 1 ? 0 : tau, mixed ? DType.F16 : DType.F32);
        LOG.debug("{}: incomplete Cholesky kept {} of {} blocks, shift {}, {} fp16 entries below the normal range",
                model.graph.name(), ic.keptBlocks(), ic.patternBlocks(), ic.shift(), ic.fp16Underflows());
    }

    /** {@code H[off] += S_p (J_p^T J_q) S_q} from the whitened blocks at jp and jq of {@code j}. */
    private void addJtJ(double[] h, int off, double[] j, int jp, int jq, int vp, int vq) {
        for (int r = 0; r < d; r++) {
            double sr = scale0[vp * d + r];
            for (int c = 0; c < d; c++) {
                double s = 0;
                for (int t = 0; t < d; t++) {
                    s += j[jp + t * d + r] * j[jq + t * d + c];
                }
                h[off + r * d + c] += sr * s * scale0[vq * d + c];
            }
        }
    }

    @Override
    public boolean solveStep(double lambda, double[] step) {
        if (dim == 0) {
            lastIterations = 0;
            return true;
        }
        for (int i = 0; i < dim; i++) {
            damp[i] = (float) (lambda * Math.min(MAX_DIAGONAL, Math.max(MIN_DIAGONAL, diagonal[i])));
            rhs[i] = (float) -gradient[i];
        }
        lastIterations = pcg.solve(this::applyNormal, this::precondition, rhs, x, config.maxLinearIterations(),
                config.linearToleranceFor(true), PcgF32.Rule.RESIDUAL);
        totalIterations += lastIterations;
        for (int i = 0; i < dim; i++) {
            step[i] = x[i];
            if (!Float.isFinite(x[i])) {
                return false;
            }
        }
        return true;
    }

    /** {@code q = J^T (J p) + damp .* p}, fp32, one fused pass over the edges. */
    private void applyNormal(float[] p, float[] q) {
        for (int i = 0; i < dim; i++) {
            q[i] = damp[i] * p[i];
        }
        float[] u = uBuf;
        for (int e = 0; e < model.m; e++) {
            int jo = e * 2 * dd;
            int a = va[e];
            int b = vb[e];
            for (int r = 0; r < d; r++) {
                u[r] = 0;
            }
            if (a >= 0) {
                int po = a * d;
                for (int r = 0; r < d; r++) {
                    float s = 0;
                    int row = jo + r * d;
                    for (int c = 0; c < d; c++) {
                        s += jw[row + c] * p[po + c];
                    }
                    u[r] += s;
                }
            }
            if (b >= 0) {
                int po = b * d;
                for (int r = 0; r < d; r++) {
                    float s = 0;
                    int row = jo + dd + r * d;
                    for (int c = 0; c < d; c++) {
                        s += jw[row + c] * p[po + c];
                    }
                    u[r] += s;
                }
            }
            if (a >= 0) {
                int qo = a * d;
                for (int r = 0; r < d; r++) {
                    float ur = u[r];
                    int row = jo + r * d;
                    for (int c = 0; c < d; c++) {
                        q[qo + c] += jw[row + c] * ur;
                    }
                }
            }
            if (b >= 0) {
                int qo = b * d;
                for (int r = 0; r < d; r++) {
                    float ur = u[r];
                    int row = jo + dd + r * d;
                    for (int c = 0; c < d; c++) {
                        q[qo + c] += jw[row + c] * ur;
                    }
                }
            }
        }
        spmvCalls += 2;
        f32Macs += 2 * jacobianNonZeros + dim;
    }

    private final float[] uBuf = new float[6];

    /** {@code z = S0 (L L^T)^-1 S0 r}. */
    private void precondition(float[] r, float[] z) {
        for (int i = 0; i < dim; i++) {
            tmp[i] = r[i] * scale0[i];
        }
        ic.solve(tmp, z);
        for (int i = 0; i < dim; i++) {
            z[i] *= scale0[i];
        }
        trsvCalls += 2;
        if (mixed) {
            f16Macs += 2 * ic.nonZeros();
        } else {
            f32Macs += 2 * ic.nonZeros();
        }
    }

    @Override
    public int lastLinearIterations() {
        return lastIterations;
    }

    @Override
    public OperationCounts operations() {
        return new OperationCounts(f16Macs, f32Macs, pcg.vectorOps() + 2L * dim * (spmvCalls / 2), f64Macs, spmvCalls,
                trsvCalls, totalIterations);
    }

    /** @return the factor (null before the first linearisation) */
    public IncompleteCholesky preconditioner() {
        return ic;
    }

    /**
     * The sparse kernels of one CG iteration as kernel graph ops: {@code u = J p} and
     * {@code q = J^T u} (SPMV, fp32 storage), the forward and backward triangular solves of the
     * preconditioner (fp16 storage when mixed), and the fp32 vector updates.
     */
    public ModelGraph kernelGraph(String name) {
        List<OpNode> ops = new ArrayList<>();
        int rows = Math.max(model.m * d, 1);
        int cols = Math.max(dim, 1);
        ops.add(new OpNode("cgnr.jacobian_product", OpKind.SPMV, new OpSpec.Sparse(rows, cols, jacobianNonZeros, 1),
                DType.F32, DType.F32));
        ops.add(new OpNode("cgnr.jacobian_transpose_product", OpKind.SPMV,
                new OpSpec.Sparse(cols, rows, jacobianNonZeros, 1), DType.F32, DType.F32));
        long nnzL = ic == null ? 0 : ic.nonZeros();
        DType lt = mixed ? DType.F16 : DType.F32;
        ops.add(new OpNode("pcg.forward_solve", OpKind.TRIANGULAR_SOLVE, new OpSpec.Sparse(cols, cols, nnzL, 1), lt,
                DType.F32));
        ops.add(new OpNode("pcg.backward_solve", OpKind.TRIANGULAR_SOLVE, new OpSpec.Sparse(cols, cols, nnzL, 1), lt,
                DType.F32));
        ops.add(new OpNode("pcg.vector_updates", OpKind.ELEMENTWISE, new OpSpec.Elementwise(10L * cols, 2), DType.F32,
                DType.F32));
        return new ModelGraph(name + (mixed ? "-mixed-pcg-iteration" : "-fp32-pcg-iteration"), ops);
    }
}
