package org.openrouterproxy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code proxy} launcher. */
@Command(name = "proxy",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "OpenAI-compatible proxy for OpenRouter with automatic prompt-caching markers.",
        subcommands = {
                ServeCommand.class,
                MockUpstreamCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    /** Builds the command line with every subcommand registered; tests use it too. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
