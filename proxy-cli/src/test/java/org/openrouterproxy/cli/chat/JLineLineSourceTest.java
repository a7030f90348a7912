package org.openrouterproxy.cli.chat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** JLine input on a dumb terminal built from streams: lines come back as typed and the history is persisted. */
class JLineLineSourceTest {
    @TempDir
    Path home;

    @Test
    void readsLinesAndPersistsHistory() throws Exception {
        Path history = home.resolve(".openrouter-proxy").resolve("chat_history");
        byte[] typed = "hello there\nwhat's \"up\" \\\n/usage\n".getBytes(StandardCharsets.UTF_8);
        try (JLineLineSource source = JLineLineSource.streams(new ByteArrayInputStream(typed),
                new ByteArrayOutputStream(), history)) {
            assertThat(source.readLine("> ")).isEqualTo("hello there");
            assertThat(source.readLine("> ")).isEqualTo("what's \"up\" \\");
            assertThat(source.readLine("> ")).isEqualTo("/usage");
            assertThat(source.readLine("> ")).isNull();
        }
        assertThat(Files.readString(history)).contains("hello there", "/usage");
    }
}
