package org.openrouterproxy.cli.chat;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Future;

/**
 * Cancels one in-flight answer from another thread (Ctrl-C): cancels the pending request, or closes the response
 * body so the HTTP connection is dropped and the proxy aborts its upstream request.
 */
public final class AnswerCancel {
    private volatile boolean cancelled;
    private volatile Future<?> pending;
    private volatile InputStream body;

    /** Cancels the answer; safe to call at any time, from any thread, more than once. */
    public void cancel() {
        cancelled = true;
        Future<?> f = pending;
        if (f != null) {
            f.cancel(true);
        }
        closeQuietly(body);
    }

    /** True once {@link #cancel()} was called. */
    public boolean isCancelled() {
        return cancelled;
    }

    void attach(Future<?> request) {
        pending = request;
        if (cancelled) {
            request.cancel(true);
        }
    }

    void attach(InputStream responseBody) {
        body = responseBody;
        if (cancelled) {
            closeQuietly(responseBody);
        }
    }

    private static void closeQuietly(InputStream in) {
        if (in == null) {
            return;
        }
        try {
            in.close();
        } catch (IOException ignored) {
            // closing is all we want; a failure here changes nothing for the user
        }
    }
}
