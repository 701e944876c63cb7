package org.edgeai.platform;

import java.nio.file.Path;
import org.edgeai.kernel.DataDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The root {@code edgeai} command. Capability issues add their subcommands to the list below.
 *
 * @implNote Single-use picocli command object; not thread-safe.
 */
@Command(name = "edgeai",
        mixinStandardHelpOptions = true,
        versionProvider = Versions.Provider.class,
        description = "Speech and robotics AI on small devices: one kernel, many capabilities.",
        subcommands = {
                InfoCommand.class,
                DemoCommand.class,
                ServeCommand.class,
                org.edgeai.platform.accel.SimCommand.class,
                org.edgeai.platform.nas.NasCommand.class,
                org.edgeai.platform.asr.AsrCommand.class,
                org.edgeai.platform.slam.SlamCommand.class,
                org.edgeai.platform.enhance.DenoiseCommand.class,
                picocli.CommandLine.HelpCommand.class,
        })
public final class EdgeaiCommand {

    @Option(names = "--data-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Data directory (default: $EDGEAI_DATA, else ../shared/data next to the repository).")
    private String dataDir;

    /** @return the resolved data directory (see {@link DataDirectory#resolve}) */
    public Path dataDir() {
        return DataDirectory.resolve(dataDir);
    }
}
