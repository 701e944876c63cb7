package org.edgeai.kernel.graph;

/**
 * The shape of one operator, per {@link OpKind}. All sizes are element counts for batch 1.
 * Layouts follow PyTorch: activations {@code [C, H, W]}, conv weights {@code [Cout, Cin/groups, KH, KW]}.
 */
public sealed interface OpSpec {
    /**
     * @param op      op name, for the message
     * @param factors the factors of the op's MAC count, each &gt; 0
     * @throws IllegalArgumentException if their product exceeds {@code Long.MAX_VALUE} (sizes that would report a
     *                                  negative MAC count, cycle count and energy)
     */
    private static void exactMacs(String op, long... factors) {
        long p = 1;
        try {
            for (long f : factors) {
                p = Math.multiplyExact(p, f);
            }
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(op + " sizes " + java.util.Arrays.toString(factors)
                    + " give more than 2^63 multiply-accumulates");
        }
    }


    /** @return multiply-accumulate operations for one execution (one time step for recurrent ops) */
    long macs();

    /** @return number of weight elements (excluding bias) */
    long weightElements();

    /** @return number of bias elements (stored in f32 for every precision) */
    long biasElements();

    /** @return number of input activation elements */
    long inputElements();

    /** @return number of output activation elements */
    long outputElements();

    /**
     * 2-D convolution (standard, depthwise when {@code groups == inChannels == outChannels},
     * pointwise when the kernel is 1x1). Output size follows
     * {@code out = floor((in + padBegin + padEnd - kernel) / stride) + 1}.
     *
     * @param padH total padding rows (top + bottom)
     * @param padW total padding columns (left + right)
     */
    record Conv2d(int inChannels, int inHeight, int inWidth, int outChannels, int outHeight, int outWidth,
                  int kernelH, int kernelW, int strideH, int strideW, int padH, int padW, int groups, boolean bias)
            implements OpSpec {
        /** @throws IllegalArgumentException if a size is not positive or groups do not divide the channels */
        public Conv2d {
            if (inChannels <= 0 || inHeight <= 0 || inWidth <= 0 || outChannels <= 0 || outHeight <= 0 || outWidth <= 0
                    || kernelH <= 0 || kernelW <= 0 || strideH <= 0 || strideW <= 0 || padH < 0 || padW < 0 || groups <= 0
                    || inChannels % groups != 0 || outChannels % groups != 0) {
                throw new IllegalArgumentException("invalid Conv2d spec: " + inChannels + "x" + inHeight + "x" + inWidth + " -> "
                        + outChannels + "x" + outHeight + "x" + outWidth + ", kernel " + kernelH + "x" + kernelW
                        + ", stride " + strideH + "x" + strideW + ", pad " + padH + "x" + padW + ", groups " + groups);
            }
            exactMacs("Conv2d", outChannels, outHeight, outWidth, inChannels / groups, kernelH, kernelW);
        }

        /** @return true for a depthwise convolution */
        public boolean depthwise() {
            return groups > 1 && groups == inChannels && groups == outChannels;
        }

        @Override
        public long macs() {
            return (long) outChannels * outHeight * outWidth * (inChannels / groups) * kernelH * kernelW;
        }

        @Override
        public long weightElements() {
            return (long) outChannels * (inChannels / groups) * kernelH * kernelW;
        }

        @Override
        public long biasElements() {
            return bias ? outChannels : 0;
        }

        @Override
        public long inputElements() {
            return (long) inChannels * inHeight * inWidth;
        }

        @Override
        public long outputElements() {
            return (long) outChannels * outHeight * outWidth;
        }
    }

    /**
     * Causal 1-D convolution over time, executed once per time step.
     *
     * @param steps number of time steps the graph represents (1 for a per-step description)
     */
    record Conv1d(int inChannels, int outChannels, int kernel, int dilation, int steps, boolean bias) implements OpSpec {
        /** @throws IllegalArgumentException if a size is not positive */
        public Conv1d {
            if (inChannels <= 0 || outChannels <= 0 || kernel <= 0 || dilation <= 0 || steps <= 0) {
                throw new IllegalArgumentException("invalid Conv1d spec " + inChannels + "->" + outChannels + " k" + kernel
                        + " d" + dilation + " x" + steps);
            }
            exactMacs("Conv1d", steps, outChannels, inChannels, kernel);
        }

        @Override
        public long macs() {
            return (long) steps * outChannels * inChannels * kernel;
        }

        @Override
        public long weightElements() {
            return (long) outChannels * inChannels * kernel;
        }

        @Override
        public long biasElements() {
            return bias ? outChannels : 0;
        }

        @Override
        public long inputElements() {
            return (long) steps * inChannels;
        }

        @Override
        public long outputElements() {
            return (long) steps * outChannels;
        }
    }

    /**
     * Matrix product {@code C[M, N] = A[M, K] * W[K, N]} (SCALE-Sim's GEMM convention): for a dense
     * layer {@code M} is the number of input vectors (time steps or batch), {@code K} the input
     * features and {@code N} the output features.
     */
    record Gemm(int m, int n, int k, boolean bias) implements OpSpec {
        /** @throws IllegalArgumentException if a size is not positive */
        public Gemm {
            if (m <= 0 || n <= 0 || k <= 0) {
                throw new IllegalArgumentException("invalid Gemm spec M=" + m + " N=" + n + " K=" + k);
            }
            exactMacs("Gemm", m, n, k);
        }

        @Override
        public long macs() {
            return (long) m * n * k;
        }

        @Override
        public long weightElements() {
            return (long) n * k;
        }

        @Override
        public long biasElements() {
            return bias ? n : 0;
        }

        @Override
        public long inputElements() {
            return (long) m * k;
        }

        @Override
        public long outputElements() {
            return (long) m * n;
        }
    }

    /**
     * A GRU ({@code gates = 3}) or LSTM ({@code gates = 4}) layer run for {@code steps} time steps:
     * per step an input GEMV {@code [gates*H, I]} and a recurrent GEMV {@code [gates*H, H]} plus
     * the gate nonlinearities.
     */
    record Recurrent(int inputSize, int hiddenSize, int gates, int steps) implements OpSpec {
        /** @throws IllegalArgumentException if a size is not positive or gates is not 3 or 4 */
        public Recurrent {
            if (inputSize <= 0 || hiddenSize <= 0 || steps <= 0 || (gates != 3 && gates != 4)) {
                throw new IllegalArgumentException("invalid Recurrent spec I=" + inputSize + " H=" + hiddenSize
                        + " gates=" + gates + " steps=" + steps);
            }
            exactMacs("Recurrent", steps, gates, hiddenSize, (long) inputSize + hiddenSize);
        }

        @Override
        public long macs() {
            return (long) steps * gates * hiddenSize * ((long) inputSize + hiddenSize);
        }

        @Override
        public long weightElements() {
            return (long) gates * hiddenSize * ((long) inputSize + hiddenSize);
        }

        @Override
        public long biasElements() {
            return 2L * gates * hiddenSize;
        }

        @Override
        public long inputElements() {
            return (long) steps * inputSize;
        }

        @Override
        public long outputElements() {
            return (long) steps * hiddenSize;
        }
    }

    /**
     * Elementwise operation over {@code elements} outputs with {@code operands} inputs each (2 for a
     * residual add, 1 for an activation or softmax); counted as {@code elements} operations, 0 MACs.
     */
    record Elementwise(long elements, int operands) implements OpSpec {
        /** @throws IllegalArgumentException if a size is not positive */
        public Elementwise {
            if (elements <= 0 || operands <= 0) {
                throw new IllegalArgumentException("invalid Elementwise spec " + elements + " x" + operands);
            }
        }

        @Override
        public long macs() {
            return 0;
        }

        @Override
        public long weightElements() {
            return 0;
        }

        @Override
        public long biasElements() {
            return 0;
        }

        @Override
        public long inputElements() {
            return elements * operands;
        }

        @Override
        public long outputElements() {
            return elements;
        }
    }

    /** Average or max pooling; global pooling has a kernel equal to the input size. */
    record Pool(int channels, int inHeight, int inWidth, int outHeight, int outWidth, int kernelH, int kernelW,
                int stride, boolean max) implements OpSpec {
        /** @throws IllegalArgumentException if a size is not positive */
        public Pool {
            if (channels <= 0 || inHeight <= 0 || inWidth <= 0 || outHeight <= 0 || outWidth <= 0 || kernelH <= 0
                    || kernelW <= 0 || stride <= 0) {
                throw new IllegalArgumentException("invalid Pool spec");
            }
        }

        @Override
        public long macs() {
            return 0;
        }

        @Override
        public long weightElements() {
            return 0;
        }

        @Override
        public long biasElements() {
            return 0;
        }

        @Override
        public long inputElements() {
            return (long) channels * inHeight * inWidth;
        }

        @Override
        public long outputElements() {
            return (long) channels * outHeight * outWidth;
        }
    }

    /**
     * A sparse kernel over an {@code rows x cols} matrix with {@code nonZeros} stored entries (CSR):
     * SpMV {@code y = A x} or a triangular solve ({@code rows == cols}) with {@code rhs} right-hand
     * sides. One MAC per stored entry per right-hand side. The matrix values are the "weights".
     */
    record Sparse(int rows, int cols, long nonZeros, int rhs) implements OpSpec {
        /** @throws IllegalArgumentException if a size is negative or rhs not positive */
        public Sparse {
            if (rows <= 0 || cols <= 0 || nonZeros < 0 || rhs <= 0) {
                throw new IllegalArgumentException("invalid Sparse spec " + rows + "x" + cols + " nnz=" + nonZeros);
            }
            exactMacs("Sparse", nonZeros, rhs);
        }

        @Override
        public long macs() {
            return nonZeros * rhs;
        }

        @Override
        public long weightElements() {
            return nonZeros;
        }

        @Override
        public long biasElements() {
            return 0;
        }

        @Override
        public long inputElements() {
            return (long) cols * rhs;
        }

        @Override
        public long outputElements() {
            return (long) rows * rhs;
        }
    }
}
