package org.edgeai.kernel.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.random.RandomGenerator;
import org.edgeai.kernel.testing.Rng;
import org.junit.jupiter.api.Test;

class QuantizationTest {

    @Test
    void quantizeRoundsHalfToEvenAndSaturates() {
        assertEquals(2, Quantization.quantize(2.5f, 1f, 0));   // tie -> even
        assertEquals(4, Quantization.quantize(3.5f, 1f, 0));
        assertEquals(-2, Quantization.quantize(-2.5f, 1f, 0));
        assertEquals(127, Quantization.quantize(1e9f, 1f, 0));  // saturate high
        assertEquals(-128, Quantization.quantize(-1e9f, 1f, 0)); // saturate low
        assertEquals(-128, Quantization.quantize(-200f, 1f, 10));
        assertEquals(10, Quantization.quantize(Float.NaN, 1f, 10));
        assertEquals(13, Quantization.quantize(0.3f, 0.1f, 10));
    }

    @Test
    void perRowQuantizationErrorIsAtMostHalfAStep() {
        RandomGenerator r = Rng.of(1);
        int rows = 17;
        int cols = 29;
        float[] w = Rng.floats(r, rows * cols, 3f);
        for (int c = 0; c < cols; c++) {
            w[5 * cols + c] = 0f; // an all-zero row
        }
        QuantizedMatrix q = Quantization.quantizePerRow(w, rows, cols);
        float[] back = q.dequantize();
        for (int i = 0; i < rows; i++) {
            float max = 0f;
            for (int c = 0; c < cols; c++) {
                max = Math.max(max, Math.abs(w[i * cols + c]));
            }
            float step = q.scales()[i];
            if (max > 0) {
                assertEquals(max / 127f, step, 1e-7f * max);
            }
            for (int c = 0; c < cols; c++) {
                assertTrue(Math.abs(back[i * cols + c] - w[i * cols + c]) <= 0.5f * step * (1 + 1e-6f));
                assertTrue(q.data()[i * cols + c] >= -127, "symmetric range");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Quantization.quantizePerRow(new float[] {Float.NaN}, 1, 1));
    }

    @Test
    void activationParamsRepresentZeroExactlyAndCoverTheRange() {
        QuantParams p = Quantization.activationParams(-1.3f, 5.2f);
        float s = p.scale(0);
        int zp = p.zeroPoint(0);
        assertEquals(0f, Quantization.dequantize(Quantization.quantize(0f, s, zp), s, zp), 0f);
        assertTrue(Math.abs(Quantization.dequantize(Quantization.quantize(5.2f, s, zp), s, zp) - 5.2f) <= s);
        assertTrue(Math.abs(Quantization.dequantize(Quantization.quantize(-1.3f, s, zp), s, zp) + 1.3f) <= s);
        QuantParams pos = Quantization.activationParams(0.5f, 2f); // widened to include 0
        assertEquals(-128, pos.zeroPoint(0));
        assertThrows(IllegalArgumentException.class, () -> Quantization.activationParams(2f, 1f));
    }

    @Test
    void requantizerMatchesExactRationalRounding() {
        RandomGenerator r = Rng.of(2);
        for (int t = 0; t < 2000; t++) {
            double m = Math.scalb(0.5 + r.nextDouble() * 0.5, r.nextInt(-20, 4));
            Requantizer q = Requantizer.of(m);
            assertEquals(m, q.realMultiplier(), m * Math.scalb(1.0, -30));
            int acc = r.nextInt();
            // exact: acc * multiplier / 2^(31 - shift), rounded half to even, with BigDecimal
            BigDecimal exact = new BigDecimal(BigInteger.valueOf(acc).multiply(BigInteger.valueOf(q.multiplier())))
                    .divide(new BigDecimal(BigInteger.TWO.pow(31 - q.shift())));
            long expected = exact.setScale(0, RoundingMode.HALF_EVEN).longValueExact();
            assertEquals(expected, q.apply(acc), "acc=" + acc + " m=" + m);
        }
        // ties: 5 * 2^-1 = 2.5 -> 2, 7 * 2^-1 = 3.5 -> 4, -5 * 2^-1 -> -2
        Requantizer half = Requantizer.of(0.5);
        assertEquals(2, half.apply(5));
        assertEquals(4, half.apply(7));
        assertEquals(-2, half.apply(-5));
        assertEquals(127, half.requantize(1000, 0));
        assertEquals(-128, half.requantize(-1000, 0));
        assertEquals(0, Requantizer.of(0).apply(123456));
        assertThrows(IllegalArgumentException.class, () -> Requantizer.of(-1));
        assertThrows(IllegalArgumentException.class, () -> Requantizer.of(Double.NaN));
    }

    @Test
    void quantParamsValidate() {
        assertThrows(IllegalArgumentException.class, () -> QuantParams.perTensor(0f, 0));
        assertThrows(IllegalArgumentException.class, () -> QuantParams.perTensor(Float.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> new QuantParams(new float[] {1, 2}, new int[] {0}, 0));
        assertThrows(IllegalArgumentException.class, () -> new QuantParams(new float[] {1, 2}, new int[] {0, 0}, -1));
    }
}
