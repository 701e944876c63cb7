package org.edgeai.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
    private long nowNanos;

    @Test
    void printsAtMostOneLinePerSecondButAlwaysTheFinalReport() {
        StringWriter out = new StringWriter();
        ConsoleProgress p = new ConsoleProgress(new PrintWriter(out), Set.of(), () -> nowNanos);
        nowNanos = 5;
        p.report("solve", 1, 10, "chi2 3.5");      // first: printed
        nowNanos += ConsoleProgress.INTERVAL_NANOS - 1;
        p.report("solve", 2, 10, "chi2 2.5");      // within the second: dropped
        nowNanos += 1;
        p.report("solve", 3, 10, "");              // a second later: printed, no trailing detail
        nowNanos += 10;
        p.report("solve", 10, 10, "done");          // final: printed despite the throttle
        p.report("scan", 4, -1, "x");               // unknown total, throttled
        nowNanos += ConsoleProgress.INTERVAL_NANOS;
        p.report("scan", 5, -1, null);
        assertEquals(String.join(System.lineSeparator(), "[solve] 1/10 chi2 3.5", "[solve] 3/10", "[solve] 10/10 done", "[scan] 5/?", ""),
                out.toString());
    }

    @Test
    void unthrottledTasksPrintEveryReport() {
        StringWriter out = new StringWriter();
        ConsoleProgress p = new ConsoleProgress(new PrintWriter(out), Set.of("train"), () -> nowNanos);
        p.report("epoch 1", 1, 100, "loss 3");
        p.report("epoch 1", 2, 100, "loss 2");     // dropped
        p.report("train", 1, 20, "dev WER 40%");   // printed
        p.report("train", 2, 20, "dev WER 30%");   // printed
        assertEquals(String.join(System.lineSeparator(), "[epoch 1] 1/100 loss 3", "[train] 1/20 dev WER 40%", "[train] 2/20 dev WER 30%", ""),
                out.toString());
    }
}
