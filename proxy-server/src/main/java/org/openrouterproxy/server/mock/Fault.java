package org.openrouterproxy.server.mock;

import java.time.Duration;
import java.util.Locale;

/**
 * One scripted behaviour of {@link FaultyUpstream} for one connection: how it (mis)answers at the byte level.
 * Build with the static factories, e.g. {@code Fault.status(429).retryAfter("1")} or {@code Fault.resetMidStream()}.
 *
 * @param kind       what goes wrong
 * @param status     the HTTP status for {@link Kind#STATUS} and {@link Kind#ERROR_PAGE}
 * @param retryAfter the {@code Retry-After} header value to send, or null
 * @param delay      how long to wait before sending the response head (and, for stalls, how long to stall)
 */
public record Fault(Kind kind, int status, String retryAfter, Duration delay) {
    /** A stall with no explicit length lasts until the peer closes or the upstream stops (bounded for safety). */
    public static final Duration FOREVER = Duration.ofMinutes(2);

    /** The ways a response can go wrong. */
    public enum Kind {
        /** A correct answer: JSON with Content-Length, or a chunked event stream ending in {@code [DONE]}. */
        OK,
        /**
         * A correct JSON answer on a keep-alive connection that upstream then closes after {@code delay} of idleness
         * (default 100 ms), as servers and load balancers do: the client's pooled connection goes stale.
         */
        OK_THEN_IDLE_CLOSE,
        /** Close the connection right after accepting it, without reading the request. */
        CLOSE_ON_ACCEPT,
        /** Read the request, then close (FIN) without any response. */
        CLOSE_AFTER_REQUEST,
        /** Read the request, then reset (RST, SO_LINGER 0) without any response. */
        RESET_BEFORE_HEADERS,
        /** Send the response head, then reset. */
        RESET_AFTER_HEADERS,
        /** Send the head and part of the body (a few events, or half the JSON), then reset. */
        RESET_MID_STREAM,
        /** Read the request and send nothing for {@code delay}, then close. */
        STALL_BEFORE_HEADERS,
        /** Send the head and part of the body, then nothing for {@code delay}, then close. */
        STALL_MID_STREAM,
        /** JSON with a Content-Length larger than the bytes sent, then close. */
        TRUNCATED_BODY,
        /** An event stream cut in the middle of an event (no chunked terminator, no {@code [DONE]}), then close. */
        TRUNCATED_STREAM,
        /** A well-framed event stream that ends cleanly but without {@code data: [DONE]}. */
        MISSING_DONE,
        /** A correct answer sent a few bytes at a time with a pause between writes. */
        SLOW_DRIP,
        /** An HTML error page with {@code status} (e.g. 502, 503), as a load balancer sends it. */
        ERROR_PAGE,
        /** 200 with {@code text/html} and an HTML page, whatever the request asked for. */
        WRONG_CONTENT_TYPE,
        /** 200 {@code application/json} whose body is not JSON. */
        NON_JSON_200,
        /** Bytes that are not HTTP at all, then close. */
        GARBAGE,
        /** 200 event stream whose first data event is about 9 MiB long. */
        HUGE_SSE_EVENT,
        /** An OpenRouter-style JSON error with {@code status} and optional {@code Retry-After}. */
        STATUS
    }

    /** Size of the event sent by {@link Kind#HUGE_SSE_EVENT}. */
    public static final int HUGE_EVENT_BYTES = 9 * 1024 * 1024;

    public Fault {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required");
        }
        delay = delay == null ? Duration.ZERO : delay;
    }

    public static Fault ok() {
        return of(Kind.OK);
    }

    public static Fault of(Kind kind) {
        int status = switch (kind) {
            case ERROR_PAGE -> 502;
            case STATUS -> 500;
            default -> 200;
        };
        Duration d = kind == Kind.STALL_BEFORE_HEADERS || kind == Kind.STALL_MID_STREAM ? FOREVER
                : kind == Kind.OK_THEN_IDLE_CLOSE ? Duration.ofMillis(100) : Duration.ZERO;
        return new Fault(kind, status, null, d);
    }

    /** An OpenRouter-style JSON error answer with this status. */
    public static Fault status(int status) {
        return new Fault(Kind.STATUS, status, null, Duration.ZERO);
    }

    /** An HTML error page with this status. */
    public static Fault errorPage(int status) {
        return new Fault(Kind.ERROR_PAGE, status, null, Duration.ZERO);
    }

    public static Fault resetMidStream() {
        return of(Kind.RESET_MID_STREAM);
    }

    /** The same fault with a {@code Retry-After} header (seconds or an HTTP date). */
    public Fault retryAfter(String value) {
        return new Fault(kind, status, value, delay);
    }

    /** The same fault after waiting {@code d} before the response head (for stalls: the stall length). */
    public Fault after(Duration d) {
        return new Fault(kind, status, retryAfter, d);
    }

    /**
     * The fault a model name asks for, so that tools without access to the script can trigger one:
     * {@code fault/reset-mid-stream}, {@code fault/status-503}, {@code fault/error-page-502}; null otherwise.
     */
    public static Fault forModel(String model) {
        if (model == null || !model.startsWith("fault/")) {
            return null;
        }
        String name = model.substring("fault/".length()).toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            if (name.startsWith("STATUS_")) {
                return status(Integer.parseInt(name.substring(7)));
            }
            if (name.startsWith("ERROR_PAGE_")) {
                return errorPage(Integer.parseInt(name.substring(11)));
            }
            return of(Kind.valueOf(name));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
