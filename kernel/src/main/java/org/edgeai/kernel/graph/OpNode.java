package org.edgeai.kernel.graph;

import java.util.Objects;
import org.edgeai.kernel.DType;

/**
 * One operator of a {@link ModelGraph}.
 *
 * @param name           unique, human-readable name (e.g. {@code "encoder.gru0"})
 * @param kind           the operator type; must match the {@code spec} record type
 * @param spec           shapes
 * @param weightType     storage type of the weights (F32, F16 or I8); F32 for weightless ops
 * @param activationType storage type of input/output activations
 * @param activation     nonlinearity fused at the output (NONE if none)
 * @param fusionGroup    ops with the same non-null group id may keep intermediates on chip
 *                       (e.g. a fused inverted bottleneck); null when not fusable
 */
public record OpNode(String name, OpKind kind, OpSpec spec, DType weightType, DType activationType,
                     Activation activation, String fusionGroup) {

    /** @throws IllegalArgumentException if {@code kind} and the spec type disagree */
    public OpNode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(weightType, "weightType");
        Objects.requireNonNull(activationType, "activationType");
        Objects.requireNonNull(activation, "activation");
        boolean ok = switch (kind) {
            case CONV2D, DEPTHWISE_CONV2D, POINTWISE_CONV2D -> spec instanceof OpSpec.Conv2d;
            case CONV1D -> spec instanceof OpSpec.Conv1d;
            case GEMM -> spec instanceof OpSpec.Gemm;
            case GRU, LSTM -> spec instanceof OpSpec.Recurrent;
            case ELEMENTWISE, SOFTMAX -> spec instanceof OpSpec.Elementwise;
            case POOL -> spec instanceof OpSpec.Pool;
            case SPMV, TRIANGULAR_SOLVE -> spec instanceof OpSpec.Sparse;
        };
        if (!ok) {
            throw new IllegalArgumentException("op " + name + ": kind " + kind + " does not take a " + spec.getClass().getSimpleName());
        }
    }

    /** Convenience constructor: no fused activation, no fusion group. */
    public OpNode(String name, OpKind kind, OpSpec spec, DType weightType, DType activationType) {
        this(name, kind, spec, weightType, activationType, Activation.NONE, null);
    }

    /** @return multiply-accumulates of one execution */
    public long macs() {
        return spec.macs();
    }

    /**
     * @return parameter memory in bytes: weights in {@link #weightType()}, biases in f32, plus one
     *         f32 scale per output channel for int8 weights
     */
    public long weightBytes() {
        long w = spec.weightElements() * weightType.byteSize() + spec.biasElements() * 4L;
        if (weightType == DType.I8 && spec.weightElements() > 0) {
            w += 4L * outputChannels();
        }
        return w;
    }

    /** @return bytes of input activations */
    public long inputBytes() {
        return spec.inputElements() * activationType.byteSize();
    }

    /** @return bytes of output activations */
    public long outputBytes() {
        return spec.outputElements() * activationType.byteSize();
    }

    private long outputChannels() {
        return switch (spec) {
            case OpSpec.Conv2d c -> c.outChannels();
            case OpSpec.Conv1d c -> c.outChannels();
            case OpSpec.Gemm g -> g.n();
            case OpSpec.Recurrent r -> (long) r.gates() * r.hiddenSize() * 2;
            case OpSpec.Sparse s -> s.rows();
            default -> 0;
        };
    }

    /** @return a copy with the given fusion group */
    public OpNode withFusionGroup(String group) {
        return new OpNode(name, kind, spec, weightType, activationType, activation, group);
    }

    /** @return a copy with a different name */
    public OpNode withName(String newName) {
        return new OpNode(newName, kind, spec, weightType, activationType, activation, fusionGroup);
    }
}
