package org.edgeai.enhance.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** STOI/ESTOI against an independent numpy implementation (golden/GENERATOR.md). */
class StoiGoldenTest {

    /** The signals of {@code stoi_reference.py}, case 0..2, at 10 kHz. */
    static float[][] signals(int c) {
        int n = 3 * Stoi.FS;
        float[] clean = new float[n];
        float[] proc = new float[n];
        double k = new double[] {0.2, 1.0, 3.0}[c];
        for (int i = 0; i < n; i++) {
            double t = i / (double) Stoi.FS;
            double env = Math.max(0, Math.sin(2 * Math.PI * 2.5 * t)) * (0.6 + 0.4 * Math.sin(2 * Math.PI * 0.45 * t));
            double s = 0;
            for (int h = 1; h < 16; h++) {
                s += Math.sin(2 * Math.PI * 125 * h * t + 0.3 * h) / h;
            }
            double x = 0.2 * env * s;
            double noise = Math.sin((double) i * i * 0.000137 + 0.5 * i) * 0.05;
            double y = x + k * noise;
            if (c == 2) {
                y *= 0.5 + 0.5 * Math.cos(2 * Math.PI * 4 * t);
            }
            clean[i] = (float) x;
            proc[i] = (float) y;
        }
        return new float[][] {clean, proc};
    }

    @Test
    void matchesTheReferenceImplementation() throws IOException {
        List<String> lines;
        try (InputStream in = getClass().getResourceAsStream("/golden/stoi_golden.csv")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).toList();
        }
        assertEquals(3, lines.size());
        for (String line : lines) {
            String[] f = line.split(",");
            float[][] s = signals(Integer.parseInt(f[0]));
            assertEquals(Double.parseDouble(f[1]), Stoi.stoi(s[0], s[1], Stoi.FS), 1e-6, "STOI case " + f[0]);
            assertEquals(Double.parseDouble(f[2]), Stoi.estoi(s[0], s[1], Stoi.FS), 1e-6, "ESTOI case " + f[0]);
        }
    }
}
