package org.edgeai.nas.bench;

/** The five candidate operations on a NAS-Bench-201 cell edge (Dong and Yang, ICLR 2020, Sec. 2.1). Immutable; thread-safe. */
public enum Nb201Op {
    /** Zero: the edge carries nothing. */
    NONE("none"),
    /** Identity. */
    SKIP_CONNECT("skip_connect"),
    /** ReLU, 1x1 convolution, batch norm. */
    NOR_CONV_1X1("nor_conv_1x1"),
    /** ReLU, 3x3 convolution, batch norm. */
    NOR_CONV_3X3("nor_conv_3x3"),
    /** 3x3 average pooling, stride 1. */
    AVG_POOL_3X3("avg_pool_3x3");

    private final String label;

    Nb201Op(String label) {
        this.label = label;
    }

    /** @return the name used in NAS-Bench-201 architecture strings */
    public String label() {
        return label;
    }

    /**
     * @param label a name such as {@code nor_conv_3x3}
     * @return the op
     * @throws IllegalArgumentException if unknown (message lists the known names)
     */
    public static Nb201Op ofLabel(String label) {
        for (Nb201Op op : values()) {
            if (op.label.equals(label)) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown NAS-Bench-201 op '" + label
                + "' (expected none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3)");
    }
}
