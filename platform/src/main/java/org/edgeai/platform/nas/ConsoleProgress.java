package org.edgeai.platform.nas;

import java.io.PrintWriter;
import org.edgeai.kernel.Progress;

/** Prints progress to stderr at most once a second (plus the final report). */
final class ConsoleProgress implements Progress {
    private final PrintWriter err;
    private long lastNanos;

    ConsoleProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void report(String task, long done, long total, String detail) {
        long now = System.nanoTime();
        if (now - lastNanos < 1_000_000_000L && done != total) {
            return;
        }
        lastNanos = now;
        err.printf("[%s] %d/%s %s%n", task, done, total < 0 ? "?" : Long.toString(total), detail);
        err.flush();
    }
}
