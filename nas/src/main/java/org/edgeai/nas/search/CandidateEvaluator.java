package org.edgeai.nas.search;

import org.edgeai.kernel.Progress;
import org.edgeai.nas.space.NetworkSpec;

/**
 * Measures a candidate's accuracy: short training on the task (multishot) in production
 * ({@code org.edgeai.nas.train}), a synthetic function in tests.
 */
@FunctionalInterface
public interface CandidateEvaluator {
    /**
     * @param spec     the candidate
     * @param seed     seed of the evaluation (initialisation, data order)
     * @param progress receives training progress; {@link Progress#cancelled()} stops early
     * @return test accuracy, %
     */
    double accuracy(NetworkSpec spec, long seed, Progress progress);
}
