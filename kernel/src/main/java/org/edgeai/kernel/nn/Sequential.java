package org.edgeai.kernel.nn;

import java.util.ArrayList;
import java.util.List;
import org.edgeai.kernel.graph.OpNode;

/**
 * Layers applied one after another; itself a {@link Layer}. Intermediate buffers are allocated once
 * at construction. Op names in {@link #describe} are {@code prefix + "." + index}.
 *
 * @implNote Not thread-safe (the layers own state); allocation-free per call.
 */
public final class Sequential implements Layer {
    private final List<Layer> layers;
    private final float[][] buffers;

    /**
     * @param layers at least one layer; each output size must equal the next input size
     * @throws IllegalArgumentException if the sizes do not chain
     */
    public Sequential(List<Layer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("Sequential needs at least one layer");
        }
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i - 1).outputSize() != layers.get(i).inputSize()) {
                throw new IllegalArgumentException("layer " + (i - 1) + " outputs " + layers.get(i - 1).outputSize()
                        + " values but layer " + i + " takes " + layers.get(i).inputSize());
            }
        }
        this.layers = List.copyOf(layers);
        this.buffers = new float[layers.size() - 1][];
        for (int i = 0; i < buffers.length; i++) {
            buffers[i] = new float[layers.get(i).outputSize()];
        }
    }

    /** @return the layers (unmodifiable) */
    public List<Layer> layers() {
        return layers;
    }

    @Override
    public int inputSize() {
        return layers.getFirst().inputSize();
    }

    @Override
    public int outputSize() {
        return layers.getLast().outputSize();
    }

    @Override
    public void forward(float[] in, int inOff, float[] out, int outOff) {
        float[] src = in;
        int srcOff = inOff;
        for (int i = 0; i < layers.size(); i++) {
            boolean last = i == layers.size() - 1;
            float[] dst = last ? out : buffers[i];
            int dstOff = last ? outOff : 0;
            layers.get(i).forward(src, srcOff, dst, dstOff);
            src = dst;
            srcOff = dstOff;
        }
    }

    @Override
    public void reset() {
        for (Layer l : layers) {
            l.reset();
        }
    }

    @Override
    public List<OpNode> describe(String name) {
        List<OpNode> ops = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            ops.addAll(layers.get(i).describe(name + "." + i));
        }
        return ops;
    }
}
