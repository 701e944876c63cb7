package org.edgeai.enhance.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.edgeai.enhance.EnhancerConfig;
import org.edgeai.enhance.testing.Models;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.io.ModelFile;
import org.edgeai.kernel.io.ModelFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PercepNetModelPostFilterTest {
    /** Absent metadata means PercepNet's default (on); the setting survives a file round trip and drives forModel. */
    @Test
    void thePostFilterSettingIsModelMetadata(@TempDir Path dir) throws Exception {
        PercepNetModel m = Models.constant(1f, -1f);
        assertTrue(m.postFilter());
        assertTrue(EnhancerConfig.forModel(m, DType.I8).postFilter());
        PercepNetModel off = m.withPostFilter(false);
        assertFalse(off.postFilter());
        assertTrue(m.postFilter(), "the original is unchanged");
        Path f = dir.resolve("off.eaim");
        off.toModelFile("t", DType.I8).write(f);
        PercepNetModel read = PercepNetModel.read(f);
        assertFalse(read.postFilter());
        EnhancerConfig c = EnhancerConfig.forModel(read, DType.F32);
        assertFalse(c.postFilter());
        assertTrue(c.combFilter());
        assertEquals(16000, c.sampleRateHz());
        assertEquals(DType.F32, c.weightType());
        assertEquals(m.weight("out.bias")[0], read.weight("out.bias")[0], 1e-2);
    }

    /** A value other than true/false is a format error naming the key, at read time. */
    @Test
    void aMalformedSettingIsRefused() {
        ModelFile mf = Models.constant(1f, -1f).toModelFile("t", DType.F32);
        Map<String, String> meta = new LinkedHashMap<>(mf.metadata());
        meta.put(PercepNetModel.POST_FILTER_KEY, "yes");
        ModelFile bad = new ModelFile(mf.name(), meta, mf.tensors());
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> PercepNetModel.fromModelFile(bad));
        assertTrue(e.getMessage().contains("post_filter") && e.getMessage().contains("yes"), e.getMessage());
    }
}
