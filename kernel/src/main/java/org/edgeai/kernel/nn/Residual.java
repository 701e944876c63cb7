package org.edgeai.kernel.nn;

import java.util.ArrayList;
import java.util.List;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.graph.OpKind;
import org.edgeai.kernel.graph.OpNode;
import org.edgeai.kernel.graph.OpSpec;
import org.edgeai.kernel.ops.Kernels;

/**
 * A residual connection {@code y = x + f(x)} around a layer whose input and output sizes match
 * (the inverted bottleneck's skip). Described as the inner ops followed by an elementwise add.
 *
 * @implNote Not thread-safe; allocation-free per call.
 */
public final class Residual implements Layer {
    private final Layer inner;
    private final Kernels k;

    /** @throws IllegalArgumentException if the inner layer changes the size */
    public Residual(Layer inner) {
        if (inner.inputSize() != inner.outputSize()) {
            throw new IllegalArgumentException("residual needs equal input and output sizes, got "
                    + inner.inputSize() + " -> " + inner.outputSize());
        }
        this.inner = inner;
        this.k = Kernels.best();
    }

    /** @return the wrapped layer */
    public Layer inner() {
        return inner;
    }

    @Override
    public int inputSize() {
        return inner.inputSize();
    }

    @Override
    public int outputSize() {
        return inner.outputSize();
    }

    @Override
    public void forward(float[] in, int inOff, float[] out, int outOff) {
        inner.forward(in, inOff, out, outOff);
        k.add(outputSize(), out, outOff, in, inOff, out, outOff);
    }

    @Override
    public void reset() {
        inner.reset();
    }

    @Override
    public List<OpNode> describe(String name) {
        List<OpNode> ops = new ArrayList<>(inner.describe(name + ".body"));
        DType act = ops.isEmpty() ? DType.F32 : ops.getLast().activationType();
        ops.add(new OpNode(name + ".add", OpKind.ELEMENTWISE, new OpSpec.Elementwise(outputSize(), 2), DType.F32, act));
        return ops;
    }
}
