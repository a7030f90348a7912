package org.openrouterproxy.server;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One line per request through {@code java.util.logging} (logger {@code org.openrouterproxy.access}; the log
 * formatter adds the time): request id, client key id (a short hash, never the key), method, path (no query),
 * status, model, stream, duration in ms, and tokens when upstream reported usage.
 * Disabled with {@code PROXY_ACCESS_LOG=false}.
 */
final class AccessLog {
    static final String LOGGER = "org.openrouterproxy.access";
    private static final Logger LOG = Logger.getLogger(LOGGER);

    private final boolean enabled;

    AccessLog(boolean enabled) {
        this.enabled = enabled;
    }

    void log(Exchange ex, String method, String path, int status, long nanos) {
        if (!enabled || !LOG.isLoggable(Level.INFO)) {
            return;
        }
        LOG.info(line(ex, method, path, status, nanos));
    }

    static String line(Exchange ex, String method, String path, int status, long nanos) {
        return "id=" + ex.requestId + " key=" + ex.keyId + " " + method + " " + safe(path, 200)
                + " " + status + " model=" + (ex.model == null ? "-" : safe(ex.model, 100))
                + " stream=" + ex.stream + " ms=" + nanos / 1_000_000
                + (ex.usage == null ? "" : " tokens=" + ex.usage.promptTokens() + "/" + ex.usage.completionTokens()
                        + " cached=" + ex.usage.cachedTokens())
                + (ex.clientAborted ? " client_aborted" : "");
    }

    /** Printable ASCII only, no spaces, bounded length: nothing a client sends can forge or bloat a log line. */
    static String safe(String s, int max) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), max));
        for (int i = 0; i < s.length() && sb.length() < max; i++) {
            char c = s.charAt(i);
            sb.append(c > 0x20 && c < 0x7f ? c : '_');
        }
        return sb.toString();
    }
}
