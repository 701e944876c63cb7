package org.edgeai.asr.loss;

/**
 * The loss of one sequence.
 *
 * @param negLogLikelihood {@code -ln p(y|x)} in nats; {@code +Infinity} when no alignment exists
 * @param feasible false when the label sequence cannot be aligned to the input (too short); the
 *                 gradient is then all zeros and the sequence should be skipped
 */
public record LossResult(double negLogLikelihood, boolean feasible) {
}
