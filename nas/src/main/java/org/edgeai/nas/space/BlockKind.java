package org.edgeai.nas.space;

/**
 * Block types of the MobileNet-style search space.
 *
 * @implNote Immutable; thread-safe.
 */
public enum BlockKind {
    /**
     * Inverted bottleneck (MobileNetV2, Sandler et al. 2018): 1x1 expand to {@code e * C_in} (ReLU6;
     * skipped when e = 1), KxK depthwise with the block's stride (ReLU6), 1x1 linear projection,
     * residual add when stride 1 and {@code C_in == C_out}.
     */
    IBN,
    /**
     * Fused inverted bottleneck (EfficientNet-EdgeTPU, Gupta and Tan 2019): the 1x1 expansion and the
     * depthwise KxK are fused into one standard KxK convolution {@code C_in -> e * C_in} (ReLU6), then
     * the 1x1 linear projection and the same residual rule. No depthwise op remains. The same fusion defines
     * the fused inverted bottleneck of MobileDets (Xiong et al., CVPR 2021) and the Fused-MBConv of EfficientNetV2
     * (Tan and Le, ICML 2021).
     */
    FUSED_IBN
}
