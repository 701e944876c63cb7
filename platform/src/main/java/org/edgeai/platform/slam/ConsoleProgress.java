package org.edgeai.platform.slam;

import java.io.PrintWriter;
import org.edgeai.kernel.Progress;

/** Prints progress reports to stderr, at most one line per second per task. */
final class ConsoleProgress implements Progress {
    private final PrintWriter err;
    private long last;

    ConsoleProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void report(String task, long done, long total, String detail) {
        long now = System.nanoTime();
        if (now - last < 1_000_000_000L && done != total) {
            return;
        }
        last = now;
        err.printf("[%s] %d%s %s%n", task, done, total > 0 ? "/" + total : "", detail);
        err.flush();
    }
}
