package org.edgeai.platform.nas;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.function.ToDoubleFunction;
import org.edgeai.kernel.DataDirectory;
import org.edgeai.kernel.Progress;
import org.edgeai.kernel.graph.GraphCostModel;
import org.edgeai.nas.data.IdxImages;
import org.edgeai.nas.search.CandidateEvaluator;
import org.edgeai.nas.search.MultishotConfig;
import org.edgeai.nas.search.MultishotSearch;
import org.edgeai.nas.search.ZeroShotSearch;
import org.edgeai.nas.space.IbnSearchSpace;
import org.edgeai.nas.space.NetworkSpec;
import org.edgeai.nas.train.ShortTrainer;
import org.edgeai.nas.train.TrainConfig;
import org.edgeai.nas.train.ZeroShotProxies;

/**
 * One search of the IBN / fused-IBN space on the simulated NPU with Fashion-MNIST short training: the Jenetics multishot
 * search ({@link MultishotSearch}) or the proxy-screened zero-shot search ({@link ZeroShotSearch}). Shared by
 * {@code edgeai nas search --space ibn} and the gRPC {@code Nas.RunSearch} job, so both validate and run a request the
 * same way.
 *
 * <p>Not thread-safe in the sense that matters: a search trains with 2 PyTorch threads and the machine has 2 cores, so
 * callers run one at a time (the CLI under the training lock; the gRPC service refuses a second concurrent job).
 */
final class IbnSearchJob {
    /** Training batch and Adam learning rate of every candidate (the seed table's settings). */
    private static final int BATCH = 128;
    private static final double LEARNING_RATE = 3e-3;
    /** Minibatch of the zero-shot proxies. */
    private static final int PROXY_BATCH = 64;

    private IbnSearchJob() {
    }

    /**
     * A search request, as names and numbers (validated by {@link #validate()}).
     *
     * @param mode           v1 (depth multiplier), v2 (fused IBN), v3 (both), full (+ kernel, expansion), structure (+ per-stage
     *                       depth and stride)
     * @param channels       curated (multiples of the parallelism factor) or uncurated
     * @param objective      latency or memory (lowest at the target accuracy), accuracy (highest under the budgets) or
     *                       weighted (highest MnasNet reward {@code accuracy * (latency / budgetMs)^w}, memory term with a
     *                       memory budget)
     * @param method         zero-shot, or anything else for the Jenetics multishot search
     * @param proxy          zero-shot proxy: naswot, synflow or jacob_cov
     * @param targetAccuracy accuracy to reach, % (0 = none)
     * @param budgetMs       latency budget, ms (positive infinity = none)
     * @param memoryBudget   parameter + peak-activation budget, bytes ({@code Long.MAX_VALUE} = none)
     * @param population     Jenetics population
     * @param generations    maximum generations
     * @param evaluations    maximum trained candidates
     * @param epochs         Fashion-MNIST epochs per candidate
     * @param budgetSeconds  wall-clock safety limit per training, s
     * @param priceFirst     train only candidates that beat the baseline on the objective
     * @param seed           training seed
     * @param searchSeed     seed of the evolution or of the zero-shot sampling
     * @param samples        zero-shot: networks sampled per screening round
     * @param expertRules    pass every candidate through the expert rules
     * @param accelerator    accelerator-sim preset (or, from the CLI only, a SCALE-Sim cfg path)
     * @param fusion         none, declared or auto
     * @param parallelism    parallelism factor P the curated widths align to
     * @param rewardExponent weighted objective: the exponent w &lt;= 0 (MnasNet: -0.07)
     */
    record Settings(String mode, String channels, String objective, String method, String proxy, double targetAccuracy,
                    double budgetMs, long memoryBudget, int population, int generations, int evaluations, int epochs,
                    double budgetSeconds, boolean priceFirst, long seed, long searchSeed, int samples, boolean expertRules,
                    String accelerator, String fusion, int parallelism, double rewardExponent) {

        /** @return true for the zero-shot search */
        boolean zeroShot() {
            return method.equals("zero-shot");
        }

        /** @throws IllegalArgumentException naming the first bad setting */
        void validate() {
            spaceMode();
            channelPolicy();
            objectiveKind();
            if (zeroShot()) {
                proxyKind();
            }
            NasCostModels.policy(fusion);
            if (!(targetAccuracy >= 0 && targetAccuracy <= 100)) {
                throw new IllegalArgumentException("target accuracy must be in [0, 100] %, got " + targetAccuracy);
            }
            if (!(budgetMs > 0) || !(budgetSeconds > 0) || memoryBudget <= 0) {
                throw new IllegalArgumentException("latency budget, memory budget and training budget must be positive, got "
                        + budgetMs + " ms, " + memoryBudget + " B, " + budgetSeconds + " s");
            }
            if (epochs < 1 || evaluations < 1 || population < 2 || generations < 1 || samples < 1 || parallelism < 1) {
                throw new IllegalArgumentException("need epochs, evaluations, generations, samples, parallelism >= 1 and population >= 2; got "
                        + epochs + ", " + evaluations + ", " + generations + ", " + samples + ", " + parallelism + ", " + population);
            }
            if (zeroShot() && objectiveKind() == MultishotConfig.Objective.WEIGHTED_REWARD) {
                throw new IllegalArgumentException("the zero-shot search takes the latency, memory or accuracy objective, not weighted");
            }
            config(); // the search's own checks (weighted: a latency target, exponent <= 0)
        }

        IbnSearchSpace.Mode spaceMode() {
            return switch (mode) {
                case "v1" -> IbnSearchSpace.Mode.DEPTH_MULTIPLIER;
                case "v2" -> IbnSearchSpace.Mode.FUSED;
                case "v3" -> IbnSearchSpace.Mode.BOTH;
                case "full" -> IbnSearchSpace.Mode.FULL;
                case "structure" -> IbnSearchSpace.Mode.STRUCTURE;
                default -> throw new IllegalArgumentException("mode must be v1, v2, v3, full or structure, got '" + mode + "'");
            };
        }

        IbnSearchSpace.ChannelPolicy channelPolicy() {
            return switch (channels) {
                case "curated" -> IbnSearchSpace.ChannelPolicy.CURATED;
                case "uncurated" -> IbnSearchSpace.ChannelPolicy.UNCURATED;
                default -> throw new IllegalArgumentException("channels must be curated or uncurated, got '" + channels + "'");
            };
        }

        MultishotConfig.Objective objectiveKind() {
            return switch (objective) {
                case "latency" -> MultishotConfig.Objective.LATENCY_AT_ACCURACY;
                case "memory" -> MultishotConfig.Objective.MEMORY_AT_ACCURACY;
                case "accuracy" -> MultishotConfig.Objective.ACCURACY_UNDER_BUDGET;
                case "weighted" -> MultishotConfig.Objective.WEIGHTED_REWARD;
                default -> throw new IllegalArgumentException("objective must be latency, memory, accuracy or weighted, got '" + objective
                        + "'");
            };
        }

        ZeroShotProxies.Proxy proxyKind() {
            return switch (proxy) {
                case "naswot" -> ZeroShotProxies.Proxy.NASWOT;
                case "synflow" -> ZeroShotProxies.Proxy.SYNFLOW;
                case "jacob_cov" -> ZeroShotProxies.Proxy.JACOB_COV;
                default -> throw new IllegalArgumentException("proxy must be naswot, synflow or jacob_cov, got '" + proxy + "'");
            };
        }

        MultishotConfig config() {
            return new MultishotConfig(objectiveKind(), population, generations, evaluations, targetAccuracy, budgetMs, memoryBudget,
                    expertRules, seed, priceFirst, searchSeed, rewardExponent);
        }
    }

    /**
     * @param result      the search's result (baseline, best, every trained candidate, Pareto front of accuracy vs latency)
     * @param sampled     zero-shot: networks sampled, else null
     * @param eligible    zero-shot: networks scored by the proxy, else null
     * @param wallSeconds wall-clock time of the search, s
     * @param cpuSeconds  CPU time of this process during the search, s (includes anything else the process ran meanwhile)
     */
    record Outcome(MultishotSearch.Result result, Integer sampled, Integer eligible, double wallSeconds, double cpuSeconds) {
    }

    /**
     * Runs a search with real Fashion-MNIST training ({@link ShortTrainer}) and, for zero-shot, the real proxy.
     *
     * @param s        settings
     * @param dataDir  data directory (holds {@code vision/})
     * @param journal  {@code network,accuracy} journal (created or resumed)
     * @param progress progress and cancellation
     * @return the outcome
     * @throws IllegalArgumentException if a setting is bad
     * @throws IllegalStateException    if {@code vision/} is missing
     * @throws IOException              if the accelerator configuration cannot be read
     */
    static Outcome run(Settings s, Path dataDir, Path journal, Progress progress) throws IOException {
        s.validate();
        Path vision = DataDirectory.require(dataDir, "vision");
        CandidateEvaluator trainer = new ShortTrainer(IdxImages.fashion(vision, IdxImages.FASHION_TRAIN_10K),
                IdxImages.fashion(vision, IdxImages.FASHION_TEST_2K),
                new TrainConfig(s.epochs(), BATCH, LEARNING_RATE, s.budgetSeconds(), 2, 0, 0));
        ToDoubleFunction<NetworkSpec> proxy = null;
        if (s.zeroShot()) {
            ZeroShotProxies.Proxy which = s.proxyKind();
            IdxImages images = IdxImages.fashion(vision, IdxImages.FASHION_TRAIN_10K);
            proxy = spec -> ZeroShotProxies.score(which, spec, images, PROXY_BATCH, s.seed());
        }
        return run(s, trainer, proxy, journal, progress);
    }

    /**
     * Runs a search with the given accuracy measurement and proxy (tests pass synthetic ones).
     *
     * @param s         settings
     * @param evaluator accuracy of a candidate
     * @param proxy     zero-shot score of a candidate (used only by the zero-shot method)
     * @param journal   {@code network,accuracy} journal (created or resumed)
     * @param progress  progress and cancellation
     * @return the outcome
     * @throws IllegalArgumentException if a setting is bad
     * @throws IOException              if the accelerator configuration cannot be read
     */
    static Outcome run(Settings s, CandidateEvaluator evaluator, ToDoubleFunction<NetworkSpec> proxy, Path journal, Progress progress)
            throws IOException {
        s.validate();
        IbnSearchSpace space = IbnSearchSpace.fashionMnist(s.spaceMode(), s.channelPolicy(), s.parallelism());
        GraphCostModel cost = NasCostModels.of(s.accelerator(), s.fusion());
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        MultishotSearch.Result r;
        Integer sampled = null;
        Integer eligible = null;
        if (s.zeroShot()) {
            ZeroShotSearch.Outcome o = ZeroShotSearch.run(space, cost, evaluator, proxy, s.samples(), s.config(), journal, progress);
            r = o.result();
            sampled = o.sampled();
            eligible = o.eligible();
        } else {
            r = MultishotSearch.run(space, cost, evaluator, s.config(), journal, progress);
        }
        return new Outcome(r, sampled, eligible, (System.nanoTime() - wall0) / 1e9, (os.getProcessCpuTime() - cpu0) / 1e9);
    }
}
