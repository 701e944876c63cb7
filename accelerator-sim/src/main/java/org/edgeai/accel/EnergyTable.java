package org.edgeai.accel;

/**
 * Energy per operation and per byte moved, in picojoules.
 *
 * <p>{@link #horowitz45nm(long)} derives every constant from M. Horowitz, "Computing's energy
 * problem (and what we can do about it)", ISSCC 2014, Fig. 1.1.9 (45 nm, 0.9 V): 8-bit integer
 * multiply 0.2 pJ, 32-bit integer add 0.1 pJ, 16-bit float multiply 1.1 pJ, 16-bit float add
 * 0.4 pJ, 32-bit float multiply 3.7 pJ, 32-bit float add 0.9 pJ; a 64-bit SRAM access costs 10 pJ
 * (8 KB), 20 pJ (32 KB) and 100 pJ (1 MB); a 64-bit DRAM access 1.3 - 2.6 nJ; and about 70 pJ of
 * fetch/decode/register-file overhead per instruction of an in-order core. The ratios agree in
 * order of magnitude with Eyeriss' normalized costs (Chen, Emer, Sze, ISCA 2016, Fig. 5: DRAM 200x,
 * global buffer 6x, PE array 2x, register file 1x the energy of a 16-bit MAC).
 *
 * @param int8MacPj     one int8 x int8 multiply with int32 accumulate
 * @param fp16MacPj     one fp16 multiply with fp32 accumulate
 * @param vectorOpPj    one fp16/int8 vector-unit element operation
 * @param hostMacPj     one fp32 multiply-accumulate on the host core, instruction overhead included
 * @param sramPjPerByte one byte read from or written to an on-chip buffer
 * @param dramPjPerByte one byte moved to or from DRAM
 */
public record EnergyTable(double int8MacPj, double fp16MacPj, double vectorOpPj, double hostMacPj,
                          double sramPjPerByte, double dramPjPerByte) {
    /** Horowitz: 8-bit multiply 0.2 pJ + 32-bit accumulate 0.1 pJ. */
    public static final double HOROWITZ_INT8_MAC_PJ = 0.2 + 0.1;
    /** Horowitz: fp16 multiply 1.1 pJ + fp32 accumulate 0.9 pJ (fp16 storage, fp32 accumulator). */
    public static final double HOROWITZ_FP16_MAC_PJ = 1.1 + 0.9;
    /** Horowitz: fp16 add 0.4 pJ. */
    public static final double HOROWITZ_VECTOR_OP_PJ = 0.4;
    /**
     * Horowitz: fp32 multiply 3.7 pJ + add 0.9 pJ, plus the ~70 pJ instruction overhead shared by
     * the 8 lanes of a 256-bit SIMD FMA: 4.6 + 70 / 8 = 13.35 pJ.
     */
    public static final double HOROWITZ_HOST_MAC_PJ = 3.7 + 0.9 + 70.0 / 8;
    /** Horowitz: 1.3 nJ per 64-bit DRAM access (lower end of 1.3 - 2.6 nJ), per byte. */
    public static final double HOROWITZ_DRAM_PJ_PER_BYTE = 1300.0 / 8;

    /** @throws IllegalArgumentException if a constant is negative or not finite */
    public EnergyTable {
        double[] all = {int8MacPj, fp16MacPj, vectorOpPj, hostMacPj, sramPjPerByte, dramPjPerByte};
        for (double v : all) {
            if (!(v >= 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("energy constants must be finite and >= 0, got " + java.util.Arrays.toString(all));
            }
        }
    }

    /**
     * @param sramBufferBytes size of one SRAM buffer; the per-byte access energy is interpolated
     *                        log-linearly between Horowitz' 8 KB, 32 KB and 1 MB points (clamped)
     * @return the 45 nm constants of Horowitz (ISSCC 2014)
     * @throws IllegalArgumentException if the size is not positive
     */
    public static EnergyTable horowitz45nm(long sramBufferBytes) {
        return new EnergyTable(HOROWITZ_INT8_MAC_PJ, HOROWITZ_FP16_MAC_PJ, HOROWITZ_VECTOR_OP_PJ, HOROWITZ_HOST_MAC_PJ,
                sramPjPerByte(sramBufferBytes), HOROWITZ_DRAM_PJ_PER_BYTE);
    }

    /**
     * @param bufferBytes SRAM size, bytes, positive
     * @return access energy per byte: 64-bit access energy (10 pJ at 8 KB, 20 pJ at 32 KB, 100 pJ at
     *         1 MB; log-linear in between, clamped outside) divided by 8
     * @throws IllegalArgumentException if the size is not positive
     */
    public static double sramPjPerByte(long bufferBytes) {
        if (bufferBytes < 1) {
            throw new IllegalArgumentException("SRAM size must be positive, got " + bufferBytes);
        }
        double[] log2Size = {13, 15, 20};
        double[] pj64 = {10, 20, 100};
        double x = Math.log(bufferBytes) / Math.log(2);
        double e;
        if (x <= log2Size[0]) {
            e = pj64[0];
        } else if (x >= log2Size[2]) {
            e = pj64[2];
        } else {
            int i = x < log2Size[1] ? 0 : 1;
            double t = (x - log2Size[i]) / (log2Size[i + 1] - log2Size[i]);
            e = Math.exp(Math.log(pj64[i]) + t * (Math.log(pj64[i + 1]) - Math.log(pj64[i])));
        }
        return e / 8;
    }
}
