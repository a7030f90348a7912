package org.openrouterproxy.cli;

import org.openrouterproxy.cli.chat.ChatCommand;
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
                ChatCommand.class,
                BenchCommand.class,
                UsageCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    /** Builds the command line with every subcommand registered; tests use it too. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setParameterExceptionHandler(Main::usageError);
    }

    /** A usage error is one line naming the problem and where help is, then exit code 2 (no help dump). */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String path = cmd.getCommandSpec().qualifiedName(" ");
        cmd.getErr().println(path + ": " + e.getMessage() + " (see '" + path + " --help')");
        cmd.getErr().flush();
        return ExitCodes.CONFIG_ERROR;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
