package org.edgeai.asr.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OnlineCmvnTest {
    @Test
    void runningMeanWithPriorMatchesClosedForm() {
        OnlineCmvn c = new OnlineCmvn(new float[] {1f}, new float[] {2f}, 3);
        float[] xs = {4f, -2f, 7f};
        double sum = 0;
        for (int t = 0; t < xs.length; t++) {
            float[] y = new float[1];
            c.apply(xs, t, y, 0);
            sum += xs[t];
            double mean = (3 * 1.0 + sum) / (3 + t + 1);
            assertEquals((xs[t] - mean) / 2, y[0], 1e-6);
        }
        c.reset();
        float[] y = new float[1];
        c.apply(new float[] {4f}, 0, y, 0);
        assertEquals((4 - (3 + 4) / 4.0) / 2, y[0], 1e-6, "reset forgets the history");
    }

    @Test
    void gainOffsetIsRemovedAsTheStreamGoesOn() {
        OnlineCmvn a = new OnlineCmvn(new float[] {0f}, new float[] {1f}, 10);
        OnlineCmvn b = new OnlineCmvn(new float[] {0f}, new float[] {1f}, 10);
        float[] ya = new float[1];
        float[] yb = new float[1];
        for (int t = 0; t < 5000; t++) {
            float x = (float) Math.sin(t * 0.1);
            a.apply(new float[] {x}, 0, ya, 0);
            b.apply(new float[] {x + 3f}, 0, yb, 0); // +3 nats = a gain change on log-mel
        }
        assertEquals(ya[0], yb[0], 0.01);
    }

    @Test
    void rejectsBadStatistics() {
        assertThrows(IllegalArgumentException.class, () -> new OnlineCmvn(new float[2], new float[] {1f}, 1));
        assertThrows(IllegalArgumentException.class, () -> new OnlineCmvn(new float[1], new float[] {0f}, 1));
        assertThrows(IllegalArgumentException.class, () -> new OnlineCmvn(new float[1], new float[] {1f}, -1));
    }
}
