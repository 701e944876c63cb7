package org.edgeai.asr.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
        return TrainConfig.builder(c, corpus, work, out).encoder(new EncoderSpec(80, 4, 24, 16, 1, 100)).seed(5L).maxEpochs(2)
                .patience(5).batchSize(3).peakLearningRate(1e-3f).warmupSteps(2).dropout(0.1f).speeds(List.of(0.9, 1.0))
                .specAugment(SpecAugmentPolicy.an4Strong()).threads(1).maxStepsPerEpoch(2).maxTrainUtterances(6).resume(resume)
                .predictionHidden(16).jointDim(16).initFrom(init).build();
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

        // RNN-T from the CTC encoder, with the auxiliary CTC loss, cosine schedule and averaging of the 2 best epochs
        Path rnntOut = dir.resolve("rnnt.eaim");
        TrainConfig rc = tiny(TrainConfig.Criterion.RNNT, corpus, dir.resolve("w2"), rnntOut, false, ctcOut);
        rc = TrainConfig.builder(rc.criterion(), corpus, rc.workDir(), rnntOut).encoder(rc.encoder()).seed(5L).maxEpochs(3)
                .batchSize(3).warmupSteps(2).speeds(rc.speeds()).threads(1).maxStepsPerEpoch(2).maxTrainUtterances(6)
                .resume(false).predictionHidden(16).jointDim(16).initFrom(ctcOut).schedule(TrainConfig.LrSchedule.COSINE)
                .ctcWeight(0.3f).averageBest(2).build();
        TrainReport t = AsrTrainer.train(rc, "test", Progress.NONE);
        assertEquals(TrainReport.Status.COMPLETED, t.status());
        assertEquals(3, t.epochsRun());
        ModelFile rn = ModelFile.read(t.modelF32());
        assertEquals("rnnt-lstm", rn.meta("arch"));
        assertTrue(rn.tensors().keySet().stream().noneMatch(k -> k.startsWith("ctc.")), "aux CTC head is not exported");
        try (var files = Files.list(dir.resolve("w2"))) {
            assertEquals(2, files.filter(p -> p.getFileName().toString().startsWith("snapshot-")).count());
        }
        assertTrue(ModelFile.read(dir.resolve("w2/last.ckpt")).tensors().containsKey("ctc.weight"), "checkpoint keeps the CTC head");
        AsrModel rm = AsrModel.load(t.modelI8());
        assertEquals(AsrModel.Arch.RNNT, rm.arch());
        assertTrue(Double.isFinite(t.bestDevWer()));
    }

    /** Writes a manifest of the first {@code n} rows of {@code src}, paths made absolute. */
    private static void slice(Path src, int n, Path dst) throws Exception {
        List<String> lines = Files.readAllLines(src);
        StringBuilder sb = new StringBuilder(lines.get(0)).append('\n');
        for (String line : lines.subList(1, n + 1)) {
            sb.append(src.getParent().resolve(line.substring(0, line.indexOf('\t'))).toAbsolutePath())
                    .append(line.substring(line.indexOf('\t'))).append('\n');
        }
        Files.createDirectories(dst.getParent());
        Files.writeString(dst, sb.toString());
    }

    @Test
    void extraCorpusJoinsTheTrainingSetButNotDev(@TempDir Path dir) throws Exception {
        Path an4 = TestData.require("asr/an4/train.tsv").getParent();
        Path ls = TestData.require("asr/librispeech-mini5/train.tsv").getParent();
        slice(an4.resolve("train.tsv"), 3, dir.resolve("main/train.tsv"));
        slice(an4.resolve("dev.tsv"), 2, dir.resolve("main/dev.tsv"));
        slice(ls.resolve("train.tsv"), 2, dir.resolve("extra/train.tsv")); // FLAC, open vocabulary
        TrainConfig base = tiny(TrainConfig.Criterion.CTC, dir.resolve("main"), dir.resolve("w"), dir.resolve("m.eaim"), false, null);
        TrainConfig cfg = TrainConfig.builder(base.criterion(), base.corpusDir(), base.workDir(), base.output()).encoder(base.encoder())
                .seed(5L).maxEpochs(1).batchSize(3).warmupSteps(1).speeds(List.of(1.0)).threads(1).maxStepsPerEpoch(2)
                .resume(false).extraTrain(List.of(dir.resolve("extra"))).build();
        TrainReport r = AsrTrainer.train(cfg, "test", Progress.NONE);
        assertEquals(TrainReport.Status.COMPLETED, r.status());
        try (var files = Files.list(dir.resolve("w/features"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertTrue(names.stream().anyMatch(n -> n.contains("-train-5-")), "3 main + 2 extra training utterances: " + names);
            assertTrue(names.stream().anyMatch(n -> n.contains("-dev-2")), "dev stays the main corpus's 2 utterances: " + names);
        }
        assertEquals("main/train.tsv + extra/train.tsv (speeds [1.0]), select on main/dev.tsv",
                ModelFile.read(r.modelF32()).meta("training_data"));
        assertThrows(IllegalArgumentException.class, () -> TrainConfig.builder(base.criterion(), base.corpusDir(), base.workDir(),
                base.output()).extraTrain(List.of(base.corpusDir())).build());
    }
}
