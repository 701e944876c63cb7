package org.edgeai.platform;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One in-process run of the {@code edgeai} command line for tests: exit code and captured streams.
 *
 * @param code the exit code
 * @param out  standard output
 * @param err  standard error
 */
public record CliRun(int code, String out, String err) {
    /** @return the result of {@code edgeai args...} on a fresh command line */
    public static CliRun run(String... args) {
        CommandLine cl = Cli.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
