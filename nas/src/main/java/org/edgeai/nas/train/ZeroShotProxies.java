package org.edgeai.nas.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.util.function.Consumer;
import org.edgeai.nas.data.IdxImages;
import org.edgeai.nas.space.NetworkSpec;

/**
 * Training-free (zero-shot) trainability proxies of a freshly initialised candidate, computed on one
 * minibatch:
 * <ul>
 *   <li><b>NASWOT</b> (Mellor et al., "Neural Architecture Search without Training", ICML 2021, eq. 2):
 *       binary codes {@code c_i} of which ReLU units are active for input {@code i}; kernel
 *       {@code K[i][j] = N_A - hamming(c_i, c_j)}; score {@code log|det K|}.</li>
 *   <li><b>synflow</b> (Tanaka et al., NeurIPS 2020; as a zero-cost proxy in Abdelfattah et al., ICLR
 *       2021): parameters replaced by their absolute values, input all ones, batch norm at its
 *       initial statistics (an identity up to {@code 1/sqrt(1 + eps)}: the published proxy removes
 *       batch norm), activations the identity (the linearised network {@code R = 1' prod |W| 1} synflow is
 *       defined on; for ReLU networks nothing changes, a ReLU6 would clip and zero the gradient), network and
 *       input in double precision as published; {@code R = sum(output)};
 *       score {@code sum |theta * dR/dtheta|} over the convolution and linear weights (not batch norm
 *       or bias parameters, as published), reported as {@code log} of that sum, as NASLib stores it.</li>
 *   <li><b>jacob_cov</b> (Mellor et al. 2020, v1 of the paper; Abdelfattah et al. 2021): per input the
 *       gradient of the summed logits with respect to the input, the correlation matrix of these
 *       {@code N} Jacobians, eigenvalues {@code v}; score {@code -sum(log(v + k) + 1 / (v + k))},
 *       {@code k = 1e-5}.</li>
 * </ul>
 * NASWOT and jacob_cov run batch norm on the minibatch's statistics (a freshly built network is in
 * training mode in the published implementations). The scores apply to any network given as a {@link
 * Network} factory: the IBN candidates ({@link DjlNetworks}) and NAS-Bench-201 cells ({@link
 * Nb201Networks}), whose published scores ({@code ../shared/data/nas}, NASLib) check this implementation.
 *
 * <p>Thread-safety: the methods are stateless but seed DJL's global random generator; call them from
 * one thread at a time.
 */
public final class ZeroShotProxies {
    private ZeroShotProxies() {
    }

    /**
     * The three scores (higher predicts a more trainable / more accurate network).
     *
     * @param naswot   log|det K_H|
     * @param synflow  log(sum |theta * dR/dtheta|)
     * @param jacobCov jacob_cov score
     */
    public record Scores(double naswot, double synflow, double jacobCov) {
    }

    /**
     * A network to score: builds a fresh, uninitialised block.
     */
    @FunctionalInterface
    public interface Network {
        /**
         * @param reluInputs receives the input of every ReLU (or ReLU6) of the forward pass, or null
         * @param linear     true for synflow's linearised network: every activation the identity (a ReLU passes the
         *                   non-negative values synflow propagates anyway; a ReLU6 would clip them and zero the gradient)
         * @return a new block, input {@code [N, C, H, W]}, output logits {@code [N, classes]}
         */
        Block build(Consumer<NDArray> reluInputs, boolean linear);
    }

    /**
     * @param spec   the candidate
     * @param images source of the minibatch (first {@code batch} images)
     * @param batch  minibatch size, &gt;= 2
     * @param seed   initialisation seed
     * @return the scores
     * @throws IllegalArgumentException if the batch is too small or larger than the set
     */
    public static Scores compute(NetworkSpec spec, IdxImages images, int batch, long seed) {
        return compute(network(spec), minibatch(images, batch), new Shape(batch, 1, images.rows(), images.cols()), seed);
    }

    /** @return the first {@code batch} images as {@code [batch, 1, rows, cols]}; throws if the batch is out of [2, size] */
    private static float[] minibatch(IdxImages images, int batch) {
        if (batch < 2 || batch > images.size()) {
            throw new IllegalArgumentException("batch must be in [2, " + images.size() + "], got " + batch);
        }
        int pixels = images.rows() * images.cols();
        float[] x = new float[batch * pixels];
        for (int k = 0; k < batch; k++) {
            System.arraycopy(images.images()[k], 0, x, k * pixels, pixels);
        }
        return x;
    }

    /**
     * @param net   the network to score
     * @param x     the minibatch, layout {@code shape}
     * @param shape {@code [N, C, H, W]}, {@code N >= 2}
     * @param seed  initialisation seed (every score starts from the same initial weights)
     * @return the scores
     * @throws IllegalArgumentException if {@code x} does not have {@code shape}'s size or {@code N < 2}
     */
    public static Scores compute(Network net, float[] x, Shape shape, long seed) {
        if (shape.dimension() != 4 || shape.get(0) < 2 || x.length != shape.size()) {
            throw new IllegalArgumentException("need a minibatch of >= 2 inputs with layout [N, C, H, W], got " + shape
                    + " for " + x.length + " values");
        }
        ShortTrainer.configureThreads(2);
        double naswot = logDet(naswotKernel(net, x, shape, seed));
        double jacob = jacobCovScore(jacobians(net, x, shape, seed));
        double syn = synflow(net, shape, seed);
        return new Scores(naswot, syn, jacob);
    }

    /** One of the three proxies. */
    public enum Proxy {
        /** log|det K| of the ReLU-pattern kernel. */
        NASWOT,
        /** log sum |theta * dR/dtheta| of the linearised network (data-independent, one input). */
        SYNFLOW,
        /** jacob_cov score of the input Jacobians. */
        JACOB_COV
    }

    /**
     * One proxy of one candidate (cheaper than {@link #compute(NetworkSpec, IdxImages, int, long)} when only one is
     * wanted: synflow needs a single all-ones input).
     *
     * @param proxy  which score
     * @param spec   the candidate
     * @param images source of the minibatch (first {@code batch} images; not used by synflow)
     * @param batch  minibatch size, &gt;= 2
     * @param seed   initialisation seed
     * @return the score (as in {@link Scores})
     * @throws IllegalArgumentException if the batch is too small or larger than the set
     */
    public static double score(Proxy proxy, NetworkSpec spec, IdxImages images, int batch, long seed) {
        float[] x = minibatch(images, batch);
        ShortTrainer.configureThreads(2);
        Shape shape = new Shape(batch, 1, images.rows(), images.cols());
        if (proxy == Proxy.SYNFLOW) {
            return synflow(network(spec), shape, seed);
        }
        return proxy == Proxy.NASWOT ? logDet(naswotKernel(network(spec), x, shape, seed))
                : jacobCovScore(jacobians(network(spec), x, shape, seed));
    }

    static Network network(NetworkSpec spec) {
        return (hook, linear) -> DjlNetworks.build(spec, hook, linear);
    }

    /**
     * @return the NASWOT kernel {@code K[i][j] = N_A - hamming(c_i, c_j)} over the batch {@code x}
     *         (layout {@code shape} = [N, C, H, W]), batch norm on the batch's statistics
     */
    static double[][] naswotKernel(NetworkSpec spec, float[] x, Shape shape, long seed) {
        return naswotKernel(network(spec), x, shape, seed);
    }

    static double[][] naswotKernel(Network net, float[] x, Shape shape, long seed) {
        int n = (int) shape.get(0);
        double[][] k = new double[n][n];
        Engine.getInstance().setRandomSeed((int) seed);
        try (Model model = Model.newInstance("naswot")) {
            // Only the evaluation pass counts: initialisation runs the ReLU blocks on placeholder inputs
            // to infer shapes, which would add a constant to every entry of K.
            boolean[] recording = {false};
            model.setBlock(net.build(act -> {
                if (!recording[0]) {
                    return;
                }
                // K += A A' + (1 - A)(1 - A)': units where inputs i and j agree (N_A - Hamming distance).
                NDArray a = act.gt(0f).toType(DataType.FLOAT32, false).reshape(n, -1);
                NDArray b = a.neg().add(1f);
                float[] v = a.matMul(a.transpose()).add(b.matMul(b.transpose())).toFloatArray();
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        k[i][j] += v[i * n + j];
                    }
                }
            }, false));
            try (Trainer t = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
                t.initialize(shape);
                try (NDManager m = t.getManager().newSubManager()) {
                    recording[0] = true;
                    t.forward(new NDList(m.create(x, shape)));
                }
            }
        }
        return k;
    }

    /** @return log(sum |theta * dR/dtheta|) over the weights, for the input shape {@code shape} (batch of one used) */
    static double synflow(NetworkSpec spec, Shape shape, long seed) {
        return synflow(network(spec), shape, seed);
    }

    static double synflow(Network net, Shape shape, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        Shape one = new Shape(1, shape.get(1), shape.get(2), shape.get(3));
        try (Model model = Model.newInstance("synflow")) {
            model.setDataType(DataType.FLOAT64);
            model.setBlock(net.build(null, true));
            try (Trainer t = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
                t.initialize(one);
                for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                    NDArray a = p.getValue().getArray();
                    a.set(a.abs().toByteBuffer());
                }
                double total = 0;
                try (NDManager m = t.getManager().newSubManager(); GradientCollector gc = t.newGradientCollector()) {
                    NDArray out = t.evaluate(new NDList(m.ones(one, DataType.FLOAT64))).singletonOrThrow();
                    gc.backward(out.sum());
                    for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                        NDArray a = p.getValue().getArray();
                        if (p.getValue().getType() == Parameter.Type.WEIGHT && a.hasGradient()) {
                            total += a.mul(a.getGradient()).abs().sum().getDouble();
                        }
                    }
                }
                return Math.log(Math.max(total, Double.MIN_VALUE));
            }
        }
    }

    /**
     * @return per input {@code i}, the gradient of the batch's summed logits with respect to input
     *         {@code i} ({@code [N][C*H*W]}), batch norm in training mode (batch statistics), as in
     *         the published implementation
     */
    static double[][] jacobians(NetworkSpec spec, float[] x, Shape shape, long seed) {
        return jacobians(network(spec), x, shape, seed);
    }

    static double[][] jacobians(Network net, float[] x, Shape shape, long seed) {
        int n = (int) shape.get(0);
        Engine.getInstance().setRandomSeed((int) seed);
        double[][] jac;
        try (Model model = Model.newInstance("jacob")) {
            model.setBlock(net.build(null, false));
            try (Trainer t = model.newTrainer(new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()))) {
                t.initialize(shape);
                try (NDManager m = t.getManager().newSubManager(); GradientCollector gc = t.newGradientCollector()) {
                    NDArray in = m.create(x, shape);
                    in.setRequiresGradient(true);
                    NDArray out = t.forward(new NDList(in)).singletonOrThrow();
                    gc.backward(out.sum());
                    float[] g = in.getGradient().toFloatArray();
                    int d = g.length / n;
                    jac = new double[n][d];
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < d; j++) {
                            jac[i][j] = g[i * d + j];
                        }
                    }
                }
            }
        }
        return jac;
    }

    /** @return the jacob_cov score of the Jacobians {@code jac} ({@code [N][D]}) */
    static double jacobCovScore(double[][] jac) {
        int n = jac.length;
        double[][] corr = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double c = org.edgeai.nas.internal.Ranking.pearson(jac[i], jac[j]);
                corr[i][j] = Double.isNaN(c) ? (i == j ? 1 : 0) : c;
            }
        }
        double[] ev = org.edgeai.nas.internal.SymmetricEigenvalues.of(corr);
        double kk = 1e-5;
        double s = 0;
        for (double v : ev) {
            v = Math.max(v, 0);
            s += Math.log(v + kk) + 1 / (v + kk);
        }
        return -s;
    }

    /** log|det A| of a symmetric positive semi-definite matrix via Cholesky with a tiny jitter; -inf if singular. */
    static double logDet(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        double s = 0;
        for (int j = 0; j < n; j++) {
            double d = a[j][j];
            for (int k = 0; k < j; k++) {
                d -= l[j][k] * l[j][k];
            }
            if (!(d > 1e-12 * Math.max(1, a[j][j]))) {
                return Double.NEGATIVE_INFINITY;
            }
            l[j][j] = Math.sqrt(d);
            s += Math.log(l[j][j]);
            for (int i = j + 1; i < n; i++) {
                double v = a[i][j];
                for (int k = 0; k < j; k++) {
                    v -= l[i][k] * l[j][k];
                }
                l[i][j] = v / l[j][j];
            }
        }
        return 2 * s;
    }
}
