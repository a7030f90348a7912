package org.openrouterproxy.cli.chat;

import java.io.PrintWriter;

/**
 * A failed chat request, already phrased for the user: one line plus a hint, and the exit code it maps to.
 * {@link #detail()} holds what {@code -v} adds (a response body, a cause).
 */
public final class ChatFailure extends Exception {
    private final int exitCode;
    private final String hint;
    private final String detail;

    ChatFailure(int exitCode, String message, String hint, String detail, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.hint = hint;
        this.detail = detail;
    }

    /** One of the {@code EXIT_*} codes of {@link ChatCommand}. */
    public int exitCode() {
        return exitCode;
    }

    /** What the user can do about it, or null. */
    public String hint() {
        return hint;
    }

    /** Extra detail shown with {@code -v}, or null. */
    public String detail() {
        return detail;
    }

    /** The one line printed on stderr: message and hint. */
    public String line() {
        return hint == null ? getMessage() : getMessage() + ": " + hint;
    }

    /** Prints the one line (prefixed {@code proxy chat: }); with {@code verbose} also the detail and the cause. */
    public void printTo(PrintWriter err, boolean verbose) {
        err.println("proxy chat: " + line());
        if (verbose) {
            if (detail != null) {
                err.println("  detail: " + detail);
            }
            if (getCause() != null) {
                getCause().printStackTrace(err);
            }
        }
        err.flush();
    }
}
