package org.openrouterproxy.cli.chat;

import java.io.Console;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code proxy chat} takes from the process around it, injectable so tests control it.
 *
 * @param env             environment variables
 * @param workingDir      where {@code .env} is read and {@code /save} writes relative paths
 * @param home            the user's home; REPL history lives in {@code home/.openrouter-proxy/chat_history}
 * @param stdin           standard input
 * @param stdinIsTerminal true when stdin is an interactive terminal (then it is not read as a prompt)
 */
public record ChatEnvironment(Map<String, String> env, Path workingDir, Path home, InputStream stdin,
                              boolean stdinIsTerminal) {

    /** The real process environment. */
    public static ChatEnvironment system() {
        return new ChatEnvironment(System.getenv(), Path.of("").toAbsolutePath(),
                Path.of(System.getProperty("user.home")), System.in, consoleIsTerminal());
    }

    /** The REPL history file under {@link #home()}. */
    public Path historyFile() {
        return home.resolve(".openrouter-proxy").resolve("chat_history");
    }

    /** {@code System.console()} is not null on a terminal; JDK 22+ may return one anyway, so ask isTerminal(). */
    private static boolean consoleIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        }
    }
}
