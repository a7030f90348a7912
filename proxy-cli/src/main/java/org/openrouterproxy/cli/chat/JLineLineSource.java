package org.openrouterproxy.cli.chat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.DumbTerminal;

/**
 * REPL input from a JLine terminal: line editing, history persisted in a file, bracketed paste (a multi-line
 * paste arrives as one input). Ctrl-C at the prompt discards the line; Ctrl-C while an answer streams runs the
 * {@link #onInterrupt} action.
 */
final class JLineLineSource implements LineSource {
    private final Terminal terminal;
    private final LineReader reader;

    private JLineLineSource(Terminal terminal, Path historyFile) {
        this.terminal = terminal;
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("proxy-chat")
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, true)
                .option(LineReader.Option.HISTORY_IGNORE_DUPS, true);
        if (historyFile != null && prepare(historyFile)) {
            builder.variable(LineReader.HISTORY_FILE, historyFile);
        }
        this.reader = builder.build();
    }

    /** Input from the process's own terminal. */
    static JLineLineSource system(Path historyFile) throws IOException {
        Terminal t = TerminalBuilder.builder().system(true).nativeSignals(true).name("proxy-chat").build();
        return new JLineLineSource(t, historyFile);
    }

    /** Input from given streams through a dumb terminal (tests; no signals). */
    static JLineLineSource streams(InputStream in, OutputStream out, Path historyFile) throws IOException {
        return new JLineLineSource(new DumbTerminal("proxy-chat", Terminal.TYPE_DUMB, in, out,
                StandardCharsets.UTF_8), historyFile);
    }

    @Override
    public String readLine(String prompt) throws IOException {
        try {
            return reader.readLine(prompt);
        } catch (UserInterruptException e) {
            throw new InterruptedIOException("interrupted at the prompt");
        } catch (EndOfFileException e) {
            return null;
        }
    }

    @Override
    public void onInterrupt(Runnable action) {
        terminal.handle(Terminal.Signal.INT, signal -> action.run());
    }

    @Override
    public void close() {
        try {
            reader.getHistory().save();
        } catch (IOException | RuntimeException ignored) {
            // history is a convenience; losing it must not fail the session
        }
        try {
            terminal.close();
        } catch (IOException ignored) {
            // nothing left to do with a terminal that will not close
        }
    }

    private static boolean prepare(Path historyFile) {
        try {
            Files.createDirectories(historyFile.toAbsolutePath().getParent());
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
