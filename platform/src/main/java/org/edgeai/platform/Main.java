package org.edgeai.platform;

import picocli.CommandLine;

/**
 * Entry point of the {@code edgeai} command line.
 *
 * @implNote Stateless; thread-safe: every {@link #run} builds its own command line and command objects.
 */
public final class Main {
    private Main() {
    }

    /**
     * Runs the command line and exits with its code (0 success, 1 failure, 2 usage error).
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        // Numbers in tables, JSON text, CSV journals and messages use '.' as the decimal mark whatever the
        // machine's locale (de_DE would print 0,1234, which the CSV readers would then split).
        java.util.Locale.setDefault(java.util.Locale.ROOT);
        System.exit(run(args));
    }

    /**
     * Runs the command line without exiting (used by tests).
     *
     * @return the exit code
     */
    public static int run(String... args) {
        return Cli.newCommandLine().execute(args);
    }
}
