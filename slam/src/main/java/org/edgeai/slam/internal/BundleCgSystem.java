package org.edgeai.slam.internal;

import java.util.List;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.graph.ModelGraph;
import org.edgeai.kernel.graph.OpKind;
import org.edgeai.kernel.graph.OpNode;
import org.edgeai.kernel.graph.OpSpec;
import org.edgeai.slam.solve.OperationCounts;
import org.edgeai.slam.solve.SolverConfig;

/**
 * Bundle-adjustment CGNR: conjugate gradients on {@code (J^T J + lambda D) x = -g} over all camera
 * and point parameters, with the Jacobian applied as {@code J^T (J p)} (never squared).
 *
 * <p>Scaling: the columns of J are scaled by {@code s_i = 1/sqrt(diag(J^T W J)_i)} (Jacobi column
 * scaling, equivalent to Jacobi preconditioning), so every stored entry lies in [-1, 1]: fp16
 * storage cannot overflow, and entries only underflow when they are below 6e-5 of their column's
 * norm (counted in {@link #fp16Underflows()}). The damped scaled system is
 * {@code (J_s^T J_s + lambda clamp(D)/D) y = -S g}, {@code x = S y}. Preconditioner: block Jacobi,
 * the exact inverse of each camera's 9x9 and each point's 3x3 diagonal block of the damped scaled
 * system (what Ceres' JACOBI preconditioner is for CGNR); it removes the per-point depth
 * ill-conditioning that leaves plain Jacobi-preconditioned CG crawling (measured: 100 LM
 * iterations x ~100 CG iterations without reaching the fp64 optimum on Ladybug-49). Block
 * factors are computed in fp64 per LM step and applied in fp32.
 *
 * <p>Precision map (mixed, after "Low-precision arithmetic makes robot localization more
 * efficient"), {@code DType.F16}: Jacobian storage fp16 (IEEE binary16, round-to-nearest-even via
 * {@link Float#floatToFloat16}), Jacobian-vector products accumulate in fp32, CG vectors and
 * scalars fp32; residuals, Jacobians, gradient, chi2 and the state update fp64. {@code DType.F32}
 * storage is the fp32 CGNR baseline.
 *
 * @implNote Not thread-safe; allocation-free per iteration.
 */
public final class BundleCgSystem extends BundleSystem {
    private final boolean mixed;
    private final SolverConfig config;
    private final short[] j16;
    private final float[] j32;
    private final float[] colScale;
    private final float[] damp;
    private final float[] rhs;
    private final float[] x;
    private final float[] blk = new float[24];
    private final double[] camBlocks;  // S J_c^T W J_c S per camera, 9x9
    private final double[] ptBlocks;   // per point, 3x3
    private final float[] camFactors;  // Cholesky factors of the damped blocks, fp32
    private final float[] ptFactors;
    private final double[] tmp81 = new double[81];
    private final PcgF32 pcg;
    private int lastIterations;
    private long totalIterations;
    private long spmvCalls;
    private long f16Macs;
    private long f32Macs;
    private long underflows;

    /** @param jacobianStorage storage of the scaled Jacobian: F16 (mixed precision) or F32 (fp32 CGNR) */
    public BundleCgSystem(BundleModel model, DType jacobianStorage, SolverConfig config) {
        super(model);
        if (jacobianStorage != DType.F16 && jacobianStorage != DType.F32) {
            throw new IllegalArgumentException("Jacobian storage must be F16 or F32, got " + jacobianStorage);
        }
        this.mixed = jacobianStorage == DType.F16;
        this.config = config;
        j16 = mixed ? new short[model.m * 24] : null;
        j32 = mixed ? null : new float[model.m * 24];
        colScale = new float[dim];
        damp = new float[dim];
        rhs = new float[dim];
        x = new float[dim];
        pcg = new PcgF32(dim);
        camBlocks = new double[model.nc * 81];
        ptBlocks = new double[model.np * 9];
        camFactors = new float[model.nc * 81];
        ptFactors = new float[model.np * 9];
    }

    @Override
    protected void assemble() {
        for (int i = 0; i < dim; i++) {
            colScale[i] = (float) (1 / Math.sqrt(Math.max(diagonal[i], MIN_DIAGONAL)));
        }
        long under = 0;
        for (int k = 0; k < model.m; k++) {
            double sw = Math.sqrt(model.weight[k]);
            int co = 9 * model.obsCam[k];
            int po = model.pointOffset(model.obsPt[k]);
            int o = 24 * k;
            for (int r = 0; r < 2; r++) {
                for (int c = 0; c < 9; c++) {
                    double v = sw * model.jc[18 * k + 9 * r + c] * colScale[co + c];
                    under += store(o + 12 * r + c, v);
                }
                for (int c = 0; c < 3; c++) {
                    double v = sw * model.jp[6 * k + 3 * r + c] * colScale[po + c];
                    under += store(o + 12 * r + 9 + c, v);
                }
            }
        }
        underflows = under;
        // diagonal blocks of the scaled normal matrix, fp64 from the fp64 Jacobian
        java.util.Arrays.fill(camBlocks, 0);
        java.util.Arrays.fill(ptBlocks, 0);
        for (int k = 0; k < model.m; k++) {
            double w = model.weight[k];
            int cam = model.obsCam[k];
            int co = 9 * cam;
            int po = model.pointOffset(model.obsPt[k]);
            int pb = 9 * model.obsPt[k];
            int j = 18 * k;
            int jq = 6 * k;
            for (int r = 0; r < 9; r++) {
                double a0 = w * model.jc[j + r] * colScale[co + r];
                double a1 = w * model.jc[j + 9 + r] * colScale[co + r];
                for (int c = 0; c < 9; c++) {
                    camBlocks[81 * cam + 9 * r + c] += (a0 * model.jc[j + c] + a1 * model.jc[j + 9 + c]) * colScale[co + c];
                }
            }
            for (int r = 0; r < 3; r++) {
                double a0 = w * model.jp[jq + r] * colScale[po + r];
                double a1 = w * model.jp[jq + 3 + r] * colScale[po + r];
                for (int c = 0; c < 3; c++) {
                    ptBlocks[pb + 3 * r + c] += (a0 * model.jp[jq + c] + a1 * model.jp[jq + 3 + c]) * colScale[po + c];
                }
            }
        }
        f64Macs += (long) model.m * (24 + 2 * 81 + 2 * 9);
    }

    /** Cholesky factors (fp32) of the damped diagonal blocks. @return false if one is not positive definite */
    private boolean factorBlocks() {
        for (int c = 0; c < model.nc; c++) {
            System.arraycopy(camBlocks, 81 * c, tmp81, 0, 81);
            for (int r = 0; r < 9; r++) {
                tmp81[10 * r] += damp[9 * c + r];
            }
            if (!DenseBlocksF64.choleskyInPlace(tmp81, 0, 9)) {
                return false;
            }
            for (int i = 0; i < 81; i++) {
                camFactors[81 * c + i] = (float) tmp81[i];
            }
        }
        for (int p = 0; p < model.np; p++) {
            System.arraycopy(ptBlocks, 9 * p, tmp81, 0, 9);
            int po = model.pointOffset(p);
            for (int r = 0; r < 3; r++) {
                tmp81[4 * r] += damp[po + r];
            }
            if (!DenseBlocksF64.choleskyInPlace(tmp81, 0, 3)) {
                return false;
            }
            for (int i = 0; i < 9; i++) {
                ptFactors[9 * p + i] = (float) tmp81[i];
            }
        }
        f64Macs += (long) model.nc * 243 + (long) model.np * 9;
        return true;
    }

    /** {@code z = blockdiag^-1 r}: forward and backward substitution per block, fp32. */
    private void precondition(float[] r, float[] z) {
        for (int c = 0; c < model.nc; c++) {
            solveBlock(camFactors, 81 * c, r, z, 9 * c, 9);
        }
        for (int p = 0; p < model.np; p++) {
            solveBlock(ptFactors, 9 * p, r, z, model.pointOffset(p), 3);
        }
        f32Macs += (long) model.nc * 81 + (long) model.np * 9;
    }

    private static void solveBlock(float[] l, int lo, float[] r, float[] z, int o, int b) {
        for (int i = 0; i < b; i++) {
            float s = r[o + i];
            for (int k = 0; k < i; k++) {
                s -= l[lo + i * b + k] * z[o + k];
            }
            z[o + i] = s / l[lo + i * b + i];
        }
        for (int i = b - 1; i >= 0; i--) {
            float s = z[o + i];
            for (int k = i + 1; k < b; k++) {
                s -= l[lo + k * b + i] * z[o + k];
            }
            z[o + i] = s / l[lo + i * b + i];
        }
    }

    private int store(int i, double v) {
        if (mixed) {
            short h = Float.floatToFloat16((float) v);
            j16[i] = h;
            return v != 0 && Math.abs(Float.float16ToFloat(h)) < 0x1.0p-14f ? 1 : 0;
        }
        j32[i] = (float) v;
        return 0;
    }

    /** @return stored Jacobian entries that are subnormal or zero in fp16 (last linearisation) */
    public long fp16Underflows() {
        return underflows;
    }

    @Override
    public boolean solveStep(double lambda, double[] step) {
        for (int i = 0; i < dim; i++) {
            double d = Math.max(diagonal[i], MIN_DIAGONAL);
            damp[i] = (float) (damping(lambda, i) / d);
            rhs[i] = (float) (-gradient[i] * colScale[i]);
        }
        if (!factorBlocks()) {
            lastIterations = 0;
            return false;
        }
        lastIterations = pcg.solve(this::applyNormal, this::precondition, rhs, x,
                config.maxLinearIterations(), config.linearToleranceFor(false), PcgF32.Rule.QUADRATIC_MODEL);
        totalIterations += lastIterations;
        for (int i = 0; i < dim; i++) {
            if (!Float.isFinite(x[i])) {
                return false;
            }
            step[i] = (double) x[i] * colScale[i];
        }
        return true;
    }

    /** {@code q = J_s^T (J_s p) + damp .* p}; one fused pass over the observations. */
    private void applyNormal(float[] p, float[] q) {
        for (int i = 0; i < dim; i++) {
            q[i] = damp[i] * p[i];
        }
        float[] b = blk;
        for (int k = 0; k < model.m; k++) {
            int o = 24 * k;
            if (mixed) {
                for (int i = 0; i < 24; i++) {
                    b[i] = Float.float16ToFloat(j16[o + i]);
                }
            } else {
                System.arraycopy(j32, o, b, 0, 24);
            }
            int co = 9 * model.obsCam[k];
            int po = model.pointOffset(model.obsPt[k]);
            float u0 = 0;
            float u1 = 0;
            for (int c = 0; c < 9; c++) {
                float pc = p[co + c];
                u0 += b[c] * pc;
                u1 += b[12 + c] * pc;
            }
            for (int c = 0; c < 3; c++) {
                float pc = p[po + c];
                u0 += b[9 + c] * pc;
                u1 += b[21 + c] * pc;
            }
            for (int c = 0; c < 9; c++) {
                q[co + c] += b[c] * u0 + b[12 + c] * u1;
            }
            for (int c = 0; c < 3; c++) {
                q[po + c] += b[9 + c] * u0 + b[21 + c] * u1;
            }
        }
        spmvCalls += 2;
        long macs = 2L * 24 * model.m;
        if (mixed) {
            f16Macs += macs;
        } else {
            f32Macs += macs;
        }
        f32Macs += dim;
    }

    @Override
    public int lastLinearIterations() {
        return lastIterations;
    }

    @Override
    public OperationCounts operations() {
        return new OperationCounts(f16Macs, f32Macs, pcg.vectorOps(), f64Macs, spmvCalls, 0, totalIterations);
    }

    /** One CG iteration's sparse kernels: {@code u = J p} and {@code q = J^T u}, fp16 or fp32 storage. */
    public ModelGraph kernelGraph(String name) {
        long nnz = 24L * model.m;
        int rows = 2 * model.m;
        DType t = mixed ? DType.F16 : DType.F32;
        return new ModelGraph(name + (mixed ? "-mixed-cgnr-iteration" : "-fp32-cgnr-iteration"), List.of(
                new OpNode("cgnr.jacobian_product", OpKind.SPMV, new OpSpec.Sparse(rows, dim, nnz, 1), t, DType.F32),
                new OpNode("cgnr.jacobian_transpose_product", OpKind.SPMV, new OpSpec.Sparse(dim, rows, nnz, 1), t,
                        DType.F32),
                new OpNode("pcg.block_jacobi", OpKind.SPMV, new OpSpec.Sparse(dim, dim,
                        81L * model.nc + 9L * model.np, 1), DType.F32, DType.F32),
                new OpNode("cg.vector_updates", OpKind.ELEMENTWISE, new OpSpec.Elementwise(9L * dim, 2), DType.F32,
                        DType.F32)));
    }
}
