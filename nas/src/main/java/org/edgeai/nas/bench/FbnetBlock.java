package org.edgeai.nas.bench;

/**
 * The nine block choices of a searchable layer in the FBNet space as used by HW-NAS-Bench: inverted
 * bottleneck {@code kK_eE} (1x1 expand to E*C_in, depthwise KxK with the layer's stride, 1x1 project,
 * residual when shapes allow), {@code _g2} = 2-group 1x1 convs with a channel shuffle, and
 * {@code skip} (identity, or 1x1 conv when the layer changes shape). Space of B. Wu et al., "FBNet:
 * Hardware-Aware Efficient ConvNet Design via Differentiable Neural Architecture Search", CVPR 2019 (Table 1), as
 * tabulated by HW-NAS-Bench (C. Li et al., ICLR 2021). Immutable; thread-safe.
 */
public enum FbnetBlock {
    /** Kernel 3, expansion 1. */
    K3_E1("k3_e1", 3, 1, 1),
    /** Kernel 3, expansion 1, 2 groups. */
    K3_E1_G2("k3_e1_g2", 3, 1, 2),
    /** Kernel 3, expansion 3. */
    K3_E3("k3_e3", 3, 3, 1),
    /** Kernel 3, expansion 6. */
    K3_E6("k3_e6", 3, 6, 1),
    /** Kernel 5, expansion 1. */
    K5_E1("k5_e1", 5, 1, 1),
    /** Kernel 5, expansion 1, 2 groups. */
    K5_E1_G2("k5_e1_g2", 5, 1, 2),
    /** Kernel 5, expansion 3. */
    K5_E3("k5_e3", 5, 3, 1),
    /** Kernel 5, expansion 6. */
    K5_E6("k5_e6", 5, 6, 1),
    /** Identity or 1x1 conv. */
    SKIP("skip", 0, 0, 1);

    private final String label;
    private final int kernel;
    private final int expansion;
    private final int groups;

    FbnetBlock(String label, int kernel, int expansion, int groups) {
        this.label = label;
        this.kernel = kernel;
        this.expansion = expansion;
        this.groups = groups;
    }

    /** @return the HW-NAS-Bench name, e.g. {@code k3_e6} */
    public String label() {
        return label;
    }

    /** @return depthwise kernel size (0 for skip) */
    public int kernel() {
        return kernel;
    }

    /** @return expansion ratio (0 for skip) */
    public int expansion() {
        return expansion;
    }

    /** @return groups of the 1x1 convs */
    public int groups() {
        return groups;
    }

    /**
     * @param label a block name such as {@code k5_e1_g2}
     * @return the block
     * @throws IllegalArgumentException if unknown
     */
    public static FbnetBlock ofLabel(String label) {
        for (FbnetBlock b : values()) {
            if (b.label.equals(label)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown FBNet block '" + label
                + "' (expected k3_e1, k3_e1_g2, k3_e3, k3_e6, k5_e1, k5_e1_g2, k5_e3, k5_e6, skip)");
    }
}
