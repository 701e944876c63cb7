package org.edgeai.kernel.nn;

import java.util.List;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.graph.OpKind;
import org.edgeai.kernel.graph.OpNode;
import org.edgeai.kernel.graph.OpSpec;

/**
 * Global average pooling {@code [C, H, W] -> [C]} (PyTorch {@code AdaptiveAvgPool2d(1)} + flatten).
 *
 * @implNote Stateless; thread-safe.
 */
public final class GlobalAvgPool2d implements Layer {
    private final int channels;
    private final int height;
    private final int width;

    /** @throws IllegalArgumentException if a size is not positive */
    public GlobalAvgPool2d(int channels, int height, int width) {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("invalid pooling input " + channels + "x" + height + "x" + width);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    @Override
    public int inputSize() {
        return channels * height * width;
    }

    @Override
    public int outputSize() {
        return channels;
    }

    @Override
    public void forward(float[] in, int inOff, float[] out, int outOff) {
        int hw = height * width;
        for (int c = 0; c < channels; c++) {
            float s = 0f;
            for (int p = 0; p < hw; p++) {
                s += in[inOff + c * hw + p];
            }
            out[outOff + c] = s / hw;
        }
    }

    @Override
    public List<OpNode> describe(String name) {
        return List.of(new OpNode(name, OpKind.POOL, new OpSpec.Pool(channels, height, width, 1, 1, height, width, 1, false),
                DType.F32, DType.F32));
    }
}
