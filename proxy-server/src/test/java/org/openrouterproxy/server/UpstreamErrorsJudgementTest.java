package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.openrouterproxy.core.ProxyError;

/** How {@link UpstreamErrors} judges upstream bodies and what it tells the client about bad ones. */
class UpstreamErrorsJudgementTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void onlyWholeJsonDocumentsAreComplete() {
        assertThat(UpstreamErrors.isCompleteJson(b("{\"a\":[1,2,{\"b\":null}]}"))).isTrue();
        assertThat(UpstreamErrors.isCompleteJson(b(" [1] \n"))).isTrue();
        assertThat(UpstreamErrors.isCompleteJson(b("{\"a\":[1,2,{\"b\":nu"))).isFalse();
        assertThat(UpstreamErrors.isCompleteJson(b("{\"a\":1}{\"b\":2}"))).isFalse();
        assertThat(UpstreamErrors.isCompleteJson(b("\"just a string\""))).isFalse();
        assertThat(UpstreamErrors.isCompleteJson(b("<html></html>"))).isFalse();
        assertThat(UpstreamErrors.isCompleteJson(new byte[0])).isFalse();
    }

    @Test
    void jsonContentTypesAreRecognised() {
        assertThat(UpstreamErrors.isJsonType("application/json; charset=utf-8")).isTrue();
        assertThat(UpstreamErrors.isJsonType("application/problem+json")).isTrue();
        assertThat(UpstreamErrors.isJsonType(null)).isTrue();
        assertThat(UpstreamErrors.isJsonType("text/html")).isFalse();
        assertThat(UpstreamErrors.isJsonType("text/plain")).isFalse();
    }

    @Test
    void htmlPagesBecomeAShortTagFreeHint() {
        String page = "<html><head><title>503 Service Temporarily Unavailable</title></head><body>"
                + "x".repeat(1000) + "</body></html>";
        ProxyError e = UpstreamErrors.badError(503, "text/html", b(page));
        assertThat(e.status()).isEqualTo(503);
        assertThat(e.code()).isEqualTo("bad_upstream_response");
        assertThat(e.getMessage()).contains("503 Service Temporarily Unavailable").doesNotContain("<")
                .hasSizeLessThan(300);
        assertThat(UpstreamErrors.badError(302, "text/html", new byte[0]).status()).isEqualTo(502);
        assertThat(UpstreamErrors.badSuccess(200, null, b("\u0000\u0001")).getMessage()).contains("no content type");
    }

    @Test
    void upstreamJsonErrorsKeepTheirMessageAndGetAnOpenAiType() {
        ProxyError e = UpstreamErrors.fromStatus(429, "application/json",
                b("{\"error\":{\"code\":429,\"message\":\"slow down\"}}"));
        assertThat(e.status()).isEqualTo(429);
        assertThat(e.type()).isEqualTo("rate_limit_error");
        assertThat(e.getMessage()).isEqualTo("slow down");
        assertThat(UpstreamErrors.fromStatus(401, "application/json", b("{}")).type())
                .isEqualTo("authentication_error");
        assertThat(UpstreamErrors.fromStatus(503, "text/html", b("<h1>down</h1>")).code())
                .isEqualTo("bad_upstream_response");
    }
}
