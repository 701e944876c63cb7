package org.edgeai.platform.slam;

import picocli.CommandLine.Command;

/**
 * {@code edgeai slam}: pose-graph optimisation and bundle adjustment.
 *
 * @implNote Single-use picocli command object; not thread-safe.
 */
@Command(name = "slam", mixinStandardHelpOptions = true,
        description = "Pose-graph optimisation (g2o 2D/3D) and bundle adjustment (BAL) with fp64, fp32 and mixed-precision solvers.",
        subcommands = {SlamOptimizeCommand.class, SlamBenchCommand.class})
public final class SlamCommand {
}
