package org.edgeai.nas.space;

import java.util.ArrayList;
import java.util.List;
import org.edgeai.kernel.graph.GraphCostModel;

/**
 * The expert rules of the article "Optimizing neural networks for special-purpose hardware" (Amazon
 * Science blog) as a transform any network can go through; every step is priced with
 * the cost model, so the report shows what each rule bought (measured, not asserted):
 * <ol>
 *   <li><b>align channels</b>: every width (stem, blocks, head) is rounded to the nearest multiple of
 *       the parallelism factor P (at least P), so no pass over the lanes is partly empty;</li>
 *   <li><b>fuse early IBNs</b>: IBN blocks whose input resolution is at least
 *       {@code earlyResolution} become fused IBNs (large maps, few channels: the depthwise op is
 *       memory bound and lane-inefficient there); late blocks keep their IBN form (small maps, many
 *       channels: a fused KxK conv would multiply the MACs and parameters); if the cost model says the
 *       step as a whole is worse on the {@link Criterion}, it is undone and reported as such;</li>
 *   <li><b>depthwise to standard conv where it pays</b>: each remaining IBN block is tried as a fused
 *       block (its depthwise replaced by a standard KxK conv) and kept only if the cost model
 *       predicts at least {@code minGain} lower cost on the {@link Criterion} and the parameter growth
 *       stays within {@code maxParameterGrowth}.</li>
 * </ol>
 * "Pays" is judged on what the search optimises: latency by default, parameter + peak activation
 * memory for a memory-budget search ({@link Criterion#MEMORY}). Judged on latency, rules 2 and 3 add
 * parameters wherever fusion is faster (a systolic array runs depthwise convolutions channel by
 * channel), which works against a memory budget.
 *
 * @param parallelismFactor  P, &gt;= 1
 * @param earlyResolution    input height at or above which an IBN counts as early, &gt;= 1
 * @param minGain            relative latency gain rule 3 needs, in [0, 1)
 * @param maxParameterGrowth largest relative parameter growth rule 3 accepts per block, &gt;= 0
 * @implNote Immutable; thread-safe ({@link #apply} is as thread-safe as the cost model it is given).
 */
public record ExpertRules(int parallelismFactor, int earlyResolution, double minGain, double maxParameterGrowth) {
    /** @throws IllegalArgumentException naming the bad value */
    public ExpertRules {
        if (parallelismFactor < 1 || earlyResolution < 1) {
            throw new IllegalArgumentException("parallelism factor and early resolution must be >= 1, got "
                    + parallelismFactor + ", " + earlyResolution);
        }
        if (!(minGain >= 0 && minGain < 1) || !(maxParameterGrowth >= 0)) {
            throw new IllegalArgumentException("need 0 <= minGain < 1 and maxParameterGrowth >= 0, got " + minGain + ", " + maxParameterGrowth);
        }
    }

    /** @return rules for a parallelism factor: early = 14x14 or larger, 2 % gain, at most 25 % more parameters per block */
    public static ExpertRules forParallelism(int p) {
        return new ExpertRules(p, 14, 0.02, 0.25);
    }

    /**
     * One applied rule and its measured effect.
     *
     * @param rule    rule name
     * @param changes what changed (human-readable)
     * @param before  costs before
     * @param after   costs after
     * @param network the network after the rule
     */
    public record Step(String rule, String changes, CostSummary before, CostSummary after, NetworkSpec network) {
    }

    /** What rules 2 and 3 must not make worse (rule 2) or must improve by {@code minGain} (rule 3). */
    public enum Criterion {
        /** Latency of one inference. */
        LATENCY,
        /** Parameter plus peak activation bytes ({@link CostSummary#memoryBytes()}). */
        MEMORY;

        /**
         * @param c a candidate's costs
         * @return the cost this criterion judges, in ms or bytes
         */
        public double of(CostSummary c) {
            return this == LATENCY ? c.latencyMs() : c.memoryBytes();
        }
    }

    /**
     * The rules judged on latency: {@code apply(spec, model, Criterion.LATENCY)}.
     *
     * @param spec  the network. Not modified.
     * @param model the cost model
     * @return the three steps in order (the last one's network is the result)
     */
    public List<Step> apply(NetworkSpec spec, GraphCostModel model) {
        return apply(spec, model, Criterion.LATENCY);
    }

    /**
     * @param spec      the network. Not modified.
     * @param model     the cost model
     * @param criterion what rules 2 and 3 are judged on
     * @return the three steps in order (the last one's network is the result)
     * @throws NullPointerException if an argument is null
     */
    public List<Step> apply(NetworkSpec spec, GraphCostModel model, Criterion criterion) {
        java.util.Objects.requireNonNull(criterion, "criterion");
        List<Step> steps = new ArrayList<>();
        CostSummary c0 = CostSummary.of(spec, model);
        NetworkSpec s1 = alignChannels(spec);
        CostSummary c1 = CostSummary.of(s1, model);
        steps.add(new Step("align-channels", spec.describe() + " -> " + s1.describe(), c0, c1, s1));
        NetworkSpec s2 = fuseEarly(s1);
        CostSummary c2 = CostSummary.of(s2, model);
        if (criterion.of(c2) > criterion.of(c1)) {
            // Measured, not asserted: on an NPU that already keeps a block's intermediates on chip the
            // fused form can be slower (and it always has more parameters); then the step is undone and
            // the report says by how much.
            steps.add(new Step("fuse-early-ibn", String.format("reverted: fusing %s would cost %+.1f %% %s", s2.describe(),
                    100 * (criterion.of(c2) / criterion.of(c1) - 1), criterion == Criterion.LATENCY ? "latency" : "memory"), c1, c1, s1));
            s2 = s1;
            c2 = c1;
        } else {
            steps.add(new Step("fuse-early-ibn", s1.describe() + " -> " + s2.describe(), c1, c2, s2));
        }
        NetworkSpec s3 = s2;
        CostSummary c3 = c2;
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < s3.blocks().size(); i++) {
            BlockSpec b = s3.blocks().get(i);
            if (b.kind() != BlockKind.IBN) {
                continue;
            }
            List<BlockSpec> bl = new ArrayList<>(s3.blocks());
            bl.set(i, b.withKind(BlockKind.FUSED_IBN));
            NetworkSpec trial = s3.withBlocks(bl);
            CostSummary ct = CostSummary.of(trial, model);
            long paramGrowth = ct.parameterBytes() - c3.parameterBytes();
            if (criterion.of(ct) <= (1 - minGain) * criterion.of(c3) && paramGrowth <= maxParameterGrowth * Math.max(1, c3.parameterBytes())) {
                s3 = trial;
                c3 = ct;
                changed.add("b" + (i + 1));
            }
        }
        steps.add(new Step("depthwise-to-conv", changed.isEmpty() ? "none paid" : "fused " + String.join(", ", changed), c2, c3, s3));
        return steps;
    }

    /** @return the network with every width rounded to a multiple of P (rule 1) */
    public NetworkSpec alignChannels(NetworkSpec spec) {
        List<BlockSpec> bl = new ArrayList<>();
        for (BlockSpec b : spec.blocks()) {
            bl.add(b.withOutChannels(align(b.outChannels())));
        }
        return spec.withBlocks(bl).withStemChannels(align(spec.stemChannels()))
                .withHeadChannels(spec.headChannels() == 0 ? 0 : align(spec.headChannels()));
    }

    /** @return the network with early IBN blocks fused (rule 2) */
    public NetworkSpec fuseEarly(NetworkSpec spec) {
        List<BlockSpec> bl = new ArrayList<>();
        int h = NetworkSpec.outSize(spec.inHeight(), spec.stemKernel(), spec.stemStride());
        for (BlockSpec b : spec.blocks()) {
            bl.add(b.kind() == BlockKind.IBN && h >= earlyResolution ? b.withKind(BlockKind.FUSED_IBN) : b);
            h = NetworkSpec.outSize(h, b.kernel(), b.stride());
        }
        return spec.withBlocks(bl);
    }

    int align(int c) {
        return Math.max(parallelismFactor, (int) Math.round((double) c / parallelismFactor) * parallelismFactor);
    }
}
