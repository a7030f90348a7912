package org.openrouterproxy.server;

import org.openrouterproxy.core.ErrorBodies;
import org.openrouterproxy.core.ProxyError;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerResponse;

/** Writes {@link ProxyError}s to clients as OpenAI-style JSON, the only way errors leave the proxy. */
final class ErrorResponses {
    private ErrorResponses() {
    }

    /** Sends {@code e} as {@code {"error":{...}}} with its status, unless the response has already started. */
    static void send(ServerResponse res, ProxyError e) {
        if (res.isSent()) {
            return;
        }
        res.status(e.status());
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(ErrorBodies.json(e));
    }

    static ProxyError unauthorized(String message) {
        return new ProxyError(401, "authentication_error", "invalid_api_key", message);
    }

    static ProxyError notFound(String message) {
        return new ProxyError(404, "invalid_request_error", "not_found", message);
    }

    static ProxyError internal() {
        return new ProxyError(500, "server_error", "internal_error", "internal proxy error");
    }
}
