package org.edgeai.nas.search;

import org.edgeai.kernel.Progress;
import org.edgeai.nas.space.NetworkSpec;

/**
 * Measures a candidate's accuracy: short training on the task (multishot) in production
 * ({@code org.edgeai.nas.train}), a synthetic function in tests.
 *
 * @implNote Implementations need not be thread-safe: the searches and experiments of this module call an
 *           evaluator from the caller's thread, one candidate at a time (Jenetics runs with a same-thread
 *           executor). {@code org.edgeai.nas.train.ShortTrainer}, the production one, is not thread-safe.
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

    /**
     * What this evaluator's accuracies depend on besides the network and the seed, for the journals that make
     * searches resumable ({@link org.edgeai.nas.internal.Journal#requireSettings}): two evaluators with equal settings
     * must give equal accuracies. Empty (the default) means "not known": such journals are not bound to settings.
     *
     * @return settings, e.g. {@code epochs=3 batch=128 lr=0.01 train=10000 test=2000}
     */
    default String journalSettings() {
        return "";
    }
}
