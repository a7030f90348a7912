package org.openrouterproxy.core;

/**
 * The one error type of the proxy: an HTTP status, an OpenAI error {@code type}, a stable {@code code}
 * and a client-safe message. Rendered by {@link ErrorBodies} as {@code {"error":{"message","type","code"}}}.
 * Never carries secrets: callers must not put keys or upstream credentials in the message.
 */
public final class ProxyError extends RuntimeException {
    private final int status;
    private final String type;
    private final String code;

    public ProxyError(int status, String type, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
    }

    public ProxyError(int status, String type, String code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
    }

    /** 400 {@code invalid_request_error} with the given code. */
    public static ProxyError badRequest(String code, String message) {
        return new ProxyError(400, "invalid_request_error", code, message);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String code() {
        return code;
    }
}
