package org.edgeai.enhance.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.edgeai.enhance.model.GainNetwork;
import org.edgeai.enhance.model.PercepNetModel;
import org.edgeai.kernel.DType;
import org.edgeai.kernel.Progress;
import org.edgeai.kernel.io.ModelFile;
import org.edgeai.kernel.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PercepNetTrainerTest {

    /** The DJL network and the kernel network built from its exported weights compute the same function. */
    @Test
    void exportedWeightsReproduceDjlOutputsOnTheKernel() {
        PercepNetModel.Architecture arch = new PercepNetModel.Architecture(12, 5, 8, 6, 7, 5);
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed(7);
        try (NDManager m = engine.newBaseManager()) {
            PercepNetTrainer.Net net = new PercepNetTrainer.Net(m, arch);
            int frames = 9;
            float[] x = new float[frames * arch.featureSize()];
            SplittableRandom rng = new SplittableRandom(3);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rng.nextDouble(-1.5, 1.5);
            }
            float[] djl = net.infer(x, 1, frames);
            Map<String, float[]> w = net.weights();
            GainNetwork k = PercepNetModel.of(arch, 16000, w, Map.of()).newStream(DType.F32);
            float[] in = new float[arch.featureSize()];
            float[] g = new float[arch.bands()];
            float[] r = new float[arch.bands()];
            for (int t = 0; t < frames; t++) {
                System.arraycopy(x, t * arch.featureSize(), in, 0, in.length);
                k.forward(in, g, r);
                for (int b = 0; b < arch.bands(); b++) {
                    assertEquals(djl[t * 2 * arch.bands() + b], g[b], 1e-5, "g frame " + t + " band " + b);
                    assertEquals(djl[t * 2 * arch.bands() + arch.bands() + b], r[b], 1e-5, "r frame " + t + " band " + b);
                }
            }
        }
    }

    /**
     * The loss against the formula of the class doc evaluated by hand: two bands, one under-predicted
     * (weighted 1 + alpha) and one over-predicted (weight 1), divided by the mask sum plus one.
     */
    @Test
    void lossMatchesTheFormulaWithAndWithoutTheOverSuppressionWeight() {
        PercepNetModel.Architecture arch = new PercepNetModel.Architecture(6, 2, 4, 4, 4, 4);
        float[] o = {0.25f, 0.81f, 0.5f, 0.1f}; // g_hat (2 bands), r_hat (2 bands)
        float[] g = {0.64f, 0.36f};
        float[] r = {0.2f, 0.3f};
        for (float alpha : new float[] {0f, 2f}) {
            double d0 = Math.sqrt(0.25) - Math.sqrt(0.64); // -0.3: over-suppressed, weight 1 + alpha
            double d1 = Math.sqrt(0.81) - Math.sqrt(0.36); // +0.3: weight 1
            double e0 = Math.sqrt(1 - 0.5) - Math.sqrt(1 - 0.2);
            double e1 = Math.sqrt(1 - 0.1) - Math.sqrt(1 - 0.3);
            double expected = ((1 + alpha) * (d0 * d0 + 10 * Math.pow(d0, 4)) + d1 * d1 + 10 * Math.pow(d1, 4) + e0 * e0 + e1 * e1) / 3;
            try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
                PercepNetTrainer.Net net = new PercepNetTrainer.Net(m, arch, alpha);
                float got = net.loss(m.create(o, new Shape(1, 1, 4)), m.create(g, new Shape(1, 1, 2)), m.create(r, new Shape(1, 1, 2)),
                        m.ones(new Shape(1, 1, 2))).getFloat();
                assertEquals(expected, got, 1e-5, "alpha " + alpha);
            }
        }
    }

    /**
     * The envelope-correlation term against closed forms (a perfect envelope and any per-band constant rescaling of it:
     * d = 1, term 0; the envelope turned upside down in every band: d = -1, term 2; no active segment: 0) and the DJL
     * version against the scalar reference on random data, with its gradient finite.
     */
    @Test
    void envelopeTermMatchesClosedFormsAndItsReference() {
        int nb = new org.edgeai.enhance.dsp.PercepNetDsp(16000).bands().count();
        int[] range = PercepNetTrainer.envelopeBands(16000);
        double[] centre = new org.edgeai.enhance.dsp.PercepNetDsp(16000).bands().centreHz();
        assertTrue(range[1] - range[0] >= 10, java.util.Arrays.toString(range));
        assertTrue(centre[range[0]] >= 133.6 && (range[0] == 0 || centre[range[0] - 1] < 133.6));
        assertTrue(centre[range[1] - 1] <= 4277 && (range[1] == nb || centre[range[1]] > 4277));
        int n = 2;
        int frames = 100; // two segments at offset 0, one at offset 19, per sequence
        SplittableRandom rng = new SplittableRandom(17);
        float[] sa = new float[n * frames * nb];
        float[] xa = new float[sa.length];
        float[] gh = new float[sa.length];
        float[] act = new float[n * frames];
        java.util.Arrays.fill(act, 1f);
        for (int i = 0; i < sa.length; i++) {
            sa[i] = (float) rng.nextDouble(0.05, 1);
            xa[i] = (float) (sa[i] + rng.nextDouble(0.01, 1));
            gh[i] = sa[i] / xa[i]; // exact gains: enhanced envelope = clean envelope
        }
        int lo = range[0];
        int hi = range[1];
        assertEquals(0, PercepNetTrainer.envelopeLossReference(gh, xa, sa, act, n, frames, nb, lo, hi), 1e-6);
        float[] scaled = gh.clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= 0.2f + 0.03f * (i % nb); // a constant gain error per band
        }
        assertEquals(0, PercepNetTrainer.envelopeLossReference(scaled, xa, sa, act, n, frames, nb, lo, hi), 1e-5);
        float[] flipped = new float[gh.length];
        for (int i = 0; i < flipped.length; i++) {
            flipped[i] = (1.5f - sa[i]) / xa[i]; // enhanced = 1.5 - clean: every centred envelope negated
        }
        assertEquals(2, PercepNetTrainer.envelopeLossReference(flipped, xa, sa, act, n, frames, nb, lo, hi), 1e-5);
        assertEquals(0, PercepNetTrainer.envelopeLossReference(flipped, xa, sa, new float[n * frames], n, frames, nb, lo, hi));
        // random gains, a silent stretch (frames 0-29 of sequence 0: its first segment has 8 of 38 frames active, left out)
        float[] noisy = new float[gh.length];
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] = (float) rng.nextDouble();
        }
        float[] partAct = act.clone();
        java.util.Arrays.fill(partAct, 0, 30, 0f);
        PercepNetModel.Architecture arch = new PercepNetModel.Architecture(2 * nb + 2, nb, 4, 4, 4, 4);
        try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
            PercepNetTrainer.Net net = new PercepNetTrainer.Net(m, arch, 0f, 1f);
            for (float[] a : new float[][] {act, partAct}) {
                double want = PercepNetTrainer.envelopeLossReference(noisy, xa, sa, a, n, frames, nb, lo, hi);
                var g = m.create(noisy, new Shape(n, frames, nb));
                g.setRequiresGradient(true);
                float got;
                try (var gc = Engine.getInstance().newGradientCollector()) {
                    var l = net.envelopeLoss(g, m.create(xa, new Shape(n, frames, nb)), m.create(sa, new Shape(n, frames, nb)),
                            m.create(a, new Shape(n, frames)));
                    got = l.getFloat();
                    gc.backward(l);
                }
                assertTrue(want > 0.5 && want < 1.5, "random gains decorrelate: " + want);
                assertEquals(want, got, 1e-5);
                float[] grad = g.getGradient().toFloatArray();
                double gsq = 0;
                for (int i = 0; i < grad.length; i++) {
                    assertTrue(Float.isFinite(grad[i]));
                    gsq += grad[i] * grad[i];
                }
                assertTrue(gsq > 0);
            }
            assertEquals(PercepNetTrainer.envelopeLossReference(gh, xa, sa, act, n, frames, nb, lo, hi),
                    net.envelopeLoss(m.create(gh, new Shape(n, frames, nb)), m.create(xa, new Shape(n, frames, nb)),
                            m.create(sa, new Shape(n, frames, nb)), m.create(act, new Shape(n, frames))).getFloat(), 1e-5);
        }
        assertThrows(IllegalArgumentException.class, () -> {
            try (NDManager m = Engine.getEngine("PyTorch").newBaseManager()) {
                new PercepNetTrainer.Net(m, new PercepNetModel.Architecture(6, 2, 4, 4, 4, 4), 0f, 1f);
            }
        });
    }

    /** The schedule against its closed form: cosine from peak to peak/10; linear ramp over a run's first steps. */
    @Test
    void learningRateIsCosineWithWarmUpAtTheStartOfARun() {
        assertEquals(1e-3, PercepNetTrainer.learningRate(1e-3, 0, 0, 1000, 0), 1e-12);
        assertEquals(1e-3 * 0.55, PercepNetTrainer.learningRate(1e-3, 500, 0, 1000, 100), 1e-12);
        assertEquals(1e-4, PercepNetTrainer.learningRate(1e-3, 1000, 0, 1000, 100), 1e-12);
        // fresh run with 100 warm-up steps: 1/100 of the peak at step 0, 50/100 of the cosine value at step 49
        assertEquals(1e-5, PercepNetTrainer.learningRate(1e-3, 0, 0, 1000, 100), 1e-12);
        double c49 = 1e-3 * (0.1 + 0.45 * (1 + Math.cos(Math.PI * 0.049)));
        assertEquals(c49 * 0.5, PercepNetTrainer.learningRate(1e-3, 49, 0, 1000, 100), 1e-12);
        // resumed at 500 with 100 warm-up steps: 1/100 of the cosine value at the first step, full from step 599 on
        assertEquals(1e-3 * 0.55 / 100, PercepNetTrainer.learningRate(1e-3, 500, 500, 1000, 100), 1e-12);
        double c = 1e-3 * (0.1 + 0.45 * (1 + Math.cos(Math.PI * 0.599)));
        assertEquals(c, PercepNetTrainer.learningRate(1e-3, 599, 500, 1000, 100), 1e-12);
        // no warm-up configured: the plain cosine value
        assertEquals(1e-3 * 0.55, PercepNetTrainer.learningRate(1e-3, 500, 500, 1000, 0), 1e-12);
    }

    /**
     * Global-norm clipping (Pascanu et al. 2013): the norm reported equals the L2 norm of all gradients summed in double
     * from their float values, and a plain SGD step (lr 1) after clipping to a quarter of it moves the weights by a vector
     * of exactly that norm, in the direction of the unclipped gradient.
     */
    @Test
    void gradientNormClippingRescalesTheWholeGradient() {
        PercepNetModel.Architecture arch = new PercepNetModel.Architecture(8, 3, 5, 4, 6, 5);
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed(11);
        int n = 2;
        int frames = 7;
        SplittableRandom rng = new SplittableRandom(5);
        float[] x = new float[n * frames * arch.featureSize()];
        float[] g = new float[n * frames * arch.bands()];
        float[] r = new float[g.length];
        float[] m = new float[g.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextDouble(-2, 2);
        }
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) rng.nextDouble();
            r[i] = (float) rng.nextDouble();
            m[i] = 1;
        }
        PercepNetTrainer.Batch b = new PercepNetTrainer.Batch(n, frames, arch.featureSize(), arch.bands(), x, g, r, m);
        try (NDManager mgr = engine.newBaseManager()) {
            PercepNetTrainer.Net net = new PercepNetTrainer.Net(mgr, arch);
            Map<String, float[]> before = net.weights();
            ai.djl.training.optimizer.Optimizer sgd = ai.djl.training.optimizer.Optimizer.sgd()
                    .setLearningRateTracker(ai.djl.training.tracker.Tracker.fixed(1f)).build();
            // an unclipped SGD step of learning rate 1 moves the weights by minus the gradient
            double[] norm = new double[1];
            net.trainStep(b, sgd, 0, norm);
            Map<String, float[]> full = net.weights();
            assertTrue(norm[0] > 0);
            assertEquals(norm[0], distance(before, full), 1e-4 * norm[0], "reported norm = norm of the step");
            // the same step clipped to a quarter of that norm: the step is the gradient scaled by 1/4
            net.setWeights(before);
            double clip = norm[0] / 4;
            double[] again = new double[1];
            net.trainStep(b, sgd, clip, again);
            assertEquals(norm[0], again[0], 1e-5 * norm[0], "same weights, same batch, same gradient norm before clipping");
            Map<String, float[]> clipped = net.weights();
            assertEquals(clip, distance(before, clipped), 1e-4 * clip, "the step has the clipped norm");
            for (String k : before.keySet()) {
                for (int i = 0; i < before.get(k).length; i++) {
                    double fullStep = (double) full.get(k)[i] - before.get(k)[i];
                    double clippedStep = (double) clipped.get(k)[i] - before.get(k)[i];
                    assertEquals(fullStep / 4, clippedStep, 1e-6 + 1e-4 * Math.abs(fullStep), k + "[" + i + "]");
                }
            }
            // a bound above the norm leaves the step alone
            net.setWeights(before);
            net.trainStep(b, sgd, norm[0] * 2, again);
            assertEquals(norm[0], distance(before, net.weights()), 1e-4 * norm[0]);
            // a NaN target makes every gradient NaN: the step is skipped, the weights stay as they were
            float[] gNaN = g.clone();
            gNaN[3] = Float.NaN;
            PercepNetTrainer.Batch poisoned = new PercepNetTrainer.Batch(n, frames, arch.featureSize(), arch.bands(), x, gNaN, r, m);
            net.setWeights(before);
            for (double c : new double[] {0, clip}) {
                double[] nanNorm = new double[1];
                assertTrue(Double.isNaN(net.trainStep(poisoned, sgd, c, nanNorm)));
                assertTrue(Double.isNaN(nanNorm[0]));
                assertEquals(0, distance(before, net.weights()), "clip " + c);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new TrainConfig(Path.of("d"), Path.of("w"), Path.of("o"), 1, 6, 4, 40, 3e-3,
                1, 3, 4, 0.5, false, 3, 3, true, 8, 8).withGradientNormClip(-1));
    }

    private static double distance(Map<String, float[]> a, Map<String, float[]> b) {
        double sq = 0;
        for (String k : a.keySet()) {
            for (int i = 0; i < a.get(k).length; i++) {
                double d = (double) a.get(k)[i] - b.get(k)[i];
                sq += d * d;
            }
        }
        return Math.sqrt(sq);
    }

    /** A few steps on a tiny pool lower the loss, export both models and resume from the checkpoint. */
    @Test
    void tinyTrainingRunsExportsAndResumes(@TempDir Path dir) throws Exception {
        Path data = TestData.require("audio/train").getParent().getParent();
        TrainConfig cfg = new TrainConfig(data, dir.resolve("work"), dir.resolve("out/model"), 1, 6, 4, 40, 3e-3, 1, 3, 4,
                0.5, false, 3, 3, true, 8, 8);
        PercepNetTrainer.Result r = PercepNetTrainer.train(cfg, Progress.NONE);
        assertEquals("completed", r.status());
        assertEquals(6, r.steps());
        assertTrue(Double.isFinite(r.bestValidationLoss()) && r.bestValidationLoss() > 0);
        PercepNetModel f32 = PercepNetModel.read(r.f32Model());
        PercepNetModel i8 = PercepNetModel.read(r.int8Model());
        assertEquals(DType.F32, f32.storedType());
        assertEquals(DType.I8, i8.storedType());
        assertTrue(Files.size(r.int8Model()) < Files.size(r.f32Model()) / 2);
        // int8 weights are within half a quantization step of the f32 ones
        float[] a = f32.weight("gru1.weight_hh");
        float[] b = i8.weight("gru1.weight_hh");
        assertEquals(a.length, b.length);
        float max = 0;
        for (float v : a) {
            max = Math.max(max, Math.abs(v));
        }
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], max / 127f);
        }
        // resuming a finished run does no more steps and exports the same best weights
        PercepNetTrainer.Result again = PercepNetTrainer.train(cfg, Progress.NONE);
        assertEquals(6, again.steps());
        assertArrayEquals(f32.weight("out.weight"), PercepNetModel.read(again.f32Model()).weight("out.weight"));
        assertEquals(8, f32.architecture().gru1());
        // resuming with another over-suppression weight keeps the weights and restarts the choice of the best step
        // from the resumed weights, scored under the new loss (which weighs errors at least as much)
        PercepNetTrainer.Result reweighted = PercepNetTrainer.train(cfg.withOverSuppressionWeight(3), Progress.NONE);
        assertEquals(6, reweighted.bestStep());
        assertTrue(reweighted.bestValidationLoss() >= r.bestValidationLoss() - 1e-9, reweighted + " vs " + r);
        // the exported model records its mixture recipe; resuming with rumble restarts the best step the same way
        assertEquals("0.0", f32.metadata().get(PercepNetTrainer.RUMBLE_PROBABILITY_KEY));
        PercepNetTrainer.Result rumbled = PercepNetTrainer.train(cfg.withOverSuppressionWeight(3).withRumbleProbability(0.5), Progress.NONE);
        assertEquals(6, rumbled.bestStep());
        assertEquals("0.5", PercepNetModel.read(rumbled.f32Model()).metadata().get(PercepNetTrainer.RUMBLE_PROBABILITY_KEY));
        // and so does the noise low-pass probability: the validation mixtures change, so the resumed weights are re-scored
        assertEquals("0.0", f32.metadata().get(PercepNetTrainer.NOISE_LOW_PASS_PROBABILITY_KEY));
        TrainConfig lowPassed = cfg.withOverSuppressionWeight(3).withRumbleProbability(0.5).withNoiseLowPassProbability(0.5);
        PercepNetTrainer.Result filtered = PercepNetTrainer.train(lowPassed, Progress.NONE);
        assertEquals(6, filtered.bestStep());
        assertNotEquals(rumbled.bestValidationLoss(), filtered.bestValidationLoss());
        assertEquals("0.5", PercepNetModel.read(filtered.f32Model()).metadata().get(PercepNetTrainer.NOISE_LOW_PASS_PROBABILITY_KEY));
        assertThrows(IllegalArgumentException.class, () -> cfg.withNoiseLowPassProbability(1.5));
        // adding AN4 to the clean pool changes the validation mixtures too
        assertEquals("false", f32.metadata().get(PercepNetTrainer.AN4_CLEAN_KEY));
        PercepNetTrainer.Result withAn4 = PercepNetTrainer.train(lowPassed.withAn4(true), Progress.NONE);
        assertEquals(6, withAn4.bestStep());
        assertNotEquals(filtered.bestValidationLoss(), withAn4.bestValidationLoss());
        assertEquals("true", PercepNetModel.read(withAn4.f32Model()).metadata().get(PercepNetTrainer.AN4_CLEAN_KEY));
        // a checkpoint of other layer sizes is refused with a message naming both
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PercepNetTrainer.train(cfg.withLayers(8, 10), Progress.NONE));
        assertTrue(e.getMessage().contains("gru1=8") && e.getMessage().contains("gru1=10"), e.getMessage());
    }

    /** Averaging reads the weights of the last k snapshots up to a step and means them element by element. */
    @Test
    void averageSnapshotsMeansTheLastKCheckpointsUpToAStep(@TempDir Path dir) throws Exception {
        PercepNetModel.Architecture arch = new PercepNetModel.Architecture(8, 3, 2, 2, 2, 2);
        // snapshot s holds every weight equal to s / 100 (and a different "best/" copy that must be ignored)
        for (int step : new int[] {3, 6, 9, 12}) {
            Map<String, org.edgeai.kernel.Tensor> t = new LinkedHashMap<>();
            for (Map.Entry<String, int[]> e : arch.shapes().entrySet()) {
                int n = org.edgeai.kernel.Tensor.numel(e.getValue());
                float[] w = new float[n];
                java.util.Arrays.fill(w, step / 100f);
                t.put("p/" + e.getKey(), org.edgeai.kernel.Tensor.ofF32(w, n));
                t.put("best/" + e.getKey(), org.edgeai.kernel.Tensor.ofF32(new float[n], n));
            }
            new ModelFile("percepnet-checkpoint", Map.of("step", Integer.toString(step), "architecture", arch.toString()), t)
                    .write(dir.resolve("step-" + step + ".eaim"));
        }
        Files.writeString(dir.resolve("notes.txt"), "not a snapshot");
        PercepNetTrainer.Averaged a = PercepNetTrainer.averageSnapshots(dir, 9, 2, arch);
        assertEquals(java.util.List.of(6, 9), a.steps(), "the last 2 at or before step 9; step 12 is from a later branch");
        for (float[] w : a.weights().values()) {
            for (float v : w) {
                assertEquals(0.075f, v, 1e-7f);
            }
        }
        assertEquals(arch.shapes().keySet(), a.weights().keySet());
        // more requested than exist: all qualifying snapshots
        assertEquals(java.util.List.of(3, 6, 9, 12), PercepNetTrainer.averageSnapshots(dir, 100, 10, arch).steps());
        // fewer than two qualify: nothing to average
        assertEquals(null, PercepNetTrainer.averageSnapshots(dir, 5, 2, arch));
        assertEquals(null, PercepNetTrainer.averageSnapshots(dir.resolve("missing"), 100, 2, arch));
        // a snapshot of another architecture is refused
        PercepNetModel.Architecture other = new PercepNetModel.Architecture(8, 3, 2, 2, 3, 3);
        assertThrows(IllegalArgumentException.class, () -> PercepNetTrainer.averageSnapshots(dir, 100, 2, other));
        // a snapshot whose name and recorded step disagree is refused, not averaged under the wrong step
        Files.copy(dir.resolve("step-12.eaim"), dir.resolve("step-15.eaim"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PercepNetTrainer.averageSnapshots(dir, 100, 2, arch));
        assertTrue(e.getMessage().contains("step-15.eaim") && e.getMessage().contains("step 12"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TrainConfig(dir, dir, dir.resolve("m"), 1, 6, 4, 40, 3e-3, 1, 3, 4,
                0.5, false, 3, 3, true, 8, 8).withAverageLast(1));
    }

    /**
     * A run with averaging keeps its validated checkpoints and validates their average: the exported weights are either the
     * element-wise mean of the snapshots (when it validated better) or the best single step's, as the log says.
     */
    @Test
    void trainingWithAveragingExportsTheBetterOfAverageAndBestStep(@TempDir Path dir) throws Exception {
        Path data = TestData.require("audio/train").getParent().getParent();
        TrainConfig cfg = new TrainConfig(data, dir.resolve("work"), dir.resolve("out/model"), 1, 6, 4, 40, 3e-3, 1, 3, 4,
                0.5, false, 3, 3, true, 8, 8).withAverageLast(2);
        PercepNetTrainer.Result r = PercepNetTrainer.train(cfg, Progress.NONE);
        Path snaps = dir.resolve("work/snapshots");
        assertTrue(Files.exists(snaps.resolve("step-3.eaim")) && Files.exists(snaps.resolve("step-6.eaim")));
        String log = Files.readString(dir.resolve("work/train.log"));
        assertTrue(log.contains("average of the last 2 validated checkpoints (steps [3, 6])"), log);
        PercepNetModel exported = PercepNetModel.read(r.f32Model());
        ModelFile s3 = ModelFile.read(snaps.resolve("step-3.eaim"));
        ModelFile s6 = ModelFile.read(snaps.resolve("step-6.eaim"));
        boolean averaged = log.contains(": exported");
        assertEquals(averaged, !r.averagedSteps().isEmpty());
        for (String name : exported.architecture().shapes().keySet()) {
            float[] got = exported.weight(name);
            float[] a = s3.floats("p/" + name);
            float[] b = s6.floats("p/" + name);
            float[] bestSingle = s6.floats("best/" + name);
            for (int i = 0; i < got.length; i++) {
                float want = averaged ? (float) (((double) a[i] + b[i]) / 2) : bestSingle[i];
                assertEquals(want, got[i], 1e-7f, name + "[" + i + "]");
            }
        }
        if (averaged) {
            assertEquals(java.util.List.of(3, 6), r.averagedSteps());
            assertEquals(6, r.bestStep());
            assertEquals("[3, 6]", exported.metadata().get("averaged_steps"));
        }
    }

    /**
     * A run started from an exported model (no checkpoint in its work dir) continues at the model's step with its weights:
     * with nothing left to train it exports exactly those weights; with the envelope term on it trains on, records the
     * weight in the model, and a model of another architecture is refused by name.
     */
    @Test
    void trainingCanStartFromAnExportedModel(@TempDir Path dir) throws Exception {
        Path data = TestData.require("audio/train").getParent().getParent();
        int nb = new org.edgeai.enhance.dsp.PercepNetDsp(16000).bands().count();
        TrainConfig base = new TrainConfig(data, dir.resolve("work"), dir.resolve("out/model"), 1, 3, 4, 40, 3e-3, 1, 3, 4,
                0.5, false, 3, 3, true, 8, 8);
        PercepNetTrainer.Result first = PercepNetTrainer.train(base, Progress.NONE);
        PercepNetModel start = PercepNetModel.read(first.f32Model());
        assertEquals("3", start.metadata().get("train_steps"));

        TrainConfig same = new TrainConfig(data, dir.resolve("work2"), dir.resolve("out2/model"), 2, 3, 4, 40, 3e-3, 1, 3, 4,
                0.5, false, 3, 3, true, 8, 8).withInitFrom(first.f32Model());
        PercepNetTrainer.Result copy = PercepNetTrainer.train(same, Progress.NONE);
        assertEquals(3, copy.bestStep());
        PercepNetModel copied = PercepNetModel.read(copy.f32Model());
        for (String name : start.architecture().shapes().keySet()) {
            assertArrayEquals(start.weight(name), copied.weight(name), name);
        }
        assertTrue(Files.readString(dir.resolve("work2/train.log")).contains("starting at step 3"));

        // with the envelope term on, it trains on from step 3 and checkpoints; a second call resumes from that checkpoint
        TrainConfig longer = new TrainConfig(data, dir.resolve("work2"), dir.resolve("out2/model"), 2, 6, 4, 40, 3e-3, 1, 3, 4,
                0.5, false, 3, 3, true, 8, 8).withInitFrom(first.f32Model()).withEnvelopeWeight(1);
        PercepNetTrainer.Result more = PercepNetTrainer.train(longer, Progress.NONE);
        assertEquals("completed", more.status());
        assertEquals(6, more.steps());
        assertTrue(Double.isFinite(more.bestValidationLoss()));
        PercepNetModel tuned = PercepNetModel.read(more.f32Model());
        assertEquals("1.0", tuned.metadata().get(PercepNetTrainer.ENVELOPE_WEIGHT_KEY));
        // the envelope term scores the gains without the post-filter, so such a model runs without it; a plain run keeps it
        assertFalse(tuned.postFilter());
        assertTrue(start.postFilter());
        assertEquals(first.f32Model().toString(), tuned.metadata().get("initialized_from"));
        PercepNetTrainer.train(longer, Progress.NONE);
        String log = Files.readString(dir.resolve("work2/train.log"));
        assertTrue(log.contains("steps 3..6") && log.contains("at step 6 (best"), log);
        assertTrue(log.contains("(envelope term 1 - d = "), log);
        assertEquals(2, log.split("initialized from", -1).length - 1, log);

        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> PercepNetTrainer.train(
                new TrainConfig(data, dir.resolve("work3"), dir.resolve("out3/model"), 1, 3, 4, 40, 3e-3, 1, 3, 4,
                        0.5, false, 3, 3, true, 8, 12).withInitFrom(first.f32Model()), Progress.NONE));
        assertTrue(wrong.getMessage().contains("--init-from") && wrong.getMessage().contains("gru"), wrong.getMessage());
        assertTrue(nb > 0);
    }

    /** After a divergence a run can be resumed from its best validated step: weights and step number rewind, later steps rerun. */
    @Test
    void resumeCanRewindToTheBestValidatedStep(@TempDir Path dir) throws Exception {
        Path data = TestData.require("audio/train").getParent().getParent();
        TrainConfig cfg = new TrainConfig(data, dir.resolve("work"), dir.resolve("out/model"), 1, 6, 4, 40, 3e-3, 1, 3, 4,
                0.5, false, 3, 3, true, 8, 8);
        PercepNetTrainer.train(cfg, Progress.NONE);
        // make the checkpoint say its best validated weights are those of step 3 (as after a later divergence)
        Path ckpt = dir.resolve("work/checkpoint.eaim");
        ModelFile c = ModelFile.read(ckpt);
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        meta.put("best_step", "3");
        new ModelFile(c.name(), meta, c.tensors()).write(ckpt);

        PercepNetTrainer.Result rewound = PercepNetTrainer.train(cfg.withRewindToBest(true), Progress.NONE);
        // steps 3..5 run again from the best weights and are validated at step 6
        assertEquals(6, rewound.steps());
        String log = Files.readString(dir.resolve("work/train.log"));
        assertTrue(log.contains("rewinding from step 6 to the best validated step 3"), log);
        assertTrue(log.contains("steps 3..6"), log);
        assertEquals(2, log.split("step 6 train", -1).length - 1, log);
        // without rewinding, the same checkpoint (now at step 6) resumes at step 6: nothing left to do
        PercepNetTrainer.train(cfg, Progress.NONE);
        assertTrue(Files.readString(dir.resolve("work/train.log")).contains("steps 6..6"));
        // rewinding needs a resumed run
        assertThrows(IllegalArgumentException.class, () -> new TrainConfig(data, dir, dir.resolve("m"), 1, 6, 4, 40, 3e-3, 1, 3, 4,
                0.5, false, 3, 3, false, 8, 8).withRewindToBest(true));
    }
}
