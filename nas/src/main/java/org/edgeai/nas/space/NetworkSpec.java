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
 * @implNote Immutable (the block list is copied); thread-safe.
 */
public record NetworkSpec(String name, int inChannels, int inHeight, int inWidth, int stemChannels, int stemKernel,
                          int stemStride, List<BlockSpec> blocks, int headChannels, int classes) {
    /**
     * @throws IllegalArgumentException naming the bad value ("same" padding never shrinks a map below 1x1)
     * @throws NullPointerException     if {@code name} or {@code blocks} is null, or {@code blocks} holds a null
     */
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
        // Every tensor the network builds must fit an int-indexed array: the largest weight tensor and activation map
        // are checked here, in long arithmetic, so that an absurd description is refused by name instead of
        // overflowing (or exhausting the heap) later.
        long h = inHeight;
        long w = inWidth;
        checkSize("stem weights", (long) stemChannels * inChannels * stemKernel * stemKernel);
        h = outSize((int) Math.min(h, Integer.MAX_VALUE), stemKernel, stemStride);
        w = outSize((int) Math.min(w, Integer.MAX_VALUE), stemKernel, stemStride);
        checkSize("stem activations", stemChannels * h * w);
        long cin = stemChannels;
        for (int i = 0; i < blocks.size(); i++) {
            BlockSpec b = Objects.requireNonNull(blocks.get(i), "block");
            long mid = cin * b.expansion();
            long expandWeights = b.kind() == BlockKind.FUSED_IBN ? mid * cin * b.kernel() * b.kernel() : mid * cin;
            checkSize("block " + (i + 1) + " expansion weights", expandWeights);
            checkSize("block " + (i + 1) + " expanded activations", mid * h * w);
            checkSize("block " + (i + 1) + " projection weights", mid * b.outChannels());
            cin = b.outChannels();
        }
        checkSize("head weights", (long) Math.max(headChannels, 1) * cin);
    }

    /** Largest element count of any tensor a network may build (int-indexed arrays). */
    public static final long MAX_TENSOR_ELEMENTS = Integer.MAX_VALUE - 8;

    private static void checkSize(String what, long elements) {
        if (elements > MAX_TENSOR_ELEMENTS) {
            throw new IllegalArgumentException(what + " would have " + elements + " elements (limit " + MAX_TENSOR_ELEMENTS + ")");
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

    /**
     * Inverse of {@link #describe()}: stem width, blocks and head come from the description; input
     * size, stem kernel and stride, classes and name from {@code template}.
     *
     * @param template    supplies what the description does not encode
     * @param description e.g. {@code s32|I3e4c32s1|F3e4c64s2|h128}
     * @return the network
     * @throws IllegalArgumentException if the description is malformed (message quotes it)
     */
    public static NetworkSpec fromDescription(NetworkSpec template, String description) {
        String[] parts = description.split("\\|");
        try {
            if (!parts[0].startsWith("s")) {
                throw new IllegalArgumentException("no stem");
            }
            int stem = Integer.parseInt(parts[0].substring(1));
            int head = 0;
            List<BlockSpec> blocks = new java.util.ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i];
                if (p.startsWith("h") && i == parts.length - 1) {
                    head = Integer.parseInt(p.substring(1));
                    continue;
                }
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("([IF])(\\d+)e(\\d+)c(\\d+)s(\\d+)").matcher(p);
                if (!m.matches()) {
                    throw new IllegalArgumentException("bad block '" + p + "'");
                }
                blocks.add(new BlockSpec(m.group(1).equals("I") ? BlockKind.IBN : BlockKind.FUSED_IBN, Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(4))));
            }
            return new NetworkSpec(template.name(), template.inChannels(), template.inHeight(), template.inWidth(), stem,
                    template.stemKernel(), template.stemStride(), blocks, head, template.classes());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed network description '" + description + "': " + e.getMessage(), e);
        }
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
