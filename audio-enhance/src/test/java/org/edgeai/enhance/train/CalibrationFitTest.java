package org.edgeai.enhance.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.edgeai.enhance.model.GainCalibration;
import org.edgeai.enhance.model.GainNetwork;
import org.edgeai.enhance.model.PercepNetModel;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.Progress;
import org.edgeai.kernel.io.ModelFile;
import org.edgeai.kernel.io.ModelFormatException;
import org.edgeai.kernel.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationFitTest {

    /** Pool-adjacent-violators against hand-computed block means. */
    @Test
    void isotonicPoolsViolatorsWithWeights() {
        assertArrayEquals(new double[] {1, 2, 3}, CalibrationFit.isotonic(new double[] {1, 2, 3}, new double[] {1, 1, 1}), 0);
        // 3 (w 1) and 1 (w 3) violate: pooled (3 + 3) / 4 = 1.5; then 2 stays
        assertArrayEquals(new double[] {1.5, 1.5, 2}, CalibrationFit.isotonic(new double[] {3, 1, 2}, new double[] {1, 3, 1}), 1e-12);
        // cascade: 4, 3, 2, 1 (equal weights) -> one block at 2.5
        assertArrayEquals(new double[] {2.5, 2.5, 2.5, 2.5}, CalibrationFit.isotonic(new double[] {4, 3, 2, 1}, new double[] {1, 1, 1, 1}), 1e-12);
    }

    /** Knots are bin means; sparse bins borrow the pooled mean; empty ones the bin centre. */
    @Test
    void estimateUsesBinMeansPoolsSparseBinsAndStaysMonotone() {
        int k = CalibrationFit.KNOTS;
        double[] sum = new double[2 * k];
        long[] count = new long[2 * k];
        for (int i = 0; i < k - 1; i++) { // band 0: target = centre^2, plenty of samples (bin k-1 left empty)
            double c = (i + 0.5) / k;
            count[i] = 100;
            sum[i] = 100 * c * c;
        }
        count[k + 3] = 10; // band 1, bin 3: too few -> pooled mean of bin 3 over both bands
        sum[k + 3] = 10 * 0.9;
        GainCalibration cal = CalibrationFit.estimate(2, sum, count);
        for (int i = 0; i < k - 1; i++) {
            double c = (i + 0.5) / k;
            assertEquals(c * c, cal.map(0, (float) c), 1e-6, "knot " + i);
        }
        assertEquals(1 - 0.5 / k, cal.map(0, 1f), 1e-6); // empty bin everywhere -> its centre
        double pooled = (100 * Math.pow(3.5 / k, 2) + 9) / 110;
        float[] t = cal.table();
        // band 1: bin 3 holds the pooled mean (weight 10), the other bins borrow band 0's values (weight 1); the
        // pooled value exceeds bins 4 and 5, so pool-adjacent-violators merges bins 3..5 into their weighted mean
        double c4 = Math.pow(4.5 / k, 2);
        double c5 = Math.pow(5.5 / k, 2);
        double merged = (10 * pooled + c4 + c5) / 12;
        assertTrue(merged < Math.pow(6.5 / k, 2), "test premise: bin 6 is not merged");
        for (int i = 3; i <= 5; i++) {
            assertEquals(merged, t[k + i], 1e-6, "band 1 knot " + i);
        }
        assertEquals(Math.pow(2.5 / k, 2), t[k + 2], 1e-6);
        assertEquals(1 - 0.5 / k, t[2 * k - 1], 1e-6);
        for (int i = 1; i < k; i++) {
            assertTrue(t[k + i] >= t[k + i - 1], "monotone at " + i);
        }
    }

    @Test
    void calibrationRoundTripsThroughTheModelFileAndIsAppliedByTheNetwork(@TempDir Path tmp) throws Exception {
        PercepNetModel m = PercepNetModel.loadDefault(false);
        assertNull(m.calibration());
        int nb = m.architecture().bands();
        float[] table = new float[nb * 2];
        for (int b = 0; b < nb; b++) {
            table[2 * b] = 0.5f; // constant map: every gain becomes 0.5
            table[2 * b + 1] = 0.5f;
        }
        GainCalibration cal = new GainCalibration(nb, 2, table);
        PercepNetModel c = m.withCalibration(cal, Map.of("note", "x"));
        Path f = tmp.resolve("c.eaim");
        c.toModelFile("c", DType.I8).write(f);
        PercepNetModel back = PercepNetModel.read(f);
        assertEquals(cal, back.calibration());
        assertEquals("x", back.metadata().get("note"));
        GainNetwork n = back.newStream(DType.I8);
        float[] g = new float[nb];
        float[] r = new float[nb];
        n.forward(new float[back.architecture().featureSize()], g, r);
        for (float v : g) {
            assertEquals(0.5f, v, 0);
        }
        // a decreasing table in a file is refused at load time
        ModelFile mf = c.toModelFile("c", DType.I8);
        var tensors = new java.util.LinkedHashMap<>(mf.tensors());
        float[] bad = table.clone();
        bad[1] = 0.1f;
        tensors.put(PercepNetModel.CALIBRATION_TENSOR, org.edgeai.kernel.Tensor.ofF32(bad, nb, 2));
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> PercepNetModel.fromModelFile(new ModelFile("c", mf.metadata(), tensors)));
        assertTrue(e.getMessage().contains("decreases"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.withCalibration(new GainCalibration(3, 2, new float[6]), Map.of()));
    }

    /** A tiny real fit: shapes, the held-out check runs, and the calibrated model is marked in its metadata. */
    @Test
    void tinyFitOnRealPools() throws Exception {
        Path data = TestData.require("audio/train").getParent().getParent();
        TrainingData pools = TrainingData.load(data, 16000, false, 4, 4);
        MixtureSynthesizer synth = new MixtureSynthesizer(pools.clean(), pools.noise(), 16000, 0);
        CalibrationFit.Result r = CalibrationFit.fit(PercepNetModel.loadDefault(false), DType.I8, synth, 2, 1, 5, Progress.NONE);
        assertEquals(25, r.calibration().bands());
        assertEquals(CalibrationFit.KNOTS, r.calibration().knots());
        assertTrue(r.fitBandFrames() > 1000, "band-frames " + r.fitBandFrames());
        assertEquals(1, r.testMixtures());
        assertTrue(Double.isFinite(r.plain().siSdrDb()) && Double.isFinite(r.withCalibration().estoi())
                && Double.isFinite(r.noisy().segSnrDb()), r.toString());
        assertNotNull(r.calibrated().metadata().get("gain_calibration"));
        assertEquals(r.improvesAll(), r.withCalibration().siSdrDb() > r.plain().siSdrDb()
                && r.withCalibration().stoi() >= r.plain().stoi() && r.withCalibration().estoi() >= r.plain().estoi());
    }
}
