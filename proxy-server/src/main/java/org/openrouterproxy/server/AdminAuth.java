package org.openrouterproxy.server;

import java.security.MessageDigest;
import java.util.List;

import org.openrouterproxy.core.ProxyError;

import io.helidon.webserver.http.ServerRequest;

/**
 * Admin access ({@code PROXY_ADMIN_KEYS}) for {@code GET /v1/usage}: keys compared as SHA-256 digests in constant
 * time, like client keys. No admin keys configured: every caller gets 403 saying how to set them; a missing key 401;
 * any other key (a client key included) 403.
 */
final class AdminAuth {
    private final List<byte[]> adminKeyDigests;

    AdminAuth(List<String> adminKeys) {
        this.adminKeyDigests = adminKeys.stream().map(ClientAuth::sha256).toList();
    }

    /** Returns the admin's key id or throws 401/403. */
    String authenticate(ServerRequest req) {
        if (adminKeyDigests.isEmpty()) {
            throw forbidden("usage reports need an admin key: set " + UsageKeys.ADMIN_KEYS
                    + " and send 'Authorization: Bearer <admin key>'");
        }
        String token = ClientAuth.bearer(req);
        if (token == null) {
            throw ErrorResponses.unauthorized("missing API key: usage reports need 'Authorization: Bearer <admin key>'"
                    + " with one of " + UsageKeys.ADMIN_KEYS);
        }
        byte[] digest = ClientAuth.sha256(token);
        boolean found = false;
        for (byte[] k : adminKeyDigests) {
            found |= MessageDigest.isEqual(digest, k);
        }
        if (!found) {
            throw forbidden("this key may not read usage reports: they need one of " + UsageKeys.ADMIN_KEYS);
        }
        return ClientAuth.keyId(token);
    }

    private static ProxyError forbidden(String message) {
        return new ProxyError(403, "permission_error", "admin_key_required", message);
    }
}
