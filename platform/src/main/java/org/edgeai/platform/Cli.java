package org.edgeai.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Shared command-line plumbing: the command line factory, the data directory of the root command,
 * JSON output and error handling. Subcommands stay thin: parse options, call a capability API,
 * print a record as a table or as JSON.
 *
 * @implNote Thread-safe: the only shared state is the JSON mapper, configured once in the static
 *           initializer and thread-safe thereafter (callers of {@link #json()} must not reconfigure
 *           it). Each {@link #newCommandLine()} returns a new command line, which (like its command
 *           objects) is single-use and not thread-safe.
 */
public final class Cli {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private Cli() {
    }

    /** @return a configured command line for {@link EdgeaiCommand} */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new EdgeaiCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            // Bad input is reported as one clear line; unexpected failures keep their stack trace.
            if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
                    || ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException) {
                err.println("edgeai: " + describe(ex));
            } else {
                err.println("edgeai: unexpected error: " + ex);
                ex.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        return cl;
    }

    /**
     * @param ex a bad-input or I/O failure
     * @return its message, saying so when the cause is a file that is not UTF-8 text (the JDK's own
     *         message, {@code Input length = 1}, names neither the file nor the problem)
     */
    static String describe(Throwable ex) {
        String msg = ex.getMessage();
        for (Throwable c = ex; c != null; c = c.getCause()) {
            if (c instanceof org.edgeai.kernel.io.TextFiles.NotTextException) {
                return msg;
            }
            if (c instanceof java.nio.charset.CharacterCodingException) {
                return msg + " (an input is not UTF-8 text: binary or wrongly encoded file)";
            }
        }
        return msg;
    }

    /** @return the data directory chosen on the root command (or its defaults) */
    public static Path dataDir(CommandSpec spec) {
        return ((EdgeaiCommand) spec.root().userObject()).dataDir();
    }

    /** @return the shared JSON mapper: records serialize as JSON objects with snake_case field names */
    public static ObjectMapper json() {
        return JSON;
    }

    /**
     * Prints {@code value} as indented JSON (snake_case field names) on the command's standard
     * output and flushes it.
     *
     * @throws IllegalStateException if {@code value} cannot be serialized
     */
    public static void printJson(CommandSpec spec, Object value) {
        PrintWriter out = spec.commandLine().getOut();
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize result as JSON: " + e.getMessage(), e);
        }
        out.flush();
    }
}
