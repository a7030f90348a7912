package org.openrouterproxy.cli;

/** Exit codes of the server commands ({@code proxy serve}, {@code proxy mock-upstream}). */
public final class ExitCodes {
    /** Stopped normally. */
    public static final int OK = 0;
    /** The server could not start (port in use, bind refused, ...). */
    public static final int START_FAILED = 1;
    /** Invalid configuration or usage. */
    public static final int CONFIG_ERROR = 2;

    private ExitCodes() {
    }
}
