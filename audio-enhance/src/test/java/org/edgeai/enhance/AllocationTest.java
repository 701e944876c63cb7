package org.edgeai.enhance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.edgeai.enhance.testing.Models;
import org.edgeai.kernel.DType;
import org.junit.jupiter.api.Test;

/** The per-frame path allocates nothing (HotSpot's per-thread allocation counter). */
class AllocationTest {

    @Test
    void processAllocatesNothingPerFrame() {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (DType type : new DType[] {DType.I8, DType.F32}) {
            PercepNetEnhancer e = new PercepNetEnhancer(EnhancerConfig.defaults().withWeightType(type), Models.constant(0.5f, -0.5f));
            int hop = e.frameSamples();
            float[] x = new float[hop * 50];
            SplittableRandom r = new SplittableRandom(1);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (0.1 * r.nextGaussian());
            }
            float[] y = new float[x.length];
            for (int warm = 0; warm < 200; warm++) {
                for (int t = 0; t < 50; t++) {
                    e.process(x, t * hop, y, t * hop);
                }
            }
            long tid = Thread.currentThread().threadId();
            long before = bean.getThreadAllocatedBytes(tid);
            for (int t = 0; t < 50; t++) {
                e.process(x, t * hop, y, t * hop);
            }
            long after = bean.getThreadAllocatedBytes(tid);
            assertEquals(0, after - before, type + ": bytes allocated over 50 frames");
        }
    }
}
