package org.edgeai.platform.nas;

import picocli.CommandLine.Command;

/**
 * {@code edgeai nas}: latency estimation, validation and architecture search.
 *
 * @implNote Single-use picocli command object; not thread-safe.
 */
@Command(name = "nas", mixinStandardHelpOptions = true,
        description = "Accelerator-aware neural architecture search: latency estimator, searches, evaluation.",
        subcommands = {
                EstimateCommand.class,
                ValidateEstimatorCommand.class,
                Nb201BenchmarkCommand.class,
                SearchCommand.class,
                RulesCommand.class,
                FusedSweepCommand.class,
                SeedReachCommand.class,
                SeedTableCommand.class,
                RecheckCommand.class,
                ZeroShotCommand.class,
                ProxyCheckCommand.class,
                FewShotCommand.class,
        })
public final class NasCommand {
}
