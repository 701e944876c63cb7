package org.edgeai.nas.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import java.util.List;
import java.util.function.Consumer;
import org.edgeai.nas.bench.Nb201Cell;
import org.edgeai.nas.bench.Nb201Op;

/**
 * The NAS-Bench-201 macro network as a DJL block (Dong and Yang, "NAS-Bench-201", ICLR 2020, Sec. 2.1
 * and Fig. 1): stem 3x3 convolution (16 channels, no bias) + batch norm; three stages of five copies of
 * the cell at 16 / 32 / 64 channels, joined by residual reduction blocks (ReLU-conv3x3/2-BN, ReLU-conv3x3-BN,
 * shortcut 2x2 average pooling + 1x1 convolution); batch norm, ReLU, global average pooling and a linear
 * classifier. Cell ops: {@code nor_conv_KxK} = ReLU, KxK convolution (no bias), batch norm;
 * {@code avg_pool_3x3} = stride 1, padding 1, padding excluded from the average; {@code skip_connect} =
 * identity; {@code none} = zero. A node sums its incoming edges (a node whose inputs are all {@code none}
 * is zero).
 *
 * <p>Input {@code [N, C, H, W]} (the benchmark's is {@code [N, 3, 32, 32]}), output logits {@code [N,
 * classes]}. Convolution and linear weights are drawn as PyTorch draws them by default (uniform in
 * {@code +-1/sqrt(fan_in)}, i.e. Kaiming-uniform with {@code a = sqrt(5)}: the fan-in scaling of He et al.,
 * "Delving Deep into Rectifiers", ICCV 2015, with PyTorch's gain), so zero-cost proxies computed here are
 * comparable to published ones computed with PyTorch.
 *
 * @implNote Stateless; thread-safe (every call builds a new block).
 */
public final class Nb201Networks {
    /** Channels of the first stage (doubled at each reduction). */
    public static final int CHANNELS = 16;
    /** Cells per stage. */
    public static final int CELLS_PER_STAGE = 5;

    private Nb201Networks() {
    }

    /**
     * @param cell    the cell repeated 15 times
     * @param classes number of classes, &gt;= 1
     * @param relu    receives the input of every ReLU (for activation-pattern proxies), or null
     * @return the uninitialised block
     * @throws IllegalArgumentException if {@code classes < 1}
     */
    public static SequentialBlock build(Nb201Cell cell, int classes, Consumer<NDArray> relu) {
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be >= 1, got " + classes);
        }
        SequentialBlock net = new SequentialBlock();
        net.add(conv(CHANNELS, 3, 1));
        net.add(BatchNorm.builder().build());
        int c = CHANNELS;
        for (int stage = 0; stage < 3; stage++) {
            if (stage > 0) {
                net.add(reduction(c, relu));
                c *= 2;
            }
            for (int i = 0; i < CELLS_PER_STAGE; i++) {
                net.add(new CellBlock(cell, c, relu));
            }
        }
        net.add(BatchNorm.builder().build());
        net.add(relu(relu));
        net.add(Pool.globalAvgPool2dBlock());
        Linear fc = Linear.builder().setUnits(classes).build();
        fc.setInitializer(pytorchDefault(), Parameter.Type.WEIGHT);
        float bound = (float) (1 / Math.sqrt(4 * CHANNELS)); // the bias's fan-in is the classifier's input width
        fc.setInitializer((manager, shape, type) -> manager.randomUniform(-bound, bound, shape, type), Parameter.Type.BIAS);
        net.add(fc);
        return net;
    }

    /** PyTorch's default for convolution and linear layers: uniform in +-sqrt(1 / fan_in). */
    private static XavierInitializer pytorchDefault() {
        return new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.IN, 1);
    }

    private static Conv2d conv(int filters, int kernel, int stride) {
        Conv2d c = Conv2d.builder().setFilters(filters).setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride)).optPadding(new Shape(kernel / 2, kernel / 2)).optBias(false).build();
        c.setInitializer(pytorchDefault(), Parameter.Type.WEIGHT);
        return c;
    }

    private static LambdaBlock relu(Consumer<NDArray> hook) {
        return new LambdaBlock(x -> {
            NDArray a = x.singletonOrThrow();
            if (hook != null) {
                hook.accept(a);
            }
            return new NDList(a.maximum(0f));
        }, "relu");
    }

    private static SequentialBlock reluConvBn(int filters, int kernel, int stride, Consumer<NDArray> hook) {
        return new SequentialBlock().add(relu(hook)).add(conv(filters, kernel, stride)).add(BatchNorm.builder().build());
    }

    /** NAS-Bench-201's ResNetBasicblock with stride 2: {@code shortcut(x) + conv_b(conv_a(x))}. */
    private static Block reduction(int in, Consumer<NDArray> hook) {
        int out = 2 * in;
        SequentialBlock body = new SequentialBlock().add(reluConvBn(out, 3, 2, hook)).add(reluConvBn(out, 3, 1, hook));
        SequentialBlock shortcut = new SequentialBlock()
                .add(Pool.avgPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
                .add(conv(out, 1, 1));
        return new ParallelBlock(list -> new NDList(list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow())),
                List.of(body, shortcut));
    }

    /** One cell: nodes 0..3, node i = sum of its incoming edges' outputs, node 3 returned. */
    private static final class CellBlock extends AbstractBlock {
        private final Nb201Op[] ops = new Nb201Op[Nb201Cell.EDGES];
        private final Block[] edges = new Block[Nb201Cell.EDGES];

        CellBlock(Nb201Cell cell, int channels, Consumer<NDArray> hook) {
            for (int e = 0; e < Nb201Cell.EDGES; e++) {
                ops[e] = cell.op(e);
                Block b = switch (ops[e]) {
                    case NOR_CONV_1X1 -> reluConvBn(channels, 1, 1, hook);
                    case NOR_CONV_3X3 -> reluConvBn(channels, 3, 1, hook);
                    default -> null;
                };
                if (b != null) {
                    edges[e] = addChildBlock("edge" + e, b);
                }
            }
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray[] node = new NDArray[4];
            node[0] = inputs.singletonOrThrow();
            for (int i = 1; i < 4; i++) {
                NDArray sum = null;
                for (int e = 0; e < Nb201Cell.EDGES; e++) {
                    if (Nb201Cell.edgeTo(e) != i || ops[e] == Nb201Op.NONE) {
                        continue;
                    }
                    NDArray src = node[Nb201Cell.edgeFrom(e)];
                    NDArray y = switch (ops[e]) {
                        case SKIP_CONNECT -> src;
                        case AVG_POOL_3X3 -> Pool.avgPool2d(src, new Shape(3, 3), new Shape(1, 1), new Shape(1, 1), false, false);
                        default -> edges[e].forward(store, new NDList(src), training, params).singletonOrThrow();
                    };
                    sum = sum == null ? y : sum.add(y);
                }
                node[i] = sum == null ? node[0].zerosLike() : sum;
            }
            return new NDList(node[3]);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            for (Block b : edges) {
                if (b != null) {
                    b.initialize(manager, dataType, inputShapes);
                }
            }
        }
    }
}
