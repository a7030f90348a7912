package org.openrouterproxy.server;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

import org.openrouterproxy.core.ProxyError;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;

/**
 * Sends one call upstream, trying again only where that cannot bill a generation twice: connection failures before
 * the request was sent, and 429/502/503/529 answers, while nothing has gone to the client yet. Every retry is
 * counted by reason. A failure after upstream read the request (reset, close, garbage) is never retried.
 */
final class UpstreamAttempts {
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final OpenRouterTransport transport;
    private final RetryPolicy policy;
    private final ProxyMetrics metrics;

    UpstreamAttempts(OpenRouterTransport transport, RetryPolicy policy, ProxyMetrics metrics) {
        this.transport = transport;
        this.policy = policy;
        this.metrics = metrics;
    }

    /**
     * The response to relay (the caller closes it): the first one that is not worth retrying, or the last one.
     *
     * @throws ProxyError when upstream could not be reached or answered no response at all (502/504), or when a
     *                    retryable answer arrived after the keep-alive had committed the stream
     */
    HttpClientResponse send(OpenRouterTransport.Call call, StreamKeepAlive.Session session) {
        for (int attempt = 0; ; attempt++) {
            HttpClientResponse up;
            try {
                up = transport.send(call);
            } catch (ProxyError e) {
                if (!isConnectFailure(e.getCause()) || !policy.mayRetry(attempt)
                        || session.committed()) {
                    metrics.upstreamFailure(e.status());
                    throw e;
                }
                metrics.upstreamRetry("connect");
                pause(policy.delay(attempt, null));
                continue;
            }
            int status = up.status().code();
            if (!RetryPolicy.retryableStatus(status) || !policy.mayRetry(attempt) || session.committed()) {
                return up;
            }
            Duration wait = policy.delay(attempt, up.headers().first(HeaderNames.RETRY_AFTER).orElse(null));
            if (wait == null) {
                return up;
            }
            ProxyError answer = drain(up, status);
            metrics.upstreamRetry(Integer.toString(status));
            pause(wait);
            if (session.committed()) {
                throw answer;
            }
        }
    }

    /** Reads (bounded) and closes a response we will not relay; returns it as an error for an event stream. */
    private static ProxyError drain(HttpClientResponse up, int status) {
        String contentType = up.headers().first(HeaderNames.CONTENT_TYPE).orElse(null);
        byte[] body;
        try (up; InputStream in = up.inputStream()) {
            body = in.readNBytes(MAX_ERROR_BODY);
        } catch (IOException | RuntimeException e) {
            body = new byte[0];
        }
        return UpstreamErrors.fromStatus(status, contentType, body);
    }

    /**
     * True when {@code e} happened while connecting, before any request byte was written: refused, unreachable,
     * unresolvable, or a connect timeout (thrown from the client's connect step).
     */
    static boolean isConnectFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.NoRouteToHostException
                    || t instanceof java.net.UnknownHostException) {
                return true;
            }
            for (StackTraceElement frame : t.getStackTrace()) {
                if (frame.getClassName().equals("io.helidon.webclient.api.TcpClientConnection")
                        && frame.getMethodName().equals("connect")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProxyError(503, "upstream_error", "shutting_down", "the proxy is shutting down");
        }
    }
}
