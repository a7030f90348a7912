package org.openrouterproxy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.logging.LogManager;

import org.openrouterproxy.server.AsyncLogHandler;

/** Gives the server commands a one-line log format unless the user configured java.util.logging themselves. */
final class LogSetup {
    private static final String RESOURCE = "serve-logging.properties";
    /** The proxy's access logger (one line per request). */
    static final String ACCESS_LOGGER = "org.openrouterproxy.access";

    private LogSetup() {
    }

    static void oneLineFormat() {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        try (InputStream in = LogSetup.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                LogManager.getLogManager().readConfiguration(in);
            }
        } catch (IOException | RuntimeException e) {
            // keep the JDK's default logging
        }
    }

    /**
     * Access lines go to stderr through {@link AsyncLogHandler}, so a request never waits for the log: with
     * {@code PROXY_ACCESS_LOG=json} as bare JSON objects, one per line, without the time/level prefix (so log
     * shippers can parse them), otherwise in the same one-line format as every other log line.
     */
    static void accessLogOffThread(boolean bareJson) {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        AsyncLogHandler.installOnStderr(ACCESS_LOGGER, bareJson);
    }
}
