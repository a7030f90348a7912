package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openrouterproxy.server.FaultFixture.answer;
import static org.openrouterproxy.server.FaultFixture.jsonError;
import static org.openrouterproxy.server.FaultFixture.streamError;
import static org.openrouterproxy.server.FaultFixture.streamedText;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openrouterproxy.server.mock.Fault;

/**
 * Timeouts: a stalled upstream gives 504 JSON before the response started and an error event after it; the stream
 * then ends cleanly and the upstream connection is let go. A slow but steady upstream is not cut.
 */
class UpstreamTimeoutTest {
    private FaultFixture f;

    @BeforeEach
    void start() {
        f = new FaultFixture(b -> b.responseTimeout(Duration.ofMillis(700)).streamIdleTimeout(Duration.ofMillis(700))
                .streamKeepAliveAfter(Duration.ofMinutes(1)));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void stallBeforeHeadersGives504Json() throws Exception {
        f.up.script(Fault.of(Fault.Kind.STALL_BEFORE_HEADERS));
        assertThat(jsonError(f.chat(false), 504).path("code").asText()).isEqualTo("upstream_timeout");
        assertThat(f.up.requestCount()).isEqualTo(1);
        assertThat(f.awaitUpstreamIdle()).isZero();
    }

    @Test
    void stallBeforeHeadersGives504JsonForAStream() throws Exception {
        f.up.script(Fault.of(Fault.Kind.STALL_BEFORE_HEADERS));
        assertThat(jsonError(f.chat(true), 504).path("code").asText()).isEqualTo("upstream_timeout");
        assertThat(f.awaitUpstreamIdle()).isZero();
    }

    @Test
    void stallInTheMiddleOfAJsonBodyGives504() throws Exception {
        f.up.script(Fault.of(Fault.Kind.STALL_MID_STREAM));
        assertThat(jsonError(f.chat(false), 504).path("code").asText()).isEqualTo("upstream_timeout");
        assertThat(f.awaitUpstreamIdle()).isZero();
    }

    @Test
    void stallMidStreamEndsTheStreamWithAnErrorEvent() throws Exception {
        f.up.script(Fault.of(Fault.Kind.STALL_MID_STREAM));
        HttpResponse<String> r = f.chat(true);
        assertThat(streamedText(r.body())).isEqualTo("Faulty reply ");
        assertThat(streamError(r).path("code").asText()).isEqualTo("upstream_timeout");
        assertThat(f.awaitUpstreamIdle()).isZero();
        assertThat(f.metrics()).contains("proxy_upstream_faults_total{code=\"upstream_timeout\"} 1");
    }

    @Test
    void slowDripWithinTheTimeoutsIsDeliveredWhole() throws Exception {
        f.up.script(Fault.of(Fault.Kind.SLOW_DRIP), Fault.of(Fault.Kind.SLOW_DRIP));
        assertThat(answer(f.chat(false))).isEqualTo("Faulty reply #1");
        HttpResponse<String> r = f.chat(true);
        assertThat(streamedText(r.body())).isEqualTo("Faulty reply #2");
        assertThat(r.body()).endsWith("data: [DONE]\n\n");
    }

    @Test
    void theProxyStaysUsableAfterTimeouts() throws Exception {
        f.up.script(Fault.of(Fault.Kind.STALL_BEFORE_HEADERS), Fault.of(Fault.Kind.STALL_MID_STREAM));
        jsonError(f.chat(false), 504);
        streamError(f.chat(true));
        assertThat(answer(f.chat(false))).isEqualTo("Faulty reply #3");
    }
}
