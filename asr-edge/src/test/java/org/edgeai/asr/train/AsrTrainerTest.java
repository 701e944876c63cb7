package org.edgeai.asr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.edgeai.asr.model.AsrModel;
import org.edgeai.asr.model.EncoderSpec;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.Progress;
import org.edgeai.kernel.io.ModelFile;
import org.edgeai.kernel.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop on a tiny slice of AN4 for a few steps (CI never trains a real model). */
class AsrTrainerTest {
    private static TrainConfig tiny(TrainConfig.Criterion c, Path corpus, Path work, Path out, boolean resume, Path init) {
        return new TrainConfig(c, corpus, work, out, new EncoderSpec(80, 4, 24, 16, 1, 100), 5L, 2, 5, 3, 1e-3f, 2, 0.1f,
                List.of(0.9, 1.0), true, 1, 2, 6, resume, 16, 16, 0, init, false);
    }

    @Test
    void ctcThenRnntRunExportLoadAndResume(@TempDir Path dir) throws Exception {
        Path corpus = TestData.require("asr/an4/train.tsv").getParent();
        Path ctcOut = dir.resolve("ctc.eaim");
        TrainReport r = AsrTrainer.train(tiny(TrainConfig.Criterion.CTC, corpus, dir.resolve("w1"), ctcOut, false, null), "test",
                Progress.NONE);
        assertEquals(TrainReport.Status.COMPLETED, r.status());
        assertEquals(2, r.epochsRun());
        assertTrue(Files.isRegularFile(r.modelF32()) && Files.isRegularFile(r.modelI8()));
        AsrModel m = AsrModel.load(r.modelI8());
        assertEquals(DType.I8, m.weightType());
        assertEquals("test", m.file().meta("training_command"));
        assertTrue(Files.isRegularFile(dir.resolve("w1/last.ckpt")));

        // resuming a finished run does no further epoch
        TrainReport again = AsrTrainer.train(tiny(TrainConfig.Criterion.CTC, corpus, dir.resolve("w1"), ctcOut, true, null), "test",
                Progress.NONE);
        assertEquals(2, again.epochsRun());

        Path rnntOut = dir.resolve("rnnt.eaim");
        TrainReport t = AsrTrainer.train(tiny(TrainConfig.Criterion.RNNT, corpus, dir.resolve("w2"), rnntOut, false, ctcOut), "test",
                Progress.NONE);
        assertEquals(TrainReport.Status.COMPLETED, t.status());
        ModelFile rn = ModelFile.read(t.modelF32());
        assertEquals("rnnt-lstm", rn.meta("arch"));
        AsrModel rm = AsrModel.load(t.modelI8());
        assertEquals(AsrModel.Arch.RNNT, rm.arch());
        assertTrue(Double.isFinite(t.bestDevWer()));
    }
}
