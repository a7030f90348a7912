package org.openrouterproxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.openrouterproxy.server.usage.UsageDb;

/** How {@code PROXY_USAGE_DB}, {@code PROXY_USAGE_QUEUE} and {@code PROXY_ADMIN_KEYS} are loaded and shown. */
class UsageSettingsTest {
    @TempDir
    Path dir;

    @Test
    void serveDefaultsToAFileUnderTheDataDirectoryAndEmbeddersToOff() {
        assertThat(ProxySettings.load(Map.of(), Map.of("XDG_DATA_HOME", "/data", "HOME", "/home/u"), dir).usage().db())
                .isEqualTo(UsageDb.sqlite(Path.of("/data/openrouter-proxy/usage.db")));
        assertThat(ProxySettings.load(Map.of(), Map.of("HOME", "/home/u"), dir).usage().db())
                .isEqualTo(UsageDb.sqlite(Path.of("/home/u/.local/share/openrouter-proxy/usage.db")));
        assertThat(ProxySettings.load(Map.of(), Map.of(), dir).usage().db().isOff()).isTrue();
        assertThat(ProxySettings.builder().build().usage().db().isOff()).isTrue();
    }

    @Test
    void readsTheKeysFromEnvironmentAndYaml() throws Exception {
        ProxySettings s = ProxySettings.load(Map.of(), Map.of("PROXY_USAGE_DB", "ledger.db", "PROXY_USAGE_QUEUE",
                "100", "PROXY_ADMIN_KEYS", "adm-1, adm-2", "HOME", "/home/u"), dir);
        assertThat(s.usage().db().file()).isEqualTo(dir.resolve("ledger.db"));
        assertThat(s.usage().queueCapacity()).isEqualTo(100);
        assertThat(s.usage().adminKeys()).containsExactly("adm-1", "adm-2");
        Files.writeString(dir.resolve("proxy.yaml"), "PROXY_USAGE_DB: off\n");
        assertThat(ProxySettings.load(Map.of("config", "proxy.yaml"), Map.of("HOME", "/h"), dir).usage().db()
                .isOff()).isTrue();
    }

    @Test
    void invalidValuesAreOneLineErrors() {
        assertThatThrownBy(() -> ProxySettings.load(Map.of(), Map.of("PROXY_USAGE_QUEUE", "0"), dir))
                .hasMessageContaining("PROXY_USAGE_QUEUE");
        assertThatThrownBy(() -> ProxySettings.load(Map.of(), Map.of("PROXY_USAGE_DB", "redis://x/1"), dir))
                .hasMessageContaining("PROXY_USAGE_DB must be off");
    }

    @Test
    void describeMasksThePasswordAndTheAdminKeys() {
        ProxySettings s = ProxySettings.builder().usageDb(UsageDb.parse("postgresql://proxy:pw-secret-77@db:5432/l",
                dir)).adminKeys(List.of("admin-secret-88")).build();
        String d = s.describeMasked();
        assertThat(d).contains("PROXY_USAGE_DB", "postgresql://proxy:***@db:5432/l", "PROXY_ADMIN_KEYS",
                "1 key(s), masked").doesNotContain("pw-secret-77").doesNotContain("admin-secret-88");
        assertThat(s.toBuilder().build().usage()).isEqualTo(s.usage());
    }
}
