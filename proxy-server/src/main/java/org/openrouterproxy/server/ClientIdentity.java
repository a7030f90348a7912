package org.openrouterproxy.server;

import org.openrouterproxy.core.ProxyError;

import io.helidon.webserver.http.ServerRequest;

/**
 * Who a request counts against for rate limiting: the client key id ({@code key-1a2b3c4d}, as in the access log)
 * when the request carries a valid proxy key or, in pass-through mode, any bearer key; otherwise the client's IP
 * address ({@code ip-127.0.0.1}), so that requests with wrong keys are limited too.
 */
final class ClientIdentity {
    private final ClientAuth auth;

    ClientIdentity(ClientAuth auth) {
        this.auth = auth;
    }

    String of(ServerRequest req, Exchange ex) {
        try {
            String id = auth.authenticate(req, ex).keyId();
            if (!id.equals("anon")) {
                return id;
            }
        } catch (ProxyError e) {
            // no or wrong key: the handler answers 401; the address is what we can limit
        }
        return "ip-" + AccessLog.safe(req.remotePeer().host(), 64);
    }
}
