package org.openrouterproxy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

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
     * With {@code PROXY_ACCESS_LOG=json}: access lines go to stderr as bare JSON objects, one per line, without
     * the time/level prefix, so log shippers can parse them; other log lines keep the one-line format.
     */
    static void bareJsonAccessLog() {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        Logger access = Logger.getLogger(ACCESS_LOGGER);
        ConsoleHandler h = new ConsoleHandler();
        h.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                return r.getMessage() + System.lineSeparator();
            }
        });
        access.addHandler(h);
        access.setUseParentHandlers(false);
    }
}
