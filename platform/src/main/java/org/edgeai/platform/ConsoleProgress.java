package org.edgeai.platform;

import java.io.PrintWriter;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import org.edgeai.kernel.Progress;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The CLI's {@link Progress}: prints reports to the command's error stream as
 * {@code [task] done/total detail} ({@code ?} for an unknown total, no trailing detail when it is
 * empty), at most one line per second across all tasks. A final report ({@code done == total}) and
 * every report of a task named as unthrottled are always printed.
 *
 * @implNote Thread-safe ({@link #report} is synchronized: capability code may report from worker
 *           threads). Never cancels ({@link Progress#cancelled()} stays false).
 */
public final class ConsoleProgress implements Progress {
    /** Shortest interval between two throttled lines: 1 s in nanoseconds. */
    static final long INTERVAL_NANOS = 1_000_000_000L;

    private final PrintWriter err;
    private final Set<String> unthrottledTasks;
    private final LongSupplier nanoClock;
    private long lastNanos;
    private boolean printed;

    /**
     * @param err where the lines go (flushed after each line)
     * @throws NullPointerException if {@code err} is null
     */
    public ConsoleProgress(PrintWriter err) {
        this(err, Set.of());
    }

    /**
     * @param err              where the lines go (flushed after each line)
     * @param unthrottledTasks tasks whose every report is printed (e.g. one line per training epoch);
     *                         copied
     * @throws NullPointerException if an argument or a task name is null
     */
    public ConsoleProgress(PrintWriter err, Set<String> unthrottledTasks) {
        this(err, unthrottledTasks, System::nanoTime);
    }

    ConsoleProgress(PrintWriter err, Set<String> unthrottledTasks, LongSupplier nanoClock) {
        this.err = Objects.requireNonNull(err, "err");
        this.unthrottledTasks = Set.copyOf(unthrottledTasks);
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** @return a printer on the error stream of the command that {@code spec} describes */
    public static ConsoleProgress of(CommandSpec spec) {
        return new ConsoleProgress(spec.commandLine().getErr());
    }

    @Override
    public synchronized void report(String task, long done, long total, String detail) {
        long now = nanoClock.getAsLong();
        if (printed && now - lastNanos < INTERVAL_NANOS && done != total && !unthrottledTasks.contains(task)) {
            return;
        }
        printed = true;
        lastNanos = now;
        String line = "[" + task + "] " + done + "/" + (total < 0 ? "?" : Long.toString(total));
        err.println(detail == null || detail.isEmpty() ? line : line + " " + detail);
        err.flush();
    }
}
