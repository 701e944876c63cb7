package org.edgeai.nas.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import org.edgeai.nas.space.BlockKind;
import org.edgeai.nas.space.BlockSpec;
import org.edgeai.nas.space.CandidateNetworks;
import org.edgeai.nas.space.NetworkSpec;

/**
 * The trainable DJL twin of {@link CandidateNetworks#build}: the same layers in the same order, each
 * convolution followed by batch norm (folded into the convolution when weights are exported), ReLU6
 * where the kernel network has it. Input {@code [N, C, H, W]}, output logits {@code [N, classes]}.
 *
 * @implNote Stateless; thread-safe (every call builds a new block).
 */
public final class DjlNetworks {
    private DjlNetworks() {
    }

    /** @return the DJL block for {@code spec} */
    public static SequentialBlock build(NetworkSpec spec) {
        return build(spec, null);
    }

    /**
     * @param spec the candidate
     * @param relu receives the pre-clip input of every ReLU6 (for activation-pattern proxies), or null
     * @return the DJL block for {@code spec}
     */
    public static SequentialBlock build(NetworkSpec spec, java.util.function.Consumer<ai.djl.ndarray.NDArray> relu) {
        return build(spec, relu, false);
    }

    /**
     * @param spec   the candidate
     * @param relu   receives the pre-clip input of every ReLU6 (for activation-pattern proxies), or null
     * @param linear true to replace every ReLU6 by the identity: the linearised network on which synflow is defined
     *               (Tanaka et al. 2020, Sec. 5: {@code R = 1' prod |W| 1}); with non-negative weights and inputs a ReLU
     *               would pass everything, but ReLU6 would clip it and cut the gradient
     * @return the DJL block for {@code spec}
     */
    public static SequentialBlock build(NetworkSpec spec, java.util.function.Consumer<ai.djl.ndarray.NDArray> relu, boolean linear) {
        SequentialBlock net = new SequentialBlock();
        net.add(convBn(spec.stemChannels(), spec.stemKernel(), spec.stemStride(), 1, !linear, relu));
        int c = spec.stemChannels();
        for (int i = 0; i < spec.blocks().size(); i++) {
            BlockSpec b = spec.blocks().get(i);
            SequentialBlock body = new SequentialBlock();
            int mid = c * b.expansion();
            if (b.kind() == BlockKind.IBN) {
                if (b.expansion() > 1) {
                    body.add(convBn(mid, 1, 1, 1, !linear, relu));
                }
                body.add(convBn(mid, b.kernel(), b.stride(), mid, !linear, relu));
            } else {
                body.add(convBn(mid, b.kernel(), b.stride(), 1, !linear, relu));
            }
            body.add(convBn(b.outChannels(), 1, 1, 1, false, relu));
            if (CandidateNetworks.residual(spec, i)) {
                net.add(new ParallelBlock(list -> new NDList(list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow())),
                        List.of(body, Blocks.identityBlock())));
            } else {
                net.add(body);
            }
            c = b.outChannels();
        }
        if (spec.headChannels() > 0) {
            net.add(convBn(spec.headChannels(), 1, 1, 1, !linear, relu));
        }
        net.add(Pool.globalAvgPool2dBlock());
        net.add(Linear.builder().setUnits(spec.classes()).build());
        return net;
    }

    private static Block convBn(int filters, int kernel, int stride, int groups, boolean relu6,
                                java.util.function.Consumer<ai.djl.ndarray.NDArray> hook) {
        SequentialBlock s = new SequentialBlock();
        s.add(Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel)).optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2)).optGroups(groups).optBias(false).build());
        s.add(BatchNorm.builder().build());
        if (relu6) {
            s.add(new LambdaBlock(x -> {
                if (hook != null) {
                    hook.accept(x.singletonOrThrow());
                }
                return new NDList(x.singletonOrThrow().clip(0f, 6f));
            }, "relu6"));
        }
        return s;
    }
}
