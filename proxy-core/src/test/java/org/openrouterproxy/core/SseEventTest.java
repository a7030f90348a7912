package org.openrouterproxy.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SseEventTest {
    private static SseEvent event(String s) {
        return new SseEvent(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void classifiesEvents() {
        assertThat(event(": OPENROUTER PROCESSING\n\n").isComment()).isTrue();
        assertThat(event(":\n\n").isComment()).isTrue();
        assertThat(event(": c\ndata: x\n\n").isComment()).isFalse();
        assertThat(event("data: [DONE]\n\n").isDone()).isTrue();
        assertThat(event("data:[DONE]\r\n\r\n").isDone()).isTrue();
        assertThat(event("data: {\"x\":\"[DONE]\"}\n\n").isDone()).isFalse();
        assertThat(event("data: {\"error\":{\"code\":502,\"message\":\"m\"},\"choices\":[]}\n\n").isError()).isTrue();
        assertThat(event("data: {\"choices\":[{\"delta\":{\"content\":\"\\\"error\\\"\"}}]}\n\n").isError()).isFalse();
        assertThat(event("data: {\"x\":{\"error\":1}}\n\n").isError()).isFalse();
        assertThat(event("data: {\"error\":null}\n\n").isError()).isFalse();
        assertThat(event("data: {\"error\":\n\n").isError()).isFalse();
    }

    @Test
    void joinsDataLinesAndDecodesUtf8() {
        assertThat(event("event: e\ndata: a\ndata:  b\ndata\nid: 1\n\n").data()).isEqualTo("a\n b\n");
        assertThat(event("data: h\u00e9 \uD83D\uDC4B\r\r").data()).isEqualTo("h\u00e9 \uD83D\uDC4B");
        assertThat(event("event: ping\n\n").data()).isNull();
        assertThat(event("\n\ndata: late\n\n").data()).isEqualTo("late");
        assertThat(event("datum: x\n\n").data()).isNull();
    }

    @Test
    void equalityIsByContent() {
        assertThat(event("data: a\n\n")).isEqualTo(event("data: a\n\n")).hasSameHashCodeAs(event("data: a\n\n"));
        assertThat(event("data: a\n\n")).isNotEqualTo(event("data: a\r\n\r\n"));
    }

    @Test
    void containsAsciiFindsNeedlesAnywhereInTheRawBytes() {
        SseEvent e = event("data: {\"usage\":{\"prompt_tokens\":5}}\n\n");
        assertThat(e.containsAscii("\"usage\"")).isTrue();
        assertThat(e.containsAscii("\n\n")).isTrue();
        assertThat(e.containsAscii("\"cost\"")).isFalse();
        assertThat(event("data: x").containsAscii("data: xy")).isFalse();
        assertThat(event("").containsAscii("a")).isFalse();
    }
}
