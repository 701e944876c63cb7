package org.edgeai.kernel;

/**
 * Progress of long work (training, search, solving), reported by capability code and rendered by
 * the caller (a console line in the CLI, a streamed message over gRPC). Implementations must be
 * cheap and must not throw; report at most a few times per second.
 */
@FunctionalInterface
public interface Progress {
    /** Discards every report. */
    Progress NONE = (task, done, total, detail) -> { };

    /**
     * @param task   what is running, e.g. {@code "train"} or {@code "lm"}
     * @param done   units completed so far
     * @param total  total units, or -1 when unknown
     * @param detail a short human-readable status (loss, chi2, ...), may be empty
     */
    void report(String task, long done, long total, String detail);

    /**
     * @return true when the caller asked to stop (cancellation); long loops check it between steps
     *         and end with a "cancelled" status rather than an exception (work with no partial result to return,
     *         such as an estimator fit, throws {@link java.util.concurrent.CancellationException} and says so)
     */
    default boolean cancelled() {
        return false;
    }

    /**
     * @param stop asked between steps; true means stop (e.g. {@code ctx::isCancelled} of a gRPC call)
     * @return a progress that discards reports and is cancelled when {@code stop} says so
     */
    static Progress cancelledWhen(java.util.function.BooleanSupplier stop) {
        java.util.Objects.requireNonNull(stop, "stop");
        return new Progress() {
            @Override
            public void report(String task, long done, long total, String detail) {
            }

            @Override
            public boolean cancelled() {
                return stop.getAsBoolean();
            }
        };
    }
}
