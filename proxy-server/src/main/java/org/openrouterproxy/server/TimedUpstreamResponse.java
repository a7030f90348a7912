package org.openrouterproxy.server;

import java.io.InputStream;

import io.helidon.http.ClientResponseHeaders;
import io.helidon.http.ClientResponseTrailers;
import io.helidon.http.Status;
import io.helidon.http.media.ReadableEntity;
import io.helidon.webclient.api.ClientUri;
import io.helidon.webclient.api.HttpClientResponse;

/**
 * An upstream response under its {@link UpstreamDeadline}: the body stream is guarded (activity, timeout) and
 * closing the response ends the deadline before the connection goes back to the pool.
 */
final class TimedUpstreamResponse implements HttpClientResponse {
    private final HttpClientResponse delegate;
    private final UpstreamDeadline deadline;
    private InputStream body;

    TimedUpstreamResponse(HttpClientResponse delegate, UpstreamDeadline deadline) {
        this.delegate = delegate;
        this.deadline = deadline;
    }

    @Override
    public InputStream inputStream() {
        if (body == null) {
            body = deadline.guard(delegate.inputStream());
        }
        return body;
    }

    @Override
    public ReadableEntity entity() {
        return delegate.entity();
    }

    @Override
    public Status status() {
        return delegate.status();
    }

    @Override
    public ClientResponseHeaders headers() {
        return delegate.headers();
    }

    @Override
    public ClientResponseTrailers trailers() {
        return delegate.trailers();
    }

    @Override
    public ClientUri lastEndpointUri() {
        return delegate.lastEndpointUri();
    }

    @Override
    public void close() {
        deadline.finish();
        delegate.close();
    }
}
