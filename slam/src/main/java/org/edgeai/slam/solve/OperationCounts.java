package org.edgeai.slam.solve;

/**
 * Arithmetic done by a solve, by precision: multiply-accumulates (MACs) of the sparse kernels and
 * other floating-point operations, so that an accelerator model can price them. Counts are exact
 * tallies of the operations executed (one MAC per stored matrix entry per product), not estimates.
 *
 * @param f16StorageMacs       MACs whose matrix operand was read from fp16 storage (fp32 accumulate):
 *                             fp16 Jacobian-vector products (BA mixed) and fp16 triangular solves
 *                             (pose-graph mixed)
 * @param f32Macs              MACs in fp32 (fp32 Jacobian products, fp32 triangular solves)
 * @param f32VectorOps         fp32 vector operations in CG (dot products, axpys, scalings), one per element
 * @param f64Macs              MACs in fp64: Jacobian/Hessian assembly, Cholesky factorisation and
 *                             solves, Schur complement
 * @param spmvCalls            sparse matrix-vector products executed (J v or J^T u)
 * @param triangularSolveCalls sparse triangular solves executed (forward or backward)
 * @param linearIterations     total CG iterations
 */
public record OperationCounts(long f16StorageMacs, long f32Macs, long f32VectorOps, long f64Macs, long spmvCalls,
                              long triangularSolveCalls, long linearIterations) {
    /** No operations. */
    public static final OperationCounts ZERO = new OperationCounts(0, 0, 0, 0, 0, 0, 0);

    /** @return the element-wise sum */
    public OperationCounts plus(OperationCounts o) {
        return new OperationCounts(f16StorageMacs + o.f16StorageMacs, f32Macs + o.f32Macs, f32VectorOps + o.f32VectorOps,
                f64Macs + o.f64Macs, spmvCalls + o.spmvCalls, triangularSolveCalls + o.triangularSolveCalls,
                linearIterations + o.linearIterations);
    }
}
