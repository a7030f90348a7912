package org.openrouterproxy.cli.chat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.openrouterproxy.core.DotEnv;

/**
 * Defaults of {@code proxy chat} read from the environment merged over {@code .env} in the working directory
 * (the environment wins for a name present in both).
 *
 * @param url       proxy base URL, {@code http://{OPENAI_PROXY_HOST:127.0.0.1}:{OPENAI_PROXY_PORT:9998}}
 * @param key       bearer key, or null when none is configured
 * @param keySource the variable the key came from (never the key itself), or null
 * @param model     {@code PROXY_CHAT_MODEL}, else {@link #DEFAULT_MODEL}
 */
public record ChatDefaults(String url, String key, String keySource, String model) {
    /** The model asked when neither {@code -m} nor {@code PROXY_CHAT_MODEL} says otherwise. */
    public static final String DEFAULT_MODEL = "anthropic/claude-sonnet-4.5";

    /** Resolves the defaults from {@code env} and the {@code .env} file in {@code workingDir} (if readable). */
    public static ChatDefaults resolve(Map<String, String> env, Path workingDir) {
        Map<String, String> merged = new HashMap<>(dotEnv(workingDir));
        env.forEach((k, v) -> {
            if (v != null) {
                merged.put(k, v);
            }
        });
        String host = value(merged, "OPENAI_PROXY_HOST", "127.0.0.1");
        String port = value(merged, "OPENAI_PROXY_PORT", "9998");
        String url = "http://" + connectHost(host) + ":" + port;
        String model = value(merged, "PROXY_CHAT_MODEL", DEFAULT_MODEL);
        String single = value(merged, "PROXY_API_KEY", null);
        if (single != null) {
            return new ChatDefaults(url, single, "PROXY_API_KEY", model);
        }
        String list = value(merged, "PROXY_API_KEYS", null);
        if (list != null) {
            for (String k : list.split(",")) {
                if (!k.isBlank()) {
                    return new ChatDefaults(url, k.strip(), "PROXY_API_KEYS", model);
                }
            }
        }
        String upstream = value(merged, "OPENROUTER_API_KEY", null);
        return new ChatDefaults(url, upstream, upstream == null ? null : "OPENROUTER_API_KEY", model);
    }

    /** A server bound to every interface is reached on loopback; IPv6 literals get brackets. */
    static String connectHost(String host) {
        if (host.equals("0.0.0.0")) {
            return "127.0.0.1";
        }
        if (host.equals("::") || host.equals("[::]")) {
            return "[::1]";
        }
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static String value(Map<String, String> m, String name, String fallback) {
        String v = m.get(name);
        return v == null || v.isBlank() ? fallback : v.strip();
    }

    private static Map<String, String> dotEnv(Path workingDir) {
        if (workingDir == null) {
            return Map.of();
        }
        Path file = workingDir.resolve(".env");
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            return DotEnv.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }
}
