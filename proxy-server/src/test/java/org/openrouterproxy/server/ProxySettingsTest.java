package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.openrouterproxy.core.CacheStrategy;

/** Precedence flags > env > .env > YAML > defaults, value parsing, validation and masking. */
class ProxySettingsTest {
    @TempDir
    Path dir;

    private void write(String name, String text) throws Exception {
        Files.writeString(dir.resolve(name), text);
    }

    @Test
    void defaultsWithNothingConfigured() {
        ProxySettings s = ProxySettings.load(Map.of(), Map.of("PATH", "/bin"), dir);
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(9998);
        assertThat(s.baseUrl()).isEqualTo("https://openrouter.ai/api/v1");
        assertThat(s.accessMode()).isEqualTo(ProxySettings.AccessMode.PASS_THROUGH);
        assertThat(s.modelsCacheTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.maxBodyBytes()).isEqualTo(32L * 1024 * 1024);
        assertThat(s.cachePolicy().strategy()).isEqualTo(CacheStrategy.LAST_MESSAGE);
    }

    @Test
    void eachLayerOverridesTheOneBelow() throws Exception {
        write("proxy.yaml", "OPENAI_PROXY_PORT: 1111\nOPENROUTER_APP_TITLE: from-yaml\n"
                + "OPENROUTER_HTTP_REFERER: yaml-ref\n"
                + "OPENROUTER_BASE_URL: http://yaml.example/api/v1\nPROXY_CACHE_TTL: 1h\n");
        write(".env", "OPENAI_PROXY_PORT=2222\nOPENROUTER_APP_TITLE=from-dotenv\n"
                + "OPENROUTER_BASE_URL=http://env.example/v1/\n"
                + "PROXY_CONFIG=proxy.yaml\n");
        Map<String, String> env = new HashMap<>(Map.of("OPENAI_PROXY_PORT", "3333",
                "OPENROUTER_APP_TITLE", "from-env"));
        Map<String, String> flags = new HashMap<>(Map.of("OPENAI_PROXY_PORT", "4444"));

        ProxySettings all = ProxySettings.load(flags, env, dir);
        assertThat(all.port()).isEqualTo(4444);
        assertThat(all.appTitle()).isEqualTo("from-env");
        assertThat(all.baseUrl()).isEqualTo("http://env.example/v1");
        assertThat(all.httpReferer()).isEqualTo("yaml-ref");
        assertThat(all.cachePolicy().oneHour()).isTrue();

        assertThat(ProxySettings.load(Map.of(), env, dir).port()).isEqualTo(3333);
        assertThat(ProxySettings.load(Map.of(), Map.of(), dir).port()).isEqualTo(2222);
        Files.delete(dir.resolve(".env"));
        ProxySettings yamlOnly = ProxySettings.load(Map.of("config", "proxy.yaml"), Map.of(), dir);
        assertThat(yamlOnly.port()).isEqualTo(1111);
        assertThat(yamlOnly.appTitle()).isEqualTo("from-yaml");
        assertThat(ProxySettings.load(Map.of(), Map.of("PROXY_CONFIG", "proxy.yaml"), dir).port()).isEqualTo(1111);
    }

    @Test
    void keysListsAndCachePolicyAreParsed() throws Exception {
        write(".env", "OPENROUTER_API_KEY=sk-or-v1-dotenv-secret\nPROXY_API_KEYS= one , two,,three \n"
                + "PROXY_CACHE_MODELS=anthropic/*,openai/*\nPROXY_CACHE_STRATEGY=system-and-last\n"
                + "PROXY_MODELS_CACHE_TTL=90s\nPROXY_MAX_BODY_BYTES=1MiB\nPROXY_ACCESS_LOG=false\n");
        ProxySettings s = ProxySettings.load(Map.of(), Map.of(), dir);
        assertThat(s.upstreamKey()).isEqualTo("sk-or-v1-dotenv-secret");
        assertThat(s.clientKeys()).containsExactly("one", "two", "three");
        assertThat(s.accessMode()).isEqualTo(ProxySettings.AccessMode.CLIENT_KEYS);
        assertThat(s.cachePolicy().modelGlobs()).containsExactly("anthropic/*", "openai/*");
        assertThat(s.cachePolicy().strategy()).isEqualTo(CacheStrategy.SYSTEM_AND_LAST);
        assertThat(s.modelsCacheTtl()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.maxBodyBytes()).isEqualTo(1024 * 1024);
        assertThat(s.accessLog()).isFalse();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "OPENAI_PROXY_PORT      | 99999      | OPENAI_PROXY_PORT",
        "OPENAI_PROXY_PORT      | abc        | OPENAI_PROXY_PORT",
        "OPENROUTER_BASE_URL    | ftp://x    | OPENROUTER_BASE_URL",
        "OPENROUTER_BASE_URL    | not a url  | OPENROUTER_BASE_URL",
        "PROXY_CACHE_TTL        | 2h         | PROXY_CACHE_TTL",
        "PROXY_CACHE_STRATEGY   | first      | PROXY_CACHE_STRATEGY",
        "PROXY_MODELS_CACHE_TTL | soon       | PROXY_MODELS_CACHE_TTL",
        "PROXY_MAX_BODY_BYTES   | -5         | PROXY_MAX_BODY_BYTES",
        "PROXY_ACCESS_LOG       | maybe      | PROXY_ACCESS_LOG",
    })
    void invalidValuesFailWithAOneLineMessageNamingTheKey(String key, String value, String named) {
        assertThatThrownBy(() -> ProxySettings.load(Map.of(key, value), Map.of(), dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(named)
                .hasMessageNotContaining("\n");
    }

    @Test
    void badYamlAndUnknownKeysAreReported() throws Exception {
        write("typo.yaml", "OPENROUTER_BASEURL: http://x\n");
        assertThatThrownBy(() -> ProxySettings.load(Map.of("config", "typo.yaml"), Map.of(), dir))
                .hasMessageContaining("OPENROUTER_BASEURL");
        assertThatThrownBy(() -> ProxySettings.load(Map.of("config", "missing.yaml"), Map.of(), dir))
                .hasMessageContaining("missing.yaml");
        write("broken.yaml", "a: [unclosed\n");
        assertThatThrownBy(() -> ProxySettings.load(Map.of("config", "broken.yaml"), Map.of(), dir))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durationsAcceptCommonSpellings() {
        assertThat(SettingValues.duration("K", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(SettingValues.duration("K", "30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(SettingValues.duration("K", "5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(SettingValues.duration("K", "1h")).isEqualTo(Duration.ofHours(1));
        assertThat(SettingValues.duration("K", "PT2M")).isEqualTo(Duration.ofMinutes(2));
        assertThat(SettingValues.bytes("K", "32MiB")).isEqualTo(32L * 1024 * 1024);
        assertThat(SettingValues.bytes("K", "64k")).isEqualTo(64L * 1024);
    }

    @Test
    void bufferedBytesDefaultToPartOfTheHeapAndCanBeSet() {
        ProxySettings d = ProxySettings.builder().build();
        assertThat(d.maxBufferedBytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 5 * 2);
        assertThat(d.describeMasked()).contains("PROXY_MAX_BUFFERED_BYTES").contains("(40% of the max heap)");
        ProxySettings s = ProxySettings.load(Map.of("PROXY_MAX_BUFFERED_BYTES", "96MiB"), Map.of(), dir);
        assertThat(s.maxBufferedBytes()).isEqualTo(96L * 1024 * 1024);
        assertThat(s.describeMasked()).contains(Long.toString(96L * 1024 * 1024)).doesNotContain("40%");
        assertThatThrownBy(() -> ProxySettings.load(Map.of("PROXY_MAX_BUFFERED_BYTES", "-1"), Map.of(), dir))
                .hasMessageContaining("PROXY_MAX_BUFFERED_BYTES");
    }

    @Test
    void describeMaskedShowsNoSecretAndNoUserInfo() {
        ProxySettings s = ProxySettings.builder().upstreamKey("sk-or-v1-very-secret-value")
                .clientKeys(List.of("client-secret-1", "client-secret-2"))
                .baseUrl("https://user:pw@openrouter.example/api/v1?token=abc").build();
        String d = s.describeMasked();
        assertThat(d).doesNotContain("very-secret").doesNotContain("client-secret").doesNotContain("pw")
                .doesNotContain("token=abc").contains("https://openrouter.example/api/v1").contains("2 key(s)");
        assertThat(s.displayBaseUrl()).isEqualTo("https://openrouter.example/api/v1");
    }
}
