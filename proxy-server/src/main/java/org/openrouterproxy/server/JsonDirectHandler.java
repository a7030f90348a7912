package org.openrouterproxy.server;

import org.openrouterproxy.core.ErrorBodies;
import org.openrouterproxy.core.ProxyError;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;

/**
 * Renders the errors Helidon answers before routing (malformed request, headers over the limit, URI too long,
 * body over the listener's payload limit) as OpenAI-style JSON instead of Helidon's plain text. Helidon reports
 * oversized headers as a 400 "Header size exceeded"; this handler answers them with 431. Never echoes request
 * data.
 */
final class JsonDirectHandler implements DirectHandler {
    static final String HEADER_SIZE_EXCEEDED = "Header size exceeded";

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
                                    ServerResponseHeaders responseHeaders, String message) {
        ProxyError e = toError(eventType, defaultStatus.code(), message);
        responseHeaders.set(HeaderValues.CONTENT_TYPE_JSON);
        return TransportResponse.builder()
                .status(Status.create(e.status()))
                .headers(responseHeaders)
                .entity(ErrorBodies.json(e))
                .build();
    }

    static ProxyError toError(EventType type, int status, String message) {
        if (message != null && message.contains(HEADER_SIZE_EXCEEDED)) {
            return new ProxyError(431, "invalid_request_error", "request_headers_too_large",
                    "request headers exceed the limit (" + GuardKeys.MAX_HEADER_BYTES + ")");
        }
        return switch (status) {
            case 413 -> new ProxyError(413, "invalid_request_error", "request_too_large",
                    "request body exceeds the limit (" + SettingKeys.MAX_BODY_BYTES + ")");
            case 414 -> new ProxyError(414, "invalid_request_error", "uri_too_long", "request line is too long");
            case 503 -> new ProxyError(503, "server_error", "overloaded", "proxy is at capacity; retry shortly");
            case 505 -> new ProxyError(505, "invalid_request_error", "http_version_not_supported",
                    "HTTP version not supported");
            default -> status >= 500
                    ? new ProxyError(status, "server_error", "internal_error", "internal proxy error")
                    : new ProxyError(status, "invalid_request_error", type == EventType.FORBIDDEN ? "forbidden"
                            : "bad_request", "malformed HTTP request");
        };
    }
}
