package org.openrouterproxy.server;

/** Writing to the client failed: it disconnected. The request path stops and closes its upstream response. */
final class ClientGone extends RuntimeException {
    ClientGone(Throwable cause) {
        super("client disconnected", cause, false, false);
    }
}
