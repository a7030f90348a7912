package org.openrouterproxy.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.openrouterproxy.core.ProxyError;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/**
 * Authenticates a client by its bearer token and decides which key goes upstream (issue 2 access modes 1-3).
 * Client keys are compared as SHA-256 digests with {@link MessageDigest#isEqual}: constant time, fixed length.
 */
final class ClientAuth {
    /** Who is calling: a short key id for logs (never the key) and the bearer token to send upstream. */
    record Caller(String keyId, String upstreamKey) {
        @Override
        public String toString() {
            return "Caller[" + keyId + "]";
        }
    }

    private static final String BEARER = "Bearer ";
    /** Only ever cloned, never updated, so sharing it between threads is safe. */
    private static final MessageDigest SHA256_PROTOTYPE = lookUpSha256();

    private final ProxySettings.AccessMode mode;
    private final List<byte[]> clientKeyDigests;
    private final String upstreamKey;

    ClientAuth(ProxySettings s) {
        this.mode = s.accessMode();
        this.clientKeyDigests = s.clientKeys().stream().map(ClientAuth::sha256).toList();
        this.upstreamKey = s.upstreamKey();
    }

    /**
     * The caller of this exchange, authenticated once and remembered (the admission filter's rate limiter and the
     * handler both ask), with its key id recorded for the access log; throws a 401 {@link ProxyError}.
     */
    Caller authenticate(ServerRequest req, Exchange ex) {
        if (ex.caller == null) {
            ex.caller = authenticate(req);
            ex.keyId = ex.caller.keyId();
        }
        return ex.caller;
    }

    /** Returns the caller or throws a 401 {@link ProxyError}. */
    Caller authenticate(ServerRequest req) {
        String token = bearer(req);
        return switch (mode) {
            case ANONYMOUS -> new Caller("anon", upstreamKey);
            case PASS_THROUGH -> {
                if (token == null) {
                    throw ErrorResponses.unauthorized("missing API key: this proxy forwards your own OpenRouter key; "
                            + "send it as 'Authorization: Bearer <key>'");
                }
                yield new Caller(keyId(token), token);
            }
            case CLIENT_KEYS -> {
                byte[] digest = token == null ? null : sha256(token);
                if (digest == null || !matches(digest)) {
                    throw ErrorResponses.unauthorized(token == null
                            ? "missing API key: send 'Authorization: Bearer <key>' with one of the proxy's keys"
                            : "invalid API key");
                }
                yield new Caller(keyId(digest), upstreamKey);
            }
        };
    }

    private boolean matches(byte[] presented) {
        boolean found = false;
        for (byte[] k : clientKeyDigests) {
            found |= MessageDigest.isEqual(presented, k);
        }
        return found;
    }

    static String bearer(ServerRequest req) {
        String h = req.headers().first(HeaderNames.AUTHORIZATION).orElse(null);
        if (h == null || h.length() <= BEARER.length() || !h.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String t = h.substring(BEARER.length()).trim();
        return t.isEmpty() ? null : t;
    }

    /** A short, stable, non-reversible id of a key for logs: {@code key-} and 8 hex digits of its SHA-256. */
    static String keyId(String key) {
        return keyId(sha256(key));
    }

    private static String keyId(byte[] digest) {
        return "key-" + HexFormat.of().formatHex(digest, 0, 4);
    }

    /**
     * SHA-256 of the UTF-8 bytes. Cloning a never-used prototype is much cheaper than
     * {@link MessageDigest#getInstance} per call (which walks the providers and algorithm constraints each time).
     */
    static byte[] sha256(String s) {
        return newSha256().digest(s.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest newSha256() {
        try {
            return (MessageDigest) SHA256_PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return lookUpSha256();
        }
    }

    private static MessageDigest lookUpSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
