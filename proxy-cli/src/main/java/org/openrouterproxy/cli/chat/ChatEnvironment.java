package org.openrouterproxy.cli.chat;

import java.io.Console;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

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

    /** The real process environment (probes whether stdin is a terminal, so create it only when needed). */
    public static ChatEnvironment system() {
        return new ChatEnvironment(System.getenv(), Path.of("").toAbsolutePath(),
                Path.of(System.getProperty("user.home")), System.in, stdinIsATerminal());
    }

    /** The REPL history file under {@link #home()}. */
    public Path historyFile() {
        return home.resolve(".openrouter-proxy").resolve("chat_history");
    }

    /**
     * Asks JLine's terminal providers whether file descriptor 0 is a terminal (isatty), so that
     * {@code proxy chat "q" > answer.txt} still sees its terminal stdin; falls back to {@code System.console()}.
     */
    private static boolean stdinIsATerminal() {
        for (String provider : List.of("jni", "ffm", "exec")) {
            try {
                return TerminalProvider.load(provider).isSystemStream(SystemStream.Input);
            } catch (Throwable e) {
                // try the next provider: natives may be missing or native access denied
            }
        }
        return consoleIsTerminal();
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
