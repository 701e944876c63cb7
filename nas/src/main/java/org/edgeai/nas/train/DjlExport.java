package org.edgeai.nas.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.edgeai.nas.space.CandidateNetworks;
import org.edgeai.nas.space.WeightSource;

/**
 * Exports a trained {@link DjlNetworks} block as a {@link WeightSource} for
 * {@link CandidateNetworks#build}: batch norm is folded into the preceding convolution
 * ({@code w' = w * gamma / sqrt(var + eps)}, {@code b' = beta - mean * gamma / sqrt(var + eps)},
 * eps = 1e-5, DJL's default), so the kernel network computes what the DJL network computes in
 * inference mode. This is the batch-norm folding of Jacob et al., "Quantization and Training of Neural
 * Networks for Efficient Integer-Arithmetic-Only Inference" (CVPR 2018, Sec. 3.2).
 *
 * @implNote Stateless; the {@link WeightSource} that {@link #weights} returns is stateful and not thread-safe.
 */
public final class DjlExport {
    /** DJL BatchNorm's default epsilon. */
    static final double BN_EPS = 1e-5;

    private DjlExport() {
    }

    /**
     * The returned source is stateful and single-use: it holds the exported layers in a queue, each
     * {@code .weight} request takes the next layer and the following {@code .bias} request returns that layer's
     * bias, so it serves one {@link CandidateNetworks#build} and is not thread-safe. Its {@code get} throws
     * {@link IllegalStateException} when a {@code .weight} is requested and no exported layer is left, or when the
     * requested length differs from the exported one.
     *
     * @param block a trained (initialised) block from {@link DjlNetworks#build}
     * @return weights in the order {@link CandidateNetworks#build} asks for them
     * @throws IllegalStateException if the block's parameters do not follow the conv/BN/linear pattern
     */
    public static WeightSource weights(Block block) {
        List<float[][]> layers = new ArrayList<>(); // {weight, bias}
        ai.djl.nn.ParameterList params = block.getParameters();
        int i = 0;
        while (i < params.size()) {
            String n = params.get(i).getKey();
            float[] w = params.get(i).getValue().getArray().toFloatArray();
            if (n.endsWith("weight") && i + 1 < params.size() && params.get(i + 1).getKey().endsWith("gamma")) {
                float[] gamma = arr(params.get(i + 1).getValue());
                float[] beta = arr(params.get(i + 2).getValue());
                float[] mean = arr(params.get(i + 3).getValue());
                float[] var = arr(params.get(i + 4).getValue());
                int out = gamma.length;
                int per = w.length / out;
                float[] fw = new float[w.length];
                float[] fb = new float[out];
                for (int o = 0; o < out; o++) {
                    double s = gamma[o] / Math.sqrt(var[o] + BN_EPS);
                    for (int k = 0; k < per; k++) {
                        fw[o * per + k] = (float) (w[o * per + k] * s);
                    }
                    fb[o] = (float) (beta[o] - mean[o] * s);
                }
                layers.add(new float[][] {fw, fb});
                i += 5;
            } else if (n.endsWith("weight") && i + 1 < params.size() && params.get(i + 1).getKey().endsWith("bias")) {
                layers.add(new float[][] {w, arr(params.get(i + 1).getValue())});
                i += 2;
            } else {
                throw new IllegalStateException("unexpected parameter " + n + " at position " + i);
            }
        }
        Deque<float[][]> queue = new ArrayDeque<>(layers);
        float[][][] current = new float[1][][];
        return (name, length, fanIn) -> {
            if (name.endsWith(".weight")) {
                current[0] = queue.poll();
                if (current[0] == null) {
                    throw new IllegalStateException("no exported layer left for " + name);
                }
                return check(name, current[0][0], length);
            }
            return check(name, current[0][1], length);
        };
    }

    private static float[] arr(Parameter p) {
        NDArray a = p.getArray();
        return a.toFloatArray();
    }

    private static float[] check(String name, float[] v, int length) {
        if (v.length != length) {
            throw new IllegalStateException(name + ": exported " + v.length + " values, the kernel layer needs " + length);
        }
        return v;
    }
}
