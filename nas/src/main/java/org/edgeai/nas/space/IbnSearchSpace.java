package org.edgeai.nas.space;

import java.util.ArrayList;
import java.util.List;

/**
 * The MobileNet-style search space around a baseline IBN network, with the three settings of the
 * table of the article "Optimizing neural networks for special-purpose hardware" (Amazon Science blog,
 * amazon.science/blog/optimizing-neural-networks-for-special-purpose-hardware): {@link Mode#DEPTH_MULTIPLIER} (V1: per-stage channel width only),
 * {@link Mode#FUSED} (V2: per-block IBN vs fused IBN only), {@link Mode#BOTH} (V3), and
 * {@link Mode#FULL} (additionally kernel size and expansion per block), and {@link Mode#STRUCTURE}
 * (FULL plus the number of blocks per stage and each stage's stride).
 *
 * <p>Channel widths: the stem and every stage pick a width between {@code minMultiplier} and
 * {@code maxMultiplier} times the baseline width (the depth multiplier). CURATED offers only
 * multiples of the accelerator's parallelism factor P (every pass over the lanes is full);
 * UNCURATED offers every width in steps of one channel (the plain space).
 *
 * <p>A genotype is an {@code int[]} of choice indices; {@link #choices()} gives the number of
 * options per gene and {@link #decode} builds the network.
 *
 * @param baseline           the baseline IBN network; blocks are grouped into stages by their
 *                           output channels (a new stage starts when the width changes)
 * @param mode               which decisions are searched
 * @param channelPolicy      curated (multiples of P) or uncurated widths
 * @param parallelismFactor  P, the accelerator's output-channel parallelism, &gt;= 1
 * @param minMultiplier      smallest width multiplier, &gt; 0
 * @param maxMultiplier      largest width multiplier, in [1, {@link #MAX_MULTIPLIER}]
 * @param kernels            kernel sizes for {@link Mode#FULL} and {@link Mode#STRUCTURE}
 * @param expansions         expansion ratios for {@link Mode#FULL} and {@link Mode#STRUCTURE}
 * @implNote Immutable (the lists are copied; array results are fresh); thread-safe.
 */
public record IbnSearchSpace(NetworkSpec baseline, Mode mode, ChannelPolicy channelPolicy, int parallelismFactor,
                             double minMultiplier, double maxMultiplier, List<Integer> kernels, List<Integer> expansions) {

    /** Largest accepted width multiplier (the depth multipliers stay within 0.25-1.5x). */
    public static final double MAX_MULTIPLIER = 8;

    /** Searched decisions. */
    public enum Mode {
        /** V1: per-stage depth (channel) multiplier only. */
        DEPTH_MULTIPLIER,
        /** V2: per-block fused-IBN choice only. */
        FUSED,
        /** V3: both. */
        BOTH,
        /** V3 plus kernel size and expansion per block. */
        FULL,
        /**
         * FULL plus per-stage depth (1 to the baseline's depth + 1 blocks) and per-stage stride (1 or 2, on the stage's
         * first block). Per-block genes exist for every block slot a stage can have; slots beyond a stage's chosen depth
         * are ignored.
         */
        STRUCTURE
    }

    /** Channel-width policy. */
    public enum ChannelPolicy {
        /** Widths rounded to multiples of the parallelism factor. */
        CURATED,
        /** Widths in steps of one channel. */
        UNCURATED
    }

    /** @throws IllegalArgumentException if a list is empty or a value out of range */
    public IbnSearchSpace {
        kernels = List.copyOf(kernels);
        expansions = List.copyOf(expansions);
        if (parallelismFactor < 1) {
            throw new IllegalArgumentException("parallelism factor must be >= 1, got " + parallelismFactor);
        }
        if (kernels.isEmpty() || expansions.isEmpty()) {
            throw new IllegalArgumentException("choice lists must not be empty");
        }
        if (!(minMultiplier > 0 && minMultiplier <= 1 && maxMultiplier >= 1 && maxMultiplier <= MAX_MULTIPLIER)) {
            throw new IllegalArgumentException("need 0 < minMultiplier <= 1 <= maxMultiplier <= " + MAX_MULTIPLIER + ", got "
                    + minMultiplier + ", " + maxMultiplier);
        }
        for (BlockSpec b : baseline.blocks()) {
            if (b.kind() != BlockKind.IBN) {
                throw new IllegalArgumentException("the baseline must be all IBN blocks, got " + baseline.describe());
            }
        }
        if (mode == Mode.STRUCTURE) {
            List<BlockSpec> bl = baseline.blocks();
            for (int b = 1; b < bl.size(); b++) {
                if (bl.get(b).outChannels() == bl.get(b - 1).outChannels() && bl.get(b).stride() != 1) {
                    throw new IllegalArgumentException("STRUCTURE needs strides only on a stage's first block, got " + baseline.describe());
                }
            }
        }
    }

    /** @return the baseline's number of blocks in each stage */
    public int[] stageDepths() {
        int[] st = stageOfBlock();
        int[] d = new int[stages()];
        for (int s : st) {
            d[s]++;
        }
        return d;
    }

    /** @return total block slots of the STRUCTURE genotype: per stage, the baseline's depth + 1 */
    private int slots() {
        int n = 0;
        for (int d : stageDepths()) {
            n += d + 1;
        }
        return n;
    }

    /** Baseline block that slot {@code j} of stage {@code s} copies its kernel and expansion from (the stage's last if beyond). */
    private BlockSpec templateBlock(int s, int j) {
        int[] st = stageOfBlock();
        BlockSpec last = null;
        int seen = 0;
        for (int b = 0; b < st.length; b++) {
            if (st[b] == s) {
                last = baseline.blocks().get(b);
                if (seen++ == j) {
                    return last;
                }
            }
        }
        return last;
    }

    /** @return stage index of each baseline block */
    public int[] stageOfBlock() {
        int[] s = new int[baseline.blocks().size()];
        int stage = -1;
        int prev = -1;
        for (int i = 0; i < s.length; i++) {
            int c = baseline.blocks().get(i).outChannels();
            if (c != prev) {
                stage++;
                prev = c;
            }
            s[i] = stage;
        }
        return s;
    }

    /** @return number of stages */
    public int stages() {
        int[] s = stageOfBlock();
        return s.length == 0 ? 0 : s[s.length - 1] + 1;
    }

    /** @return options per gene, in genotype order: stage multipliers, then per-block fused, kernel, expansion */
    public int[] choices() {
        List<Integer> c = new ArrayList<>();
        if (mode == Mode.STRUCTURE) {
            c.add(widthOptions(baseline.stemChannels()).length);
            for (int s = 0; s < stages(); s++) {
                c.add(widthOptions(stageWidth(s)).length);
            }
            int slots = slots();
            for (int i = 0; i < slots; i++) {
                c.add(2);
            }
            for (int i = 0; i < slots; i++) {
                c.add(kernels.size());
            }
            for (int i = 0; i < slots; i++) {
                c.add(expansions.size());
            }
            for (int d : stageDepths()) {
                c.add(d + 1);
            }
            for (int s = 0; s < stages(); s++) {
                c.add(2);
            }
            return c.stream().mapToInt(Integer::intValue).toArray();
        }
        int blocks = baseline.blocks().size();
        if (mode != Mode.FUSED) {
            c.add(widthOptions(baseline.stemChannels()).length);
            for (int s = 0; s < stages(); s++) {
                c.add(widthOptions(stageWidth(s)).length);
            }
        }
        if (mode != Mode.DEPTH_MULTIPLIER) {
            for (int b = 0; b < blocks; b++) {
                c.add(2);
            }
        }
        if (mode == Mode.FULL) {
            for (int b = 0; b < blocks; b++) {
                c.add(kernels.size());
            }
            for (int b = 0; b < blocks; b++) {
                c.add(expansions.size());
            }
        }
        return c.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * @param limit largest count accepted
     * @return the number of configurations (the product of {@link #choices()})
     * @throws IllegalArgumentException if it exceeds {@code limit} (the space is too large to enumerate)
     */
    public long configurations(long limit) {
        long total = 1;
        for (int c : choices()) {
            total *= c;
            if (total > limit) {
                throw new IllegalArgumentException("space too large to enumerate (more than " + limit + " configurations)");
            }
        }
        return total;
    }

    /**
     * Mixed-radix enumeration of the space: code 0 is all-zero genes, the first gene varies fastest.
     *
     * @param code configuration number in {@code [0, configurations)}
     * @return its genotype
     */
    public int[] genotype(long code) {
        int[] ch = choices();
        int[] g = new int[ch.length];
        long x = code;
        for (int i = 0; i < ch.length; i++) {
            g[i] = (int) (x % ch[i]);
            x /= ch[i];
        }
        return g;
    }

    /** @return the genotype that decodes to the baseline (multiplier 1.0 must be a choice for width genes) */
    public int[] baselineGenotype() {
        int[] g = new int[choices().length];
        int k = 0;
        if (mode == Mode.STRUCTURE) {
            g[k++] = nearest(widthOptions(baseline.stemChannels()), baseline.stemChannels());
            for (int s = 0; s < stages(); s++) {
                g[k++] = nearest(widthOptions(stageWidth(s)), stageWidth(s));
            }
            int[] depth = stageDepths();
            int slots = slots();
            k += slots; // not fused
            for (int s = 0; s < depth.length; s++) {
                for (int j = 0; j <= depth[s]; j++) {
                    g[k++] = Math.max(0, kernels.indexOf(templateBlock(s, j).kernel()));
                }
            }
            for (int s = 0; s < depth.length; s++) {
                for (int j = 0; j <= depth[s]; j++) {
                    g[k++] = Math.max(0, expansions.indexOf(templateBlock(s, j).expansion()));
                }
            }
            for (int d : depth) {
                g[k++] = d - 1;
            }
            for (int s = 0; s < depth.length; s++) {
                g[k++] = templateBlock(s, 0).stride() == 2 ? 1 : 0;
            }
            return g;
        }
        if (mode != Mode.FUSED) {
            g[k++] = nearest(widthOptions(baseline.stemChannels()), baseline.stemChannels());
            for (int s = 0; s < stages(); s++) {
                g[k++] = nearest(widthOptions(stageWidth(s)), stageWidth(s));
            }
        }
        if (mode != Mode.DEPTH_MULTIPLIER) {
            k += baseline.blocks().size();
        }
        if (mode == Mode.FULL) {
            for (BlockSpec b : baseline.blocks()) {
                g[k++] = Math.max(0, kernels.indexOf(b.kernel()));
            }
            for (BlockSpec b : baseline.blocks()) {
                g[k++] = Math.max(0, expansions.indexOf(b.expansion()));
            }
        }
        return g;
    }

    /**
     * @param genotype choice indices ({@link #choices()} long)
     * @param name     model name
     * @return the candidate network
     * @throws IllegalArgumentException if the genotype length or a choice is out of range
     */
    public NetworkSpec decode(int[] genotype, String name) {
        int[] ch = choices();
        if (genotype.length != ch.length) {
            throw new IllegalArgumentException("genotype has " + genotype.length + " genes, space needs " + ch.length);
        }
        for (int i = 0; i < ch.length; i++) {
            if (genotype[i] < 0 || genotype[i] >= ch[i]) {
                throw new IllegalArgumentException("gene " + i + " = " + genotype[i] + " not in [0, " + ch[i] + ")");
            }
        }
        if (mode == Mode.STRUCTURE) {
            return decodeStructure(genotype, name);
        }
        int[] stage = stageOfBlock();
        int blocks = baseline.blocks().size();
        int k = 0;
        int stem = baseline.stemChannels();
        int[] stageW = new int[stages()];
        for (int s = 0; s < stageW.length; s++) {
            stageW[s] = stageWidth(s);
        }
        if (mode != Mode.FUSED) {
            stem = widthOptions(stem)[genotype[k++]];
            for (int s = 0; s < stageW.length; s++) {
                stageW[s] = widthOptions(stageW[s])[genotype[k++]];
            }
        }
        boolean[] fused = new boolean[blocks];
        if (mode != Mode.DEPTH_MULTIPLIER) {
            for (int b = 0; b < blocks; b++) {
                fused[b] = genotype[k++] == 1;
            }
        }
        int[] kernel = new int[blocks];
        int[] exp = new int[blocks];
        for (int b = 0; b < blocks; b++) {
            kernel[b] = baseline.blocks().get(b).kernel();
            exp[b] = baseline.blocks().get(b).expansion();
        }
        if (mode == Mode.FULL) {
            for (int b = 0; b < blocks; b++) {
                kernel[b] = kernels.get(genotype[k++]);
            }
            for (int b = 0; b < blocks; b++) {
                exp[b] = expansions.get(genotype[k++]);
            }
        }
        List<BlockSpec> out = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            BlockSpec base = baseline.blocks().get(b);
            out.add(new BlockSpec(fused[b] ? BlockKind.FUSED_IBN : BlockKind.IBN, kernel[b], exp[b], base.stride(),
                    stageW[stage[b]]));
        }
        return new NetworkSpec(name, baseline.inChannels(), baseline.inHeight(), baseline.inWidth(),
                stem, baseline.stemKernel(), baseline.stemStride(), out,
                baseline.headChannels(), baseline.classes());
    }

    private NetworkSpec decodeStructure(int[] g, String name) {
        int k = 0;
        int stem = widthOptions(baseline.stemChannels())[g[k++]];
        int stages = stages();
        int[] width = new int[stages];
        for (int s = 0; s < stages; s++) {
            width[s] = widthOptions(stageWidth(s))[g[k++]];
        }
        int[] depth = stageDepths();
        int slots = slots();
        int fusedAt = k;
        int kernelAt = fusedAt + slots;
        int expAt = kernelAt + slots;
        int depthAt = expAt + slots;
        int strideAt = depthAt + stages;
        List<BlockSpec> out = new ArrayList<>();
        int slot = 0;
        for (int s = 0; s < stages; s++) {
            int d = g[depthAt + s] + 1;
            int stride = g[strideAt + s] == 1 ? 2 : 1;
            for (int j = 0; j <= depth[s]; j++, slot++) {
                if (j < d) {
                    out.add(new BlockSpec(g[fusedAt + slot] == 1 ? BlockKind.FUSED_IBN : BlockKind.IBN, kernels.get(g[kernelAt + slot]),
                            expansions.get(g[expAt + slot]), j == 0 ? stride : 1, width[s]));
                }
            }
        }
        return new NetworkSpec(name, baseline.inChannels(), baseline.inHeight(), baseline.inWidth(),
                stem, baseline.stemKernel(), baseline.stemStride(), out,
                baseline.headChannels(), baseline.classes());
    }

    /** @return baseline output width of stage {@code s} */
    int stageWidth(int s) {
        int[] st = stageOfBlock();
        for (int b = 0; b < st.length; b++) {
            if (st[b] == s) {
                return baseline.blocks().get(b).outChannels();
            }
        }
        throw new IllegalArgumentException("no stage " + s);
    }

    /**
     * @param base baseline width
     * @return the widths a gene may pick, ascending: multiples of P (curated) or every integer
     *         (uncurated) in {@code [minMultiplier * base, maxMultiplier * base]}; never empty
     */
    public int[] widthOptions(int base) {
        int lo = Math.max(1, (int) Math.ceil(minMultiplier * base));
        int hi = Math.max(lo, (int) Math.floor(maxMultiplier * base));
        List<Integer> w = new ArrayList<>();
        for (int c = lo; c <= hi; c++) {
            if (channelPolicy == ChannelPolicy.UNCURATED || c % parallelismFactor == 0) {
                w.add(c);
            }
        }
        if (w.isEmpty()) {
            w.add(Math.max(parallelismFactor, (int) Math.round((double) base / parallelismFactor) * parallelismFactor));
        }
        return w.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int nearest(int[] options, int target) {
        int best = 0;
        for (int i = 1; i < options.length; i++) {
            if (Math.abs(options[i] - target) < Math.abs(options[best] - target)) {
                best = i;
            }
        }
        return best;
    }

    /**
     * The baseline used for the Fashion-MNIST experiments: 28x28x1 input, 3x3 stem to 32 channels with
     * stride 2 (14x14), IBN stages (k3, e4) of widths 32, 64, 96, 128 with depths 2, 2, 2, 1 and
     * strides 1, 2, 2, 1, a 1x1 head to 256 channels, 10 classes.
     *
     * @return the baseline network
     */
    public static NetworkSpec fashionMnistBaseline() {
        List<BlockSpec> b = List.of(
                new BlockSpec(BlockKind.IBN, 3, 4, 1, 32), new BlockSpec(BlockKind.IBN, 3, 4, 1, 32),
                new BlockSpec(BlockKind.IBN, 3, 4, 2, 64), new BlockSpec(BlockKind.IBN, 3, 4, 1, 64),
                new BlockSpec(BlockKind.IBN, 3, 4, 2, 96), new BlockSpec(BlockKind.IBN, 3, 4, 1, 96),
                new BlockSpec(BlockKind.IBN, 3, 4, 1, 128));
        return new NetworkSpec("ibn-baseline", 1, 28, 28, 32, 3, 2, b, 256, 10);
    }

    /**
     * @param mode   searched decisions
     * @param policy channel policy
     * @param p      parallelism factor
     * @return the Fashion-MNIST space around {@link #fashionMnistBaseline()}: widths 0.25x to 1.5x
     *         the baseline, kernels 3/5, expansions 2/4/6
     */
    public static IbnSearchSpace fashionMnist(Mode mode, ChannelPolicy policy, int p) {
        return new IbnSearchSpace(fashionMnistBaseline(), mode, policy, p, 0.25, 1.5, List.of(3, 5), List.of(2, 4, 6));
    }
}
