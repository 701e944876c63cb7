package org.edgeai.nas.space;

import java.util.SplittableRandom;

/**
 * Supplies the parameters of each layer while a {@link NetworkSpec} is built into kernel layers.
 * Names are {@code <layer path>.weight} / {@code <layer path>.bias}, layouts PyTorch.
 *
 * @implNote Implementations need not be thread-safe: {@link CandidateNetworks#build} asks for every parameter
 *           on the calling thread, in layer order (each layer's weight before its bias). {@link #ZEROS} is
 *           stateless and thread-safe; {@link #heNormal} and {@code org.edgeai.nas.train.DjlExport#weights}
 *           return stateful sources (their values depend on the order of requests) that are not.
 */
@FunctionalInterface
public interface WeightSource {
    /**
     * @param name   parameter name, e.g. {@code b3.expand.weight}
     * @param length number of elements
     * @param fanIn  inputs per output (for initialisation scale)
     * @return {@code length} floats (the caller does not keep the array)
     */
    float[] get(String name, int length, int fanIn);

    /** All zeros: enough to describe the graph. */
    WeightSource ZEROS = (name, length, fanIn) -> new float[length];

    /**
     * He-normal weights {@code N(0, 2 / fanIn)} (He et al., "Delving Deep into Rectifiers: Surpassing
     * Human-Level Performance on ImageNet Classification", ICCV 2015) and zero biases, from a seeded
     * generator. Each weight is one Box-Muller deviate (Box and Muller, "A Note on the Generation of Random
     * Normal Deviates", Ann. Math. Statist. 29, 1958; cosine branch only) from two uniforms of the generator.
     *
     * @param seed generator seed
     * @return the source (stateful: its values depend on the order of requests; not thread-safe)
     */
    static WeightSource heNormal(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        return (name, length, fanIn) -> {
            float[] w = new float[length];
            if (name.endsWith(".bias")) {
                return w;
            }
            double sd = Math.sqrt(2.0 / Math.max(1, fanIn));
            for (int i = 0; i < length; i++) {
                // Box-Muller from the seeded generator.
                double u1 = Math.max(rng.nextDouble(), 1e-300);
                double u2 = rng.nextDouble();
                w[i] = (float) (sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
            }
            return w;
        };
    }
}
