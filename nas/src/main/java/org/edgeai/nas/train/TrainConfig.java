package org.edgeai.nas.train;

/**
 * Short-training settings for a candidate (multishot accuracy).
 *
 * @param epochs         passes over the training set, &gt;= 1
 * @param batchSize      examples per step, &gt;= 1
 * @param learningRate   Adam learning rate (Kingma and Ba, ICLR 2015), &gt; 0, cosine-decayed towards 0 over the
 *                       run (Loshchilov and Hutter, ICLR 2017, without restarts)
 * @param budgetSeconds  wall-clock budget of one candidate's training, &gt; 0 (may be infinite): training
 *                       stops at the first step past it and the candidate is evaluated as it is. A budget
 *                       that cuts trainings makes accuracy depend on the machine's load (a candidate
 *                       trained while another job shares the cores completes fewer steps, and its cosine
 *                       schedule never decays); for comparable accuracies keep it a safety limit
 * @param threads        PyTorch intra-op threads, 1 or 2 (the machine is shared)
 * @param trainLimit     use at most this many training examples (0 = all)
 * @param testLimit      evaluate on at most this many test examples (0 = all)
 * @implNote Immutable; thread-safe.
 */
public record TrainConfig(int epochs, int batchSize, double learningRate, double budgetSeconds, int threads, int trainLimit,
                          int testLimit) {
    /** @throws IllegalArgumentException naming the bad value */
    public TrainConfig {
        if (epochs < 1 || batchSize < 1 || !(learningRate > 0) || !(budgetSeconds > 0) || threads < 1 || threads > 2
                || trainLimit < 0 || testLimit < 0) {
            throw new IllegalArgumentException("invalid training settings: epochs " + epochs + ", batch " + batchSize + ", lr "
                    + learningRate + ", budget " + budgetSeconds + " s, threads " + threads + " (1..2), limits " + trainLimit + "/" + testLimit);
        }
    }

    /** @return the candidate setting: 3 epochs of the 10k subset, batch 128, lr 3e-3, 120 s budget, 2 threads */
    public static TrainConfig candidate() {
        return new TrainConfig(3, 128, 3e-3, 120, 2, 0, 0);
    }
}
