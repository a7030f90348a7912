package org.openrouterproxy.server;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;

import org.openrouterproxy.core.ProxyError;
import org.openrouterproxy.core.SseEvent;
import org.openrouterproxy.core.SseEventReader;

/**
 * Copies one upstream event stream to the client event by event: each event's exact bytes, then a flush, so no
 * token waits in a buffer. Data events that carry {@code usage} are read for metrics. The first event is read on
 * its own ({@link #first()}) so that a stream broken before it still gets a JSON error. Upstream failures (broken,
 * truncated, oversized event, idle timeout, a chat stream ending with neither {@code [DONE]} nor an error event)
 * become a {@link ProxyError} for the caller to send as an error event; client write failures become
 * {@link ClientGone}.
 */
final class SseCopier {
    private final SseEventReader reader;
    private final UsageTap usageTap;
    private final Exchange ex;
    private final boolean expectDone;
    /** True once {@code [DONE]} or an upstream error event (which OpenRouter sends last, instead of it) passed. */
    private boolean sawEnd;

    /**
     * @param usageTap   reads usage for metrics, or null
     * @param expectDone true for chat/completions streams, which must end with {@code data: [DONE]}
     */
    SseCopier(SseEventReader reader, UsageTap usageTap, Exchange ex, boolean expectDone) {
        this.reader = reader;
        this.usageTap = usageTap;
        this.ex = ex;
        this.expectDone = expectDone;
    }

    /** Reads the first event; null for an empty stream that needs no {@code [DONE]}. */
    SseEvent first() {
        SseEvent e = next();
        if (e == null && expectDone) {
            throw truncated("upstream event stream ended before its first event");
        }
        return e;
    }

    /** Writes {@code first} (if any) and every following event to {@code out}, flushing after each. */
    void run(OutputStream out, SseEvent first) {
        SseEvent event = first;
        while (event != null) {
            write(out, event.raw());
            if (event.isDone() || event.isError()) {
                sawEnd = true;
            } else if (usageTap != null && event.containsAscii(UsageTap.USAGE_FIELD)) {
                usageTap.fromEventData(event.data(), ex);
            }
            event = next();
        }
        if (expectDone && !sawEnd) {
            throw truncated("upstream event stream ended early, without its final DONE event");
        }
    }

    private static ProxyError truncated(String message) {
        return new ProxyError(502, "upstream_error", "upstream_truncated", message);
    }

    private SseEvent next() {
        try {
            return reader.next();
        } catch (EOFException e) {
            throw new ProxyError(502, "upstream_error", "upstream_truncated", "upstream stream ended mid-event", e);
        } catch (ProxyError e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw ResponseRelay.bodyFailure(e);
        }
    }

    private static void write(OutputStream out, byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException | RuntimeException e) {
            throw new ClientGone(e);
        }
    }
}
