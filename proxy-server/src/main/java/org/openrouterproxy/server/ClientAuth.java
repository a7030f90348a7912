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

    private final ProxySettings.AccessMode mode;
    private final List<byte[]> clientKeyDigests;
    private final String upstreamKey;

    ClientAuth(ProxySettings s) {
        this.mode = s.accessMode();
        this.clientKeyDigests = s.clientKeys().stream().map(ClientAuth::sha256).toList();
        this.upstreamKey = s.upstreamKey();
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
                if (token == null || !matches(token)) {
                    throw ErrorResponses.unauthorized(token == null
                            ? "missing API key: send 'Authorization: Bearer <key>' with one of the proxy's keys"
                            : "invalid API key");
                }
                yield new Caller(keyId(token), upstreamKey);
            }
        };
    }

    private boolean matches(String token) {
        byte[] presented = sha256(token);
        boolean found = false;
        for (byte[] k : clientKeyDigests) {
            found |= MessageDigest.isEqual(presented, k);
        }
        return found;
    }

    private static String bearer(ServerRequest req) {
        String h = req.headers().first(HeaderNames.AUTHORIZATION).orElse(null);
        if (h == null || h.length() <= BEARER.length() || !h.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String t = h.substring(BEARER.length()).trim();
        return t.isEmpty() ? null : t;
    }

    /** A short, stable, non-reversible id of a key for logs: {@code key-} and 8 hex digits of its SHA-256. */
    static String keyId(String key) {
        return "key-" + HexFormat.of().formatHex(sha256(key), 0, 4);
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
