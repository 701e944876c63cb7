package org.edgeai.nas.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.edgeai.kernel.Progress;
import org.edgeai.nas.data.IdxImages;
import org.edgeai.nas.search.CandidateEvaluator;
import org.edgeai.nas.space.IbnSearchSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The zero-shot experiment resumes from its journal and can recompute proxies without retraining. */
class ZeroShotExperimentTest {
    private static IdxImages images() {
        SplittableRandom r = new SplittableRandom(9);
        float[][] x = new float[4][28 * 28];
        for (float[] img : x) {
            for (int i = 0; i < img.length; i++) {
                img[i] = (float) r.nextDouble();
            }
        }
        return new IdxImages(x, new int[] {0, 1, 2, 3}, 28, 28);
    }

    @Test
    void resumesFromTheJournalAndRescoresProxiesKeepingAccuracies(@TempDir Path dir) throws Exception {
        IbnSearchSpace space = IbnSearchSpace.fashionMnist(IbnSearchSpace.Mode.FULL, IbnSearchSpace.ChannelPolicy.CURATED, 32);
        AtomicInteger trainings = new AtomicInteger();
        // a stand-in for short training: a deterministic function of the architecture
        CandidateEvaluator eval = (spec, seed, p) -> {
            trainings.incrementAndGet();
            return 80 + (spec.describe().hashCode() & 0xff) / 64.0;
        };
        Path journal = dir.resolve("zs.csv");
        IdxImages data = images();
        var first = ZeroShotExperiment.run(space, 3, eval, data, 4, 1, journal, Progress.NONE);
        assertEquals(3, trainings.get());
        assertEquals(3, Files.readAllLines(journal).size());

        var resumed = ZeroShotExperiment.run(space, 3, eval, data, 4, 1, journal, Progress.NONE);
        assertEquals(3, trainings.get(), "every candidate comes from the journal");
        assertEquals(first, resumed);

        // corrupt the journaled proxies (as a proxy fix would leave them stale): a resume trusts them, a rescore replaces them
        List<String> stale = Files.readAllLines(journal).stream().map(l -> {
            String[] f = l.split(",");
            return f[0] + "," + f[1] + ",1.0,2.0,3.0";
        }).toList();
        Files.write(journal, stale, StandardCharsets.UTF_8);
        var trusted = ZeroShotExperiment.run(space, 3, eval, data, 4, 1, journal, Progress.NONE);
        assertEquals(new ZeroShotProxies.Scores(1, 2, 3), trusted.samples().get(0).scores());
        var rescored = ZeroShotExperiment.run(space, 3, eval, data, 4, 1, journal, true, null, Progress.NONE);
        assertEquals(3, trainings.get(), "rescoring trains nothing");
        assertEquals(first, rescored);
        assertNotEquals(trusted, rescored);
        // and the journal now reads back the recomputed proxies
        assertEquals(first, ZeroShotExperiment.run(space, 3, eval, data, 4, 1, journal, Progress.NONE));
    }

    /**
     * Second trainings: a seed-independent accuracy retests perfectly (rho 1, ceiling 1); one whose second training
     * reverses the first's order retests at -1 (ceiling 0); the mean-accuracy rho equals the rho against the
     * seed-independent part; the retest journal makes a rerun train nothing; equal seeds are refused.
     */
    @Test
    void retestGivesTheSeedToSeedCeilingAndResumes(@TempDir Path dir) throws Exception {
        IbnSearchSpace space = IbnSearchSpace.fashionMnist(IbnSearchSpace.Mode.FULL, IbnSearchSpace.ChannelPolicy.CURATED, 32);
        IdxImages data = images();
        java.util.Map<Long, AtomicInteger> calls = new java.util.concurrent.ConcurrentHashMap<>();
        CandidateEvaluator stable = (spec, seed, p) -> {
            calls.computeIfAbsent(seed, k -> new AtomicInteger()).incrementAndGet();
            return 80 + (spec.describe().hashCode() & 0xff) / 64.0;
        };
        Path journal = dir.resolve("zs.csv");
        Path retestJournal = dir.resolve("retest.csv");
        var r = ZeroShotExperiment.run(space, 5, stable, data, 4, 1, journal, false, new ZeroShotExperiment.Retest(2, retestJournal),
                Progress.NONE);
        assertEquals(5, calls.get(1L).get());
        assertEquals(5, calls.get(2L).get());
        assertEquals(5, Files.readAllLines(retestJournal).size());
        assertEquals(1, r.retest().bound().testRetest(), 1e-12);
        assertEquals(1, r.retest().bound().ceiling(), 1e-12);
        assertEquals(r.spearmanNaswot(), r.retest().spearmanNaswot(), 1e-12, "the mean of equal accuracies is the accuracy");
        for (int i = 0; i < 5; i++) {
            assertEquals(r.samples().get(i).accuracy(), r.retest().accuracy()[i]);
        }

        var again = ZeroShotExperiment.run(space, 5, stable, data, 4, 1, journal, false, new ZeroShotExperiment.Retest(2, retestJournal),
                Progress.NONE);
        assertEquals(5, calls.get(2L).get(), "every second training comes from the retest journal");
        assertEquals(r.retest().bound(), again.retest().bound());

        CandidateEvaluator reversing = (spec, seed, p) -> {
            double a = 80 + (spec.describe().hashCode() & 0xff) / 64.0;
            return seed == 1 ? a : 200 - a;
        };
        var rev = ZeroShotExperiment.run(space, 5, reversing, data, 4, 1, journal, false,
                new ZeroShotExperiment.Retest(3, dir.resolve("retest3.csv")), Progress.NONE);
        assertEquals(-1, rev.retest().bound().testRetest(), 1e-12);
        assertEquals(0, rev.retest().bound().ceiling());

        assertThrows(IllegalArgumentException.class, () -> ZeroShotExperiment.run(space, 5, stable, data, 4, 1, journal, false,
                new ZeroShotExperiment.Retest(1, retestJournal), Progress.NONE));
        Files.writeString(retestJournal, "garbage line\n" + Files.readString(retestJournal));
        assertThrows(IllegalArgumentException.class, () -> ZeroShotExperiment.run(space, 5, stable, data, 4, 1, journal, false,
                new ZeroShotExperiment.Retest(2, retestJournal), Progress.NONE));
    }
}
