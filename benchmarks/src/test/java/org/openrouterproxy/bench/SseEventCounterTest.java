package org.openrouterproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SseEventCounterTest {
    private static final String STREAM = ": OPENROUTER PROCESSING\n\n"
            + "data: {\"choices\":[{\"delta\":{\"content\":\"say \\\"error\\\": no\"}}]}\n\n"
            + "event: message\r\ndata: {\"choices\":[]}\r\n\r\n"
            + "data: {\"id\":\"x\",\"error\":{\"code\":502,\"message\":\"boom\"},\"choices\":[]}\n\n"
            + "data: [DONE]\n\n";

    private static List<SseEventCounter.Kind> count(String s, int step) {
        List<SseEventCounter.Kind> kinds = new ArrayList<>();
        SseEventCounter c = new SseEventCounter();
        c.reset(kinds::add);
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i += step) {
            c.feed(b, i, Math.min(step, b.length - i));
        }
        return kinds;
    }

    @Test
    void classifiesChunksErrorsAndDoneAndIgnoresComments() {
        assertThat(count(STREAM, STREAM.length())).containsExactly(SseEventCounter.Kind.CHUNK,
                SseEventCounter.Kind.CHUNK, SseEventCounter.Kind.ERROR, SseEventCounter.Kind.DONE);
    }

    @Test
    void sameResultWhateverTheReadBoundaries() {
        List<SseEventCounter.Kind> whole = count(STREAM, STREAM.length());
        for (int step = 1; step < 40; step++) {
            assertThat(count(STREAM, step)).as("step %d", step).isEqualTo(whole);
        }
    }

    @Test
    void anUnfinishedEventIsNotCounted() {
        assertThat(count("data: {\"a\":1}\n\ndata: {\"b\":2}\n", 7)).containsExactly(SseEventCounter.Kind.CHUNK);
    }
}
