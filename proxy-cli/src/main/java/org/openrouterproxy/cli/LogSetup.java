package org.openrouterproxy.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.logging.LogManager;

/** Gives the server commands a one-line log format unless the user configured java.util.logging themselves. */
final class LogSetup {
    private static final String RESOURCE = "serve-logging.properties";

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
}
