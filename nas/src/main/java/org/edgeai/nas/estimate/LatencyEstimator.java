package org.edgeai.nas.estimate;

import java.util.List;
import org.edgeai.nas.bench.FbnetBlock;
import org.edgeai.nas.bench.FbnetTable;
import org.edgeai.nas.bench.Nb201Cell;
import org.edgeai.nas.bench.Nb201Table;

/**
 * A fitted device latency estimator for one search space: the architecture is decomposed into parts
 * whose latencies are summed, then a learned correction is applied (see {@link DecomposedRegressor}
 * for the model and {@link Nb201Features} / {@link #fbnetParts} for the features).
 *
 * @param <A> architecture type ({@link Nb201Cell} or {@code FbnetBlock[]})
 */
public final class LatencyEstimator<A> {
    /** Turns an architecture into part and structure columns and a constant-graph flag. */
    interface Featurizer<A> {
        double[] parts(A arch);

        double[] structure(A arch);

        boolean constant(A arch);
    }

    private final Featurizer<A> features;
    private final DecomposedRegressor model;
    private final int trainingRows;

    private LatencyEstimator(Featurizer<A> features, DecomposedRegressor model, int trainingRows) {
        this.features = features;
        this.model = model;
        this.trainingRows = trainingRows;
    }

    /**
     * Fits a NAS-Bench-201 estimator.
     *
     * @param cells cells. Not modified.
     * @param ms    measured latency per cell, ms, &gt; 0
     * @return the estimator
     * @throws IllegalArgumentException if lengths differ, fewer than 2 rows or a latency is not positive
     */
    public static LatencyEstimator<Nb201Cell> fitNb201(List<Nb201Cell> cells, double[] ms, EstimatorConfig cfg) {
        return fit(NB201, cells, ms, cfg);
    }

    /**
     * @param table  training rows
     * @param device device column
     * @return the estimator fitted on every row of the table
     */
    public static LatencyEstimator<Nb201Cell> fitNb201(Nb201Table table, String device, EstimatorConfig cfg) {
        return fitNb201(table.cells(), table.latency(device), cfg);
    }

    /**
     * Fits an FBNet-space estimator.
     *
     * @param archs blocks per architecture ({@code [22]} each). Not modified.
     * @param ms    measured latency, ms, &gt; 0
     * @return the estimator
     */
    public static LatencyEstimator<FbnetBlock[]> fitFbnet(List<FbnetBlock[]> archs, double[] ms, EstimatorConfig cfg) {
        return fit(FBNET, archs, ms, cfg);
    }

    /** @return the estimator fitted on every row of the table for {@code device} */
    public static LatencyEstimator<FbnetBlock[]> fitFbnet(FbnetTable table, String device, EstimatorConfig cfg) {
        return fitFbnet(List.of(table.blocks()), table.latency(device), cfg);
    }

    private static <A> LatencyEstimator<A> fit(Featurizer<A> f, List<A> archs, double[] ms, EstimatorConfig cfg) {
        if (archs.size() != ms.length) {
            throw new IllegalArgumentException(archs.size() + " architectures but " + ms.length + " latencies");
        }
        int n = ms.length;
        double[][] parts = new double[n][];
        double[][] structure = new double[n][];
        boolean[] constant = new boolean[n];
        for (int i = 0; i < n; i++) {
            A a = archs.get(i);
            parts[i] = f.parts(a);
            structure[i] = f.structure(a);
            constant[i] = f.constant(a);
        }
        return new LatencyEstimator<>(f, DecomposedRegressor.fit(parts, structure, constant, ms, cfg), n);
    }

    /**
     * @param arch an architecture. Not modified.
     * @return predicted latency, ms (positive)
     */
    public double predictMs(A arch) {
        return model.predict(features.parts(arch), features.structure(arch), features.constant(arch));
    }

    /** @return number of training rows */
    public int trainingRows() {
        return trainingRows;
    }

    /** @return true when the learned correction passed its internal check and is applied */
    public boolean corrected() {
        return model.corrected();
    }

    /**
     * FBNet parts: one-hot (layer, block) for the 22 searchable layers, 22 x 9 = 198 columns; the
     * HW-NAS-Bench lookup tables make this decomposition exact for eyeriss, fpga, pixel3 and raspi4.
     *
     * @param blocks {@code [22]} blocks
     * @return the columns
     */
    public static double[] fbnetParts(FbnetBlock[] blocks) {
        if (blocks.length != FbnetTable.LAYERS) {
            throw new IllegalArgumentException("FBNet architecture needs 22 layers, got " + blocks.length);
        }
        int b = FbnetBlock.values().length;
        double[] f = new double[FbnetTable.LAYERS * b];
        for (int l = 0; l < blocks.length; l++) {
            f[l * b + blocks[l].ordinal()] = 1;
        }
        return f;
    }

    /**
     * FBNet structure: the one-hot parts plus per-stage sums of expansion, kernel and skip counts,
     * total expansion-weighted depth (7 stages x 3 + 1 columns after the 198 one-hot columns).
     */
    static double[] fbnetStructure(FbnetBlock[] blocks) {
        double[] p = fbnetParts(blocks);
        int[] stageOf = {0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 6};
        double[] extra = new double[7 * 3 + 1];
        for (int l = 0; l < blocks.length; l++) {
            int s = stageOf[l];
            extra[s * 3] += blocks[l].expansion();
            extra[s * 3 + 1] += blocks[l].kernel();
            extra[s * 3 + 2] += blocks[l] == FbnetBlock.SKIP ? 1 : 0;
            extra[21] += blocks[l].expansion();
        }
        double[] f = new double[p.length + extra.length];
        System.arraycopy(p, 0, f, 0, p.length);
        System.arraycopy(extra, 0, f, p.length, extra.length);
        return f;
    }

    private static final Featurizer<Nb201Cell> NB201 = new Featurizer<>() {
        @Override
        public double[] parts(Nb201Cell c) {
            return Nb201Features.parts(c);
        }

        @Override
        public double[] structure(Nb201Cell c) {
            return Nb201Features.structure(c);
        }

        @Override
        public boolean constant(Nb201Cell c) {
            return c.constantOutput();
        }
    };

    private static final Featurizer<FbnetBlock[]> FBNET = new Featurizer<>() {
        @Override
        public double[] parts(FbnetBlock[] a) {
            return fbnetParts(a);
        }

        @Override
        public double[] structure(FbnetBlock[] a) {
            return fbnetStructure(a);
        }

        @Override
        public boolean constant(FbnetBlock[] a) {
            return false;
        }
    };
}
