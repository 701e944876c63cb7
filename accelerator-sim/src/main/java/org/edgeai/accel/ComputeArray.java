package org.edgeai.accel;

/** The MAC array of the accelerator: {@link DotProductLanes} or a {@link SystolicArray}. */
public sealed interface ComputeArray permits DotProductLanes, SystolicArray {
    /** @return number of multiply-accumulate units (int8 MACs per cycle at full utilization) */
    long macUnits();

    /** @return a short human-readable description, e.g. {@code "32x32 systolic, ws"} */
    String describe();
}
