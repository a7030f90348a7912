package org.openrouterproxy.server;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.openrouterproxy.core.ProxyError;
import org.openrouterproxy.core.SseEvent;
import org.openrouterproxy.core.SseEventReader;

/**
 * Copies one upstream event stream to the client event by event: each event's exact bytes, then a flush, so no
 * token waits in a buffer. Data events that carry {@code usage} are read for metrics. Upstream failures (broken,
 * truncated, oversized event, idle timeout) become a {@link ProxyError} for the caller to send as an error
 * event; client write failures become {@link ClientGone}.
 */
final class SseCopier {
    static final int MAX_EVENT_BYTES = 16 * 1024 * 1024;

    private final InputStream in;
    private final OutputStream out;
    private final UsageTap usageTap;
    private final Exchange ex;

    SseCopier(InputStream in, OutputStream out, UsageTap usageTap, Exchange ex) {
        this.in = in;
        this.out = out;
        this.usageTap = usageTap;
        this.ex = ex;
    }

    void run() {
        SseEventReader reader = new SseEventReader(in, MAX_EVENT_BYTES);
        while (true) {
            SseEvent event = next(reader);
            if (event == null) {
                return;
            }
            write(event.raw());
            if (usageTap != null && event.containsAscii(UsageTap.USAGE_FIELD) && !event.isDone()) {
                usageTap.fromEventData(event.data(), ex);
            }
        }
    }

    private static SseEvent next(SseEventReader reader) {
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

    private void write(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException | RuntimeException e) {
            throw new ClientGone(e);
        }
    }
}
