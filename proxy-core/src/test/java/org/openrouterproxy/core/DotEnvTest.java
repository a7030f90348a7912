package org.openrouterproxy.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class DotEnvTest {
    @Test
    void parsesPlainQuotedExportedAndCommentedLines() {
        Map<String, String> env = DotEnv.parse("""
                \uFEFF# comment
                OPENROUTER_API_KEY=sk-or-abc
                export OPENAI_PROXY_PORT = 9999
                PROXY_API_KEYS="k1,k2" # trailing
                TITLE='My App # not a comment'
                MULTI="a\\nb"
                PLAIN=value # inline comment
                not a setting
                =novalue
                """);
        assertThat(env).containsExactly(
                Map.entry("OPENROUTER_API_KEY", "sk-or-abc"),
                Map.entry("OPENAI_PROXY_PORT", "9999"),
                Map.entry("PROXY_API_KEYS", "k1,k2"),
                Map.entry("TITLE", "My App # not a comment"),
                Map.entry("MULTI", "a\nb"),
                Map.entry("PLAIN", "value"));
    }

    @Test
    void laterKeysWinAndCrlfIsHandled() {
        assertThat(DotEnv.parse("A=1\r\nA=2\r\n")).containsExactly(Map.entry("A", "2"));
    }
}
