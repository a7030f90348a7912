package org.openrouterproxy.server;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.openrouterproxy.core.ProxyError;
import org.openrouterproxy.server.usage.UsageLedger;
import org.openrouterproxy.server.usage.UsageQuery;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET /v1/usage?from=&to=&group_by=key|model|day}: the usage ledger aggregated (admin keys only, see
 * {@link AdminAuth}); 400 names a bad parameter, 404 when the ledger is off ({@code PROXY_USAGE_DB=off}).
 *
 * <pre>{@code curl -s 'localhost:9998/v1/usage?from=2026-12-01&group_by=key,model' \
 *   -H "Authorization: Bearer $ADMIN_KEY"}</pre>
 */
final class UsageHandler implements ExchangeHandler {
    private final AdminAuth admin;
    private final UsageLedger ledger;

    UsageHandler(AdminAuth admin, UsageLedger ledger) {
        this.admin = admin;
        this.ledger = ledger;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res, Exchange ex) {
        ex.keyId = admin.authenticate(req);
        if (ledger == null) {
            throw new ProxyError(404, "invalid_request_error", "usage_ledger_off",
                    "the usage ledger is off on this proxy (" + UsageKeys.USAGE_DB + "=off)");
        }
        var q = req.query();
        UsageQuery query = UsageQuery.parse(q.first("from").orElse(null), q.first("to").orElse(null),
                q.first("group_by").orElse(null), Instant.now());
        String body;
        try {
            body = ledger.report(query).toJson();
        } catch (IllegalStateException e) {
            throw new ProxyError(503, "server_error", "usage_ledger_unavailable", e.getMessage());
        }
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(body.getBytes(StandardCharsets.UTF_8));
    }
}
