package org.edgeai.asr.train;

import java.nio.file.Path;

/**
 * Outcome of a training run.
 *
 * @param status        COMPLETED (epoch budget used), EARLY_STOPPED (patience ran out) or CANCELLED
 * @param epochsRun     epochs finished, including resumed ones
 * @param bestEpoch     epoch (1-based) of the exported model
 * @param bestDevWer    greedy dev WER of the exported model, in [0, inf)
 * @param bestDevCer    greedy dev CER of the exported model
 * @param modelF32      the exported f32 model file
 * @param modelI8       the exported int8 model file
 * @param seconds       wall-clock seconds of this invocation
 */
public record TrainReport(Status status, int epochsRun, int bestEpoch, double bestDevWer, double bestDevCer, Path modelF32,
                          Path modelI8, double seconds) {
    /** How training ended. */
    public enum Status {
        /** The epoch budget was used up. */
        COMPLETED,
        /** Dev WER did not improve for {@code patience} epochs. */
        EARLY_STOPPED,
        /** The wall-clock budget ran out. */
        TIME_LIMIT,
        /** {@link org.edgeai.kernel.Progress#cancelled()} asked to stop. */
        CANCELLED
    }
}
