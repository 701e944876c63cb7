package org.edgeai.enhance.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.Tensor;
import org.edgeai.kernel.io.ModelFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GainNetworkTest {

    static PercepNetModel random(long seed) {
        PercepNetModel.Architecture a = PercepNetModel.Architecture.defaults(25);
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, float[]> w = new HashMap<>();
        a.shapes().forEach((n, s) -> {
            float[] v = new float[Tensor.numel(s)];
            double scale = 1 / Math.sqrt(s.length > 1 ? s[1] * (s.length > 2 ? s[2] : 1) : 8);
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (r.nextGaussian() * scale);
            }
            w.put(n, v);
        });
        return PercepNetModel.of(a, 16000, w, Map.of());
    }

    /** int8 weights and dynamically quantized activations stay close to the f32 network over a sequence. */
    @Test
    void int8TracksF32() {
        PercepNetModel m = random(5);
        GainNetwork f = m.newStream(DType.F32);
        GainNetwork q = m.newStream(DType.I8);
        SplittableRandom r = new SplittableRandom(6);
        float[] x = new float[52];
        float[] gf = new float[25];
        float[] rf = new float[25];
        float[] gq = new float[25];
        float[] rq = new float[25];
        double maxErr = 0;
        for (int t = 0; t < 200; t++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            f.forward(x, gf, rf);
            q.forward(x, gq, rq);
            for (int b = 0; b < 25; b++) {
                maxErr = Math.max(maxErr, Math.max(Math.abs(gf[b] - gq[b]), Math.abs(rf[b] - rq[b])));
            }
        }
        assertTrue(maxErr < 0.05, "max |int8 - f32| = " + maxErr);
        assertEquals(133_248, m.architecture().macsPerFrame());
        assertEquals(5, f.graph("percepnet").ops().size());
    }

    @Test
    void modelFilesRoundTripAndRejectInconsistentOnes(@TempDir Path tmp) throws Exception {
        PercepNetModel m = random(7);
        Path p = tmp.resolve("m.eaim");
        m.toModelFile("x", DType.F32).write(p);
        PercepNetModel back = PercepNetModel.read(p);
        assertEquals(DType.F32, back.storedType());
        assertEquals(m.architecture(), back.architecture());
        assertEquals(m.weight("gru2.weight_hh")[17], back.weight("gru2.weight_hh")[17], 0f);
        var mf = m.toModelFile("x", DType.F32);
        Map<String, String> meta = new HashMap<>(mf.metadata());
        meta.put("bands", "24");
        var bad = new org.edgeai.kernel.io.ModelFile("x", meta, mf.tensors());
        assertThrows(ModelFormatException.class, () -> PercepNetModel.fromModelFile(bad));
        meta.put("bands", "25");
        meta.put("arch", "something-else");
        var bad2 = new org.edgeai.kernel.io.ModelFile("x", meta, mf.tensors());
        assertTrue(assertThrows(ModelFormatException.class, () -> PercepNetModel.fromModelFile(bad2)).getMessage().contains("something-else"));
    }
}
