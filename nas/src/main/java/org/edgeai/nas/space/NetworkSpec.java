package org.edgeai.nas.space;

import java.util.List;
import java.util.Objects;

/**
 * A candidate classifier: a KxK stem convolution (ReLU6), a chain of blocks, an optional 1x1 head
 * convolution (ReLU6), global average pooling and a dense classifier. Activations are
 * {@code [C, H, W]}, weights PyTorch layout. Padding is {@code kernel / 2} ("same" for odd kernels).
 *
 * @param name         model name (used for op names)
 * @param inChannels   input channels (1 for Fashion-MNIST)
 * @param inHeight     input height, pixels
 * @param inWidth      input width, pixels
 * @param stemChannels stem output channels
 * @param stemKernel   stem kernel size (odd)
 * @param stemStride   stem stride (1 or 2)
 * @param blocks       blocks in order (may be empty)
 * @param headChannels 1x1 head conv channels, 0 for none
 * @param classes      classifier outputs
 */
public record NetworkSpec(String name, int inChannels, int inHeight, int inWidth, int stemChannels, int stemKernel,
                          int stemStride, List<BlockSpec> blocks, int headChannels, int classes) {
    /** @throws IllegalArgumentException naming the bad value ("same" padding never shrinks a map below 1x1) */
    public NetworkSpec {
        Objects.requireNonNull(name, "name");
        blocks = List.copyOf(blocks);
        if (inChannels < 1 || inHeight < 1 || inWidth < 1) {
            throw new IllegalArgumentException("input must be at least 1x1x1, got " + inChannels + "x" + inHeight + "x" + inWidth);
        }
        if (stemChannels < 1 || stemKernel < 1 || stemKernel % 2 == 0 || (stemStride != 1 && stemStride != 2)) {
            throw new IllegalArgumentException("invalid stem: " + stemChannels + " channels, kernel " + stemKernel + ", stride " + stemStride);
        }
        if (headChannels < 0 || classes < 1) {
            throw new IllegalArgumentException("headChannels must be >= 0 and classes >= 1, got " + headChannels + ", " + classes);
        }
    }

    /** @return output size of a "same"-padded convolution */
    static int outSize(int in, int kernel, int stride) {
        return (in + 2 * (kernel / 2) - kernel) / stride + 1;
    }

    /** @return a copy with other blocks */
    public NetworkSpec withBlocks(List<BlockSpec> b) {
        return new NetworkSpec(name, inChannels, inHeight, inWidth, stemChannels, stemKernel, stemStride, b, headChannels, classes);
    }

    /** @return a copy with another stem width */
    public NetworkSpec withStemChannels(int c) {
        return new NetworkSpec(name, inChannels, inHeight, inWidth, c, stemKernel, stemStride, blocks, headChannels, classes);
    }

    /** @return a copy with another head width */
    public NetworkSpec withHeadChannels(int c) {
        return new NetworkSpec(name, inChannels, inHeight, inWidth, stemChannels, stemKernel, stemStride, blocks, c, classes);
    }

    /** @return a copy with another name */
    public NetworkSpec withName(String n) {
        return new NetworkSpec(n, inChannels, inHeight, inWidth, stemChannels, stemKernel, stemStride, blocks, headChannels, classes);
    }

    /** @return a compact description, e.g. {@code s32|I3e4c32s1|F3e4c64s2|h128} */
    public String describe() {
        StringBuilder sb = new StringBuilder("s").append(stemChannels);
        for (BlockSpec b : blocks) {
            sb.append('|').append(b.kind() == BlockKind.IBN ? 'I' : 'F').append(b.kernel()).append('e').append(b.expansion())
                    .append('c').append(b.outChannels()).append('s').append(b.stride());
        }
        if (headChannels > 0) {
            sb.append("|h").append(headChannels);
        }
        return sb.toString();
    }
}
