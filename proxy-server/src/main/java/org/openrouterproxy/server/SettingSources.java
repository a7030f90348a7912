package org.openrouterproxy.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.openrouterproxy.core.DotEnv;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.yaml.YamlConfigParser;

/** Merges the configuration layers: flags &gt; environment &gt; {@code .env} &gt; YAML file &gt; (defaults elsewhere). */
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
