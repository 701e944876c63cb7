package org.edgeai.platform;

import picocli.CommandLine.Option;

/**
 * Mixin for the {@code --json} flag every result-producing command has.
 *
 * @implNote Single-use picocli mixin object; not thread-safe.
 */
public final class JsonOption {
    @Option(names = "--json", description = "Print machine-readable JSON instead of a table.")
    boolean json;

    /** @return true when {@code --json} was given */
    public boolean json() {
        return json;
    }
}
