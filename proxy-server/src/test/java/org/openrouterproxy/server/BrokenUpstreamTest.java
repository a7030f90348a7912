package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openrouterproxy.server.FaultFixture.answer;
import static org.openrouterproxy.server.FaultFixture.jsonError;
import static org.openrouterproxy.server.FaultFixture.streamError;
import static org.openrouterproxy.server.FaultFixture.streamedText;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openrouterproxy.server.mock.Fault;

/**
 * A broken upstream (resets, truncation, HTML pages, wrong types, garbage, oversized events) gives the client a
 * clear error: 502 JSON before the response started, an error event after it; never a hang, never a broken body
 * passed off as a success. Retries are off here so each fault meets the client directly.
 */
class BrokenUpstreamTest {
    private static FaultFixture f;

    @BeforeAll
    static void start() {
        f = new FaultFixture(b -> b.retries(0));
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @AfterEach
    void proxyStillWorks() throws Exception {
        assertThat(f.up.pendingFaults()).isZero();
        assertThat(answer(f.chat(false))).startsWith("Faulty reply #");
    }

    private static Fault fault(Fault.Kind kind) {
        return Fault.of(kind);
    }

    @Test
    void resetAfterHeadersGives502() throws Exception {
        f.up.script(fault(Fault.Kind.RESET_AFTER_HEADERS), fault(Fault.Kind.RESET_AFTER_HEADERS));
        assertThat(jsonError(f.chat(false), 502).path("code").asText()).isEqualTo("upstream_broken");
        assertThat(jsonError(f.chat(true), 502).path("code").asText()).isEqualTo("upstream_broken");
    }

    @Test
    void resetMidBodyGives502Json() throws Exception {
        f.up.script(Fault.resetMidStream());
        assertThat(jsonError(f.chat(false), 502).path("code").asText()).isEqualTo("upstream_broken");
    }

    @Test
    void resetMidStreamEndsWithAnErrorEvent() throws Exception {
        f.up.script(Fault.resetMidStream());
        HttpResponse<String> r = f.chat(true);
        assertThat(streamedText(r.body())).isEqualTo("Faulty reply ");
        assertThat(streamError(r).path("type").asText()).isEqualTo("upstream_error");
    }

    @Test
    void truncatedJsonBodyIsNeverPassedOffAsSuccess() throws Exception {
        f.up.script(fault(Fault.Kind.TRUNCATED_BODY));
        assertThat(jsonError(f.chat(false), 502).path("code").asText()).isEqualTo("upstream_broken");
    }

    @Test
    void streamCutMidEventEndsWithAnErrorEvent() throws Exception {
        f.up.script(fault(Fault.Kind.TRUNCATED_STREAM));
        HttpResponse<String> r = f.chat(true);
        assertThat(r.body()).doesNotContain("\"cu");
        assertThat(streamError(r).path("type").asText()).isEqualTo("upstream_error");
    }

    @Test
    void streamWithoutDoneEndsWithAnErrorEvent() throws Exception {
        f.up.script(fault(Fault.Kind.MISSING_DONE));
        HttpResponse<String> r = f.chat(true);
        assertThat(streamedText(r.body())).isEqualTo("Faulty reply #" + f.up.requestCount());
        assertThat(streamError(r).path("code").asText()).isEqualTo("upstream_truncated");
    }

    @Test
    void htmlErrorPageBecomesAJsonErrorWithTheSameStatus() throws Exception {
        f.up.script(Fault.errorPage(503), Fault.errorPage(502));
        HttpResponse<String> json = f.chat(false);
        JsonNode e = jsonError(json, 503);
        assertThat(e.path("code").asText()).isEqualTo("bad_upstream_response");
        assertThat(e.path("message").asText()).contains("text/html").contains("503 Bad Gateway");
        assertThat(jsonError(f.chat(true), 502).path("code").asText()).isEqualTo("bad_upstream_response");
    }

    @Test
    void htmlWithStatus200Gives502() throws Exception {
        f.up.script(fault(Fault.Kind.WRONG_CONTENT_TYPE), fault(Fault.Kind.WRONG_CONTENT_TYPE));
        assertThat(jsonError(f.chat(false), 502).path("code").asText()).isEqualTo("bad_upstream_response");
        assertThat(jsonError(f.chat(true), 502).path("code").asText()).isEqualTo("bad_upstream_response");
    }

    @Test
    void nonJsonBodyWithStatus200Gives502() throws Exception {
        f.up.script(fault(Fault.Kind.NON_JSON_200), fault(Fault.Kind.NON_JSON_200));
        JsonNode e = jsonError(f.chat(false), 502);
        assertThat(e.path("message").asText()).contains("all good, but not in JSON");
        jsonError(f.chat(true), 502);
    }

    @Test
    void garbageInsteadOfHttpGives502() throws Exception {
        f.up.script(fault(Fault.Kind.GARBAGE), fault(Fault.Kind.GARBAGE));
        jsonError(f.chat(false), 502);
        jsonError(f.chat(true), 502);
    }

    @Test
    void oversizedEventGives502BeforeTheStreamStarts() throws Exception {
        f.up.script(fault(Fault.Kind.HUGE_SSE_EVENT));
        assertThat(jsonError(f.chat(true), 502).path("code").asText()).isEqualTo("sse_event_too_large");
        assertThat(f.awaitUpstreamIdle()).isZero();
    }

    @Test
    void connectionClosedBeforeAnyResponseGives502() throws Exception {
        f.up.script(fault(Fault.Kind.CLOSE_ON_ACCEPT), fault(Fault.Kind.CLOSE_ON_ACCEPT));
        jsonError(f.chat(false), 502);
        jsonError(f.chat(true), 502);
    }
}
