package org.openrouterproxy.server;

/** Per-client request admission: one token per request from the client's bucket, or how long to wait. */
interface ClientLimiter {
    /** Takes one token for {@code identity} (a key id or {@code ip-<address>}), or says how long to wait. */
    RateLimiter.Decision acquire(String identity);
}
