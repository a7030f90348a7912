package org.openrouterproxy.cli.chat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openrouterproxy.server.mock.MockOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openrouterproxy.cli.chat.ChatRig.PLAIN_MODEL;

/** {@code proxy chat} against a proxy that requires client keys ({@code PROXY_API_KEYS}). */
class ChatAuthTest {
    private static final String KEY = "proxy-client-key-7";
    @TempDir
    static Path dir;
    private static ChatRig rig;

    @BeforeAll
    static void start() {
        rig = ChatRig.start(dir, MockOptions.defaults(),
                b -> b.upstreamKey("sk-or-test-upstream").clientKeys(List.of(KEY, "other")));
    }

    @AfterAll
    static void stop() {
        rig.close();
    }

    @Test
    void theRightKeyGetsAnAnswer() {
        ChatRig.Result r = rig.chat(null, "--key", KEY, "-m", PLAIN_MODEL, "hello");
        assertThat(r.code()).isEqualTo(ChatCommand.EXIT_OK);
        assertThat(r.out()).isEqualTo("Mock reply to: hello\n");
    }

    @Test
    void aWrongKeyIsExitFiveWithAHint() {
        for (String mode : List.of("--no-stream", "-q")) {
            ChatRig.Result r = rig.chat(null, "--key", "wrong-key", mode, "hello");
            assertThat(r.code()).isEqualTo(ChatCommand.EXIT_AUTH);
            assertThat(r.out()).isEmpty();
            assertThat(r.errLines()).hasSize(1);
            assertThat(r.err()).startsWith("proxy chat: 401 from proxy (")
                    .contains("the key was refused; check --key or PROXY_API_KEY").doesNotContain("wrong-key");
        }
    }

    @Test
    void noKeyIsExitFiveAndSaysHowToSetOne() {
        ChatRig.Result r = rig.chat(null, "hello");
        assertThat(r.code()).isEqualTo(ChatCommand.EXIT_AUTH);
        assertThat(r.err()).endsWith(": set --key or PROXY_API_KEY\n");
    }

    @Test
    void theKeyComesFromProxyApiKeysInDotEnv() throws Exception {
        java.nio.file.Files.writeString(dir.resolve(".env"), "PROXY_API_KEYS=" + KEY + ",other\n"
                + "OPENAI_PROXY_PORT=" + rig.proxy.port() + "\nPROXY_CHAT_MODEL=" + PLAIN_MODEL + "\n");
        try {
            ChatRig.Result r = rig.run(null, "hello from dotenv");
            assertThat(r.code()).isEqualTo(ChatCommand.EXIT_OK);
            assertThat(r.out()).isEqualTo("Mock reply to: hello from dotenv\n");
            assertThat(r.err()).startsWith(PLAIN_MODEL);
        } finally {
            java.nio.file.Files.delete(dir.resolve(".env"));
        }
    }
}
