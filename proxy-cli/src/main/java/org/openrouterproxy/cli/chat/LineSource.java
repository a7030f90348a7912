package org.openrouterproxy.cli.chat;

import java.io.IOException;

/** Where the REPL reads its input lines from: a JLine terminal, or plain lines from a stream (scripts, tests). */
public interface LineSource extends AutoCloseable {
    /**
     * The next line typed, without its line terminator; null at the end of input (Ctrl-D).
     *
     * @throws java.io.InterruptedIOException when the user pressed Ctrl-C at the prompt (discard the input)
     */
    String readLine(String prompt) throws IOException;

    /** Runs {@code action} whenever the user presses Ctrl-C while no line is being read (default: never). */
    default void onInterrupt(Runnable action) {
    }

    @Override
    default void close() {
    }
}
