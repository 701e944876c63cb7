package org.edgeai.accel;

import java.util.Objects;

/**
 * An R x C systolic array of int8 MAC units (SCALE-Sim's model). Operands enter at the left and top
 * edges, skewed by one cycle per row/column; every fold (one R x C tile of the lowered matrix
 * product) pays the pipeline fill and drain. Cycle counts follow SCALE-Sim v2 exactly; see
 * {@link NeuralEngineSimulator} for the closed forms.
 *
 * @param rows     R, array height (SCALE-Sim {@code ArrayHeight}), at least 1
 * @param cols     C, array width (SCALE-Sim {@code ArrayWidth}), at least 1
 * @param dataflow output, weight or input stationary
 */
public record SystolicArray(int rows, int cols, Dataflow dataflow) implements ComputeArray {
    /** @throws IllegalArgumentException if a dimension is not positive */
    public SystolicArray {
        Objects.requireNonNull(dataflow, "dataflow");
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("systolic array must be at least 1x1, got " + rows + "x" + cols);
        }
    }

    @Override
    public long macUnits() {
        return (long) rows * cols;
    }

    @Override
    public String describe() {
        return rows + "x" + cols + " systolic, " + dataflow.code();
    }
}
