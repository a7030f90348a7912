package org.openrouterproxy.server;

import java.util.logging.Level;
import java.util.logging.Logger;

import org.openrouterproxy.core.ProxyError;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * A route handler that gets the request's {@link Exchange}; {@link #guard} turns every failure into JSON, an
 * {@link OutOfMemoryError} included (503 {@code overloaded} with {@code Retry-After}, never a plain-text 500).
 */
@FunctionalInterface
interface ExchangeHandler {
    Logger LOG = Logger.getLogger(ExchangeHandler.class.getName());
    /** Status recorded for a request whose client disconnected before the response started. */
    Status CLIENT_CLOSED = Status.create(499, "Client Closed Request");

    void handle(ServerRequest req, ServerResponse res, Exchange ex);

    /** Labels the exchange with {@code route} and renders any {@link ProxyError} (or an unexpected failure). */
    static Handler guard(Route route, ExchangeHandler h) {
        return (req, res) -> {
            Exchange ex = ExchangeFilter.of(req);
            ex.route = route;
            try {
                h.handle(req, res, ex);
            } catch (ProxyError e) {
                send(res, ex, e);
            } catch (ClientGone e) {
                ex.clientAborted = true;
                closeAfterClientLeft(res, ex);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "request " + ex.requestId + " failed: " + e.getClass().getName());
                LOG.log(Level.FINE, "request " + ex.requestId + " failure detail", e);
                send(res, ex, ErrorResponses.internal());
            } catch (OutOfMemoryError e) {
                ex.budget.close();
                LOG.log(Level.WARNING, "request " + ex.requestId + " ran out of heap; answered 503");
                send(res, ex, new ProxyError(503, "server_error", BodyBudget.OVERLOADED,
                        "proxy is low on memory; retry shortly"));
            }
        };
    }

    /**
     * Ends a request whose client left before its response started with {@code 499} and {@code Connection: close}
     * (nginx's "client closed request"), so that the access log and metrics show it and Helidon has a response.
     */
    private static void closeAfterClientLeft(ServerResponse res, Exchange ex) {
        if (ex.responseStarted || res.isSent()) {
            return;
        }
        try {
            res.status(CLIENT_CLOSED);
            res.header(HeaderValues.CONNECTION_CLOSE);
            res.send();
        } catch (RuntimeException alreadyGone) {
            // nobody is listening: that was the point
        }
    }

    private static void send(ServerResponse res, Exchange ex, ProxyError e) {
        if (ex.responseStarted || res.isSent()) {
            return;
        }
        try {
            if (e.status() == 503 && BodyBudget.OVERLOADED.equals(e.code())) {
                res.header(HeaderNames.RETRY_AFTER, "1");
            }
            if (e.status() == 408) {
                // the rest of a trickled body is still unread: this connection cannot carry another request
                res.header(HeaderValues.CONNECTION_CLOSE);
            }
            ErrorResponses.send(res, e);
        } catch (RuntimeException sendFailed) {
            ex.clientAborted = true;
        }
    }
}
