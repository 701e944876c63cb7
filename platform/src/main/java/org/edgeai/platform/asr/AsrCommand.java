package org.edgeai.platform.asr;

import picocli.CommandLine.Command;

/**
 * {@code edgeai asr}: streaming speech recognition (train, transcribe, tune, check).
 *
 * @implNote Single-use picocli command object; not thread-safe.
 */
@Command(name = "asr", mixinStandardHelpOptions = true,
        description = "Streaming on-device speech recognition: train on AN4, transcribe files or manifests.",
        subcommands = {AsrTrainCommand.class, AsrTranscribeCommand.class, AsrCheckCommand.class, AsrTuneCommand.class, picocli.CommandLine.HelpCommand.class})
public final class AsrCommand {
}
