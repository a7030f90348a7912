package org.openrouterproxy.server;

import static org.openrouterproxy.server.SettingKeys.ACCESS_LOG;
import static org.openrouterproxy.server.SettingKeys.ALLOW_ANONYMOUS;
import static org.openrouterproxy.server.SettingKeys.APP_TITLE;
import static org.openrouterproxy.server.SettingKeys.BASE_URL;
import static org.openrouterproxy.server.SettingKeys.CACHE_MODELS;
import static org.openrouterproxy.server.SettingKeys.CACHE_STRATEGY;
import static org.openrouterproxy.server.SettingKeys.CACHE_TTL;
import static org.openrouterproxy.server.SettingKeys.CLIENT_KEYS;
import static org.openrouterproxy.server.SettingKeys.CONNECT_TIMEOUT;
import static org.openrouterproxy.server.SettingKeys.HOST;
import static org.openrouterproxy.server.SettingKeys.HTTP_REFERER;
import static org.openrouterproxy.server.SettingKeys.MAX_BODY_BYTES;
import static org.openrouterproxy.server.SettingKeys.MODELS_CACHE_TTL;
import static org.openrouterproxy.server.SettingKeys.PORT;
import static org.openrouterproxy.server.SettingKeys.READ_TIMEOUT;
import static org.openrouterproxy.server.SettingKeys.STREAM_IDLE_TIMEOUT;
import static org.openrouterproxy.server.SettingKeys.UPSTREAM_KEY;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.openrouterproxy.core.CachePolicy;
import org.openrouterproxy.core.CacheStrategy;
import org.openrouterproxy.core.DotEnv;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.yaml.YamlConfigParser;

/** Merges the configuration layers: flags &gt; environment &gt; {@code .env} &gt; YAML file (defaults: elsewhere). */
final class SettingSources {
    static final String CONFIG_FLAG = "config";

    private SettingSources() {
    }

    static Map<String, String> merge(Map<String, String> flags, Map<String, String> env, Path workingDir) {
        Map<String, String> dotEnv = readDotEnv(workingDir.resolve(".env"));
        String configFile = first(flags.get(CONFIG_FLAG), flags.get(SettingKeys.CONFIG),
                env.get(SettingKeys.CONFIG), dotEnv.get(SettingKeys.CONFIG));
        Map<String, String> merged = new HashMap<>();
        if (configFile != null) {
            merged.putAll(readYaml(workingDir.resolve(configFile)));
        }
        putKnown(merged, dotEnv);
        putKnown(merged, env);
        for (Map.Entry<String, String> e : flags.entrySet()) {
            if (e.getKey().equals(CONFIG_FLAG)) {
                continue;
            }
            if (!SettingKeys.ALL.contains(e.getKey())) {
                throw new IllegalArgumentException("unknown setting '" + e.getKey() + "'");
            }
            if (e.getValue() != null) {
                merged.put(e.getKey(), e.getValue());
            }
        }
        return merged;
    }

    /** Builds validated settings from merged key/value pairs; unset keys keep their defaults. */
    static ProxySettings toSettings(Map<String, String> v) {
        ProxySettings.Builder b = ProxySettings.builder();
        ifSet(v, HOST, b::host);
        ifSet(v, PORT, s -> b.port(SettingValues.port(PORT, s)));
        ifSet(v, BASE_URL, b::baseUrl);
        ifSet(v, UPSTREAM_KEY, b::upstreamKey);
        ifSet(v, CLIENT_KEYS, s -> b.clientKeys(SettingValues.list(s)));
        ifSet(v, ALLOW_ANONYMOUS, s -> b.allowAnonymous(SettingValues.bool(ALLOW_ANONYMOUS, s)));
        ifSet(v, HTTP_REFERER, b::httpReferer);
        ifSet(v, APP_TITLE, b::appTitle);
        CachePolicy d = CachePolicy.defaults();
        List<String> globs = v.containsKey(CACHE_MODELS) ? SettingValues.list(v.get(CACHE_MODELS)) : d.modelGlobs();
        CacheStrategy strategy = v.containsKey(CACHE_STRATEGY) ? CacheStrategy.parse(v.get(CACHE_STRATEGY))
                : d.strategy();
        String ttl = v.containsKey(CACHE_TTL) ? v.get(CACHE_TTL).trim() : d.ttl();
        b.cachePolicy(new CachePolicy(globs, strategy, ttl));
        ifSet(v, MODELS_CACHE_TTL, s -> b.modelsCacheTtl(SettingValues.duration(MODELS_CACHE_TTL, s)));
        ifSet(v, MAX_BODY_BYTES, s -> b.maxBodyBytes(SettingValues.bytes(MAX_BODY_BYTES, s)));
        ifSet(v, SettingKeys.MAX_BUFFERED_BYTES, s -> b.maxBufferedBytes(SettingValues.bytes(
                SettingKeys.MAX_BUFFERED_BYTES, s)));
        ifSet(v, CONNECT_TIMEOUT, s -> b.connectTimeout(SettingValues.duration(CONNECT_TIMEOUT, s)));
        ifSet(v, READ_TIMEOUT, s -> b.readTimeout(SettingValues.duration(READ_TIMEOUT, s)));
        ifSet(v, STREAM_IDLE_TIMEOUT, s -> b.streamIdleTimeout(SettingValues.duration(STREAM_IDLE_TIMEOUT, s)));
        b.guard(GuardSettings.fromValues(v, ACCESS_LOG));
        ifSet(v, SettingKeys.RESPONSE_TIMEOUT, s -> b.readTimeout(
                SettingValues.duration(SettingKeys.RESPONSE_TIMEOUT, s)));
        b.resilience(ResilienceSettings.defaults().with(v));
        b.redis(RedisSettings.fromValues(v));
        return b.build();
    }

    private static void ifSet(Map<String, String> v, String key, java.util.function.Consumer<String> setter) {
        String s = v.get(key);
        if (s != null && !s.isBlank()) {
            setter.accept(s.trim());
        }
    }

    private static void putKnown(Map<String, String> into, Map<String, String> from) {
        for (String k : SettingKeys.ALL) {
            String v = from.get(k);
            if (v != null && !v.isBlank()) {
                into.put(k, v);
            }
        }
    }

    private static Map<String, String> readDotEnv(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            return DotEnv.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Reads the YAML file: a flat map with the same key names as the environment variables. */
    static Map<String, String> readYaml(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + file + " (" + e.getClass().getSimpleName()
                    + ")");
        }
        Map<String, String> values;
        try {
            Config c = Config.builder()
                    .disableEnvironmentVariablesSource()
                    .disableSystemPropertiesSource()
                    .disableParserServices()
                    .disableValueResolving()
                    .disableKeyResolving()
                    .addParser(YamlConfigParser.create())
                    .addSource(ConfigSources.create(text, MediaTypes.APPLICATION_X_YAML))
                    .build();
            values = c.isLeaf() ? Map.of() : c.asMap().orElse(Map.of());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("config file " + file + " is not valid YAML");
        }
        for (String k : values.keySet()) {
            if (!SettingKeys.ALL.contains(k) || k.equals(SettingKeys.CONFIG)) {
                throw new IllegalArgumentException("config file " + file + ": unknown key '" + k
                        + "' (keys are the environment variable names, e.g. " + SettingKeys.BASE_URL + ")");
            }
        }
        return values;
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }
}
